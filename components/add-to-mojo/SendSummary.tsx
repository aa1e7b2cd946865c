/**
 * What a finished (or stopped) send did. Contact names and reasons come from the CRM and may hold
 * markup; they are rendered as text only, so they show literally.
 */
import type { AddJob } from '../../lib/core/job';
import { keyed } from '../keys';
import { failuresTruncated, summaryLines } from './run';

export interface SendSummaryProps {
  job: AddJob;
}

export function SendSummary({ job }: SendSummaryProps) {
  return (
    <div className="mb-summary" role="status">
      {summaryLines(job).map((line) => (
        <p key={line} className="mb-summary__line">
          {line}
        </p>
      ))}
      {job.failures.length > 0 && (
        <>
          <p className="mb-summary__subhead">
            {failuresTruncated(job) ? `First ${job.failures.length} problems:` : 'Problems:'}
          </p>
          <ul className="mb-failures">
            {keyed(job.failures, (f) => `${f.name}\u0000${f.reason}`).map(({ key, item: f }) => (
              <li key={key}>
                {f.name}: {f.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {job.dialerUrl !== null && (
        <p className="mb-summary__dialer">The Mojo dialer is open with {job.groupName} selected.</p>
      )}
    </div>
  );
}
