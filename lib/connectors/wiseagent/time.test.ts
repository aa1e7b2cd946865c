import { describe, expect, it } from 'vitest';
import { formatArizona, formatUtc, parseWiseAgentTime } from './time';

describe('Arizona time (UTC−7 all year, no daylight saving)', () => {
  it('formats the call list date in Arizona time, summer and winter alike', () => {
    expect(formatArizona(Date.UTC(2026, 10, 21, 16, 30))).toBe('2026-11-21 09:30');
    expect(formatArizona(Date.UTC(2026, 6, 4, 3, 5))).toBe('2026-07-03 20:05');
  });

  it('formats UTC parameters as the docs write them (YYYY-MM-DD HH:mm)', () => {
    expect(formatUtc(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02 03:04');
  });

  it('reads a time without a zone as Arizona time, or as UTC for a UTC field', () => {
    expect(parseWiseAgentTime('2026-11-21 09:30')).toBe(Date.UTC(2026, 10, 21, 16, 30));
    expect(parseWiseAgentTime('2026-11-21T09:30:15')).toBe(Date.UTC(2026, 10, 21, 16, 30, 15));
    expect(parseWiseAgentTime('2026-11-21 09:30:00', 'utc')).toBe(Date.UTC(2026, 10, 21, 9, 30));
    expect(parseWiseAgentTime('11/21/2026 9:30:00 AM')).toBe(Date.UTC(2026, 10, 21, 16, 30));
    expect(parseWiseAgentTime('11/21/2026 12:05 PM')).toBe(Date.UTC(2026, 10, 21, 19, 5));
    expect(parseWiseAgentTime('11/21/2026 12:05 AM')).toBe(Date.UTC(2026, 10, 21, 7, 5));
  });

  it('honours a zone that is given', () => {
    expect(parseWiseAgentTime('2026-11-21T09:30:00-07:00')).toBe(Date.UTC(2026, 10, 21, 16, 30));
    expect(parseWiseAgentTime('2026-11-21T16:30:00Z')).toBe(Date.UTC(2026, 10, 21, 16, 30));
    expect(parseWiseAgentTime('2026-11-21T18:30:00+0200')).toBe(Date.UTC(2026, 10, 21, 16, 30));
    expect(parseWiseAgentTime('2026-11-21T16:30:00.123Z')).toBe(Date.UTC(2026, 10, 21, 16, 30));
  });

  it('is not fooled by dates that do not exist or by words', () => {
    for (const bad of [
      '2026-02-31 10:00',
      '2026-11-21 24:00',
      '13/01/2026',
      '11/21/2026 13:00 PM',
      'soon',
      '',
    ]) {
      expect(parseWiseAgentTime(bad), bad).toBeNull();
    }
  });
});
