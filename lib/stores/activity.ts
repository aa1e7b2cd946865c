/**
 * What the background has been doing: outbox health and the recent activity log, for the popup's
 * "Queue and activity" section. Read-only; refreshed by polling while the popup is open.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ActivityEntry, QueueHealth } from '../platform/protocol';
import { type BackgroundClient, backgroundClient, unreachable } from './client';

/** The popup shows a glance, not the whole log: the full detail stays in the background. */
export const MAX_ACTIVITY_SHOWN = 20;

export interface ActivityState {
  health: QueueHealth | null;
  /** Newest first, at most MAX_ACTIVITY_SHOWN. */
  entries: ActivityEntry[];
  error: string | null;
  refresh(): Promise<void>;
}

export type ActivityClient = Pick<BackgroundClient, 'getQueueHealth' | 'getActivity'>;
export type ActivityStore = UseBoundStore<StoreApi<ActivityState>>;

/** Newest first regardless of how the background orders its log. */
export function latestEntries(entries: readonly ActivityEntry[], max = MAX_ACTIVITY_SHOWN): ActivityEntry[] {
  return [...entries].sort((a, b) => b.at - a.at).slice(0, max);
}

export function createActivityStore(client: ActivityClient = backgroundClient): ActivityStore {
  return create<ActivityState>()((set) => ({
    health: null,
    entries: [],
    error: null,
    async refresh() {
      try {
        const [health, entries] = await Promise.all([client.getQueueHealth(), client.getActivity()]);
        set({ health, entries: latestEntries(entries), error: null });
      } catch (cause) {
        set({ error: unreachable(cause).message });
      }
    },
  }));
}

export const useActivity = createActivityStore();
