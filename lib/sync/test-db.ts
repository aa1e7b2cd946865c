/** Test helpers for the sync engine over fake IndexedDB (imported by *.test.ts only). */
import { type AddJob, newJob } from '../core/job';
import { db } from '../platform/db';

export async function clearDb(): Promise<void> {
  const d = await db();
  for (const store of [
    'outbox',
    'deadLetters',
    'jobs',
    'ledger',
    'vault',
    'meta',
    'seenActivities',
    'pendingLinks',
  ] as const)
    await d.clear(store);
}

export function job(id: string): AddJob {
  return newJob({ id, crm: 'zoho', groupId: 41, groupName: 'Spring buyers', startedAt: 0, total: 2 });
}
