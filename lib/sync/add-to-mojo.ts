/**
 * Add to Mojo, as durable steps in the outbox:
 *   crm.readRecords / crm.readViewPage  — read records through the CRM's API, map them, and queue
 *                                         the Mojo writes (and the next page) in the same transaction;
 *   mojo.upsertContacts                 — at most 100 contacts into the chosen group.
 * A run is finished when none of its entries is left; then the dialer opens on its group.
 * The service worker can die between any two steps: the next one carries on from the outbox.
 */
import { z } from 'zod';
import { crmConnector, crmSession } from '../accounts/crm';
import { mojoApi } from '../accounts/mojo';
import type { ReadPage } from '../connectors/types';
import { chunk, dedupeBy } from '../core/batch';
import { type AddJob, type AddTarget, type GroupChoice, type ItemFailure, newJob } from '../core/job';
import { displayName, toMojo } from '../core/mapping';
import { apiContactId, CRM_LABELS, CrmId, CrmRef, MojoContactInput } from '../core/models';
import { ActionableError } from '../core/result';
import { contactAsRecord, contactByRules, objectFlows, passesFilter } from '../core/rules/engine';
import { objectRules, type Rules } from '../core/rules/model';
import { writtenToMojo } from '../core/two-way';
import type { OutboxEntry } from '../platform/db';
import { db } from '../platform/db';
import { readSettings, watchSettings } from '../platform/settings';
import type { JobDelta } from './jobs';
import { createJob, getJob } from './jobs';
import { applyPendingLinks, type LinkWrite } from './ledger';
import { type Effects, enqueue, type NewEntry } from './outbox';
import type { EntryHandler } from './runner';

/** Mojo takes at most 100 contacts per upsert call (mojo-contract.md). */
export const MOJO_BATCH = 100;

const ReadRecords = z.object({ crm: CrmId, refs: z.array(CrmRef), groupId: z.number().int() });
const ReadViewPage = z.object({
  crm: CrmId,
  module: z.string(),
  viewId: z.string().optional(),
  cursor: z.string().nullable(),
  page: z.number().int(),
  groupId: z.number().int(),
  /**
   * Whether this page queues the one after it. Pages read up front (in parallel) leave that to
   * the last of them; entries queued before this field existed follow, as they always did.
   */
  follow: z.boolean().default(true),
});
const UpsertContacts = z.object({
  groupId: z.number().int(),
  contacts: z.array(MojoContactInput).max(MOJO_BATCH),
});

function upsertEntries(
  jobId: string,
  seq: string,
  groupId: number,
  contacts: MojoContactInput[],
): NewEntry[] {
  return chunk(contacts, MOJO_BATCH).map((batch, n) => ({
    system: 'mojo',
    kind: 'mojo.upsertContacts',
    key: `job:${jobId}:upsert:${seq}:${n}`,
    payload: { groupId, contacts: batch },
    jobId,
  }));
}

/**
 * Map a page of records by the user's rules; what cannot be sent is counted with its reason:
 * outside the import filter, or no key (no phone or email) — excluded, never guessed at.
 */
function mapPage(
  page: ReadPage,
  missing: number,
  rules: Rules,
): { contacts: MojoContactInput[]; delta: JobDelta } {
  const failures: ItemFailure[] = page.errors.map((e) => ({ name: `Record ${e.id}`, reason: e.reason }));
  const contacts: MojoContactInput[] = [];
  let excluded = 0;
  for (const c of page.contacts) {
    const object = objectRules(rules, c.ref.crm, c.ref.module);
    const raw = page.raws?.[c.ref.id] ?? contactAsRecord(c);
    const inside = passesFilter(raw, object.filter);
    const mapped = inside.ok ? toMojo(contactByRules(c, raw, object)) : null;
    if (mapped?.ok) {
      contacts.push(mapped.contact);
      // Sent, but not exactly as the CRM holds it (a phone that could not be read, a note cut to
      // Mojo's size): listed with the run's problems, not counted as failed.
      for (const warning of mapped.warnings) failures.push({ name: displayName(c), reason: warning });
      continue;
    }
    excluded++;
    const reason = mapped ? mapped.excluded.reason : inside.ok ? '' : inside.reason;
    failures.push({ name: displayName(c), reason: `Excluded: ${reason}` });
  }
  const unique = dedupeBy(contacts, (c) => c.api_contact_id);
  return {
    contacts: unique,
    delta: {
      read: page.contacts.length + page.errors.length + missing,
      excluded,
      failed: page.errors.length + missing,
      failures,
    },
  };
}

