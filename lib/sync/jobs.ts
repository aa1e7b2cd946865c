/**
 * Add to Mojo runs, stored in IndexedDB so a restarted service worker knows how far a run got and
 * the overlay can keep showing progress. Counts change in the same transaction that finishes the
 * outbox entry they account for (outbox.complete), so a retried entry is never counted twice.
 */
import { type AddJob, type ItemFailure, MAX_LISTED_FAILURES } from '../core/job';
import { db } from '../platform/db';

export interface JobDelta {
  read?: number;
  added?: number;
  updated?: number;
  moved?: number;
  failed?: number;
  excluded?: number;
  failures?: ItemFailure[];
}

export async function createJob(job: AddJob): Promise<void> {
  await (await db()).put('jobs', job);
}

export async function getJob(id: string): Promise<AddJob | null> {
  return (await (await db()).get('jobs', id)) ?? null;
}

export async function updateJob(id: string, patch: Partial<AddJob>): Promise<AddJob | null> {
  const tx = (await db()).transaction('jobs', 'readwrite');
  const job = await tx.store.get(id);
  const next = job ? { ...job, ...patch } : null;
  if (next) await tx.store.put(next);
  await tx.done;
  return next;
}

export function addDelta(job: AddJob, d: JobDelta): AddJob {
  return {
    ...job,
    read: job.read + (d.read ?? 0),
    added: job.added + (d.added ?? 0),
    updated: job.updated + (d.updated ?? 0),
    moved: job.moved + (d.moved ?? 0),
    failed: job.failed + (d.failed ?? 0),
    excluded: job.excluded + (d.excluded ?? 0),
    failures: [...job.failures, ...(d.failures ?? [])].slice(0, MAX_LISTED_FAILURES),
  };
}

/** Keep the newest runs only; a run's detail matters for a while, not forever. */
export async function pruneJobs(keep = 20): Promise<void> {
  const all = await (await db()).getAll('jobs');
  all.sort((a, b) => b.startedAt - a.startedAt);
  const d = await db();
  for (const j of all.slice(keep)) await d.delete('jobs', j.id);
}
