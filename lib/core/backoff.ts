/**
 * When to try a failed request again, and whether to. Exponential backoff with full jitter spreads
 * the retries of many queued writes so they do not hit a rate-limited API in lockstep; a server's
 * Retry-After is a floor we never undercut. Zoho documents no Retry-After, so the backoff alone
 * must be polite enough.
 */

export interface RetryDelayOptions {
  baseMs?: number;
  maxMs?: number;
  /** From the server's Retry-After (see `parseRetryAfter`); null/undefined when it sent none. */
  retryAfterMs?: number | null;
  /** Injected so tests can pin the jitter. Must return a number in [0, 1). */
  random?: () => number;
}

export const DEFAULT_BASE_MS = 1000;
export const DEFAULT_MAX_MS = 5 * 60_000;

/** The ceiling of the jitter window for `attempt` (0 = the first retry). */
export function backoffCap(attempt: number, baseMs = DEFAULT_BASE_MS, maxMs = DEFAULT_MAX_MS): number {
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  // 2 ** n overflows to Infinity for large n; min() then yields maxMs, which is what we want.
  return Math.max(0, Math.min(maxMs, baseMs * 2 ** n));
}

/** Milliseconds to wait before retry number `attempt` (0-based). */
export function retryDelay(attempt: number, opts: RetryDelayOptions = {}): number {
  const {
    baseMs = DEFAULT_BASE_MS,
    maxMs = DEFAULT_MAX_MS,
    retryAfterMs = null,
    random = Math.random,
  } = opts;
  const r = Math.min(Math.max(random(), 0), 1);
  const jittered = Math.floor(r * backoffCap(attempt, baseMs, maxMs));
  const floor =
    retryAfterMs != null && Number.isFinite(retryAfterMs) ? Math.max(0, Math.ceil(retryAfterMs)) : 0;
  return Math.max(jittered, floor);
}

const DAYS = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAYS = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// The three HTTP-date forms of RFC 9110 §5.6.7. Parsed by hand because Date.parse accepts almost
// anything ("5" is a date in V8) and reads the asctime form as local time.
const IMF_FIXDATE = new RegExp(`^${DAYS}, (\\d{1,2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
const RFC850_DATE = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
const ASCTIME_DATE = new RegExp(`^${DAYS} ${MONTH} (\\d{1,2}) ${TIME} (\\d{4})$`, 'i');

/**
 * Retry-After as milliseconds from `now` (never negative), or null when absent or unreadable.
 * Accepts delta-seconds ("120") and an HTTP-date.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (header == null) return null;
  // Collapsing spaces also covers asctime's padded day ("Nov  6").
  const value = header.trim().replace(/\s+/g, ' ');
  if (/^\d+$/.test(value)) return Number(value) * 1000;

  let parts: { day: string; month: string; year: number; h: string; m: string; s: string } | null = null;
  const imf = IMF_FIXDATE.exec(value);
  const rfc850 = imf ? null : RFC850_DATE.exec(value);
  const asctime = imf || rfc850 ? null : ASCTIME_DATE.exec(value);
  if (imf) {
    const [, day = '', month = '', year = '', h = '', m = '', s = ''] = imf;
    parts = { day, month, year: Number(year), h, m, s };
  } else if (rfc850) {
    const [, day = '', month = '', yy = '', h = '', m = '', s = ''] = rfc850;
    parts = { day, month, year: twoDigitYear(Number(yy), now), h, m, s };
  } else if (asctime) {
    const [, month = '', day = '', h = '', m = '', s = '', year = ''] = asctime;
    parts = { day, month, year: Number(year), h, m, s };
  }
  if (!parts) return null;

  const monthIndex = MONTHS.indexOf(parts.month.toLowerCase());
  const [day, h, m, s] = [parts.day, parts.h, parts.m, parts.s].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const at = Date.UTC(parts.year, monthIndex, day, h, m, s);
  // Date.UTC rolls "31 Feb" into March; a date that does not round-trip was not a real date.
  const check = new Date(at);
  if (check.getUTCDate() !== day || check.getUTCHours() !== h || check.getUTCMinutes() !== m) {
    return null;
  }
  return Math.max(0, at - now);
}

/** RFC 9110: a two-digit year more than 50 years ahead means the most recent past such year. */
function twoDigitYear(yy: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = Math.floor(current / 100) * 100 + yy;
  if (year > current + 50) year -= 100;
  return year;
}

export type HttpFailure = 'retry' | 'auth' | 'permanent';

/**
 * What a failed HTTP status means for the outbox: `retry` later (throttled, timed out, server
 * trouble), `auth` (refresh the token once, then ask the user to reconnect), or `permanent`
 * (the request itself is wrong: dead-letter it with the reason; sending it again cannot help).
 */
export function classifyHttp(status: number): HttpFailure {
  if (status === 429 || status === 408 || (status >= 500 && status <= 599)) return 'retry';
  if (status === 401) return 'auth';
  // Other 4xx, and anything outside the error range that reached here (a caller bug), would
  // fail identically on every retry.
  return 'permanent';
}
