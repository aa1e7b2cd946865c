/**
 * A hostile CRM page gets nothing through. Its scripts run before the page's own (addInitScript,
 * main world) and, over and over: post window messages shaped like the extension's own (its
 * messaging envelope, WXT's "content script started"), dispatch DOM events that imitate WXT's
 * (the one that tears a content script down, the route-change one), clobber the DOM (ids
 * `browser`, `chrome`, `runtime`…), overwrite prototypes and globals, and reach into the overlay's
 * open shadow roots to click its buttons. Nothing reaches Mojo or Zoho; then a person clicks, and
 * the real button still works.
 */
import type { Page } from '@playwright/test';
import { chooseGroup, connectBoth, expect, openDialog, test, ZOHO_WEB } from '../fixtures';
import { findMojoContact, SEED_CONTACT_IDS } from '../sandbox';
import { addMojoContact } from '../sandbox/mojo-web';

interface HostileLog {
  posted: number;
  events: number;
  clicks: number;
  clobbered: number;
  overwritten: number;
  /** Rounds after which our button was still in the DOM, once it had appeared. */
  survived: number;
  /** Rounds after which it was gone, once it had appeared (must stay 0). */
  lost: number;
}

/** Waits until every round of the attack has run (25 × 200 ms), and returns its log. */
async function attacked(page: Page): Promise<HostileLog> {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __hostile: HostileLog }).__hostile.posted), {
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(150);
  await page.waitForTimeout(1_000);
  return page.evaluate(() => (window as unknown as { __hostile: HostileLog }).__hostile);
}

/** Runs in the page's main world before its scripts. Written as plain browser code. */
function hostile({
  extensionId,
  refs,
  contentScript,
}: {
  extensionId: string;
  refs: { crm: string; module: string; id: string }[];
  /** Whose page this is: a CRM's (Add to Mojo) or Mojo's (Send to CRM). */
  contentScript: 'zoho' | 'mojo';
}) {
  const buttonHost = contentScript === 'mojo' ? 'mojo-bridge-send' : 'mojo-bridge-button';
  const log: HostileLog = {
    posted: 0,
    events: 0,
    clicks: 0,
    clobbered: 0,
    overwritten: 0,
    survived: 0,
    lost: 0,
  };
  (window as unknown as { __hostile: HostileLog }).__hostile = log;

  // Prototypes and globals: overwritten so they would corrupt the extension if it shared them,
  // but still working, so the CRM page itself keeps running.
  for (const key of ['ok', 'jobId', 'refs', 'crm', 'group', 'target', 'sender', 'type']) {
    Object.defineProperty(Object.prototype, key, {
      value: key === 'ok' ? true : 'evil',
      writable: true,
      configurable: true,
    });
    log.overwritten++;
  }
  const parse = JSON.parse;
  JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) =>
    parse(text, reviver)) as typeof JSON.parse;
  const includes = Array.prototype.includes;
  Array.prototype.includes = function (this: unknown[], ...args: [unknown, number?]) {
    return includes.apply(this, args);
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    return attach.call(this, { ...init, mode: 'open' });
  };
  const listen = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    ...args: Parameters<EventTarget['addEventListener']>
  ) {
    return listen.apply(this, args);
  };
  const fetch0 = window.fetch;
  window.fetch = (...args: Parameters<typeof fetch>) => fetch0(...args);
  (window as unknown as { browser: unknown }).browser = {
    runtime: { id: extensionId, sendMessage: () => 'evil' },
  };
  log.overwritten += 6;

  const started = `${extensionId}:${contentScript}:wxt:content-script-started`;
  const imitations: unknown[] = [
    {
      id: 1,
      type: 'startAddToMojo',
      data: { crm: 'zoho', target: { kind: 'records', refs }, group: { kind: 'new', name: 'pwned' } },
      timestamp: Date.now(),
    },
    { id: 2, type: 'resetCrm', data: { crm: 'zoho' }, timestamp: Date.now() },
    { id: 3, type: 'getAccounts', data: undefined, timestamp: Date.now() },
    { id: 4, type: 'sendToCrm', data: { crm: 'zoho', mojoContactId: 1 }, timestamp: Date.now() },
    { type: started, contentScriptName: contentScript, messageId: 'hostile' },
    { type: 'wxt:content-script-started', contentScriptName: contentScript, messageId: 'hostile' },
  ];

  function clobber() {
    const ids = [
      'browser',
      'chrome',
      'runtime',
      'wxt',
      'mojo-bridge-button',
      'mojo-bridge-dialog',
      'mojo-bridge-send',
    ];
    for (const id of ids) {
      const el = document.createElement('div');
      el.id = id;
      document.documentElement.append(el);
      log.clobbered++;
    }
    // <a id=chrome name=runtime> twice: `chrome.runtime` as an HTMLCollection, the classic trick.
    for (let i = 0; i < 2; i++) {
      const a = document.createElement('a');
      a.id = 'chrome';
      a.setAttribute('name', 'runtime');
      a.href = 'javascript:alert(1)';
      document.documentElement.append(a);
      log.clobbered++;
    }
    const form = document.createElement('form');
    form.setAttribute('name', 'runtime');
    const input = document.createElement('input');
    input.name = 'id';
    input.value = extensionId;
    form.append(input);
    document.documentElement.append(form);
    log.clobbered++;
  }

  function attack() {
    for (const m of imitations) {
      window.postMessage(m, '*');
      log.posted++;
    }
    document.dispatchEvent(
      new CustomEvent(started, { detail: { contentScriptName: contentScript, messageId: 'hostile' } }),
    );
    window.dispatchEvent(
      new CustomEvent(started, { detail: { contentScriptName: contentScript, messageId: 'hostile' } }),
    );
    window.dispatchEvent(new Event(`${extensionId}:${contentScript}:wxt:locationchange`));
    window.dispatchEvent(
      new MessageEvent('message', { data: imitations[0], origin: `chrome-extension://${extensionId}` }),
    );
    log.events += 5;
    // Reach into the overlay: open the dialog, pick a group, press Send — with script clicks.
    // A dialog already open is worked on, not replaced by opening another.
    const hosts = document.querySelector('mojo-bridge-dialog')
      ? document.querySelectorAll('mojo-bridge-dialog')
      : document.querySelectorAll(buttonHost);
    for (const host of hosts) {
      const root = host.shadowRoot;
      if (!root) continue;
      // Pick the first real group (a new one would need a name first), as React sees a choice.
      const select = root.querySelector('select');
      if (select && select.options.length > 2 && select.selectedIndex !== 1) {
        select.selectedIndex = 1;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
      for (const button of root.querySelectorAll('button')) {
        if (/Add to Mojo|Send to |Try again/.test(button.textContent ?? '')) {
          button.click();
          button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
          log.clicks += 2;
        }
      }
    }
    if (document.querySelector(buttonHost)) log.survived++;
    else if (log.survived > 0) log.lost++;
  }

  document.addEventListener('DOMContentLoaded', clobber);
  let rounds = 0;
  const timer = setInterval(() => {
    attack();
    if (++rounds >= 25) clearInterval(timer);
  }, 200);
}

