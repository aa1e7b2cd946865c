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
  lastWrittenToMojo: string | null;
  lastWrittenToCrm: string | null;
  updatedAt: number;
}

interface BridgeDb extends DBSchema {
  outbox: { key: number; value: OutboxEntry; indexes: { byKey: string; byJob: string; bySystem: string } };
  deadLetters: { key: number; value: DeadLetter };
  jobs: { key: string; value: AddJob };
  ledger: { key: string; value: LedgerLink };
  vault: { key: string; value: unknown };
}

let dbPromise: Promise<IDBPDatabase<BridgeDb>> | null = null;

export function db(): Promise<IDBPDatabase<BridgeDb>> {
  dbPromise ??= openDB<BridgeDb>('mojo-bridge', 1, {
    upgrade(database) {
      const outbox = database.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      outbox.createIndex('byKey', 'key');
      outbox.createIndex('byJob', 'jobId');
      outbox.createIndex('bySystem', 'system');
      database.createObjectStore('deadLetters', { keyPath: 'id', autoIncrement: true });
      database.createObjectStore('jobs', { keyPath: 'id' });
      database.createObjectStore('ledger', { keyPath: 'apiContactId' });
      database.createObjectStore('vault');
    },
  });
  return dbPromise;
}