/**
 * The rules, read once and kept until they change: every page of a view is mapped by them, and a
 * storage read (and its parse) per page is a round trip on the chain of a view's pages. The watch
 * drops the copy as soon as the options page saves, so a page read after that uses the new rules.
 */
let rulesCache: Promise<Rules> | null = null;
let watching = false;
function pageRules(): Promise<Rules> {
  if (!watching) {
    watching = true;
    watchSettings(() => {
      rulesCache = null;
    });
  }
  if (!rulesCache) {
    const read = readSettings();
    rulesCache = read;
    read.catch(() => {
      if (rulesCache === read) rulesCache = null;
    });
  }
  return rulesCache;
}

type ViewPage = ReadPage & { next: string | null; cutShort?: string };

/**
 * Past the pages a view can name up front, each page's cursor comes from the page before, so
 * reading a view is a chain of requests. The next page is asked for as soon as this one's answer
 * names it, and this page is mapped and committed while it travels: the chain then advances at
 * the network's pace rather than the network's plus ours. Held in memory only — a worker that
 * stops loses it and the next step reads its page itself — and at most a few pages.
 */
const readAhead = new Map<string, Promise<ViewPage>>();
const READ_AHEAD_MAX = 4;
const readAheadKey = (jobId: string, page: number, cursor: string | null) => `${jobId}:${page}:${cursor}`;

function startReadAhead(key: string, read: () => Promise<ViewPage>): void {
  const pending = read();
  // Its own step reads the page again and reports the failure if this one fails.
  pending.catch(() => undefined);
  readAhead.set(key, pending);
  for (const old of readAhead.keys()) {
    if (readAhead.size <= READ_AHEAD_MAX) break;
    readAhead.delete(old);
  }
}

function jobOf(e: OutboxEntry): string {
  if (!e.jobId) throw new Error('An Add to Mojo step without its run');
  return e.jobId;
}

