/**
 * Mojo → CRM, as outbox steps:
 *   crm.note     a call result (or a note added in Mojo) as a CRM note; one per activity, ever;
 *   crm.update   an edit in Mojo as a patch; queued patches for one record collapse into one;
 *   crm.event    an appointment / to-do / follow-up call as a task or call-list entry;
 *   crm.send     Send to CRM from Mojo's contact form: create or update, then link.
 * Only linked contacts flow back (the ledger says which CRM record a Mojo contact is).
 */
import { z } from 'zod';
import { crmConnector } from '../accounts/crm';
import { mojoApi, readMojoSession } from '../accounts/mojo';
import type { MojoActivity } from '../connectors/mojo/api';
import { integrationFor } from '../connectors/registry';
import { CRM_LABELS, CrmId, CrmRef } from '../core/models';
import { ActionableError } from '../core/result';
import { objectFlows, pullablePatch } from '../core/rules/engine';
import { crmRules, objectRules, type Rules, UpdatePolicy } from '../core/rules/model';
import { defuseMarkup, fitNoteBody } from '../core/text';
import {
  type ContactPatch,
  callResultNote,
  eventTask,
  isEmptyPatch,
  mergePatches,
  mojoContactToFields,
  patchFromMojoChanges,
  withoutEcho,
  writtenOf,
} from '../core/two-way';
import { logActivity } from '../platform/activity';
import type { OutboxEntry } from '../platform/db';
import { db, type LedgerLink, readMeta, writeMeta } from '../platform/db';
import { readSettings } from '../platform/settings';
import { applyPendingLinks } from './ledger';
import { type Effects, enqueueActivities, type NewEntry, pruneSeenActivities } from './outbox';
import type { EntryHandler } from './runner';

const PatchSchema = z.object({
  set: z.record(z.string(), z.string()),
  addPhones: z.array(z.object({ kind: z.enum(['work', 'mobile', 'home', 'other']), raw: z.string() })),
  addEmails: z.array(z.string()),
});
const NotePayload = z.object({
  ref: CrmRef,
  key: z.string(),
  title: z.string(),
  body: z.string(),
  name: z.string(),
});
const UpdatePayload = z.object({
  ref: CrmRef,
  apiContactId: z.string(),
  patch: PatchSchema,
  name: z.string(),
  policy: UpdatePolicy.default('overwrite'),
});
const EventPayload = z.object({
  ref: CrmRef,
  key: z.string(),
  subject: z.string(),
  due: z.string().nullable(),
  kindLabel: z.string(),
  name: z.string(),
});
const SendPayload = z.object({ crm: CrmId, mojoContactId: z.number().int() });

export const CURSOR_KEY = 'mojo.activities.cursor';
export const LAST_SYNC_KEY = 'mojo.activities.lastSyncAt';
const SEEN_FOR_MS = 30 * 24 * 3_600_000;

const refLabel = (ref: CrmRef) => CRM_LABELS[ref.crm];

/** A step may have landed before the worker died (a lease taken more than once): check first. */
const isRepeat = (e: OutboxEntry) => e.attempts > 0 || (e.leases ?? 1) > 1;

// ------------------------------------------------------------------------------ the ledger

export async function linkFor(
  mojoContactId: number,
  apiContactId: string | null,
): Promise<LedgerLink | null> {
  await applyPendingLinks();
  const d = await db();
  if (apiContactId) {
    const byApi = await d.get('ledger', apiContactId);
    if (byApi) return byApi;
  }
  return (await d.getFromIndex('ledger', 'byMojoContactId', mojoContactId)) ?? null;
}

async function linkInCrm(crm: CrmId, mojoContactId: number): Promise<LedgerLink | null> {
  await applyPendingLinks();
  const links = await (await db()).getAllFromIndex('ledger', 'byMojoContactId', mojoContactId);
  return links.find((l) => l.crm === crm) ?? null;
}

