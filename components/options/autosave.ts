/**
 * Saving as you go. A section of the options page edits a draft of its part of the document; a
 * valid draft is saved at once (a select, a checkbox) or after a pause in typing, and an invalid
 * one stays on screen with its reasons and is not saved. While the user has an unsaved edit, a
 * change arriving from elsewhere (another tab) does not overwrite what they are typing.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Problems } from './words';

/** How long typing may pause before the text is saved. */
export const TYPING_PAUSE_MS = 400;

export interface Autosave<T> {
  draft: T;
  /** Why the draft can't be saved, keyed by the section's own names; empty when it can. */
  problems: Problems;
  /** Why saving the whole document failed (rare: the section's own checks passed). */
  saveError: string | null;
  /** Replace the draft; saved after `delay` ms (0: now) when it has no problems. */
  edit(next: T, delay?: number): void;
  /** Save a pending edit now (on blur), if it can be saved. */
  flush(): void;
  /** Drop any unsaved edit and show what is saved. */
  discard(): void;
}

export function useAutosave<T>(
  saved: T,
  check: (value: T) => Problems,
  /** Returns why the document refused it, or null. */
  save: (value: T) => string | null,
): Autosave<T> {
  const [draft, setDraft] = useState(saved);
  const [saveError, setSaveError] = useState<string | null>(null);
  // Refs, not state: timers and the unmount flush must see the newest values, not a render's.
  const latest = useRef(saved);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const savedRef = useRef(saved);
  const checkRef = useRef(check);
  const saveRef = useRef(save);
  savedRef.current = saved;
  checkRef.current = check;
  saveRef.current = save;

  const savedKey = JSON.stringify(saved);
  useEffect(() => {
    // Keyed by the JSON: an equal document with a new identity is not a change.
    if (dirty.current && JSON.stringify(latest.current) !== savedKey) return;
    dirty.current = false;
    latest.current = savedRef.current;
    setDraft(savedRef.current);
  }, [savedKey]);

  const commit = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (!dirty.current) return;
    if (Object.keys(checkRef.current(latest.current)).length > 0) return;
    const refused = saveRef.current(latest.current);
    setSaveError(refused);
    if (refused === null) dirty.current = false;
  }, []);

  const edit = useCallback(
    (next: T, delay = 0) => {
      latest.current = next;
      dirty.current = true;
      setDraft(next);
      clearTimeout(timer.current);
      if (delay <= 0) commit();
      else timer.current = setTimeout(commit, delay);
    },
    [commit],
  );

  const discard = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    dirty.current = false;
    latest.current = savedRef.current;
    setDraft(savedRef.current);
    setSaveError(null);
  }, []);

  // Leaving the page section (a tab switch) must not lose a pause-pending edit.
  useEffect(() => commit, [commit]);

  const problems = useMemo(() => check(draft), [check, draft]);
  return { draft, problems, saveError, edit, flush: commit, discard };
}

/**
 * Stable React keys for rows that have no id of their own (mapping rows, conditions), so a row's
 * controls keep their identity when a row above is removed.
 */
export function useRowKeys(count: number): {
  keys: readonly number[];
  remove(index: number): void;
  move(from: number, to: number): void;
  reset(): void;
} {
  const counter = useRef(0);
  const keys = useRef<number[]>([]);
  while (keys.current.length < count) keys.current.push(counter.current++);
  if (keys.current.length > count) keys.current.length = count;
  return {
    keys: keys.current,
    remove: (index) => {
      keys.current.splice(index, 1);
    },
    move: (from, to) => {
      const [k] = keys.current.splice(from, 1);
      if (k !== undefined) keys.current.splice(to, 0, k);
    },
    reset: () => {
      keys.current = [];
    },
  };
}
