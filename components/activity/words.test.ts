import { describe, expect, it } from 'vitest';
import { healthText, lastSyncText, relativeTime, syncedText } from './words';

const NOW = Date.UTC(2026, 10, 21, 15, 0, 0);
const ago = (s: number) => NOW - s * 1000;

describe('healthText', () => {
  it('names all four counts in a fixed order', () => {
    expect(healthText({ pending: 2, failing: 0, deadLetters: 1, done: 1234, lastSyncAt: null })).toBe(
      'Pending 2 · Failing 0 · Failed 1 · Done 1,234',
    );
  });
});

describe('relativeTime', () => {
  it('is coarse: just now, minutes, hours', () => {
    expect(relativeTime(ago(0), NOW)).toBe('just now');
    expect(relativeTime(ago(59), NOW)).toBe('just now');
    expect(relativeTime(ago(60), NOW)).toBe('1 min ago');
    expect(relativeTime(ago(150), NOW)).toBe('2 min ago');
    expect(relativeTime(ago(59 * 60 + 59), NOW)).toBe('59 min ago');
    expect(relativeTime(ago(3600), NOW)).toBe('1 h ago');
    expect(relativeTime(ago(23 * 3600), NOW)).toBe('23 h ago');
  });

  it('gives a date after a day, and treats a future time as now', () => {
    expect(relativeTime(ago(3 * 86_400), NOW)).toMatch(/\d/);
    expect(relativeTime(ago(3 * 86_400), NOW)).not.toContain('ago');
    expect(relativeTime(NOW + 5_000, NOW)).toBe('just now');
  });
});

describe('lastSyncText', () => {
  it('says when nothing was synced yet', () => {
    expect(lastSyncText(null, NOW)).toBe('Not synced yet');
    expect(lastSyncText(ago(120), NOW)).toBe('Last sync: 2 min ago');
  });
});

describe('syncedText', () => {
  it('counts new activities', () => {
    expect(syncedText(0)).toBe('Synced: 0 new activities');
    expect(syncedText(1)).toBe('Synced: 1 new activity');
    expect(syncedText(3)).toBe('Synced: 3 new activities');
  });
});
