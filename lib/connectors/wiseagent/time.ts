/**
 * Wise Agent's clock rules (crm-facts.md): its dates are Arizona time unless a field or parameter
 * names a UTC variant (`DateUpdatedUTC`). Arizona keeps Mountain Standard Time all year (no daylight
 * saving), so it is a fixed UTC−07:00 and needs no time-zone database.
 */

const ARIZONA_OFFSET_MS = -7 * 3_600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD hh:mm` in Arizona time, as the call list's `NextContactDate` takes it (24-hour clock). */
export function formatArizona(ms: number): string {
  const d = new Date(ms + ARIZONA_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * `YYYY-MM-DD HH:mm` in UTC (24-hour), for the parameters whose name ends in UTC, as the docs
 * write `DateUpdatedUTC`. Cut to the minute: a "since" that is a little earlier only reads more.
 */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

// 2026-11-21T09:04:05, 2026-11-21 09:04, with optional fraction and zone.
const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
// 11/21/2026 9:04:05 AM: what classic ASP writes for a date in the US locale.
const US_LIKE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

/**
 * A Wise Agent date/time as epoch ms, or null when it is not one. A value with a zone (`Z`,
 * `-07:00`) means what it says; one without is Arizona time unless `zone` says it is a UTC field.
 */
export function parseWiseAgentTime(value: string, zone: 'arizona' | 'utc' = 'arizona'): number | null {
  const text = value.trim();
  const offset = zone === 'utc' ? 0 : ARIZONA_OFFSET_MS;
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', tz] = iso;
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (!validWall(wall, Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s))) return null;
    if (tz === undefined) return wall - offset;
    if (tz.toUpperCase() === 'Z') return wall;
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    return wall - sign * minutes * 60_000;
  }
  const us = US_LIKE.exec(text);
  if (us) {
    const [, mo, d, y, h = '0', mi = '0', s = '0', ampm] = us;
    let hour = Number(h);
    if (ampm !== undefined) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
    }
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s));
    if (!validWall(wall, Number(y), Number(mo), Number(d), hour, Number(mi), Number(s))) return null;
    return wall - offset;
  }
  return null;
}

/** Date.UTC rolls 2026-02-31 over into March; a calendar date that does not exist is not a date. */
function validWall(
  wall: number,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
): boolean {
  const back = new Date(wall);
  return (
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s
  );
}