test('a hostile CRM page gets nothing through, and the real button still works', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  test.setTimeout(90_000);
  await connectBoth(popup);
  const requestsBefore = sandbox.requests.all().length;
  const tokensBefore = sandbox.state.zoho.tokenRequests + sandbox.state.mojo.tokenRequests;
  const page = await context.newPage();
  const alerts: string[] = [];
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  const jane = { crm: 'zoho', module: 'Contacts', id: SEED_CONTACT_IDS.janeDoe };
  const other = { crm: 'zoho', module: 'Contacts', id: SEED_CONTACT_IDS.descriptionOne };
  await page.addInitScript(hostile, { extensionId, refs: [jane, other], contentScript: 'zoho' as const });
  await page.goto(`${ZOHO_WEB}/tab/Contacts/${SEED_CONTACT_IDS.janeDoe}`);
  const log = await attacked(page);

  // The attacks ran: messages posted, events dispatched, the DOM clobbered, scripted clicks made
  // inside our shadow roots, and our button was still there after every round.
  expect(log.posted).toBeGreaterThanOrEqual(125);
  expect(log.events).toBeGreaterThanOrEqual(125);
  expect(log.clobbered).toBeGreaterThanOrEqual(9);
  expect(log.clicks).toBeGreaterThan(0);
  expect(log.survived).toBeGreaterThanOrEqual(10);
  expect(log.lost).toBe(0);

  // Nothing got through: no write anywhere, no group made, no reset, no token touched.
  const during = sandbox.requests.all().slice(requestsBefore);
  const writes = during.filter(
    (r) => r.method !== 'GET' && !r.host.startsWith('crm.zoho.com') && r.path !== '/favicon.ico',
  );
  expect(writes.map((r) => `${r.method} ${r.host}${r.path}`)).toEqual([]);
  expect(sandbox.state.mojo.contacts.size).toBe(0);
  expect(sandbox.state.mojo.groups.some((g) => g.name === 'pwned')).toBe(false);
  expect(sandbox.state.zoho.tokenRequests + sandbox.state.mojo.tokenRequests).toBe(tokensBefore);
  await popup.bringToFront();
  await expect(popup.getByText('Connected to Acme Realty')).toBeVisible();
  expect(alerts).toEqual([]);

  // A person clicks: the real button and dialog work on the same hostile page.
  // Its scripted clicks did not even open our dialog.
  expect(await page.locator('mojo-bridge-dialog').count()).toBe(0);
  await page.bringToFront();
  const dialog = await openDialog(page);
  await expect(dialog.getByText('Adding: this record')).toBeVisible();
  await chooseGroup(dialog, 'Spring buyers');
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
  await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed');
  expect(findMojoContact(sandbox.state, `zoho:Contacts:${SEED_CONTACT_IDS.janeDoe}`)?.full_name).toBe(
    'Jane Doe',
  );
  expect(sandbox.state.mojo.contacts.size).toBe(1);
});

test('a hostile Mojo page cannot send a contact to the CRM; a person still can', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  test.setTimeout(90_000);
  await connectBoth(popup);
  const contact = addMojoContact(sandbox.state, {
    first_name: 'Pat',
    last_name: 'Hostile',
    mediainfo_set: [{ type: 4, value: 'pat@example.com' }],
  });
  const leadsBefore = sandbox.state.zoho.records.Leads.length;
  const writesBefore = sandbox.state.zoho.writeCalls.length;
  const page = await context.newPage();
  await page.addInitScript(hostile, { extensionId, refs: [], contentScript: 'mojo' as const });
  await page.goto(`https://app31.mojosells.com/app/contacts/${contact.id}`);
  const log = await attacked(page);

  // It clicked our Send to Zoho button, round after round, and the button stayed.
  expect(log.clicks).toBeGreaterThan(0);
  expect(log.survived).toBeGreaterThanOrEqual(10);
  expect(log.lost).toBe(0);
  // Nothing reached Zoho.
  expect(sandbox.state.zoho.writeCalls.length).toBe(writesBefore);
  expect(sandbox.state.zoho.records.Leads).toHaveLength(leadsBefore);

  // A person's click sends it.
  await page.bringToFront();
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in Zoho CRM' })).toHaveText(
    /^Created Pat Hostile in Zoho CRM/,
  );
  expect(sandbox.state.zoho.records.Leads).toHaveLength(leadsBefore + 1);
});