export const addToMojoHandlers: Record<string, EntryHandler> = {
  'crm.readRecords': {
    async run(e): Promise<Effects> {
      const p = ReadRecords.parse(e.payload);
      const jobId = jobOf(e);
      const page = await crmConnector(p.crm).readRecords(p.refs);
      const found = new Set([...page.contacts.map((c) => c.ref.id), ...page.errors.map((x) => x.id)]);
      const missing = p.refs.filter((r) => !found.has(r.id));
      const { contacts, delta } = mapPage(page, missing.length, await pageRules());
      delta.failures = [
        ...(delta.failures ?? []),
        ...missing.map((r) => ({
          name: `Record ${r.id}`,
          reason: `Not found in ${CRM_LABELS[p.crm]} (deleted, or not visible to the connected user)`,
        })),
      ];
      return { produced: upsertEntries(jobId, String(e.id), p.groupId, contacts), job: { id: jobId, delta } };
    },
    onGiveUp(e, reason) {
      const p = ReadRecords.safeParse(e.payload);
      const n = p.success ? p.data.refs.length : 0;
      return e.jobId
        ? { id: e.jobId, delta: { read: n, failed: n, failures: [{ name: `${n} records`, reason }] } }
        : undefined;
    },
  },
  'crm.readViewPage': {
    async run(e): Promise<Effects> {
      const p = ReadViewPage.parse(e.payload);
      const jobId = jobOf(e);
      const connector = crmConnector(p.crm);
      if (!connector.readViewPage)
        throw new ActionableError('no_views', `${CRM_LABELS[p.crm]} views can't be read.`);
      const read = connector.readViewPage.bind(connector);
      const key = readAheadKey(jobId, p.page, p.cursor);
      const ahead = readAhead.get(key);
      readAhead.delete(key);
      const page = ahead
        ? await ahead.catch(() => read(p.module, p.viewId, p.cursor))
        : await read(p.module, p.viewId, p.cursor);
      const next = page.next;
      if (next !== null && p.follow) {
        startReadAhead(readAheadKey(jobId, p.page + 1, next), () => read(p.module, p.viewId, next));
      }
      const { contacts, delta } = mapPage(page, 0, await pageRules());
      // The CRM stops giving records before the view's end: the summary names the limit.
      if (page.cutShort) {
        delta.failures = [...(delta.failures ?? []), { name: 'The rest of the view', reason: page.cutShort }];
      }
      const produced = upsertEntries(jobId, `p${p.page}`, p.groupId, contacts);
      if (page.next !== null && p.follow) {
        produced.push({
          system: p.crm,
          kind: 'crm.readViewPage',
          key: `job:${jobId}:page:${p.page + 1}`,
          payload: { ...p, cursor: page.next, page: p.page + 1 },
          jobId,
        });
      }
      return { produced, job: { id: jobId, delta } };
    },
    onGiveUp(e, reason) {
      return e.jobId
        ? { id: e.jobId, delta: { failures: [{ name: 'The rest of the view', reason }] } }
        : undefined;
    },
  },
  'mojo.upsertContacts': {
    async run(e): Promise<Effects> {
      const p = UpsertContacts.parse(e.payload);
      const jobId = jobOf(e);
      const results = await mojoApi.upsertContacts(p.groupId, p.contacts);
      // Mojo's word on created vs updated stands on a first attempt; a repeat, or an answer that
      // does not say (the bulk shape names only the contact id), is settled by the ledger.
      const unsaid = results.some((r) => r.error === null && r.action === null);
      const linkedEarlier = await linkedBeforeRun(e, jobId, p.contacts, unsaid);
      const byId = new Map(p.contacts.map((c) => [c.api_contact_id, c]));
      const delta: Required<Pick<JobDelta, 'added' | 'updated' | 'moved' | 'failed' | 'failures'>> = {
        added: 0,
        updated: 0,
        moved: 0,
        failed: 0,
        failures: [],
      };
      const links: LinkWrite[] = [];
      for (const r of results) {
        if (r.error) {
          delta.failed++;
          delta.failures.push({
            name: byId.get(r.api_contact_id)?.full_name || r.api_contact_id,
            reason: r.error.message,
          });
          continue;
        }
        const madeByThisRun = linkedEarlier !== null && !linkedEarlier.has(r.api_contact_id);
        if (r.action === 'created' || madeByThisRun) delta.added++;
        else delta.updated++;
        if (r.moved_from_group_id !== null && r.moved_from_group_id !== p.groupId) delta.moved++;
        const sent = byId.get(r.api_contact_id);
        if (r.contact_id !== null && sent) {
          links.push({
            apiContactId: sent.api_contact_id,
            mojoContactId: r.contact_id,
            name: sent.full_name,
            // The phones are the digits toMojo made: no need to parse them again.
            written: writtenToMojo(sent, 'digits'),
          });
        }
      }
      // An item Mojo did not answer for is a failure we can name, not a silent loss.
      const answered = new Set(results.map((r) => r.api_contact_id));
      for (const c of p.contacts) {
        if (!answered.has(c.api_contact_id)) {
          delta.failed++;
          delta.failures.push({ name: c.full_name, reason: 'Mojo did not confirm this contact' });
        }
      }
      // The ledger (which Mojo contact each record became, and what we wrote there, so Mojo's
      // report of that same change does not come back to the CRM as an edit) is written with the
      // entry's completion, in one transaction.
      return { job: { id: jobId, delta }, links };
    },
    onGiveUp(e, reason) {
      const p = UpsertContacts.safeParse(e.payload);
      if (!p.success || !e.jobId) return undefined;
      return {
        id: e.jobId,
        delta: {
          failed: p.data.contacts.length,
          failures: p.data.contacts.map((c) => ({ name: c.full_name, reason })),
        },
      };
    },
  },
};

/**
 * For a step sent again after an attempt that may have landed (a connection reset mid-answer, a
 * worker stopped mid-request), Mojo answers "updated" for the contacts that lost attempt created,
 * and the run would report them as updated. The ids linked in the ledger before this run began are
 * the ones that really were updated; the others were made by this run. Null for a first attempt
 * whose answer said which was which (Mojo's word stands). A contact made in Mojo by other means and
 * never linked here would count as added: the lesser error. Read after the upsert is fine: this
 * step's own links reach the ledger only with its completion.
 */
