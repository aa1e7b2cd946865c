/**
 * The words and times the "Queue and activity" section shows, as pure functions so they are
 * tested without a browser.
 */
import type { QueueHealth } from '../../lib/platform/protocol';

const numberFormat = new Intl.NumberFormat('en-US');
const count = (n: number): string => numberFormat.format(n);

/** "Pending 2 · Failing 0 · Failed 1 · Done 40": the outbox at a glance, in a fixed order. */
export function healthParts(health: QueueHealth): { label: string; value: number }[] {
  return [
    { label: 'Pending', value: health.pending },
    { label: 'Failing', value: health.failing },
    { label: 'Failed', value: health.deadLetters },
    { label: 'Done', value: health.done },
  ];
}

export function healthText(health: QueueHealth): string {
  return healthParts(health)
    .map((p) => `${p.label} ${count(p.value)}`)
    .join(' · ');
}

/** Today's entries show the time only; older ones add the date so "09:14" is never ambiguous. */
export function formatActivityTime(at: number, now: Date = new Date()): string {
  const when = new Date(at);
  const time = when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (when.toDateString() === now.toDateString()) return time;
  return `${when.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

/**
 * "just now", "2 min ago", "3 h ago", then a date: the popup refreshes every 2 s, so a coarse
 * relative time stays true without ticking. A time in the future (a skewed clock) is "just now".
 */
export function relativeTime(at: number, now: number = Date.now()): string {
  const seconds = Math.floor((now - at) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return formatActivityTime(at, new Date(now));
}

export function lastSyncText(lastSyncAt: number | null, now: number = Date.now()): string {
  return lastSyncAt === null ? 'Not synced yet' : `Last sync: ${relativeTime(lastSyncAt, now)}`;
}

export function syncedText(activities: number): string {
  return `Synced: ${count(activities)} new ${activities === 1 ? 'activity' : 'activities'}`;
}
