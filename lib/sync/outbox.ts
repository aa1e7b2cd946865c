/**
 * The durable outbox. Every write (and every read that produces writes) is an entry here before
 * anything touches the network. An entry is leased while in flight, so a service worker that dies
 * mid-send leaves an expired lease that the next worker picks up; it is deleted only after the
 * write succeeded. Writes are upserts keyed by stable ids, so sending twice is harmless.
 */
import type { IDBPObjectStore } from 'idb';
import { type BridgeDb, type DeadLetter, db, type OutboxEntry } from '../platform/db';
import { addDelta, type JobDelta } from './jobs';
import { type LinkWrite, recordLinks } from './ledger';

export type NewEntry = Pick<OutboxEntry, 'system' | 'kind' | 'key' | 'payload' | 'jobId'>;

/** The meta key counting delivered entries (the popup's "done"). */
const DELIVERED = 'outbox.delivered';

const LEASE_MS = 90_000;

function fresh(e: NewEntry, now: number): OutboxEntry {
  return { ...e, attempts: 0, notBefore: now, leaseUntil: 0, createdAt: now, lastError: null, paused: false };
}

/**
 * How a newer payload joins a queued one with the same key. Without one, the newer replaces it
 * (changes to one record collapse into one write).
 */
export type Merge = (older: unknown, newer: unknown) => unknown;

/** Queue entries, collapsing into a queued entry with the same key that nobody is sending yet. */
export async function enqueue(entries: NewEntry[], now = Date.now(), merge?: Merge): Promise<void> {
  if (entries.length === 0) return;
  const tx = (await db()).transaction('outbox', 'readwrite');
  for (const e of entries) await putCollapsed(tx.store, e, now, merge);
  await tx.done;
}

type OutboxStore = IDBPObjectStore<
  BridgeDb,
  ('outbox' | 'seenActivities')[] | 'outbox'[],
  'outbox',
  'readwrite'
>;

async function putCollapsed(store: OutboxStore, e: NewEntry, now: number, merge?: Merge): Promise<void> {
  const existing = await store.index('byKey').get(e.key);
  if (existing?.id !== undefined && existing.leaseUntil <= now && !existing.paused) {
    const payload = merge ? merge(existing.payload, e.payload) : e.payload;
    await store.put({ ...existing, payload, jobId: e.jobId, notBefore: Math.min(existing.notBefore, now) });
  } else {
    await store.add(fresh(e, now));
  }
}

/**
 * Queue the writes that a batch of Mojo activities asks for and mark the activities seen, in one
 * transaction: an activity delivered twice (Mojo's feed is at-least-once) is queued once.
 * Returns the ids that were new.
 */
export async function enqueueActivities(
  batches: { activityId: string; entries: NewEntry[] }[],
  merge: Merge,
  now = Date.now(),
): Promise<string[]> {
  const tx = (await db()).transaction(['outbox', 'seenActivities'], 'readwrite');
  const store = tx.objectStore('outbox');
  const seen = tx.objectStore('seenActivities');
  const fresh: string[] = [];
  for (const b of batches) {
    if ((await seen.get(b.activityId)) !== undefined) continue;
    for (const e of b.entries) await putCollapsed(store, e, now, merge);
    await seen.put(now, b.activityId);
    fresh.push(b.activityId);
  }
  await tx.done;
  return fresh;
}

