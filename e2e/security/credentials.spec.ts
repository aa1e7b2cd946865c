/**
 * Credentials never leave the background. Every protocol message is sent from the popup and from
 * the content scripts' own world on a CRM page and on Mojo's page; every reply is recorded and
 * searched for each token, refresh token, client secret and password the sandbox handed out.
 * Content scripts are refused every account message (the sender's URL decides what it may ask),
 * and what they can read (extension storage, the page's IndexedDB) holds no secret either.
 */
import type { Page } from '@playwright/test';
import { ask } from '../faults/figures';
import { chooseGroup, connectBoth, expect, openDialog, test, ZOHO_WEB } from '../fixtures';
import { type Sandbox, SEED_CONTACT_IDS } from '../sandbox';
import {
  inContentScript,
  leaked,
  MOJO_WEB,
  PROBE_MESSAGES,
  type Reply,
  secretsOf,
  sendAllSource,
  WISEAGENT_CLIENT_ID,
} from './extension-world';

/** A secret counts as leaked if its first 16 characters show up (a truncated copy is a leak too). */
function leaks(text: string, sandbox: Sandbox): string[] {
  return leaked(
    text,
    secretsOf(sandbox).map((s) => s.slice(0, 16)),
  );
}

async function connectWiseAgent(popup: Page): Promise<void> {
  const wa = popup.getByRole('region', { name: 'Wise Agent' });
  await wa.getByLabel('Client ID').fill(WISEAGENT_CLIENT_ID);
  await wa.getByRole('button', { name: 'Connect Wise Agent' }).click();
  await expect(wa.getByText('Connected to Pat Smith (agent@example.com)')).toBeVisible();
}

const REFUSED = { ok: false, error: { code: 'invalid_request' } };

