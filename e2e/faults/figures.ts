/**
 * The reliability figures: what each fault run sent, what arrived, what arrived twice and what was
 * lost, computed from the sandbox's own state (what the target holds) and its request log (what
 * went over the wire), asserted by the spec, and written to `test-results/figures/<id>.json` so
 * `scripts/reliability-table.ts` can turn a run into the table in docs/RELIABILITY.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { serviceWorker } from '../browser';
import { admin, chooseGroup, expect, openDialog, ZOHO_WEB } from '../fixtures';
import { type LoggedRequest, type Sandbox, SEED_VIEWS } from '../sandbox';

export const FIGURES_DIR = path.resolve(process.env.FIGURES_DIR ?? 'test-results/figures');

export interface Figure {
  /** File name and table order key, e.g. `f1-sw-stop-add`. */
  id: string;
  /** Which part of the issue it answers ("1. Service worker stopped"). */
  fault: string;
  /** What was done, in a line. */
  scenario: string;
  /** Distinct records or activities the user asked to deliver. */
  sent: number;
  /** Distinct ones found at the target, complete. */
  arrived: number;
  /** Extra copies at the target (a second contact, a repeated note). */
  duplicates: number;
  /** Sent but not found at the target. */
  lost: number;
  /** Items that went over the wire more than once (harmless: keyed writes); informational. */
  resent?: number;
  /** Counts that prove the fault happened: "429 answered: 6", "service worker stopped: 1". */
  evidence: Record<string, number | string>;
  /** Spec file and test title, to find the run. */
  test: string;
  durationMs: number;
}

export function writeFigure(figure: Figure): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(
    path.join(FIGURES_DIR, `${figure.id}.json`),
    `${JSON.stringify({ kind: 'figure', ...figure, at: new Date().toISOString() }, null, 2)}\n`,
  );
}

/** Every figure asserts the promise: all arrived, nothing twice, nothing lost. */
export function expectNoLoss(f: Pick<Figure, 'sent' | 'arrived' | 'duplicates' | 'lost'>): void {
  expect({ arrived: f.arrived, duplicates: f.duplicates, lost: f.lost }).toEqual({
    arrived: f.sent,
    duplicates: 0,
    lost: 0,
  });
}

/**
 * Add to Mojo's figures for a set of api_contact_ids: arrived = in Mojo with a phone or email and
 * in `groupId`; duplicates = extra Mojo contacts for one id, or a note id held twice on a contact;
 * resent = upsert items received beyond one per id.
 */
export function mojoFigures(
  sandbox: Sandbox,
  apiIds: readonly string[],
  groupId: number,
): Pick<Figure, 'sent' | 'arrived' | 'duplicates' | 'lost' | 'resent'> {
  const wanted = new Set(apiIds);
  const perId = new Map<string, number>();
  let noteDuplicates = 0;
  for (const c of sandbox.state.mojo.contacts.values()) {
    if (!wanted.has(c.api_contact_id)) continue;
    if (c.mediainfo_set.length === 0 || !c.group_ids.includes(groupId)) continue;
    perId.set(c.api_contact_id, (perId.get(c.api_contact_id) ?? 0) + 1);
    const noteIds = c.notes.map((n) => n.api_note_id ?? `text:${n.text}`);
    noteDuplicates += noteIds.length - new Set(noteIds).size;
  }
  const arrived = perId.size;
  const contactDuplicates = [...perId.values()].reduce((sum, n) => sum + n - 1, 0);
  let resent = 0;
  for (const id of wanted) resent += Math.max(0, (sandbox.state.mojo.upsertsReceived.get(id) ?? 0) - 1);
  return {
    sent: wanted.size,
    arrived,
    duplicates: contactDuplicates + noteDuplicates,
    lost: wanted.size - arrived,
    resent,
  };
}

/**
 * Notes written back to Zoho for Mojo activities `ids`: each note carries "Mojo activity <id>"
 * as its last line, so arrived = ids whose marker is on a note, duplicates = notes beyond one per id.
 */