async function rememberWrittenToCrm(apiContactId: string, patch: ContactPatch): Promise<void> {
  await applyPendingLinks();
  const tx = (await db()).transaction('ledger', 'readwrite');
  const link = await tx.store.get(apiContactId);
  if (link) {
    await tx.store.put({
      ...link,
      lastWrittenToCrm: { ...(link.lastWrittenToCrm ?? {}), ...writtenOf(patch) },
      updatedAt: Date.now(),
    });
  }
  await tx.done;
}

const refOf = (l: LedgerLink): CrmRef | null => {
  const parsed = CrmRef.safeParse({ crm: l.crm, module: l.module, id: l.crmId });
  return parsed.success ? parsed.data : null;
};

// ------------------------------------------------------------------------------ activities → steps

/** What one activity asks of the CRM it is linked to; [] when it asks nothing (or only an echo). */
export function stepsFor(
  a: MojoActivity,
  link: LedgerLink,
  ref: CrmRef,
  name: string,
  rules: Rules,
): NewEntry[] {
  const base = { system: ref.crm, jobId: null };
  const object = objectRules(rules, ref.crm, ref.module);
  // A PUSH-only object (CRM → Mojo) takes nothing back from Mojo.
  if (!objectFlows(object, 'pull')) return [];
  switch (a.type) {
    case 'call_result': {
      const note = callResultNote(a.call, a.at);
      // "Call logs as Tasks" (Zoho): a completed task carrying the same text, dated the call.
      if (crmRules(rules, ref.crm).callLogAs === 'tasks') {
        return [
          {
            ...base,
            kind: 'crm.event',
            key: `call:${a.id}`,
            payload: { ref, key: a.id, name, subject: note.title, due: a.at, kindLabel: note.body },
          },
        ];
      }
      return [{ ...base, kind: 'crm.note', key: `note:${a.id}`, payload: { ref, key: a.id, name, ...note } }];
    }
    case 'note_added':
      return [
        {
          ...base,
          kind: 'crm.note',
          key: `note:${a.id}`,
          payload: { ref, key: a.id, name, title: 'Note from Mojo', body: a.note.text },
        },
      ];
    case 'contact_updated': {
      const patch = pullablePatch(
        withoutEcho(patchFromMojoChanges(a.changes), link.lastWrittenToMojo),
        object,
      );
      if (isEmptyPatch(patch)) return [];
      return [
        {
          ...base,
          kind: 'crm.update',
          key: `update:${link.apiContactId}`,
          payload: { ref, apiContactId: link.apiContactId, patch, name, policy: object.policy },
        },
      ];
    }
    case 'event_created': {
      const task = eventTask(a.event);
      return [
        { ...base, kind: 'crm.event', key: `event:${a.id}`, payload: { ref, key: a.id, name, ...task } },
      ];
    }
  }
}

/** Queued updates of one record merge; anything else: the newer payload replaces. */
export function mergeQueued(older: unknown, newer: unknown): unknown {
  const a = UpdatePayload.safeParse(older);
  const b = UpdatePayload.safeParse(newer);
  if (a.success && b.success) return { ...b.data, patch: mergePatches(a.data.patch, b.data.patch) };
  return newer;
}

let polling: Promise<number> | null = null;

/**
 * Read Mojo's activities since the stored cursor and queue what goes back. The cursor moves only
 * after a page's steps are queued, so a worker that dies mid-way reads the page again — and the
 * seen-ids check in the same transaction keeps that from queuing anything twice.
 */
