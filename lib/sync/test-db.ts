/** Test helpers for the sync engine over fake IndexedDB (imported by *.test.ts only). */
import type { AddJob } from '../core/job';
import { db } from '../platform/db';

export async function clearDb(): Promise<void> {
  const d = await db();
  for (const store of ['outbox', 'deadLetters', 'jobs', 'ledger', 'vault'] as const) await d.clear(store);
}

export function job(id: string): AddJob {
  return {
    id,
    crm: 'zoho',
    phase: 'sending',
    groupId: 41,
    groupName: 'Spring buyers',
    total: 2,
    read: 0,
    added: 0,
    updated: 0,
    moved: 0,
    failed: 0,
    excluded: 0,
    failures: [],
    error: null,
    dialerUrl: null,
    startedAt: 0,
    finishedAt: null,
  };
}
