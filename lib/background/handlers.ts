/**
 * The background's answers to every message. Each payload is validated against its schema and
 * each sender is checked: only this extension's own pages and its content scripts may ask, content
 * scripts only what the overlay needs, and nothing returned ever holds a credential.
 */
import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { connectCrm, crmConnector, crmSession, crmView, resetCrm, saveCrmConfig } from '../accounts/crm';
import { connectMojo, disconnectMojo, mojoApi, readMojoSession } from '../accounts/mojo';
import { ApiError } from '../connectors/http';
import { MOJO_WEB_MATCHES } from '../connectors/mojo/page';
import { integrationFor, pageAdapters } from '../connectors/registry';
import { CRM_LABELS, CrmId } from '../core/models';
import { ActionableError, fail, ok, type Result } from '../core/result';
import { logActivity, readActivity } from '../platform/activity';
import { readMeta } from '../platform/db';
import { messenger } from '../platform/messaging';
import { type AccountsView, type Protocol, requestSchemas } from '../platform/protocol';
import { startAddToMojo } from '../sync/add-to-mojo';
import { describeEntry } from '../sync/describe';
import { resumeWaitingRuns, runner, scheduleBadge, syncNow } from '../sync/engine';
import { getJob, pruneJobs } from '../sync/jobs';
import { enqueue, listDeadLetters, resumeSystem, retryDeadLetter, stats } from '../sync/outbox';
import { previewAddToMojo } from '../sync/preview';
import { LAST_SYNC_KEY, sendToCrm } from '../sync/two-way';
import { boundToSender, type SenderRules, senderAllowed } from './senders';

/** How long a page may take to render its own toolbar before it is logged as "not recognised". */
const RECOGNISE_WITHIN_MS = 1_500;
const unrecognised = new Map<string, ReturnType<typeof setTimeout>>();

/** Turn anything thrown into a message for the user, with the detail in the activity log. */
export function toFailure(err: unknown): Result<never> {
  if (err instanceof ActionableError) return fail(err.code, err.message, err.detail);
  if (err instanceof ApiError) return fail(err.code ?? err.kind, err.userMessage);
  logActivity('error', 'Something went wrong', String(err));
  return fail('unexpected', 'Something went wrong. Try again; if it keeps happening, see Recent activity.');
}

async function accounts(): Promise<AccountsView> {
  const mojo = await readMojoSession();
  return {
    mojo: mojo && {
      connected: true,
      userName: mojo.user.name,
      userEmail: mojo.user.email,
      accountName: mojo.account.name,
      permissionLevel: mojo.user.permission_level,
    },
    crms: await Promise.all(CrmId.options.filter((c) => integrationFor(c) !== null).map((c) => crmView(c))),
  };
}

let rules: SenderRules | null = null;

/**
 * Where this extension's code runs: each CRM's page adapter's match patterns, which are also its
 * content script's in the manifest (entrypoints/*.content.tsx), so a page's messages are answered
 * only where our script runs, and in that CRM's name only (lib/background/senders.ts).
 */
function senderRules(): SenderRules {
  if (rules) return rules;
  rules = {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
    mojoPages: MOJO_WEB_MATCHES,
    crmPages: Object.fromEntries(Object.entries(pageAdapters).map(([crm, page]) => [crm, page.matches])),
  };
  return rules;
}

type Schemas = typeof requestSchemas;
type Name = keyof Schemas;

/** What the background answers to message N, checked against the protocol. */
type Answer<N extends Name> = Awaited<ReturnType<Protocol[N]>>;

function handle<N extends Name>(
  name: N,
  fn: (data: z.infer<Schemas[N]>) => Promise<Answer<N>>,
  rejected: () => Answer<N>,
): void {
  messenger.onMessage(name, async (message) => {
    if (!senderAllowed(name, message.sender, senderRules())) {
      logActivity(
        'warn',
        `Refused a "${String(name)}" message from an unexpected sender`,
        message.sender.url,
      );
      return rejected() as never;
    }
    const parsed = requestSchemas[name].safeParse(message.data);
    if (!parsed.success) return rejected() as never;
    if (!boundToSender(parsed.data, message.sender, senderRules())) {
      logActivity(
        'warn',
        `Refused a "${String(name)}" message naming another CRM than its page's`,
        message.sender.url,
      );
      return rejected() as never;
    }
    return (await fn(parsed.data as z.infer<Schemas[N]>)) as never;
  });
}

const invalid = () => fail('invalid_request', 'That request was not understood.');

async function attempt<T>(action: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await action());
  } catch (err) {
    return toFailure(err);
  }
}

const thenAccounts = (action: () => Promise<unknown>) =>
  attempt(async () => {
    await action();
    return accounts();
  });