export function pollMojo(): Promise<number> {
  polling ??= (async () => {
    try {
      let cursor = await readMeta<string | null>(CURSOR_KEY, null);
      const rules = await readSettings();
      let count = 0;
      for (let page = 0; page < 50; page++) {
        const answer = await mojoApi.activities(cursor, 200);
        for (const s of answer.skipped)
          logActivity('warn', 'Skipped a Mojo activity that could not be read', s.reason);
        const batches: { activityId: string; entries: NewEntry[] }[] = [];
        for (const a of answer.results) {
          const link = await linkFor(a.contact.id, a.contact.api_contact_id);
          const ref = link && refOf(link);
          const entries = link && ref ? stepsFor(a, link, ref, nameOf(link), rules) : [];
          batches.push({ activityId: a.id, entries });
        }
        const fresh = await enqueueActivities(batches, mergeQueued);
        count += fresh.length;
        const next = answer.next_cursor;
        if (next !== null) await writeMeta(CURSOR_KEY, next);
        if (next === null || next === cursor || answer.results.length === 0) break;
        cursor = next;
      }
      await writeMeta(LAST_SYNC_KEY, Date.now());
      void pruneSeenActivities(SEEN_FOR_MS);
      return count;
    } finally {
      polling = null;
    }
  })();
  return polling;
}

/** A readable name for the activity log; the CRM and id when the name is not known. */
function nameOf(link: LedgerLink): string {
  return link.name ?? `${CRM_LABELS[link.crm as CrmId] ?? link.crm} record ${link.crmId}`;
}

// ------------------------------------------------------------------------------ the steps

function need<K extends 'addNote' | 'updateContact' | 'addEvent' | 'sendContact'>(crm: CrmId, method: K) {
  const c = crmConnector(crm);
  const fn = c[method];
  if (!fn) throw new ActionableError('unsupported', `${CRM_LABELS[crm]} can't do that yet.`);
  return fn.bind(c) as NonNullable<(typeof c)[K]>;
}

/**
 * A note's text as it may go to a CRM: markup made inert (a CRM may show notes as HTML) and cut to
 * the CRM's note limit, the cut said at the note's end and, naming the note, in the activity log.
 */
function noteForCrm(crm: CrmId, text: string, what: string, firstTry: boolean): string {
  const limit = crmConnector(crm).noteLimit;
  const fitted = fitNoteBody(defuseMarkup(text), limit);
  // Said once per note, not on every retry.
  if (fitted.truncated && firstTry) {
    logActivity(
      'warn',
      `${what}: the note had ${text.length.toLocaleString('en-US')} characters, more than ${CRM_LABELS[crm]} takes (${(limit ?? 0).toLocaleString('en-US')}); it was shortened and says so at its end`,
    );
  }
  return fitted.text;
}

/** Send to CRM results wait here for the message that asked (the step itself is durable). */
const sendWaiters = new Map<string, (r: SendOutcome) => void>();
export type SendOutcome =
  | { ok: true; action: 'created' | 'updated' | 'unchanged'; name: string; url: string | null }
  | { ok: false; reason: string };

