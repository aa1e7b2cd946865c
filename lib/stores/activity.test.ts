import { describe, expect, it } from 'vitest';
import { fail, ok } from '../core/result';
import type { FailedItem, QueueHealth } from '../platform/protocol';
import { type ActivityClient, createActivityStore } from './activity';

const health = (over: Partial<QueueHealth> = {}): QueueHealth => ({
  pending: 0,
  failing: 0,
  deadLetters: 0,
  done: 0,
  lastSyncAt: null,
  ...over,
});

const item = (id: number, at: number): FailedItem => ({
  id,
  at,
  system: 'zoho',
  what: `Send to Zoho CRM #${id}`,
  reason: 'Zoho CRM needs a last name.',
});

/** A fake background: reads answer from `world`, actions are recorded. */
function fakeClient(over: Partial<ActivityClient> = {}) {
  const world = { health: health(), failed: [] as FailedItem[] };
  const calls: unknown[][] = [];
  const client: ActivityClient = {
    getQueueHealth: async () => world.health,
    getActivity: async () => [],
    getFailed: async () => world.failed,
    syncNow: async () => ok({ activities: 0 }),
    retryFailed: async (data) => {
      calls.push(['retryFailed', data]);
      return ok({ retried: 1 });
    },
    ...over,
  };
  return { client, world, calls };
}

describe('activity store', () => {
  it('reads health and the failed items, newest first', async () => {
    const { client, world } = fakeClient();
    world.failed = [item(1, 100), item(2, 300), item(3, 200)];
    const store = createActivityStore(client);
    await store.getState().refresh();
    expect(store.getState().failed.map((f) => f.id)).toEqual([2, 3, 1]);
    expect(store.getState().health).toEqual(health());
  });

  it('Sync now reports the new activities and refreshes the last sync time at once', async () => {
    const { client, world } = fakeClient({
      syncNow: async () => {
        world.health = health({ lastSyncAt: 1234 });
        return ok({ activities: 3 });
      },
    });
    const store = createActivityStore(client);
    const running = store.getState().syncNow();
    expect(store.getState().sync).toEqual({ status: 'syncing' });
    await running;
    expect(store.getState().sync).toEqual({ status: 'done', activities: 3 });
    expect(store.getState().health?.lastSyncAt).toBe(1234);
  });

  it('Sync now shows the background’s refusal, and a dead background, as errors', async () => {
    const refused = createActivityStore(
      fakeClient({ syncNow: async () => fail('mojo_first', 'Connect Mojo first.') }).client,
    );
    await refused.getState().syncNow();
    expect(refused.getState().sync).toEqual({ status: 'error', message: 'Connect Mojo first.' });

    const dead = createActivityStore(
      fakeClient({
        syncNow: async () => {
          throw new Error('Extension context invalidated.');
        },
      }).client,
    );
    await dead.getState().syncNow();
    expect(dead.getState().sync).toMatchObject({
      status: 'error',
      message: expect.stringContaining('Reload'),
    });
  });

  it('Retry asks for one item by id, Retry all for every item, then refreshes', async () => {
    const { client, world, calls } = fakeClient();
    world.failed = [item(1, 100), item(2, 200)];
    const store = createActivityStore(client);
    await store.getState().refresh();
    world.failed = [item(1, 100)];
    await store.getState().retry(2);
    expect(calls).toEqual([['retryFailed', { id: 2 }]]);
    expect(store.getState().failed.map((f) => f.id)).toEqual([1]);
    expect(store.getState().retrying).toBeNull();
    await store.getState().retry('all');
    expect(calls.at(-1)).toEqual(['retryFailed', {}]);
  });

  it('one Retry at a time; a refused one is shown', async () => {
    let release: () => void = () => undefined;
    const { client, calls } = fakeClient({
      retryFailed: async (data) => {
        calls.push(['retryFailed', data]);
        await new Promise<void>((r) => {
          release = r;
        });
        return fail('unexpected', 'Something went wrong.');
      },
    });
    const store = createActivityStore(client);
    const first = store.getState().retry(1);
    await store.getState().retry(2);
    expect(store.getState().retrying).toBe(1);
    release();
    await first;
    expect(calls).toEqual([['retryFailed', { id: 1 }]]);
    expect(store.getState().retryError).toBe('Something went wrong.');
  });
});
