import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../platform/db';
import { createJob, getJob } from './jobs';
import {
  complete,
  deadLetter,
  enqueue,
  lease,
  listDeadLetters,
  pauseSystem,
  pendingForJob,
  releaseLeases,
  resumeSystem,
  retryDeadLetter,
  retryLater,
  stats,
} from './outbox';
import { clearDb, job } from './test-db';

const entry = (key: string, payload: unknown = key, jobId: string | null = null) => ({
  system: 'mojo',
  kind: 'test',
  key,
  payload,
  jobId,
});

beforeEach(clearDb);

describe('outbox', () => {
  it('collapses queued changes to the same record into one entry with the newest payload', async () => {
    await enqueue([entry('contact:1', 'old')]);
    await enqueue([entry('contact:1', 'new'), entry('contact:2')]);
    const all = await (await db()).getAll('outbox');
    expect(all.map((e) => [e.key, e.payload])).toEqual([
      ['contact:1', 'new'],
      ['contact:2', 'contact:2'],
    ]);
  });

  it('does not overwrite an entry that is being sent; the newer change queues behind it', async () => {
    await enqueue([entry('contact:1', 'old')]);
    await lease('mojo', 10);
    await enqueue([entry('contact:1', 'new')]);
    expect((await (await db()).getAll('outbox')).map((e) => e.payload)).toEqual(['old', 'new']);
  });

  it('leases an entry to one worker until the lease expires, then to the next', async () => {
    await enqueue([entry('a')], 1_000);
    expect(await lease('mojo', 10, 1_000)).toHaveLength(1);
    expect(await lease('mojo', 10, 2_000)).toHaveLength(0);
    // The worker died: 90 s later the entry is free again.
    expect(await lease('mojo', 10, 1_000 + 91_000)).toHaveLength(1);
  });

  it('a new worker frees the leases of the one before it, keeping the lease count', async () => {
    await enqueue([entry('a')], 0);
    await lease('mojo', 1, 0);
    expect(await releaseLeases(1)).toBe(1);
    const [again] = await lease('mojo', 1, 2);
    expect(again?.leases).toBe(2);
  });

  it('leases only its own system, up to the limit, and only ready entries', async () => {
    await enqueue([entry('a'), entry('b'), entry('c'), { ...entry('z'), system: 'zoho' }], 0);
    await retryLater((await lease('mojo', 1, 0))[0]?.id ?? -1, 5_000, 'busy', 0);
    const next = await lease('mojo', 1, 10);
    expect(next.map((e) => e.key)).toEqual(['b']);
    expect((await lease('mojo', 10, 20)).map((e) => e.key)).toEqual(['c']);
    expect((await lease('mojo', 10, 6_000)).map((e) => e.key)).toEqual(['a']);
  });

  it('counts a finished entry in its run exactly once, even when two workers finish it', async () => {
    await createJob(job('j1'));
    await enqueue([entry('a', 1, 'j1')]);
    const [e] = await lease('mojo', 1);
    const effects = { job: { id: 'j1', delta: { added: 1 } } };
    expect(await complete(e?.id ?? -1, effects)).toBe(true);
    expect(await complete(e?.id ?? -1, effects)).toBe(false);
    expect((await getJob('j1'))?.added).toBe(1);
    expect(await pendingForJob('j1')).toBe(0);
  });

  it('queues what a step produced in the same transaction that finishes it', async () => {
    await enqueue([entry('read', 1, 'j1')]);
    const [e] = await lease('mojo', 1);
    await complete(e?.id ?? -1, { produced: [entry('write:1', 1, 'j1'), entry('write:2', 2, 'j1')] });
    expect(await pendingForJob('j1')).toBe(2);
  });

  it('dead-letters with the reason, counts the failure, and can put it back', async () => {
    await createJob(job('j1'));
    await enqueue([entry('a', 1, 'j1')]);
    const [e] = await lease('mojo', 1);
    await deadLetter(e?.id ?? -1, 'Mojo said no', { id: 'j1', delta: { failed: 2 } });
    const [dead] = await listDeadLetters();
    expect(dead?.reason).toBe('Mojo said no');
    expect((await getJob('j1'))?.failed).toBe(2);
    expect((await stats()).deadLetters).toBe(1);
    expect(await retryDeadLetter(dead?.id ?? -1)).toBe(true);
    expect(await lease('mojo', 10)).toHaveLength(1);
    expect((await stats()).deadLetters).toBe(0);
  });

  it('pauses a system until it is reconnected, dropping nothing', async () => {
    await enqueue([entry('a'), entry('b')]);
    await pauseSystem('mojo', 'Reconnect');
    expect(await lease('mojo', 10)).toHaveLength(0);
    expect((await stats()).paused).toBe(2);
    await resumeSystem('mojo');
    expect(await lease('mojo', 10)).toHaveLength(2);
  });

  it('says when the next waiting entry becomes ready', async () => {
    await enqueue([entry('a')], 0);
    const [e] = await lease('mojo', 1, 0);
    await retryLater(e?.id ?? -1, 4_000, 'later', 1_000);
    const s = await stats();
    expect(s.nextReadyAt).toBe(5_000);
    expect(s.failing).toBe(1);
  });
});