/** Forget seen activity ids older than `maxAgeMs` (Mojo does not resend activities that old). */
export async function pruneSeenActivities(maxAgeMs: number, now = Date.now()): Promise<void> {
  const tx = (await db()).transaction('seenActivities', 'readwrite');
  let cursor = await tx.store.openCursor();
  while (cursor) {
    if (now - cursor.value > maxAgeMs) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

/** Take up to `limit` ready entries of one system, marking them leased in the same transaction. */
export async function lease(
  system: string,
  limit: number,
  now = Date.now(),
  /** Entries this worker is running: passed over by key, without reading their payloads. */
  running: ReadonlySet<number> = new Set(),
): Promise<OutboxEntry[]> {
  if (limit <= 0) return [];
  const tx = (await db()).transaction('outbox', 'readwrite');
  const taken: OutboxEntry[] = [];
  // Keys first, values only for candidates: the entries in flight come first in the index, and
  // reading each (a 100-contact batch) on every lease was most of what leasing cost a bulk send.
  let cursor = await tx.store.index('bySystem').openKeyCursor(IDBKeyRange.only(system));
  const updates: Promise<unknown>[] = [];
  while (cursor && taken.length < limit) {
    const id = cursor.primaryKey;
    const e = running.has(id) ? undefined : await tx.store.get(id);
    if (e && !e.paused && e.notBefore <= now && e.leaseUntil <= now) {
      const leased = { ...e, leaseUntil: now + LEASE_MS, leases: (e.leases ?? 0) + 1 };
      // Not awaited one by one: the transaction applies it in order, and tx.done reports a failure.
      updates.push(tx.store.put(leased));
      taken.push(leased);
    }
    cursor = taken.length < limit ? await cursor.continue() : null;
  }
  await Promise.all([...updates, tx.done]);
  return taken;
}

/** What finishing an entry changes besides deleting it. */
export interface Effects {
  produced?: NewEntry[];
  job?: { id: string; delta: JobDelta };
  /** Links for the ledger (Add to Mojo's upserts), recorded durably with the entry's deletion. */
  links?: LinkWrite[];
}

/**
 * Finish an entry: delete it, queue what it produced, count its result in its run and record its
 * links, all in one transaction. Returns false when the entry was already gone (another worker
 * finished it after our lease expired): then nothing is queued, counted or linked again.
 */
export async function complete(id: number, effects: Effects = {}, now = Date.now()): Promise<boolean> {
  const links = effects.links ?? [];
  const tx = (await db()).transaction(
    links.length > 0 ? ['outbox', 'jobs', 'meta', 'pendingLinks'] : ['outbox', 'jobs', 'meta'],
    'readwrite',
  );
  const outbox = tx.objectStore('outbox');
  const meta = tx.objectStore('meta');
  const jobs = tx.objectStore('jobs');
  // Reads together, then writes together: every step of a bulk send ends here, and each awaited
  // request one after another is a round trip to the browser's IndexedDB on the run's critical path.
  // Only the entry's key is read: its value (a 100-contact batch) would be copied for nothing.
  const [existing, delivered, job] = await Promise.all([
    outbox.getKey(id),
    meta.get(DELIVERED),
    effects.job ? jobs.get(effects.job.id) : undefined,
  ]);
  if (existing === undefined) {
    await tx.done;
    return false;
  }
  const writes: Promise<unknown>[] = [outbox.delete(id), meta.put(Number(delivered ?? 0) + 1, DELIVERED)];
  for (const e of effects.produced ?? []) writes.push(outbox.add(fresh(e, now)));
  if (effects.job && job) writes.push(jobs.put(addDelta(job, effects.job.delta)));
  if (links.length > 0) writes.push(recordLinks(tx.objectStore('pendingLinks'), links, now));
  await Promise.all([...writes, tx.done]);
  return true;
}

export async function retryLater(
  id: number,
  delayMs: number,
  error: string,
  now = Date.now(),
): Promise<void> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const e = await tx.store.get(id);
  if (e) {
    await tx.store.put({
      ...e,
      attempts: e.attempts + 1,
      notBefore: now + delayMs,
      leaseUntil: 0,
      lastError: error,
    });
  }
  await tx.done;
}

/**
 * Free every lease. Only at a service worker's start: MV3 runs one background worker at a time,
 * so any lease still held belongs to a worker that is gone (the lease's own expiry is the
 * fallback). The lease count stays, so steps that may have landed are checked before repeating.
 */
export async function releaseLeases(now = Date.now()): Promise<number> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  let released = 0;
  let cursor = await tx.store.openCursor();
  while (cursor) {
    if (cursor.value.leaseUntil > now) {
      await cursor.update({ ...cursor.value, leaseUntil: 0 });
      released++;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return released;
}

/** Hold every entry of a system until the user reconnects it (nothing is dropped). */
export async function pauseSystem(system: string, error: string): Promise<void> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  let cursor = await tx.store.index('bySystem').openCursor(IDBKeyRange.only(system));
  while (cursor) {
    await cursor.update({ ...cursor.value, paused: true, leaseUntil: 0, lastError: error });
    cursor = await cursor.continue();
  }
  await tx.done;
}

export async function resumeSystem(system: string, now = Date.now()): Promise<void> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  let cursor = await tx.store.index('bySystem').openCursor(IDBKeyRange.only(system));
  while (cursor) {
    if (cursor.value.paused) await cursor.update({ ...cursor.value, paused: false, notBefore: now });
    cursor = await cursor.continue();
  }
  await tx.done;
}

