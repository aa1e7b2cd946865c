/**
 * What the background has been doing, and the two things a person can do about it: the popup's
 * "Queue and activity" section. Outbox health, the failed writes (each retryable) and the recent
 * log are refreshed by polling while the popup is open; Sync now and Retry are the only actions.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ActivityEntry, FailedItem, QueueHealth } from '../platform/protocol';
import { type BackgroundClient, backgroundClient, unreachable } from './client';

/** The popup shows a glance, not the whole log: the full detail stays in the background. */
export const MAX_ACTIVITY_SHOWN = 20;

export type SyncState =
  | { status: 'idle' }
  | { status: 'syncing' }
  | { status: 'done'; activities: number }
  | { status: 'error'; message: string };

/** Which Retry is running: one failed item by id, or all of them. */
export type RetryTarget = number | 'all';

export interface ActivityState {
  health: QueueHealth | null;
  /** Newest first, at most MAX_ACTIVITY_SHOWN. */
  entries: ActivityEntry[];
  /** Writes that gave up (dead letters), newest first. */
  failed: FailedItem[];
  /** Reading the background failed (it is restarting, or the extension was reloaded). */
  error: string | null;
  sync: SyncState;
  retrying: RetryTarget | null;
  /** A Retry the background refused, for the alert under the failed list. */
  retryError: string | null;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
  retry(target: RetryTarget): Promise<void>;
}

export type ActivityClient = Pick<
  BackgroundClient,
  'getQueueHealth' | 'getActivity' | 'getFailed' | 'syncNow' | 'retryFailed'
>;
export type ActivityStore = UseBoundStore<StoreApi<ActivityState>>;

/** Newest first regardless of how the background orders its log. */
export function latestEntries(entries: readonly ActivityEntry[], max = MAX_ACTIVITY_SHOWN): ActivityEntry[] {
  return [...entries].sort((a, b) => b.at - a.at).slice(0, max);
}

export function newestFailedFirst(items: readonly FailedItem[]): FailedItem[] {
  return [...items].sort((a, b) => b.at - a.at || b.id - a.id);
}

export function createActivityStore(client: ActivityClient = backgroundClient): ActivityStore {
  return create<ActivityState>()((set, get) => ({
    health: null,
    entries: [],
    failed: [],
    error: null,
    sync: { status: 'idle' },
    retrying: null,
    retryError: null,

    async refresh() {
      try {
        const [health, entries, failed] = await Promise.all([
          client.getQueueHealth(),
          client.getActivity(),
          client.getFailed(),
        ]);
        set({ health, entries: latestEntries(entries), failed: newestFailedFirst(failed), error: null });
      } catch (cause) {
        set({ error: unreachable(cause).message });
      }
    },

    async syncNow() {
      if (get().sync.status === 'syncing') return;
      set({ sync: { status: 'syncing' } });
      let sync: SyncState;
      try {
        const result = await client.syncNow();
        sync = result.ok
          ? { status: 'done', activities: result.value.activities }
          : { status: 'error', message: result.error.message };
      } catch (cause) {
        sync = { status: 'error', message: unreachable(cause).message };
      }
      set({ sync });
      // Show the new "Last sync" time and the queue it filled without waiting for the next poll.
      await get().refresh();
    },

    async retry(target) {
      if (get().retrying !== null) return;
      set({ retrying: target, retryError: null });
      let retryError: string | null = null;
      try {
        const result = await client.retryFailed(target === 'all' ? {} : { id: target });
        if (!result.ok) retryError = result.error.message;
      } catch (cause) {
        retryError = unreachable(cause).message;
      }
      set({ retrying: null, retryError });
      await get().refresh();
    },
  }));
}

export const useActivity = createActivityStore();
