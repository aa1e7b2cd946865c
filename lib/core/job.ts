/**
 * An "Add to Mojo" run as the user sees it: what was asked, how far it got, and what happened to
 * each contact. The background owns it; the overlay reads it. It is plain data so it can be stored
 * (the service worker may restart mid-run) and validated when it crosses a message boundary.
 */
import { z } from 'zod';
import { CrmId, CrmRef } from './models';

/** What to add: the records the user picked, or a whole list view read through the API. */
export const AddTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('records'), refs: z.array(CrmRef).min(1).max(10_000) }),
  z.object({
    kind: z.literal('view'),
    crm: CrmId,
    module: z.string().min(1).max(64),
    /** Zoho custom view id; absent = the module's default view. */
    viewId: z.string().max(64).optional(),
  }),
]);
export type AddTarget = z.infer<typeof AddTarget>;

export const GroupChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('existing'), id: z.number().int() }),
  z.object({ kind: z.literal('new'), name: z.string().trim().min(1).max(100) }),
]);
export type GroupChoice = z.infer<typeof GroupChoice>;

export const ItemFailure = z.object({ name: z.string(), reason: z.string() });
export type ItemFailure = z.infer<typeof ItemFailure>;

export const JobPhase = z.enum(['reading', 'sending', 'done', 'failed']);

export const AddJob = z.object({
  id: z.string(),
  crm: CrmId,
  phase: JobPhase,
  groupId: z.number().int().nullable(),
  groupName: z.string(),
  /** Known up front for a selection or a counted view; null while unknown. */
  total: z.number().int().nullable(),
  read: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  moved: z.number().int(),
  failed: z.number().int(),
  excluded: z.number().int(),
  /** Per-contact reasons; capped so a 10,000-contact run stays small. */
  failures: z.array(ItemFailure),
  /** Why the whole run stopped, when it did. */
  error: z.string().nullable(),
  dialerUrl: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type AddJob = z.infer<typeof AddJob>;

export { MAX_LISTED_FAILURES } from './constants';

/** A run that has not counted anything yet. */
export function newJob(
  init: Pick<AddJob, 'id' | 'crm' | 'groupId' | 'groupName' | 'startedAt'> & Partial<AddJob>,
): AddJob {
  return {
    phase: 'sending',
    total: null,
    read: 0,
    added: 0,
    updated: 0,
    moved: 0,
    failed: 0,
    excluded: 0,
    failures: [],
    error: null,
    dialerUrl: null,
    finishedAt: null,
    ...init,
  };
}
