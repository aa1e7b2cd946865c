/**
 * The Add to Mojo dialog: says what will be added, lets the user pick a group, optionally previews
 * what the send would do (a dry run), starts the send in the background and follows it to a summary. The background owns the run; this dialog only asks
 * for it and polls it, so closing the dialog (or a page navigation) never stops a send.
 */
import {
  type KeyboardEvent,
  type MouseEvent,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { AddJob, AddTarget, GroupChoice } from '../../lib/core/job';
import type { CrmId } from '../../lib/core/models';
import type { Preview } from '../../lib/platform/protocol';
import { type BackgroundClient, backgroundClient, unreachable } from '../../lib/stores/client';
import { pollEvery } from '../../lib/stores/poll';
import { byPerson } from '../trusted';
import { deepActiveElement, trapTab } from './focus';
import { GroupPicker, type GroupsState } from './GroupPicker';
import { PreviewStep } from './PreviewStep';
import { type GroupSelection, groupChoiceFrom, groupChoiceText, retryChoice } from './run';
import { SendSummary } from './SendSummary';
import { SyncProgress } from './SyncProgress';

export interface DescribedTarget {
  target: AddTarget;
  /** In the user's words, e.g. "3 selected contacts". Shown as text. */
  label: string;
}

export type AddToMojoClient = Pick<
  BackgroundClient,
  'listGroups' | 'startAddToMojo' | 'getJob' | 'previewAddToMojo'
>;

export interface AddToMojoDialogProps {
  crm: CrmId;
  /** Supplied by the content script: what the page says should be added. */
  describeTarget(): Promise<DescribedTarget>;
  onClose(): void;
  /** Defaults to the real background; a fake makes the dialog usable in a fixture or a demo. */
  client?: AddToMojoClient;
}

/** How often a running job is read. The background answers from memory, so this is cheap. */
const JOB_POLL_MS = 250;
/**
 * How long the job may go unseen (messages failing while the service worker restarts, or the job
 * not found) before the dialog stops waiting and says so.
 */
const JOB_LOST_AFTER_MS = 15_000;

type TargetState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | ({ status: 'ready' } & DescribedTarget);

type RunState =
  | { status: 'idle'; error: string | null }
  | { status: 'starting' }
  | { status: 'running'; jobId: string; job: AddJob | null }
  | { status: 'finished'; job: AddJob | null; error: string | null };

/** The dry run shown before sending; its group choice is the one Send then uses. */
type PreviewState =
  | { status: 'none' }
  | { status: 'loading'; choice: GroupChoice }
  | { status: 'ready'; choice: GroupChoice; preview: Preview };

export function AddToMojoDialog({
  crm,
  describeTarget,
  onClose,
  client: clientProp = backgroundClient,
}: AddToMojoDialogProps) {
  // Captured once: callers often pass inline functions, and a new identity must not re-read the
  // page or reload the groups behind the user's back.
  const [readTarget] = useState(() => describeTarget);
  const [client] = useState(() => clientProp);
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  const [target, setTarget] = useState<TargetState>({ status: 'loading' });
  const [groups, setGroups] = useState<GroupsState>({ status: 'loading' });
  const [selection, setSelection] = useState<GroupSelection>({ kind: 'none' });
  const [newName, setNewName] = useState('');
  const [run, setRun] = useState<RunState>({ status: 'idle', error: null });
  const [preview, setPreview] = useState<PreviewState>({ status: 'none' });
  /** Bumped by Cancel and Close, so a preview answering late is dropped rather than shown. */
  const previewEpoch = useRef(0);
  /** The choice the current run was started with, for "Try again". */
  const lastChoice = useRef<GroupChoice | null>(null);
  /** Async answers that arrive after the dialog is gone must not touch its state. */
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Move focus into the dialog, and give it back to whatever had it (the Add to Mojo button) on close.
  useLayoutEffect(() => {
    const previous = deepActiveElement();
    dialogRef.current?.focus();
    return () => {
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    readTarget().then(
      (described) => {
        if (!cancelled) setTarget({ status: 'ready', ...described });
      },
      (cause: unknown) => {
        if (cancelled) return;
        const detail = cause instanceof Error ? cause.message : '';
        setTarget({
          status: 'error',
          message: detail
            ? `Couldn't tell which contacts to add: ${detail}`
            : "Couldn't tell which contacts to add.",
        });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [readTarget]);

  const loadGroups = useCallback(async () => {
    setGroups({ status: 'loading' });
    let next: GroupsState;
    try {
      const result = await client.listGroups();
      next = result.ok
        ? { status: 'ready', groups: result.value }
        : { status: 'error', message: result.error.message };
    } catch (cause) {
      next = { status: 'error', message: unreachable(cause).message };
    }
    if (mounted.current) setGroups(next);
  }, [client]);

  useEffect(() => {
    void loadGroups();
  }, [loadGroups]);

  const start = useCallback(
    async (addTarget: AddTarget, group: GroupChoice) => {
      lastChoice.current = group;
      previewEpoch.current++;
      setPreview({ status: 'none' });
      setRun({ status: 'starting' });
      let next: RunState;
      try {
        const result = await client.startAddToMojo({ crm, target: addTarget, group });
        next = result.ok
          ? { status: 'running', jobId: result.value.jobId, job: null }
          : { status: 'idle', error: result.error.message };
      } catch (cause) {
        next = { status: 'idle', error: unreachable(cause).message };
      }
      if (mounted.current) setRun(next);
    },
    [client, crm],
  );

  const runningJobId = run.status === 'running' ? run.jobId : null;

  useEffect(() => {
    if (runningJobId === null) return;
    const jobId = runningJobId;
    const stop = new AbortController();
    let lastSeenAt = Date.now();
    let lastJob: AddJob | null = null;

    pollEvery(
      JOB_POLL_MS,
      async () => {
        let job: AddJob | null = null;
        try {
          job = await client.getJob({ jobId });
        } catch {
          // The service worker may be restarting; the next tick retries.
        }
        if (stop.signal.aborted) return true;
        if (job === null) {
          if (Date.now() - lastSeenAt < JOB_LOST_AFTER_MS) return false;
          setRun({
            status: 'finished',
            job: lastJob,
            error: 'Lost track of this send. Open Mojo Bridge from the toolbar to see what happened.',
          });
          return true;
        }
        lastSeenAt = Date.now();
        lastJob = job;
        if (job.phase === 'done' || job.phase === 'failed') {
          setRun({
            status: 'finished',
            job,
            error: job.phase === 'failed' ? (job.error ?? 'The send stopped before it finished.') : null,
          });
          return true;
        }
        setRun({ status: 'running', jobId, job });
        return false;
      },
      stop.signal,
    );
    return () => stop.abort();
  }, [client, runningJobId]);

  const sending = run.status === 'starting' || run.status === 'running';

  const doneRef = useRef<HTMLButtonElement>(null);
  const previewSendRef = useRef<HTMLButtonElement>(null);

  // The button that was clicked (Send, Try again) unmounts as the dialog changes step; without this
  // focus would fall to the page body, where Escape and the focus trap no longer reach the dialog.
  // A finished run lands on Done, so Enter closes it.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (run.status === 'finished') doneRef.current?.focus();
    else if (!dialog.contains(deepActiveElement())) dialog.focus();
  }, [run.status]);

  // The Preview button unmounts when the preview shows: land on Send, the likely next step; after
  // Cancel, the dialog keeps focus so Escape and Tab still work.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (preview.status === 'ready') previewSendRef.current?.focus();
    else if (!dialog.contains(deepActiveElement())) dialog.focus();
  }, [preview.status]);

  const choice = groupChoiceFrom(selection, newName);
  const canSend = target.status === 'ready' && groups.status === 'ready' && choice !== null && !sending;

  const send = (e: MouseEvent) => {
    if (!byPerson(e)) return;
    // From the preview step the group is the one previewed (the picker is not shown there).
    const group = preview.status === 'ready' ? preview.choice : choice;
    if (target.status === 'ready' && group !== null) void start(target.target, group);
  };

  const showPreview = async () => {
    if (target.status !== 'ready' || choice === null) return;
    const epoch = ++previewEpoch.current;
    setRun({ status: 'idle', error: null });
    setPreview({ status: 'loading', choice });
    let error: string | null = null;
    let answer: Preview | null = null;
    try {
      const result = await client.previewAddToMojo({ crm, target: target.target });
      if (result.ok) answer = result.value;
      else error = result.error.message;
    } catch (cause) {
      error = unreachable(cause).message;
    }
    if (!mounted.current || epoch !== previewEpoch.current) return;
    if (answer !== null) setPreview({ status: 'ready', choice, preview: answer });
    else {
      setPreview({ status: 'none' });
      setRun({ status: 'idle', error });
    }
  };

  /** Back to the group step; nothing was sent. */
  const cancelPreview = () => {
    previewEpoch.current++;
    setPreview({ status: 'none' });
  };

  const tryAgain = (e: MouseEvent) => {
    if (!byPerson(e)) return;
    if (target.status !== 'ready' || lastChoice.current === null) return;
    const job = run.status === 'finished' ? run.job : null;
    void start(target.target, retryChoice(lastChoice.current, job));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && !sending) {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Tab' && dialogRef.current && trapTab(dialogRef.current, e.shiftKey)) {
      e.preventDefault();
    }
    // CRM pages bind single-key shortcuts; typing a group name must not trigger them.
    e.stopPropagation();
  };

  return (
    // The backdrop only swallows keys on their way to the page; it is not itself interactive.
    // biome-ignore lint/a11y/noStaticElementInteractions: stops keyboard events reaching the CRM page
    <div className="mb-backdrop" onKeyUp={(e) => e.stopPropagation()}>
      <div
        ref={dialogRef}
        className="mb-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="mb-dialog__header">
          <h2 id={titleId} className="mb-dialog__title">
            Add to Mojo
          </h2>
          <button type="button" className="mb-icon-button" aria-label="Close" onClick={onClose}>
            <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="14" height="14">
              <path
                d="M3.5 3.5l9 9m0-9l-9 9"
                stroke="currentColor"
                strokeWidth="1.8"
                strokeLinecap="round"
                fill="none"
              />
            </svg>
          </button>
        </header>

        <div className="mb-dialog__body">
          {target.status === 'loading' && <p className="mb-muted">Finding the contacts to add…</p>}
          {target.status === 'error' && (
            <p className="mb-alert" role="alert">
              {target.message}
            </p>
          )}
          {target.status === 'ready' && <p className="mb-target">Adding: {target.label}</p>}

          {run.status === 'idle' && preview.status !== 'none' && (
            <PreviewStep
              preview={preview.status === 'ready' ? preview.preview : null}
              groupText={groupChoiceText(preview.choice, groups.status === 'ready' ? groups.groups : [])}
            />
          )}

          {run.status === 'idle' && preview.status === 'none' && (
            <>
              <GroupPicker
                groups={groups}
                selection={selection}
                onSelectionChange={setSelection}
                newName={newName}
                onNewNameChange={setNewName}
                onRetry={() => void loadGroups()}
              />
              {run.error !== null && (
                <p className="mb-alert" role="alert">
                  {run.error}
                </p>
              )}
            </>
          )}

          {sending && (
            <>
              <SyncProgress job={run.status === 'running' ? run.job : null} />
              {run.status === 'running' && run.job?.error && (
                <p className="mb-alert" role="alert">
                  {run.job.error}
                </p>
              )}
              <p className="mb-muted mb-small">Closing this window won't stop the send.</p>
            </>
          )}

          {run.status === 'finished' && (
            <>
              {run.error !== null && (
                <p className="mb-alert" role="alert">
                  {run.error}
                </p>
              )}
              {run.job !== null && <SendSummary job={run.job} />}
            </>
          )}
        </div>

        <footer className="mb-dialog__footer">
          {run.status === 'idle' && preview.status === 'none' && (
            <>
              <button
                type="button"
                className="mb-button mb-button--secondary"
                disabled={!canSend}
                onClick={() => void showPreview()}
              >
                Preview
              </button>
              <button type="button" className="mb-button" disabled={!canSend} onClick={send}>
                Send to Mojo
              </button>
            </>
          )}
          {run.status === 'idle' && preview.status !== 'none' && (
            <>
              <button type="button" className="mb-button mb-button--secondary" onClick={cancelPreview}>
                Cancel
              </button>
              <button
                ref={previewSendRef}
                type="button"
                className="mb-button"
                disabled={preview.status !== 'ready' || sending}
                onClick={send}
              >
                Send to Mojo
              </button>
            </>
          )}
          {run.status === 'finished' && (
            <>
              {run.error !== null && (
                <button
                  type="button"
                  className="mb-button mb-button--secondary"
                  disabled={target.status !== 'ready'}
                  onClick={tryAgain}
                >
                  Try again
                </button>
              )}
              <button ref={doneRef} type="button" className="mb-button" onClick={onClose}>
                Done
              </button>
            </>
          )}
        </footer>
      </div>
    </div>
  );
}
