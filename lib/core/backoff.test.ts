import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCap, classifyHttp, parseRetryAfter, retryDelay } from './backoff';

describe('retryDelay', () => {
  it('doubles the jitter window each attempt, from 1 s, up to 5 minutes', () => {
    const top = () => 0.999999;
    expect(retryDelay(0, { random: top })).toBe(999);
    expect(retryDelay(1, { random: top })).toBe(1999);
    expect(retryDelay(3, { random: () => 0.5 })).toBe(4000);
    expect(retryDelay(20, { random: () => 0.5 })).toBe(150_000);
    expect(retryDelay(10_000, { random: () => 0.5 })).toBe(150_000);
  });

  it('uses full jitter: a draw of 0 retries at once', () => {
    expect(retryDelay(5, { random: () => 0 })).toBe(0);
  });

  it('never waits less than Retry-After', () => {
    expect(retryDelay(0, { random: () => 0.5, retryAfterMs: 30_000 })).toBe(30_000);
    expect(retryDelay(10, { random: () => 0.5, retryAfterMs: 1000 })).toBe(150_000);
    expect(retryDelay(0, { random: () => 0.5, retryAfterMs: null })).toBe(500);
    expect(retryDelay(0, { random: () => 0.5, retryAfterMs: 10 * 60_000 })).toBe(600_000);
  });

  it('takes custom base and cap, and treats odd attempts as the first', () => {
    expect(retryDelay(2, { baseMs: 100, maxMs: 250, random: () => 0.999 })).toBe(249);
    expect(retryDelay(-3, { random: () => 0.5 })).toBe(500);
    expect(retryDelay(Number.NaN, { random: () => 0.5 })).toBe(500);
  });

  const attempt = fc.integer({ min: 0, max: 2000 });
  const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it('stays within [0, min(max, base·2^attempt)] and is a whole number of ms', () => {
    fc.assert(
      fc.property(
        attempt,
        unit,
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        (a, r, base, max) => {
          const delay = retryDelay(a, { baseMs: base, maxMs: max, random: () => r });
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(max, base * 2 ** a));
        },
      ),
    );
  });

  it('has a cap that never shrinks as attempts grow, and never passes maxMs', () => {
    fc.assert(
      fc.property(attempt, attempt, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(backoffCap(lo)).toBeLessThanOrEqual(backoffCap(hi));
        expect(backoffCap(hi)).toBeLessThanOrEqual(5 * 60_000);
      }),
    );
  });

  it('for the same draw, waits at least as long on a later attempt', () => {
    fc.assert(
      fc.property(attempt, attempt, unit, (a, b, r) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(retryDelay(lo, { random: () => r })).toBeLessThanOrEqual(retryDelay(hi, { random: () => r }));
      }),
    );
  });

  it('treats Retry-After as a floor', () => {
    fc.assert(
      fc.property(attempt, unit, fc.integer({ min: 0, max: 86_400_000 }), (a, r, after) => {
        const delay = retryDelay(a, { random: () => r, retryAfterMs: after });
        expect(delay).toBeGreaterThanOrEqual(after);
        expect(delay).toBe(Math.max(after, retryDelay(a, { random: () => r })));
      }),
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 21, 15, 0, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads the three HTTP-date forms as GMT', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 15:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Saturday, 21-Nov-26 15:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sat Nov 21 15:00:05 2026', now)).toBe(5_000);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 30))).toBe(7_000);
  });

  it('says 0 for a date already past', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
  });

  it.each([
    null,
    undefined,
    '',
    'soon',
    '-5',
    '1.5',
    '5 minutes',
    'Sat, 31 Feb 2026 15:00:00 GMT',
    'Sat, 21 Nov 2026 25:00:00 GMT',
    '2026-11-21T15:00:30Z',
  ])('gives null for %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeNull();
  });

  it('never throws and never returns a negative delay', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
        ),
        (header) => {
          const ms = parseRetryAfter(header, now);
          if (ms !== null) expect(ms).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('reads back any IMF-fixdate that Date#toUTCString writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 24 * 3600 }), (seconds) => {
        const at = now + seconds * 1000;
        expect(parseRetryAfter(new Date(at).toUTCString(), now)).toBe(seconds * 1000);
      }),
    );
  });
});

describe('classifyHttp', () => {
  it.each([
    [429, 'retry'],
    [408, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [599, 'retry'],
    [401, 'auth'],
    [400, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [409, 'permanent'],
    [422, 'permanent'],
  ] as const)('%i → %s', (status, expected) => {
    expect(classifyHttp(status)).toBe(expected);
  });
});