test('no reply to the popup or to a content script holds a credential; content scripts are refused account messages', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  test.setTimeout(120_000);
  await connectBoth(popup);
  await connectWiseAgent(popup);

  // Give the secrets every chance to show: a send, a refresh, and a token answer cut in half
  // (its snippet holds a new token) that the extension must report without repeating it.
  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/${SEED_CONTACT_IDS.janeDoe}`);
  const dialog = await openDialog(page);
  await chooseGroup(dialog, 'Spring buyers');
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
  await expect(dialog.getByRole('status')).toContainText('1 added');
  sandbox.faults.add({ system: 'zoho-api', expireTokens: true });
  sandbox.faults.add({
    system: 'zoho-accounts',
    pathPrefix: '/oauth/v2/token',
    malformed: { count: 1, kind: 'truncated' },
  });
  await ask(popup, 'crmFields', { crm: 'zoho', object: 'Contacts' });
  await ask(popup, 'crmFields', { crm: 'zoho', object: 'Leads' });

  // 1. The content script's world on a CRM page: account messages refused, no secret in any reply.
  const onCrm = await inContentScript(context, page);
  const crmReplies = JSON.parse(String(await onCrm(sendAllSource(PROBE_MESSAGES)))) as Reply[];
  expect(crmReplies).toHaveLength(PROBE_MESSAGES.length);
  for (const m of PROBE_MESSAGES) {
    const reply = crmReplies.find((r) => r.type === m.type);
    expect(reply?.error, m.type).toBeUndefined();
    const res = reply?.reply?.res;
    if (m.crmPage) continue;
    // Refused: the handler's "rejected" answer, never the real one.
    if (m.type === 'getAccounts') expect(res, m.type).toEqual({ mojo: null, crms: [] });
    else if (['getActivity', 'getFailed', 'connectedCrms'].includes(m.type)) expect(res, m.type).toEqual([]);
    else if (m.type === 'getQueueHealth') expect(res, m.type).toMatchObject({ pending: 0, done: 0 });
    else expect(res, m.type).toMatchObject(REFUSED);
  }
  // Allowed ones are really answered (the refusals above are not an outage).
  expect(crmReplies.find((r) => r.type === 'listGroups')?.reply?.res).toMatchObject({ ok: true });

  // What a content script can read on its own: no extension storage at all (the rules and the
  // activity log are kept to trusted contexts), no database of ours in the page.
  const readable = String(
    await onCrm(`(async () => JSON.stringify({
      local: await (async () => {
        try { return await chrome.storage.local.get(null); } catch (e) { return 'refused: ' + e.message; }
      })(),
      localWrite: await (async () => {
        try { await chrome.storage.local.set({ rules: { hijacked: true } }); return 'written'; } catch (e) { return 'refused: ' + e.message; }
      })(),
      session: await (async () => {
        try { return await chrome.storage.session.get(null); } catch (e) { return 'refused: ' + e.message; }
      })(),
      databases: (await indexedDB.databases()).map((d) => d.name),
    }))()`),
  );
  const visible = JSON.parse(readable) as {
    local: unknown;
    localWrite: unknown;
    session: unknown;
    databases: string[];
  };
  expect(visible.local).toMatch(/^refused: /);
  expect(visible.localWrite).toMatch(/^refused: /);
  expect(visible.session).toMatch(/^refused: /);
  expect(visible.databases.filter((n) => /mojo|bridge|vault/i.test(n))).toEqual([]);

  // 2. Mojo's page: only Send to CRM's two messages are answered.
  const mojoPage = await context.newPage();
  await mojoPage.goto(`${MOJO_WEB}/app/contacts`);
  const onMojo = await inContentScript(context, mojoPage);
  const mojoReplies = JSON.parse(String(await onMojo(sendAllSource(PROBE_MESSAGES)))) as Reply[];
  const answered = mojoReplies
    .filter((r) => {
      const res = r.reply?.res;
      return !(
        JSON.stringify(res) === JSON.stringify({ mojo: null, crms: [] }) ||
        JSON.stringify(res) === '[]' ||
        res === null ||
        res === undefined ||
        (typeof res === 'object' && 'ok' in res && JSON.stringify(res).includes('invalid_request')) ||
        (r.type === 'getQueueHealth' && JSON.stringify(res).includes('"pending":0'))
      );
    })
    .map((r) => r.type);
  expect(answered.sort()).toEqual(['connectedCrms', 'sendToCrm']);

  // 3. The page's own scripts cannot message the extension at all (no externally_connectable).
  expect(
    await page.evaluate(
      () =>
        typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
          ?.sendMessage,
    ),
  ).toBe('undefined');

  // 4. The popup may ask everything; still no secret in any reply (destructive ones last).
  const ordered = [
    ...PROBE_MESSAGES.filter((m) => !m.destructive),
    ...PROBE_MESSAGES.filter((m) => m.destructive),
  ];
  const popupReplies = JSON.parse(String(await popup.evaluate(sendAllSource(ordered)))) as Reply[];
  expect(popupReplies.every((r) => r.error === undefined && r.reply !== undefined)).toBe(true);
  expect(popupReplies.find((r) => r.type === 'getAccounts')?.reply?.res).toMatchObject({
    mojo: { connected: true, userEmail: 'agent@example.com' },
  });
  expect(popupReplies.find((r) => r.type === 'connectCrm')?.reply?.res).toMatchObject({ ok: true });

  // Every secret handed out during the whole test, taken now (refreshes, CINC's connect included).
  const everything = JSON.stringify({ crmReplies, mojoReplies, popupReplies, readable });
  expect(leaks(everything, sandbox)).toEqual([]);
  expect(secretsOf(sandbox).length).toBeGreaterThan(8);
  // Nor anywhere in the popup's or the options page's DOM (inputs included), nor the activity log.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  for (const p of [popup, options]) {
    const dom = await p.evaluate(() =>
      [
        document.documentElement.outerHTML,
        ...[...document.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value),
      ].join('\n'),
    );
    expect(leaks(dom, sandbox), p.url()).toEqual([]);
  }
  const log = JSON.stringify(await ask(popup, 'getActivity'));
  expect(leaks(log, sandbox)).toEqual([]);
  expect(log).toContain('Refused a \\"getAccounts\\" message from an unexpected sender');
});
