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
import { readSettings } from '../platform/settings';
import type { JobDelta } from './jobs';
import { createJob } from './jobs';
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
      const { contacts, delta } = mapPage(page, missing.length, await readSettings());
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
      const page = await connector.readViewPage(p.module, p.viewId, p.cursor);
      const { contacts, delta } = mapPage(page, 0, await readSettings());
      const produced = upsertEntries(jobId, `p${p.page}`, p.groupId, contacts);
      if (page.next !== null) {
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
      const byId = new Map(p.contacts.map((c) => [c.api_contact_id, c]));
      const delta: Required<Pick<JobDelta, 'added' | 'updated' | 'moved' | 'failed' | 'failures'>> = {
        added: 0,
        updated: 0,
        moved: 0,
        failed: 0,
        failures: [],
      };
      const links: { contact: MojoContactInput; mojoContactId: number }[] = [];
      for (const r of results) {
        if (r.error) {
          delta.failed++;
          delta.failures.push({
            name: byId.get(r.api_contact_id)?.full_name || r.api_contact_id,
            reason: r.error.message,
          });
          continue;
        }
        if (r.action === 'created') delta.added++;
        else delta.updated++;
        if (r.moved_from_group_id !== null && r.moved_from_group_id !== p.groupId) delta.moved++;
        const sent = byId.get(r.api_contact_id);
        if (r.contact_id !== null && sent) links.push({ contact: sent, mojoContactId: r.contact_id });
      }
      // An item Mojo did not answer for is a failure we can name, not a silent loss.
      const answered = new Set(results.map((r) => r.api_contact_id));
      for (const c of p.contacts) {
        if (!answered.has(c.api_contact_id)) {
          delta.failed++;
          delta.failures.push({ name: c.full_name, reason: 'Mojo did not confirm this contact' });
        }
      }
      await rememberLinks(links);
      return { job: { id: jobId, delta } };
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
 * The ledger: which Mojo contact each CRM record became, and what we wrote there (so Mojo's
 * report of that same change does not come back to the CRM as an edit).
 */
async function rememberLinks(links: { contact: MojoContactInput; mojoContactId: number }[]): Promise<void> {
  if (links.length === 0) return;
  const tx = (await db()).transaction('ledger', 'readwrite');
  for (const { contact, mojoContactId } of links) {
    const [crm = '', module = '', ...rest] = contact.api_contact_id.split(':');
    const existing = await tx.store.get(contact.api_contact_id);
    await tx.store.put({
      apiContactId: contact.api_contact_id,
      mojoContactId,
      crm,
      module,
      crmId: rest.join(':'),
      name: contact.full_name,
      lastWrittenToMojo: { ...(existing?.lastWrittenToMojo ?? {}), ...writtenToMojo(contact) },
      lastWrittenToCrm: existing?.lastWrittenToCrm ?? null,
      updatedAt: Date.now(),
    });
  }
  await tx.done;
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
  const modules =
    req.target.kind === 'view' ? [req.target.module] : [...new Set(req.target.refs.map((r) => r.module))];
  for (const module of modules) {
    if (!objectFlows(objectRules(rules, req.crm, module), 'push')) {
      throw new ActionableError(
        'pull_only',
        `${CRM_LABELS[req.crm]} ${module} are set to PULL only (Mojo → CRM) in Mojo Bridge's options, so nothing is sent to Mojo. Change the direction there to send them.`,
      );
    }
  }
  // Say "reconnect" now rather than queue work that can only wait.
  await crmSession(req.crm).current();
  const group = await resolveGroup(req.group);
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
    base.total =
      (await connector.countView?.(req.target.module, req.target.viewId).catch(() => null)) ?? null;
    entries.push({
      system: req.crm,
      kind: 'crm.readViewPage',
      key: `job:${id}:page:1`,
      payload: {
        crm: req.crm,
        module: req.target.module,
        viewId: req.target.viewId,
        cursor: null,
        page: 1,
        groupId: group.id,
      },
      jobId: id,
    });
  }
  await createJob(base);
  await enqueue(entries);
  return base;
}
