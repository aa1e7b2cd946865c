/** The live progress of a send: a bar (determinate once the total is known) and a line of text. */
import type { AddJob } from '../../lib/core/job';
import { processedCount, progressPercent, progressText } from './run';

export interface SyncProgressProps {
  /** null between "Send" and the background's first report. */
  job: AddJob | null;
}

export function SyncProgress({ job }: SyncProgressProps) {
  const percent = progressPercent(job);
  const text = progressText(job);
  return (
    <div className="mb-progress">
      <div
        className={
          percent === null ? 'mb-progress__track mb-progress__track--indeterminate' : 'mb-progress__track'
        }
        role="progressbar"
        aria-label="Sending to Mojo"
        aria-valuemin={0}
        aria-valuemax={job?.total ?? undefined}
        aria-valuenow={job ? processedCount(job) : 0}
        aria-valuetext={text}
      >
        <div className="mb-progress__bar" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="mb-progress__text">{text}</p>
    </div>
  );
}