export function registerHandlers(): void {
  handle('getAccounts', accounts, () => ({ mojo: null, crms: [] }));
  handle(
    'connectMojo',
    (creds) =>
      thenAccounts(async () => {
        await connectMojo(creds);
        await resumeSystem('mojo');
        await resumeWaitingRuns();
      }),
    invalid,
  );
  handle('disconnectMojo', () => thenAccounts(disconnectMojo), invalid);
  handle('saveCrmConfig', (cfg) => thenAccounts(() => saveCrmConfig(cfg)), invalid);
  handle(
    'connectCrm',
    ({ crm }) =>
      thenAccounts(async () => {
        await connectCrm(crm);
        await resumeWaitingRuns();
      }),
    invalid,
  );
  handle('resetCrm', ({ crm }) => thenAccounts(() => resetCrm(crm)), invalid);
  handle('listGroups', () => attempt(() => mojoApi.listGroups()), invalid);
  handle(
    'countTarget',
    ({ target }) =>
      attempt(async () => {
        if (target.kind === 'records') return { count: target.refs.length };
        return { count: (await crmConnector(target.crm).countView?.(target.module, target.viewId)) ?? null };
      }),
    invalid,
  );
  handle(
    'startAddToMojo',
    (req) =>
      attempt(async () => {
        const job = await startAddToMojo(req);
        runner.kick();
        void pruneJobs();
        return { jobId: job.id };
      }),
    invalid,
  );
  handle(
    'getJob',
    ({ jobId }) => getJob(jobId),
    () => null,
  );
  handle(
    'getActivity',
    () => readActivity(),
    () => [],
  );
  handle(
    'getQueueHealth',
    async () => {
      const s = await stats();
      const lastSyncAt = await readMeta<number | null>(LAST_SYNC_KEY, null);
      return { pending: s.pending, failing: s.failing, deadLetters: s.deadLetters, done: s.done, lastSyncAt };
    },
    () => ({ pending: 0, failing: 0, deadLetters: 0, done: 0, lastSyncAt: null }),
  );
  handle(
    'connectedCrms',
    async () => {
      const views = await Promise.all(CrmId.options.filter((c) => integrationFor(c) !== null).map(crmView));
      return views.filter((v) => v.connected && !v.needsReconnect).map((v) => v.crm);
    },
    () => [],
  );
  handle(
    'sendToCrm',
    async ({ crm, mojoContactId }) => {
      try {
        await crmSession(crm).current();
        const outcome = await sendToCrm(crm, mojoContactId, async (entry) => {
          await enqueue([entry]);
          runner.kick();
        });
        if (outcome === null) {
          return fail(
            'still_sending',
            `Still sending to ${CRM_LABELS[crm]}. It will finish in the background; see Recent activity in Mojo Bridge.`,
          );
        }
        if (!outcome.ok) return fail('send_failed', outcome.reason);
        return ok({ action: outcome.action, name: outcome.name, recordUrl: outcome.url });
      } catch (err) {
        return toFailure(err);
      }
    },
    invalid,
  );
  handle(
    'crmFields',
    ({ crm, object }) =>
      attempt(async () => {
        const integration = integrationFor(crm);
        if (!integration)
          throw new ActionableError('unsupported_crm', `${CRM_LABELS[crm]} is not supported yet.`);
        const view = await crmView(crm);
        const connector = view.connected && !view.needsReconnect ? crmConnector(crm) : null;
        if (connector?.listFields) {
          const fields = await connector.listFields(object).catch(() => null);
          if (fields?.length) return { fields, source: 'crm' as const };
        }
        return { fields: integration.documentedFields(object), source: 'documented' as const };
      }),
    invalid,
  );
  handle('previewAddToMojo', ({ crm, target }) => attempt(() => previewAddToMojo(crm, target)), invalid);
  handle('syncNow', () => attempt(async () => ({ activities: await syncNow() })), invalid);
  handle(
    'getFailed',
    async () =>
      (await listDeadLetters()).flatMap((d) =>
        d.id === undefined
          ? []
          : [{ id: d.id, at: d.at, system: d.entry.system, what: describeEntry(d.entry), reason: d.reason }],
      ),
    () => [],
  );
  handle(
    'retryFailed',
    ({ id }) =>
      attempt(async () => {
        const ids =
          id !== undefined
            ? [id]
            : (await listDeadLetters(10_000)).flatMap((d) => (d.id === undefined ? [] : [d.id]));
        let retried = 0;
        for (const one of ids) if (await retryDeadLetter(one)) retried++;
        runner.kick();
        scheduleBadge();
        return { retried };
      }),
    invalid,
  );
  handle(
    'reportPage',
    async (r) => {
      const key = `${r.crm} ${r.url}`;
      clearTimeout(unrecognised.get(key));
      unrecognised.delete(key);
      // Pages render late: log only if the page does not report itself recognised soon after.
      if (!r.recognised) {
        unrecognised.set(
          key,
          setTimeout(() => {
            unrecognised.delete(key);
            logActivity('warn', `Page not recognised: ${r.url}`);
          }, RECOGNISE_WITHIN_MS),
        );
      }
    },
    () => undefined,
  );
}
