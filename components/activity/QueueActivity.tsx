/**
 * A glance at the background's work: how much is waiting in the outbox, and what happened lately.
 * Log text can quote CRM data, so it is rendered as text only.
 */
import { useId } from 'react';
import type { ActivityEntry, QueueHealth } from '../../lib/platform/protocol';
import { keyed } from '../keys';
import '../ui.css';

export interface QueueActivityProps {
  health: QueueHealth | null;
  /** Newest first; the caller decides how many. */
  entries: readonly ActivityEntry[];
  error: string | null;
}

const LEVEL_WORDS: Record<ActivityEntry['level'], string> = { info: 'Info', warn: 'Warning', error: 'Error' };

/** Today's entries show the time only; older ones add the date so "09:14" is never ambiguous. */
export function formatActivityTime(at: number, now: Date = new Date()): string {
  const when = new Date(at);
  const time = when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (when.toDateString() === now.toDateString()) return time;
  return `${when.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

export function QueueActivity({ health, entries, error }: QueueActivityProps) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        Queue and activity
      </h2>
      {health ? (
        <p className="queue-health">
          <span>Pending {health.pending}</span>
          <span> · </span>
          <span className={health.failing > 0 ? 'queue-health__warn' : undefined}>
            Failing {health.failing}
          </span>
          <span> · </span>
          <span className={health.deadLetters > 0 ? 'queue-health__bad' : undefined}>
            Failed {health.deadLetters}
          </span>
        </p>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {entries.length === 0 ? (
        health && <p className="muted">No activity yet.</p>
      ) : (
        <ol className="activity" aria-label="Recent activity">
          {keyed(entries, (e) => `${e.at}:${e.level}:${e.text}`).map(({ key, item: entry }) => (
            <li key={key} className={`activity__item activity__item--${entry.level}`} title={entry.detail}>
              <time className="activity__time" dateTime={new Date(entry.at).toISOString()}>
                {formatActivityTime(entry.at)}
              </time>
              <span className="activity__text">
                {entry.level !== 'info' && (
                  <span className="visually-hidden">{LEVEL_WORDS[entry.level]}: </span>
                )}
                {entry.text}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