export const twoWayHandlers: Record<string, EntryHandler> = {
  'crm.note': {
    async run(e): Promise<Effects> {
      const p = NotePayload.parse(e.payload);
      const body = noteForCrm(p.ref.crm, p.body, `${p.title} → ${refLabel(p.ref)}: ${p.name}`, !isRepeat(e));
      await need(p.ref.crm, 'addNote')(p.ref, {
        key: p.key,
        title: defuseMarkup(p.title),
        body,
        repeat: isRepeat(e),
      });
      logActivity('info', `${p.title} → ${refLabel(p.ref)}: ${p.name}`);
      return {};
    },
  },
  'crm.update': {
    async run(e): Promise<Effects> {
      const p = UpdatePayload.parse(e.payload);
      await need(p.ref.crm, 'updateContact')(p.ref, p.patch, p.policy);
      await rememberWrittenToCrm(p.apiContactId, p.patch);
      logActivity('info', `Mojo edit → ${refLabel(p.ref)}: ${p.name}`);
      return {};
    },
  },
  'crm.event': {
    async run(e): Promise<Effects> {
      const p = EventPayload.parse(e.payload);
      await need(p.ref.crm, 'addEvent')(p.ref, {
        key: p.key,
        subject: defuseMarkup(p.subject),
        due: p.due,
        // A call logged as a task carries its whole note here.
        kindLabel: noteForCrm(
          p.ref.crm,
          p.kindLabel,
          `${p.subject} → ${refLabel(p.ref)}: ${p.name}`,
          !isRepeat(e),
        ),
        repeat: isRepeat(e),
      });
      logActivity('info', `${p.subject} → ${refLabel(p.ref)}: ${p.name}`);
      return {};
    },
  },
  'crm.send': {
    async run(e): Promise<Effects> {
      const p = SendPayload.parse(e.payload);
      const contact = await mojoApi.getContact(p.mojoContactId);
      const fields = mojoContactToFields(contact);
      const link = await linkInCrm(p.crm, p.mojoContactId);
      const rules = await readSettings();
      const crm = crmRules(rules, p.crm);
      const recordType = crm.recordType || crmConnector(p.crm).defaultRecordType;
      const session = await readMojoSession();
      const sent = await need(p.crm, 'sendContact')(fields, {
        link: link ? refOf(link) : null,
        ...(recordType ? { recordType } : {}),
        // One-object CRMs (Wise Agent) have no record type: their only object's rules apply.
        object: objectRules(rules, p.crm, recordType ?? integrationFor(p.crm)?.objects[0]?.id ?? ''),
        crm,
        agentEmail: session?.user.email ?? null,
      });
      for (const note of sent.notes)
        logActivity('info', `Send to ${CRM_LABELS[p.crm]}: ${sent.name}: ${note}`);
      await linkSent(p.crm, p.mojoContactId, sent.ref, sent.name, fields);
      logActivity('info', `Send to ${CRM_LABELS[p.crm]}: ${sent.name} (${sent.action})`);
      sendWaiters.get(e.key)?.({ ok: true, action: sent.action, name: sent.name, url: sent.url });
      return {};
    },
    onGiveUp(e, reason) {
      sendWaiters.get(e.key)?.({ ok: false, reason });
      return undefined;
    },
  },
};

async function linkSent(
  crm: CrmId,
  mojoContactId: number,
  ref: CrmRef,
  name: string,
  fields: ReturnType<typeof mojoContactToFields>,
): Promise<void> {
  const apiContactId = `${crm}:${ref.module}:${ref.id}`;
  await applyPendingLinks();
  const tx = (await db()).transaction('ledger', 'readwrite');
  const existing = await tx.store.get(apiContactId);
  const written = writtenOf({
    set: {
      firstName: fields.firstName,
      lastName: fields.lastName,
      address: fields.address,
      city: fields.city,
      state: fields.state,
      zip: fields.zip,
    },
    addPhones: fields.phones,
    addEmails: fields.emails,
  });
  await tx.store.put({
    apiContactId,
    mojoContactId,
    crm,
    module: ref.module,
    crmId: ref.id,
    name,
    lastWrittenToMojo: existing?.lastWrittenToMojo ?? null,
    lastWrittenToCrm: { ...(existing?.lastWrittenToCrm ?? {}), ...written },
    updatedAt: Date.now(),
  });
  await tx.done;
}

/** Queue a Send to CRM and wait (a while) for its result; the step finishes even if we stop waiting. */
export async function sendToCrm(
  crm: CrmId,
  mojoContactId: number,
  enqueueAndKick: (e: NewEntry) => Promise<void>,
  waitMs = 25_000,
): Promise<SendOutcome | null> {
  const key = `send:${crm}:${mojoContactId}`;
  const outcome = new Promise<SendOutcome | null>((resolve) => {
    sendWaiters.set(key, resolve);
    setTimeout(() => resolve(null), waitMs);
  });
  await enqueueAndKick({ system: crm, kind: 'crm.send', key, payload: { crm, mojoContactId }, jobId: null });
  try {
    return await outcome;
  } finally {
    sendWaiters.delete(key);
  }
}
