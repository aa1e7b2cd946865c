/**
 * The activity log the popup shows: what happened, newest first, with the technical detail kept
 * beside the user-facing text. Bounded, so it never grows without limit.
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { ActivityEntry } from './protocol';

const MAX_ENTRIES = 200;

const activityItem = storage.defineItem<ActivityEntry[]>('local:activity', { fallback: [] });

let writing: Promise<void> = Promise.resolve();

/** Appends are serialised: two quick log lines must not overwrite each other. */
export function logActivity(level: ActivityEntry['level'], text: string, detail?: string): void {
  const entry: ActivityEntry =
    detail === undefined ? { at: Date.now(), level, text } : { at: Date.now(), level, text, detail };
  writing = writing
    .then(async () => {
      const current = await readActivity();
      await activityItem.setValue([entry, ...current].slice(0, MAX_ENTRIES));
    })
    .catch(() => undefined);
}

export async function readActivity(): Promise<ActivityEntry[]> {
  const parsed = z.array(ActivityEntry).safeParse(await activityItem.getValue());
  return parsed.success ? parsed.data : [];
}
