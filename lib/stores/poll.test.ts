import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollEvery } from './poll';

describe('pollEvery', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ticks at once, then after each interval, until the tick says stop', async () => {
    let n = 0;
    pollEvery(100, async () => ++n >= 3, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(n).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(n).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(3);
  });

  it('keeps going after a throw, and stops on abort', async () => {
    let n = 0;
    const stop = new AbortController();
    pollEvery(
      100,
      async () => {
        n++;
        throw new Error('service worker restarting');
      },
      stop.signal,
    );
    await vi.advanceTimersByTimeAsync(250);
    expect(n).toBe(3);
    stop.abort();
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(3);
  });
});
