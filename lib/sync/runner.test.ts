import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../connectors/http';
import { db } from '../platform/db';
import { createJob, getJob } from './jobs';
import { enqueue, listDeadLetters } from './outbox';
import { type EntryHandler, OFFLINE_RECHECK_MS, OutboxRunner, type RunnerHooks } from './runner';
import { clearDb, job } from './test-db';

function hooks() {
  const seen = { authLost: [] as string[], settled: 0, logs: [] as string[] };
  const h: RunnerHooks = {
    authLost: async (system) => {
      seen.authLost.push(system);
    },
    settled: async () => {
      seen.settled++;
    },
    log: (_level, text) => seen.logs.push(text),
    wakeAt: () => undefined,
  };
  return { seen, h };
}

/** Every runner a test made, stopped after it: a leftover's wake-up would work the next test's entries. */
const made: OutboxRunner[] = [];

function runnerWith(handler: EntryHandler, concurrency = 2) {
  const { seen, h } = hooks();
  const r = new OutboxRunner({ test: handler }, () => ({ concurrency, perSecond: 100 }), ['mojo'], h);
  made.push(r);
  return { r, seen };
}

async function drain(r: OutboxRunner, until: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await until()); i++) {
    r.kick();
    await new Promise((res) => setTimeout(res, 10));
    await r.idle();
  }
}

const entries = (n: number, jobId: string | null = null) =>
  Array.from({ length: n }, (_, i) => ({ system: 'mojo', kind: 'test', key: `k${i}`, payload: i, jobId }));

beforeEach(clearDb);
afterEach(async () => {
  for (const r of made.splice(0)) {
    r.stop();
    await r.idle();
  }
});

describe('OutboxRunner', () => {
  it('delivers every entry once, never more than the concurrency cap at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const delivered: unknown[] = [];
    const { r, seen } = runnerWith(
      {
        async run(e) {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((res) => setTimeout(res, 5));
          inFlight--;
          delivered.push(e.payload);
          return {};
        },
      },
      3,
    );
    await enqueue(entries(20));
    await drain(r, async () => (await (await db()).count('outbox')) === 0);
    expect(delivered.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBeLessThanOrEqual(3);
    expect(seen.settled).toBe(20);
  });

  it('retries a 5xx later with backoff, keeping the entry', async () => {
    const { r } = runnerWith({
      async run() {
        throw new ApiError({ system: 'mojo', kind: 'retry', status: 503, userMessage: 'Mojo is busy' });
      },
    });
    await enqueue(entries(1));
    r.kick();
    await drain(r, async () => ((await (await db()).getAll('outbox'))[0]?.attempts ?? 0) > 0);
    const [e] = await (await db()).getAll('outbox');
    expect(e?.attempts).toBe(1);
    expect(e?.lastError).toBe('Mojo is busy');
    expect(e?.notBefore).toBeGreaterThanOrEqual(Date.now() - 50);
  });

  it('holds every request to a system until its Retry-After has passed', async () => {
    const { r } = runnerWith({
      async run() {
        throw new ApiError({
          system: 'mojo',
          kind: 'retry',
          status: 429,
          retryAfterMs: 60_000,
          userMessage: 'Slow down',
        });
      },
    });
    await enqueue(entries(1));
    await drain(r, async () => ((await (await db()).getAll('outbox'))[0]?.attempts ?? 0) > 0);
    const [e] = await (await db()).getAll('outbox');
    expect(e?.notBefore).toBeGreaterThanOrEqual(Date.now() + 55_000);
  });

  it('dead-letters a permanent 4xx with its reason and counts it in the run', async () => {
    await createJob(job('j1'));
    const { r, seen } = runnerWith({
      async run() {
        throw new ApiError({ system: 'mojo', kind: 'permanent', status: 400, userMessage: 'Bad contact' });
      },
      onGiveUp: (e, reason) => ({
        id: e.jobId ?? '',
        delta: { failed: 1, failures: [{ name: 'X', reason }] },
      }),
    });
    await enqueue(entries(1, 'j1'));
    await drain(r, async () => (await listDeadLetters()).length > 0);
    expect((await listDeadLetters())[0]?.reason).toBe('Bad contact');
    expect((await getJob('j1'))?.failures).toEqual([{ name: 'X', reason: 'Bad contact' }]);
    expect(seen.settled).toBe(1);
  });

  it('waits while offline, spending no attempt, and delivers when back online', async () => {
    let online = false;
    const delivered: unknown[] = [];
    const { r } = runnerWith({
      async run(e) {
        delivered.push(e.payload);
        return {};
      },
    });
    r.isOnline = () => online;
    await enqueue(entries(2));
    r.kick();
    await new Promise((res) => setTimeout(res, 30));
    expect(delivered).toEqual([]);
    expect((await (await db()).getAll('outbox')).every((e) => e.attempts === 0 && e.leaseUntil === 0)).toBe(
      true,
    );
    online = true;
    await drain(r, async () => (await (await db()).count('outbox')) === 0);
    expect(delivered).toHaveLength(2);
  });

  it('notices the network is back by itself, with no "online" event or kick', async () => {
    let online = false;
    const delivered: unknown[] = [];
    // Its own system as well, and no kick: only its recheck timer may find the network back.
    const { h } = hooks();
    const r = new OutboxRunner(
      {
        test: {
          async run(e) {
            delivered.push(e.payload);
            return {};
          },
        },
      },
      () => ({ concurrency: 2, perSecond: 100 }),
      ['cinc'],
      h,
    );
    made.push(r);
    r.isOnline = () => online;
    await enqueue([{ system: 'cinc', kind: 'test', key: 'offline-1', payload: 1, jobId: null }]);
    r.kick();
    await new Promise((res) => setTimeout(res, 30));
    online = true;
    // No kick: only the runner's own recheck can find the network back.
    for (let waited = 0; delivered.length === 0 && waited < OFFLINE_RECHECK_MS + 2_000; waited += 50) {
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(delivered).toEqual([1]);
  });

  it('pauses the system and asks for a reconnect when auth is lost, dropping nothing', async () => {
    const { r, seen } = runnerWith({
      async run() {
        throw new ApiError({ system: 'zoho', kind: 'auth', status: 401, userMessage: 'Reconnect Zoho' });
      },
    });
    await enqueue(entries(3));
    await drain(r, async () => seen.authLost.length > 0);
    const all = await (await db()).getAll('outbox');
    expect(all).toHaveLength(3);
    expect(all.every((e) => e.paused)).toBe(true);
  });
});