export function zohoNoteFigures(
  sandbox: Sandbox,
  ids: readonly string[],
): Pick<Figure, 'sent' | 'arrived' | 'duplicates' | 'lost' | 'resent'> {
  const count = new Map<string, number>();
  for (const n of sandbox.state.zoho.notes) {
    const m = /Mojo activity (\S+)\s*$/.exec(n.Note_Content);
    if (m?.[1]) count.set(m[1], (count.get(m[1]) ?? 0) + 1);
  }
  const arrived = ids.filter((id) => (count.get(id) ?? 0) > 0).length;
  const duplicates = ids.reduce((sum, id) => sum + Math.max(0, (count.get(id) ?? 0) - 1), 0);
  const posted = sandbox.requests
    .all()
    .filter((r) => r.method === 'POST' && r.path === '/crm/v7/Notes' && r.status < 300).length;
  return {
    sent: ids.length,
    arrived,
    duplicates,
    lost: ids.length - arrived,
    resent: Math.max(0, posted - ids.length),
  };
}

/** Requests to a host whose path starts with `prefix`, oldest first. */
export function requestsTo(sandbox: Sandbox, host: string, prefix = '/'): LoggedRequest[] {
  return sandbox.requests.all().filter((r) => r.host === host && r.path.startsWith(prefix));
}

/** One request as the service worker made it: when it left, when its answer came back. */
export interface ClientFetch {
  host: string;
  path: string;
  sentAt: number;
  answeredAt: number | null;
  status: number | null;
  retryAfter: string | null;
}

interface FetchLogGlobal {
  fetch: typeof fetch;
  __mojoBridgeFetchLog?: ClientFetch[];
}

/**
 * Log every request the service worker sends, at the moment it is sent, and its answer's status
 * and Retry-After at the moment it arrives: the client's own timeline, which the sandbox's log
 * (arrival times at the server) cannot give for requests that cross a 429 on the wire.
 */
export async function recordClientFetches(context: BrowserContext): Promise<() => Promise<ClientFetch[]>> {
  const sw = await serviceWorker(context);
  await sw.evaluate(() => {
    const g = globalThis as unknown as FetchLogGlobal;
    if (g.__mojoBridgeFetchLog) return;
    const log: ClientFetch[] = [];
    g.__mojoBridgeFetchLog = log;
    const original = g.fetch.bind(globalThis);
    g.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const entry: ClientFetch = {
        host: url.host,
        path: url.pathname,
        sentAt: Date.now(),
        answeredAt: null,
        status: null,
        retryAfter: null,
      };
      log.push(entry);
      const response = await original(input, init);
      entry.answeredAt = Date.now();
      entry.status = response.status;
      entry.retryAfter = response.headers.get('retry-after');
      return response;
    };
  });
  return () => sw.evaluate(() => [...((globalThis as unknown as FetchLogGlobal).__mojoBridgeFetchLog ?? [])]);
}

/**
 * "No request is sent before its Retry-After": for every answer to `host` that carried one, each
 * request to that host sent after the answer arrived was sent at least that long after it. Returns
 * each check (how long the first later request waited, and what was asked) for the evidence.
 */
export function retryAfterChecks(
  log: readonly ClientFetch[],
  host: string,
): { waitedMs: number; askedMs: number }[] {
  const toHost = log.filter((r) => r.host === host);
  const checks: { waitedMs: number; askedMs: number }[] = [];
  for (const r of toHost) {
    if (r.retryAfter === null || r.answeredAt === null) continue;
    const askedMs = Number(r.retryAfter) * 1000;
    const answeredAt = r.answeredAt;
    const later = toHost.filter((n) => n !== r && n.sentAt >= answeredAt);
    if (later.length === 0) continue;
    checks.push({ waitedMs: Math.min(...later.map((n) => n.sentAt - answeredAt)), askedMs });
  }
  return checks;
}

