/**
 * Tools for the security specs: the secrets the sandbox handed out (to look for them where they
 * must not be), a way to run code in the extension's content-script world on a page (a CDP
 * session finds its isolated execution context), and every protocol message with a payload the
 * background will accept.
 */
import type { BrowserContext, Page } from '@playwright/test';
import {
  CINC_SEED_CLIENT,
  MOJO_ACCOUNT_HOST,
  type Sandbox,
  SEED_CONTACT_IDS,
  WISEAGENT_CLIENT_ID,
} from '../sandbox';

/** Every token, client secret and password the sandbox knows of, at this moment. */
export function secretsOf(sandbox: Sandbox): string[] {
  const { mojo, zoho, cinc, wiseagent } = sandbox.state;
  const all = [
    ...mojo.accessTokens.keys(),
    ...mojo.refreshTokens.keys(),
    ...mojo.users.map((u) => u.password),
    ...zoho.accessTokens.keys(),
    ...zoho.refreshTokens.keys(),
    ...zoho.clients.map((c) => c.client_secret),
    ...cinc.accessTokens.keys(),
    ...cinc.refreshTokens.keys(),
    ...cinc.clients.map((c) => c.client_secret),
    ...wiseagent.accessTokens.keys(),
    ...wiseagent.refreshTokens.keys(),
  ];
  // Short values would match by chance ("a"); every real secret here is long.
  return [...new Set(all)].filter((s) => s.length >= 8);
}

/** The secrets found in `text` (none, we hope), each named by its first characters only. */
export function leaked(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 6)}…`);
}

/** A message a test sends, and whether a CRM page's content script may have it answered. */
export interface ProbeMessage {
  type: string;
  data: unknown;
  crmPage: boolean;
  /** Changes accounts (sent last from the popup, so the others see a connected extension). */
  destructive?: boolean;
}

const jane = { crm: 'zoho', module: 'Contacts', id: SEED_CONTACT_IDS.janeDoe };

/** Every message of lib/platform/protocol.ts `requestSchemas`, with a valid payload. */
export const PROBE_MESSAGES: ProbeMessage[] = [
  { type: 'getAccounts', data: undefined, crmPage: false },
  { type: 'listGroups', data: undefined, crmPage: true },
  { type: 'countTarget', data: { target: { kind: 'records', refs: [jane] } }, crmPage: true },
  {
    type: 'previewAddToMojo',
    data: { crm: 'zoho', target: { kind: 'records', refs: [jane] } },
    crmPage: true,
  },
  {
    type: 'startAddToMojo',
    data: { crm: 'zoho', target: { kind: 'records', refs: [jane] }, group: { kind: 'existing', id: 41 } },
    crmPage: true,
  },
  { type: 'getJob', data: { jobId: 'no-such-job' }, crmPage: true },
  { type: 'getActivity', data: undefined, crmPage: false },
  { type: 'getQueueHealth', data: undefined, crmPage: false },
  {
    type: 'reportPage',
    data: { crm: 'zoho', url: 'https://crm.zoho.com/crm/x', recognised: true },
    crmPage: true,
  },
  { type: 'connectedCrms', data: undefined, crmPage: false },
  { type: 'sendToCrm', data: { crm: 'zoho', mojoContactId: 999_999 }, crmPage: false },
  { type: 'syncNow', data: undefined, crmPage: false },
  { type: 'getFailed', data: undefined, crmPage: false },
  { type: 'retryFailed', data: {}, crmPage: false },
  { type: 'crmFields', data: { crm: 'zoho', object: 'Contacts' }, crmPage: false },
  {
    type: 'saveCrmConfig',
    data: { crm: 'cinc', clientId: CINC_SEED_CLIENT.client_id, clientSecret: CINC_SEED_CLIENT.client_secret },
    crmPage: false,
  },
  { type: 'connectCrm', data: { crm: 'cinc' }, crmPage: false },
  {
    type: 'connectMojo',
    data: { pin: '123456', login: 'agent@example.com', password: 'correct-horse' },
    crmPage: false,
  },
  { type: 'resetCrm', data: { crm: 'wiseagent' }, crmPage: false, destructive: true },
  { type: 'disconnectMojo', data: undefined, crmPage: false, destructive: true },
];

/** A script that sends each message in @webext-core/messaging's envelope and returns every reply. */
export function sendAllSource(messages: readonly { type: string; data: unknown }[]): string {
  // Plain source: it runs in a world where nothing of the test exists but `chrome`.
  return `(async () => {
    const replies = [];
    for (const m of ${JSON.stringify(messages)}) {
      try {
        const reply = await chrome.runtime.sendMessage({ id: replies.length + 1, type: m.type, data: m.data, timestamp: Date.now() });
        replies.push({ type: m.type, reply });
      } catch (error) {
        replies.push({ type: m.type, error: String(error) });
      }
    }
    return JSON.stringify(replies);
  })()`;
}

export interface Reply {
  type: string;
  reply?: { res?: unknown; err?: unknown };
  error?: string;
}

/** Run a script in the extension's content-script (isolated) world of `page`'s main frame. */
export async function inContentScript(
  context: BrowserContext,
  page: Page,
): Promise<(source: string) => Promise<unknown>> {
  const cdp = await context.newCDPSession(page);
  const contexts: { id: number; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const ours = () => contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Mojo Bridge');
  const deadline = Date.now() + 10_000;
  while (!ours() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const found = ours();
  if (!found) throw new Error(`no Mojo Bridge content-script world on ${page.url()}`);
  return async (source: string) => {
    const result = await cdp.send('Runtime.evaluate', {
      expression: source,
      contextId: found.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (result.exceptionDetails) throw new Error(JSON.stringify(result.exceptionDetails));
    return result.result.value;
  };
}

export const MOJO_WEB = `https://${MOJO_ACCOUNT_HOST}`;
export { WISEAGENT_CLIENT_ID };