async function linkedBeforeRun(
  e: OutboxEntry,
  jobId: string,
  contacts: MojoContactInput[],
  unsaid: boolean,
): Promise<Set<string> | null> {
  if (!unsaid && e.attempts === 0 && (e.leases ?? 1) <= 1) return null;
  const job = await getJob(jobId);
  if (!job) return null;
  await applyPendingLinks();
  const tx = (await db()).transaction('ledger', 'readonly');
  const links = await Promise.all(contacts.map((c) => tx.store.get(c.api_contact_id)));
  await tx.done;
  return new Set(links.flatMap((l) => (l && l.updatedAt < job.startedAt ? [l.apiContactId] : [])));
}

/** A PULL-only object (Mojo → CRM) sends nothing to Mojo: refuse, and say where to change it. */
export function assertPushAllowed(rules: Rules, crm: CrmId, target: AddTarget): void {
  const modules = target.kind === 'view' ? [target.module] : [...new Set(target.refs.map((r) => r.module))];
  for (const module of modules) {
    if (!objectFlows(objectRules(rules, crm, module), 'push')) {
      throw new ActionableError(
        'pull_only',
        `${CRM_LABELS[crm]} ${module} are set to PULL only (Mojo → CRM) in Mojo Bridge's options, so nothing is sent to Mojo. Change the direction there to send them.`,
      );
    }
  }
}

export interface StartRequest {
  crm: CrmId;
  target: AddTarget;
  group: GroupChoice;
}

async function resolveGroup(group: GroupChoice): Promise<{ id: number; name: string }> {
  if (group.kind === 'new') return mojoApi.createGroup(group.name);
  const groups = await mojoApi.listGroups();
  const found = groups.find((g) => g.id === group.id);
  if (!found)
    throw new ActionableError('group_gone', 'That Mojo group no longer exists. Choose another one.');
  return found;
}

/** Check, count, create the run and queue its first steps. Returns the run's id at once. */
export async function startAddToMojo(req: StartRequest): Promise<AddJob> {
  const connector = crmConnector(req.crm);
  const rules = await readSettings();
  // Each run starts from the rules as saved now (not a copy whose change notice is still on its way).
  rulesCache = Promise.resolve(rules);
  assertPushAllowed(rules, req.crm, req.target);
  // Say "reconnect" now rather than queue work that can only wait.
  await crmSession(req.crm).current();
  // The group check and the view's count are independent round trips: make them together.
  const target = req.target;
  const [group, viewTotal] = await Promise.all([
    resolveGroup(req.group),
    target.kind === 'view'
      ? (connector.countView?.(target.module, target.viewId).catch(() => null) ?? Promise.resolve(null))
      : Promise.resolve(null),
  ]);
  const id = crypto.randomUUID();
  const base = newJob({ id, crm: req.crm, groupId: group.id, groupName: group.name, startedAt: Date.now() });
  const entries: NewEntry[] = [];
  if (req.target.kind === 'records') {
    const refs = dedupeBy(
      req.target.refs.filter((r) => r.crm === req.crm),
      (r) => apiContactId(r),
    );
    base.total = refs.length;
    // Records of different modules are read separately (one API call reads one module).
    const byModule = new Map<string, CrmRef[]>();
    for (const r of refs) byModule.set(r.module, [...(byModule.get(r.module) ?? []), r]);
    let n = 0;
    for (const group_ of byModule.values()) {
      for (const batch of chunk(group_, connector.readBatchSize)) {
        entries.push({
          system: req.crm,
          kind: 'crm.readRecords',
          key: `job:${id}:read:${n++}`,
          payload: { crm: req.crm, refs: batch, groupId: group.id },
          jobId: id,
        });
      }
    }
  } else {
    const view = req.target;
    base.total = viewTotal ?? null;
    const upFront = base.total === null ? [] : (connector.viewCursorsUpFront?.(base.total) ?? []);
    const cursors: (string | null)[] = upFront.length > 0 ? upFront : [null];
    const pages = cursors.map((cursor, i) => ({
      system: req.crm,
      kind: 'crm.readViewPage',
      key: `job:${id}:page:${i + 1}`,
      payload: {
        crm: req.crm,
        module: view.module,
        viewId: view.viewId,
        cursor,
        page: i + 1,
        groupId: group.id,
        follow: i === cursors.length - 1,
      },
      jobId: id,
    }));
    // The page that continues the chain goes first: the outbox leases in queue order, and every
    // page past the up-front ones waits on it.
    const last = pages.pop();
    if (last) entries.push(last);
    entries.push(...pages);
  }
  await createJob(base);
  await enqueue(entries);
  return base;
}
