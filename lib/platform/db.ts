/**
 * The extension's IndexedDB: the durable outbox, dead letters, Add to Mojo runs, the ledger of
 * links, and the vault of credentials. IndexedDB (not chrome.storage) because it lives in the
 * extension's origin only — content scripts, which run in the CRM's origin, cannot open it — and
 * because its transactions let the outbox lease entries atomically.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { AddJob } from '../core/job';

export interface OutboxEntry {
  id?: number;
  /** Which system the write goes to: the runner caps concurrency per system. */
  system: string;
  kind: string;
  /** Entries with the same key collapse: a newer payload replaces a queued one. */
  key: string;
  payload: unknown;
  jobId: string | null;
  attempts: number;
  /** Epoch ms before which the entry must not be sent (backoff, Retry-After). */
  notBefore: number;
  /** Epoch ms until which a worker owns the entry; an expired lease is free again. */
  leaseUntil: number;
  createdAt: number;
  lastError: string | null;
  /** Paused until the user reconnects this system (revoked refresh token). */
  paused: boolean;
  /** How many times a worker took it: more than once means an earlier try may have landed. */
  leases?: number;
}

export interface DeadLetter {
  id?: number;
  entry: OutboxEntry;
  reason: string;
  at: number;
}

export interface LedgerLink {
  /** `api_contact_id`, e.g. zoho:Contacts:4876876000000623001. */
  apiContactId: string;
  mojoContactId: number | null;
  crm: string;
  module: string;
  crmId: string;
  /** The contact's name when linked, for the activity log. */
  name?: string;
  /** Per-field fingerprints of what we last wrote to each side (the echo guard, core/two-way.ts). */
  lastWrittenToMojo: Record<string, string> | null;
  lastWrittenToCrm: Record<string, string> | null;
  updatedAt: number;
}

/**
 * Links Add to Mojo recorded, waiting to be put in the ledger: one record per finished 100-contact
 * batch, written in the transaction that finishes it (lib/sync/ledger.ts). Every ledger reader
 * applies these first, so what it reads is as if they had been put one by one at once.
 */
export interface PendingLinks {
  id?: number;
  /** When the batch finished: the links' `updatedAt`. */
  at: number;
  links: { apiContactId: string; mojoContactId: number; name: string; written: Record<string, string> }[];
}

export interface BridgeDb extends DBSchema {
  outbox: { key: number; value: OutboxEntry; indexes: { byKey: string; byJob: string; bySystem: string } };
  deadLetters: { key: number; value: DeadLetter };
  jobs: { key: string; value: AddJob };
  ledger: { key: string; value: LedgerLink; indexes: { byMojoContactId: number } };
  vault: { key: string; value: unknown };
  /** Small facts: the activities cursor, the last sync time, the delivered count. */
  meta: { key: string; value: unknown };
  /** Mojo activity ids already turned into writes (activities may arrive twice), with when. */
  seenActivities: { key: string; value: number };
  pendingLinks: { key: number; value: PendingLinks };
}

let dbPromise: Promise<IDBPDatabase<BridgeDb>> | null = null;

export function db(): Promise<IDBPDatabase<BridgeDb>> {
  dbPromise ??= openDB<BridgeDb>('mojo-bridge', 3, {
    upgrade(database, oldVersion, _newVersion, tx) {
      // Each step upgrades from the version before it, so any older database reaches the newest.
      if (oldVersion < 1) {
        const outbox = database.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
        outbox.createIndex('byKey', 'key');
        outbox.createIndex('byJob', 'jobId');
        outbox.createIndex('bySystem', 'system');
        database.createObjectStore('deadLetters', { keyPath: 'id', autoIncrement: true });
        database.createObjectStore('jobs', { keyPath: 'id' });
        database.createObjectStore('ledger', { keyPath: 'apiContactId' });
        database.createObjectStore('vault');
      }
      if (oldVersion < 2) {
        tx.objectStore('ledger').createIndex('byMojoContactId', 'mojoContactId');
        database.createObjectStore('meta');
        database.createObjectStore('seenActivities');
      }
      if (oldVersion < 3) {
        // A new store only: everything already stored stays as it is.
        database.createObjectStore('pendingLinks', { keyPath: 'id', autoIncrement: true });
      }
    },
  });
  return dbPromise;
}

export async function readMeta<T>(key: string, fallback: T): Promise<T> {
  const v = await (await db()).get('meta', key);
  return v === undefined ? fallback : (v as T);
}

export async function writeMeta(key: string, value: unknown): Promise<void> {
  await (await db()).put('meta', value, key);
}
