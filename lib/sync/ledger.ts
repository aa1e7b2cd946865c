/**
 * Writing the ledger of links (which Mojo contact each CRM record became, and what we wrote there)
 * for the batches Add to Mojo upserts.
 *
 * Putting 100 ledger records one by one is most of what a bulk send's worker does (a 10,000-contact
 * send spent about a second of its CPU on it), and none of it is needed to finish the send. So the
 * transaction that finishes a batch's outbox entry records its links as one `pendingLinks` record —
 * durable exactly when the entry is gone — and they are put in the ledger afterwards, when the run
 * is done. Every reader of the ledger applies the pending links first (`applyPendingLinks`), so
 * what it reads is what it would have read had each batch written its links at once.
 */
import type { IDBPObjectStore } from 'idb';
import type { Written } from '../core/two-way';
import { type BridgeDb, db, type LedgerLink } from '../platform/db';

/** A link to record: the sent contact's id, the Mojo contact it became, what was written there. */
export interface LinkWrite {
  apiContactId: string;
  mojoContactId: number;
  name: string;
  written: Written;
}

type LedgerStore = IDBPObjectStore<BridgeDb, ('pendingLinks' | 'ledger')[], 'ledger', 'readwrite'>;
type PendingStore = IDBPObjectStore<
  BridgeDb,
  ('outbox' | 'jobs' | 'meta' | 'pendingLinks')[],
  'pendingLinks',
  'readwrite'
>;

/**
 * Whether this worker knows there is nothing pending: a new worker does not (the one before may have
 * left some), and recording links makes it not know again. Spares every ledger read a request.
 */
let knownEmpty = false;
/** Batches recorded by this worker: a pass that raced a recording does not claim to know. */
let recorded = 0;

/** Record a finished batch's links, in the caller's transaction (the one that finishes the entry). */
export function recordLinks(store: PendingStore, links: LinkWrite[], at: number): Promise<unknown> {
  knownEmpty = false;
  recorded++;
  return store.add({ at, links });
}

/** Whether `link` already says everything `w` would write (then rewriting it only costs time). */
function holds(link: LedgerLink, w: LinkWrite): boolean {
  if (link.mojoContactId !== w.mojoContactId || link.name !== w.name) return false;
  const before = link.lastWrittenToMojo;
  if (!before) return false;
  for (const k in w.written) if (before[k] !== w.written[k]) return false;
  return true;
}

/**
 * Put the links: all reads, then all writes, each issued at once (awaiting 100 gets and 100 puts one
 * by one made a batch wait out 200 round trips). A link that already holds what we wrote is left as
 * it is: a re-sent view rewrites nothing, and its `updatedAt` keeps saying when it was first linked,
 * which is what a retried step asks (`linkedBeforeRun`).
 */
export async function putLinks(store: LedgerStore, links: LinkWrite[], now: number): Promise<void> {
  if (links.length === 0) return;
  const before = await Promise.all(links.map((l) => store.get(l.apiContactId)));
  const writes: Promise<unknown>[] = [];
  links.forEach((l, i) => {
    const existing = before[i];
    if (existing && holds(existing, l)) return;
    const [crm = '', module = '', ...rest] = l.apiContactId.split(':');
    writes.push(
      store.put({
        apiContactId: l.apiContactId,
        mojoContactId: l.mojoContactId,
        crm,
        module,
        crmId: rest.join(':'),
        name: l.name,
        lastWrittenToMojo: existing?.lastWrittenToMojo
          ? { ...existing.lastWrittenToMojo, ...l.written }
          : l.written,
        lastWrittenToCrm: existing?.lastWrittenToCrm ?? null,
        updatedAt: now,
      }),
    );
  });
  await Promise.all(writes);
}

let applying: Promise<boolean> | null = null;

/** One pass, oldest batch first, each in its own transaction with its removal. True when emptied. */
async function pass(yieldTo?: () => boolean): Promise<boolean> {
  for (;;) {
    if (yieldTo?.()) return false;
    const seen = recorded;
    const tx = (await db()).transaction(['pendingLinks', 'ledger'], 'readwrite');
    const cursor = await tx.objectStore('pendingLinks').openCursor();
    if (!cursor) {
      await tx.done;
      knownEmpty = recorded === seen;
      return true;
    }
    await Promise.all([
      putLinks(tx.objectStore('ledger'), cursor.value.links, cursor.value.at),
      cursor.delete(),
      tx.done,
    ]);
  }
}

/** Start a pass that every caller can wait on; cleared (always after it settles) when it ends. */
function startPass(yieldTo?: () => boolean): Promise<boolean> {
  const p = pass(yieldTo).finally(() => {
    if (applying === p) applying = null;
  });
  applying = p;
  return p;
}

/**
 * Put every pending batch of links in the ledger. Call before reading the ledger: it returns when
 * nothing recorded before the call is still pending (a worker stopped halfway leaves the rest
 * pending, nothing half-applied).
 */
export async function applyPendingLinks(): Promise<void> {
  while (!knownEmpty) {
    if (applying) {
      // A background pass may stop early to make way for a run: look again when it does.
      await applying.catch(() => false);
      continue;
    }
    await startPass();
    return;
  }
}

/**
 * The same in the background: it stops before each batch when `yieldTo()` says other work is
 * waiting (a run in progress), and resolves false then, so the caller can try again later.
 */
export function applyPendingLinksInBackground(yieldTo: () => boolean): Promise<boolean> {
  if (knownEmpty) return Promise.resolve(true);
  return applying ?? startPass(yieldTo);
}
