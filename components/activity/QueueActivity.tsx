/**
 * A glance at the background's work and the two things a person can do about it: how much is
 * waiting, failing, failed and done; when Mojo was last read (with Sync now); the writes that gave
 * up, each with Retry; and what happened lately. Item descriptions, reasons and log text can quote
 * CRM data, so all of it is rendered as text only.
 */
import { Fragment, useId } from 'react';
import type { ActivityEntry, FailedItem, QueueHealth } from '../../lib/platform/protocol';
import type { RetryTarget, SyncState } from '../../lib/stores/activity';
import { keyed } from '../keys';
import { formatActivityTime, healthParts, lastSyncText, syncedText } from './words';
import '../ui.css';
import './activity.css';

export interface QueueActivityProps {
  health: QueueHealth | null;
  /** Newest first; the caller decides how many. */
  entries: readonly ActivityEntry[];
  /** Reading the background failed. */
  error: string | null;
  failed?: readonly FailedItem[];
  sync?: SyncState;
  retrying?: RetryTarget | null;
  retryError?: string | null;
  onSyncNow?(): void;
  onRetry?(target: RetryTarget): void;
  /** For relative times; the popup re-renders on every poll, so "now" moves along with it. */
  now?: number;
}

const LEVEL_WORDS: Record<ActivityEntry['level'], string> = { info: 'Info', warn: 'Warning', error: 'Error' };

const HEALTH_CLASS: Record<string, string | undefined> = {
  Failing: 'queue-health__warn',
  Failed: 'queue-health__bad',
};

function HealthLine({ health }: { health: QueueHealth }) {
  const parts = healthParts(health);
  return (
    <p className="queue-health">
      {parts.map((part, i) => (
        <Fragment key={part.label}>
          {i > 0 && <span> · </span>}
          <span className={part.value > 0 ? HEALTH_CLASS[part.label] : undefined}>
            {`${part.label} ${part.value.toLocaleString('en-US')}`}
          </span>
        </Fragment>
      ))}
    </p>
  );
}

function FailedList({
  failed,
  retrying,
  onRetry,
}: {
  failed: readonly FailedItem[];
  retrying: RetryTarget | null;
  onRetry(target: RetryTarget): void;
}) {
  const headingId = useId();
  const itemId = useId();
  return (
    <div className="failed">
      <div className="failed__header">
        <h3 id={headingId} className="failed__title">
          Failed
        </h3>
        {failed.length > 1 && (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={retrying !== null}
            aria-busy={retrying === 'all' || undefined}
            onClick={() => onRetry('all')}
          >
            Retry all
          </button>
        )}
      </div>
      <ul className="failed__list" aria-labelledby={headingId}>
        {failed.map((item) => {
          // The Retry buttons all share one name; the description says which item each one is.
          const describedBy = `${itemId}-${item.id}`;
          return (
            <li key={item.id} className="failed__item">
              <span id={describedBy} className="failed__text">
                <span className="failed__what">{item.what}</span> — {item.reason}
              </span>
              <button
                type="button"
                className="button button--secondary button--small"
                aria-describedby={describedBy}
                disabled={retrying !== null}
                aria-busy={retrying === item.id || undefined}
                onClick={() => onRetry(item.id)}
              >
                Retry
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function QueueActivity({
  health,
  entries,
  error,
  failed = [],
  sync = { status: 'idle' },
  retrying = null,
  retryError = null,
  onSyncNow,
  onRetry,
  now = Date.now(),
}: QueueActivityProps) {
  const headingId = useId();
  const syncing = sync.status === 'syncing';
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="queue-header">
        <h2 id={headingId} className="panel__title">
          Queue and activity
        </h2>
        {onSyncNow && (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={syncing}
            aria-busy={syncing || undefined}
            onClick={onSyncNow}
          >
            {syncing ? 'Syncing…' : 'Sync now'}
          </button>
        )}
      </div>
      {health ? (
        <>
          <HealthLine health={health} />
          <p className="muted">{lastSyncText(health.lastSyncAt, now)}</p>
        </>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
      {/* Always present so what appears in it is announced. */}
      <p className="queue-sync" role="status">
        {sync.status === 'syncing' && 'Syncing…'}
        {sync.status === 'done' && syncedText(sync.activities)}
      </p>
      {sync.status === 'error' && (
        <p className="alert" role="alert">
          {sync.message}
        </p>
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {failed.length > 0 && onRetry && <FailedList failed={failed} retrying={retrying} onRetry={onRetry} />}
      {retryError && (
        <p className="alert" role="alert">
          {retryError}
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
