/**
 * Picks the Mojo group contacts go into: an existing group, or a new one by name. Controlled; the
 * dialog owns the selection so it can build the `GroupChoice` and retry with the same one.
 */
import { type ChangeEvent, useEffect, useId, useRef } from 'react';
import type { MojoGroup } from '../../lib/core/models';
import { type GroupSelection, groupOptionLabel } from './run';

export type GroupsState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; groups: MojoGroup[] };

export interface GroupPickerProps {
  groups: GroupsState;
  selection: GroupSelection;
  onSelectionChange(selection: GroupSelection): void;
  newName: string;
  onNewNameChange(name: string): void;
  onRetry(): void;
  disabled?: boolean;
}

// <select> values are strings; these encode a GroupSelection without colliding with group ids.
const NONE = '';
const NEW = 'new';
const toValue = (s: GroupSelection): string =>
  s.kind === 'existing' ? `group:${s.id}` : s.kind === 'new' ? NEW : NONE;

function fromValue(value: string): GroupSelection {
  if (value === NEW) return { kind: 'new' };
  const id = Number(value.replace(/^group:/, ''));
  return value.startsWith('group:') && Number.isInteger(id) ? { kind: 'existing', id } : { kind: 'none' };
}

export function GroupPicker({
  groups,
  selection,
  onSelectionChange,
  newName,
  onNewNameChange,
  onRetry,
  disabled = false,
}: GroupPickerProps) {
  const selectId = useId();
  const nameId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const wantsNew = selection.kind === 'new';

  // Choosing "Create new group" is a request to type a name: take the user straight there.
  useEffect(() => {
    if (wantsNew) nameRef.current?.focus();
  }, [wantsNew]);

  if (groups.status === 'loading') {
    return (
      <p className="mb-muted" role="status">
        Loading groups…
      </p>
    );
  }

  if (groups.status === 'error') {
    return (
      <div className="mb-alert" role="alert">
        <p>{groups.message}</p>
        <button type="button" className="mb-button mb-button--secondary" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }

  return (
    <div className="mb-fields">
      <div className="mb-field">
        <label htmlFor={selectId}>Group</label>
        <select
          id={selectId}
          value={toValue(selection)}
          disabled={disabled}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => onSelectionChange(fromValue(e.target.value))}
        >
          <option value={NONE} disabled>
            Choose a group…
          </option>
          {groups.groups.map((g) => (
            <option key={g.id} value={`group:${g.id}`}>
              {groupOptionLabel(g)}
            </option>
          ))}
          <option value={NEW}>Create new group</option>
        </select>
      </div>
      {wantsNew && (
        <div className="mb-field">
          <label htmlFor={nameId}>New group name</label>
          <input
            ref={nameRef}
            id={nameId}
            type="text"
            value={newName}
            maxLength={100}
            autoComplete="off"
            disabled={disabled}
            onChange={(e) => onNewNameChange(e.target.value)}
          />
        </div>
      )}
    </div>
  );
}