/**
 * Move an entry to the dead-letter list with the reason, counting it in its run in the same
 * transaction. Returns the entry, if it still existed.
 */
export async function deadLetter(
  id: number,
  reason: string,
  job?: { id: string; delta: JobDelta },
  now = Date.now(),
): Promise<OutboxEntry | null> {
  const tx = (await db()).transaction(['outbox', 'deadLetters', 'jobs'], 'readwrite');
  const e = await tx.objectStore('outbox').get(id);
  if (e) {
    await tx.objectStore('outbox').delete(id);
    await tx.objectStore('deadLetters').add({ entry: { ...e, lastError: reason }, reason, at: now });
    if (job) {
      const current = await tx.objectStore('jobs').get(job.id);
      if (current) await tx.objectStore('jobs').put(addDelta(current, job.delta));
    }
  }
  await tx.done;
  return e ?? null;
}

/** Put a dead letter back in the queue as a fresh entry. */
export async function retryDeadLetter(id: number, now = Date.now()): Promise<boolean> {
  const tx = (await db()).transaction(['outbox', 'deadLetters'], 'readwrite');
  const d = await tx.objectStore('deadLetters').get(id);
  if (d) {
    const { id: _old, ...rest } = d.entry;
    await tx
      .objectStore('outbox')
      .add({ ...rest, attempts: 0, notBefore: now, leaseUntil: 0, paused: false });
    await tx.objectStore('deadLetters').delete(id);
  }
  await tx.done;
  return d !== undefined;
}

export async function listDeadLetters(limit = 50): Promise<DeadLetter[]> {
  const all = await (await db()).getAll('deadLetters', undefined, limit);
  return all.reverse();
}

export async function pendingForJob(jobId: string): Promise<number> {
  return (await db()).countFromIndex('outbox', 'byJob', jobId);
}

export interface OutboxStats {
  pending: number;
  /** Entries delivered, ever. */
  done: number;
  failing: number;
  paused: number;
  deadLetters: number;
  /** Earliest time a waiting entry becomes ready, for scheduling a wake-up. */
  nextReadyAt: number | null;
}

/**
 * What the toolbar badge shows, counted by the database: `stats()` reads every queued entry with
 * its payload, and a bulk send keeps dozens of 100-contact batches queued while the badge is
 * refreshed every 300 ms.
 */
export async function queueCounts(): Promise<{ pending: number; deadLetters: number }> {
  const d = await db();
  const [pending, deadLetters] = await Promise.all([d.count('outbox'), d.count('deadLetters')]);
  return { pending, deadLetters };
}

/** The earliest time one system's waiting entry becomes ready (its own entries only). */
export async function nextReadyAt(system: string): Promise<number | null> {
  const tx = (await db()).transaction('outbox', 'readonly');
  let at: number | null = null;
  let cursor = await tx.store.index('bySystem').openCursor(IDBKeyRange.only(system));
  while (cursor) {
    const e = cursor.value;
    if (!e.paused) {
      const ready = Math.max(e.notBefore, e.leaseUntil);
      at = at === null ? ready : Math.min(at, ready);
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return at;
}

export async function stats(): Promise<OutboxStats> {
  const d = await db();
  const all = await d.getAll('outbox');
  let failing = 0;
  let paused = 0;
  let nextReadyAt: number | null = null;
  for (const e of all) {
    if (e.attempts > 0) failing++;
    if (e.paused) paused++;
    else {
      const ready = Math.max(e.notBefore, e.leaseUntil);
      nextReadyAt = nextReadyAt === null ? ready : Math.min(nextReadyAt, ready);
    }
  }
  return {
    pending: all.length,
    done: Number((await d.get('meta', DELIVERED)) ?? 0),
    failing,
    paused,
    deadLetters: await d.count('deadLetters'),
    nextReadyAt,
  };
}
