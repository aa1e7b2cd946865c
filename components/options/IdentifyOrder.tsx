/**
 * How an existing record is found when no link exists yet: the keys to try, in order. At least one
 * stays on (with none, every contact would be a new record). Keys that are off keep their place
 * in the list while the page is open, so turning one back on puts it where it was.
 */
import { useEffect, useRef, useState } from 'react';
import type { IdentifyBy } from '../../lib/core/rules/model';
import { IDENTIFY_ALL, IDENTIFY_LABELS } from './words';

export interface IdentifyOrderProps {
  saved: readonly IdentifyBy[];
  /** The keys this CRM can find records by (default: all). Others are neither shown nor saved. */
  available?: readonly IdentifyBy[];
  save(identify: IdentifyBy[]): string | null;
}

const fullOrder = (on: readonly IdentifyBy[], previous: readonly IdentifyBy[] = IDENTIFY_ALL) => [
  ...on,
  ...previous.filter((k) => !on.includes(k)),
];

export function IdentifyOrder({ saved: stored, available = IDENTIFY_ALL, save: store }: IdentifyOrderProps) {
  const saved = stored.filter((k) => available.includes(k));
  const save = (identify: IdentifyBy[]) => store(identify.filter((k) => available.includes(k)));
  const [order, setOrder] = useState<IdentifyBy[]>(() => fullOrder(saved, available));
  const [error, setError] = useState<string | null>(null);
  /** After a move, focus follows the item moved (its button may now be disabled at the end). */
  const [moved, setMoved] = useState<{ key: IdentifyBy; by: -1 | 1 } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const on = new Set(saved);
  const savedKey = saved.join(',');

  // Another tab changed the order: follow it unless it is what this list already says.
  useEffect(() => {
    const keys = savedKey.split(',') as IdentifyBy[];
    setOrder((current) =>
      current.filter((k) => keys.includes(k)).join(',') === savedKey
        ? current
        : fullOrder(
            keys.filter((k) => k.length > 0),
            current,
          ),
    );
  }, [savedKey]);

  useEffect(() => {
    if (moved === null) return;
    const same = buttons.current.get(`${moved.key}:${moved.by}`);
    const other = buttons.current.get(`${moved.key}:${-moved.by}`);
    (same && !same.disabled ? same : other)?.focus();
    setMoved(null);
  }, [moved]);

  const commit = (nextOrder: IdentifyBy[], nextOn: Set<IdentifyBy>) => {
    setOrder(nextOrder);
    setError(save(nextOrder.filter((k) => nextOn.has(k))));
  };

  const move = (i: number, by: -1 | 1) => {
    const next = [...order];
    const [k] = next.splice(i, 1);
    if (k === undefined) return;
    next.splice(i + by, 0, k);
    commit(next, on);
    setMoved({ key: k, by });
  };

  const toggle = (k: IdentifyBy, checked: boolean) => {
    const next = new Set(on);
    if (checked) next.add(k);
    else next.delete(k);
    if (next.size === 0) return;
    commit(order, next);
  };

  return (
    <fieldset className="group">
      <legend className="group__title">Find an existing record by</legend>
      <p className="field__help">
        Tried in this order, only while a record has no link yet. A key that finds two records puts the
        contact in “needs review”: Mojo Bridge never guesses.
      </p>
      <ol className="identify">
        {order.map((k, i) => {
          const label = IDENTIFY_LABELS[k];
          const last = on.has(k) && on.size === 1;
          return (
            <li key={k} className="identify__item">
              <label className="choice">
                <input
                  type="checkbox"
                  checked={on.has(k)}
                  // The last key on can't be turned off: with none, nothing could be matched.
                  disabled={last}
                  title={last ? 'At least one stays on.' : undefined}
                  onChange={(e) => toggle(k, e.target.checked)}
                />
                {label}
              </label>
              <span className="identify__moves">
                <button
                  type="button"
                  className="button button--secondary button--small"
                  ref={(el) => {
                    if (el) buttons.current.set(`${k}:-1`, el);
                  }}
                  aria-label={`Move ${label} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  ref={(el) => {
                    if (el) buttons.current.set(`${k}:1`, el);
                  }}
                  aria-label={`Move ${label} down`}
                  disabled={i === order.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="field__help">At least one stays on.</p>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