/** Stop every service worker now, as Chrome does when it decides to (testing.md). */
export async function stopServiceWorkers(context: BrowserContext, on: Page): Promise<void> {
  const cdp = await context.newCDPSession(on);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** The activity log as stored (newest first), read from an extension page. */
export async function activityLines(extensionPage: Page): Promise<string[]> {
  return extensionPage.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    const entries = (await api.storage.local.get('activity')).activity;
    return Array.isArray(entries)
      ? entries.map((e: unknown) =>
          typeof e === 'object' && e !== null && 'text' in e && typeof e.text === 'string' ? e.text : '',
        )
      : [];
  });
}

/** The Zoho "All Contacts" view holding exactly `count` generated contacts; their api ids. */
export async function viewOf(sandbox: Sandbox, count: number): Promise<string[]> {
  sandbox.state.zoho.records.Contacts.length = 0;
  await admin(sandbox, 'POST', '/zoho/generate', { module: 'Contacts', count });
  return sandbox.state.zoho.records.Contacts.map((r) => `zoho:Contacts:${r.id}`);
}

/** Open that view and send all of it to "Spring buyers" (41) from the dialog, as a person does. */
export async function sendView(
  context: BrowserContext,
  count: number,
  /** Runs once the dialog is ready, just before Send: faults meant for the send, not the dialog. */
  beforeSend?: () => void,
): Promise<{ page: Page; dialog: Locator }> {
  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`);
  const dialog = await openDialog(page);
  await expect(dialog.getByText(`(${count.toLocaleString('en-US')} records)`)).toBeVisible();
  await chooseGroup(dialog, 'Spring buyers');
  beforeSend?.();
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
  return { page, dialog };
}

export const SPRING_BUYERS = 41;

interface MessagingGlobal {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

/**
 * Send one protocol message from an extension page, in @webext-core/messaging's envelope, and
 * return the background's answer (`{ res }` or `{ err }`) as it arrived.
 */
export async function ask(extensionPage: Page, type: string, data?: unknown): Promise<unknown> {
  return extensionPage.evaluate(
    async ({ type, data }) =>
      (globalThis as unknown as MessagingGlobal).chrome.runtime.sendMessage({
        id: Math.floor(Math.random() * 1e9),
        type,
        data,
        timestamp: Date.now(),
      }),
    { type, data },
  );
}

/** Start an Add to Mojo of these Zoho records into Spring buyers, as the overlay asks for it. */
export async function startAddOfRecords(extensionPage: Page, apiIds: readonly string[]): Promise<string> {
  const refs = apiIds.map((a) => {
    const [crm, module, id] = a.split(':');
    return { crm, module, id };
  });
  const answer = await ask(extensionPage, 'startAddToMojo', {
    crm: 'zoho',
    target: { kind: 'records', refs },
    group: { kind: 'existing', id: SPRING_BUYERS },
  });
  const res = (answer as { res?: { ok?: boolean; value?: { jobId?: string } } }).res;
  if (!res?.ok || !res.value?.jobId) throw new Error(`startAddToMojo refused: ${JSON.stringify(answer)}`);
  return res.value.jobId;
}

/** The run as the background holds it. */
export async function jobOf(
  extensionPage: Page,
  jobId: string,
): Promise<{ phase: string; added: number; updated: number; failed: number; read: number } | null> {
  const answer = (await ask(extensionPage, 'getJob', { jobId })) as {
    res?: { phase: string; added: number; updated: number; failed: number; read: number } | null;
  };
  return answer.res ?? null;
}

/** One bad input and what became of it: the "Bad input" table in docs/RELIABILITY.md. */
export interface Outcome {
  id: string;
  input: string;
  expected: string;
  /** What the run saw, in a line (asserted by the test before it is written). */
  observed: string;
  test: string;
}

export function writeOutcome(outcome: Outcome): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(
    path.join(FIGURES_DIR, `${outcome.id}.json`),
    `${JSON.stringify({ kind: 'outcome', ...outcome, at: new Date().toISOString() }, null, 2)}\n`,
  );
}
