/**
 * The background's sync engine: one outbox runner with every step's handler, what happens when a
 * run finishes (the dialer opens on its group), and the wake-up alarm that brings a stopped
 * service worker back while work is waiting.
 */
import { browser } from 'wxt/browser';
import { crmNeedsReconnect } from '../accounts/crm';
import { readMojoSession } from '../accounts/mojo';
import { dialerUrl, dialerUrlPattern } from '../connectors/mojo/dialer';
import { CrmId } from '../core/models';
import { ActionableError } from '../core/result';
import { logActivity } from '../platform/activity';
import { db } from '../platform/db';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../platform/settings';
import { openOrFocus } from '../platform/tabs';
import { addToMojoHandlers } from './add-to-mojo';
import { applyPendingLinksInBackground } from './ledger';
import { pendingForJob, queueCounts } from './outbox';
import { OutboxRunner } from './runner';
import { pollMojo, twoWayHandlers } from './two-way';

export const WAKE_ALARM = 'outbox-wake';
export const POLL_ALARM = 'mojo-poll';

let settings: Settings = DEFAULT_SETTINGS;
export async function refreshSettings(): Promise<void> {
  settings = await readSettings();
}

/** How many of a run's problems the activity log names one by one (it keeps 200 lines). */
const LOGGED_PROBLEMS = 20;

/** Mark a run done exactly once (two last steps may settle at the same moment). */
async function finishRun(jobId: string): Promise<void> {
  if ((await pendingForJob(jobId)) > 0) return;
  const session = await readMojoSession();
  const tx = (await db()).transaction('jobs', 'readwrite');
  const job = await tx.store.get(jobId);
  if (!job || job.phase === 'done' || job.phase === 'failed') {
    await tx.done;
    return;
  }
  const url =
    session && job.groupId !== null
      ? dialerUrl(settings.advanced.dialerUrlTemplate, session.apiBase, job.groupId)
      : null;
  const done = { ...job, phase: 'done' as const, finishedAt: Date.now(), dialerUrl: url };
  await tx.store.put(done);
  await tx.done;
  // Each problem on its own line, naming the record (the log is newest first: the summary on top).
  const shown = done.failures.slice(0, LOGGED_PROBLEMS);
  if (done.failures.length > shown.length) {
    logActivity(
      'warn',
      `Add to Mojo → ${done.groupName}: more problems are listed in the Add to Mojo dialog`,
    );
  }
  for (const f of shown.reverse()) logActivity('warn', `Add to Mojo: ${f.name}: ${f.reason}`);
  logActivity(
    done.failed > 0 ? 'warn' : 'info',
    `Add to Mojo → ${done.groupName}: ${done.added} added, ${done.updated} updated, ${done.failed} failed` +
      (done.excluded ? `, ${done.excluded} excluded` : ''),
  );
  if (url && session) {
    await openOrFocus(url, dialerUrlPattern(session.apiBase)).catch((err: unknown) =>
      logActivity('warn', 'The Mojo dialer tab could not be opened', String(err)),
    );
  }
  // The run's links, recorded durably as its batches finished, go into the ledger when nothing
  // waits on the worker (lib/sync/ledger.ts); a ledger read before then applies them itself.
  applyLinksWhenIdle();
}

const LINKS_RETRY_MS = 1_000;
let linksTimer: ReturnType<typeof setTimeout> | null = null;

/** Put the pending links in the ledger, making way for any run the worker is busy with. */
function applyLinksWhenIdle(): void {
  if (linksTimer) return;
  linksTimer = setTimeout(() => {
    linksTimer = null;
    if (runner.busy()) return applyLinksWhenIdle();
    void applyPendingLinksInBackground(() => runner.busy())
      .then((emptied) => {
        if (!emptied) applyLinksWhenIdle();
      })
      .catch((err: unknown) =>
        logActivity('warn', 'The links of a run could not be put in the ledger yet', String(err)),
      );
  }, LINKS_RETRY_MS);
}

/** Runs with queued work say why they wait, so the dialog can tell the user what to do. */
async function noteWaitingRuns(message: string | null): Promise<void> {
  const tx = (await db()).transaction('jobs', 'readwrite');
  for (const job of await tx.store.getAll()) {
    if (job.phase === 'sending' && job.error !== message) await tx.store.put({ ...job, error: message });
  }
  await tx.done;
}

/** After a reconnect: the waiting runs carry on. */
export async function resumeWaitingRuns(): Promise<void> {
  await noteWaitingRuns(null);
  runner.kick();
}

export const runner = new OutboxRunner(
  { ...addToMojoHandlers, ...twoWayHandlers },
  (system) => ({
    concurrency: settings.advanced.concurrency[system] ?? 2,
    perSecond: settings.advanced.perSecond[system] ?? 10,
  }),
  ['mojo', ...CrmId.options],
  {
    async authLost(system, message) {
      const crm = CrmId.safeParse(system);
      if (crm.success) await crmNeedsReconnect(crm.data);
      else logActivity('error', message);
      await noteWaitingRuns(message);
    },
    async settled(entry) {
      if (entry.jobId) await finishRun(entry.jobId);
      scheduleBadge();
    },
    log: logActivity,
    wakeAt(at) {
      // The in-memory timer dies with the worker; the alarm brings it back (30 s minimum in Chrome).
      if (at === null) void browser.alarms.clear(WAKE_ALARM);
      else
        void browser.alarms.create(WAKE_ALARM, {
          when: Math.max(at, Date.now() + 30_000),
          periodInMinutes: 1,
        });
    },
  },
);

let badgeTimer: ReturnType<typeof setTimeout> | null = null;

/** The toolbar badge shows how many writes are waiting; updated at most every 300 ms. */
export function scheduleBadge(): void {
  if (badgeTimer) return;
  badgeTimer = setTimeout(() => {
    badgeTimer = null;
    void queueCounts()
      .then(async (s) => {
        await browser.action.setBadgeBackgroundColor({ color: s.deadLetters > 0 ? '#b42318' : '#0b6bcb' });
        await browser.action.setBadgeText({ text: s.pending > 0 ? String(s.pending) : '' });
      })
      .catch(() => undefined);
  }, 300);
}

/**
 * Keep the poll alarm at the chosen period. Re-creating an alarm restarts its countdown, and a
 * service worker restarts often, so it is only re-created when missing or when the period changed.
 */
export async function schedulePolling(): Promise<void> {
  const period = Math.max(1, settings.schedule.pollMinutes);
  const existing = await browser.alarms.get(POLL_ALARM);
  if (existing?.periodInMinutes !== period) {
    await browser.alarms.create(POLL_ALARM, { periodInMinutes: period, delayInMinutes: period });
  }
}

/** Read Mojo's activities now and start sending what they ask for. */
export async function syncNow(): Promise<number> {
  if (!(await readMojoSession())) throw new ActionableError('mojo_first', 'Connect Mojo first.');
  const n = await pollMojo();
  runner.kick();
  scheduleBadge();
  return n;
}

/** The rules in force now (kept current by the storage listener in the background). */
export function currentRules(): Settings {
  return settings;
}
