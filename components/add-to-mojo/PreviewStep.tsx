/**
 * The preview (dry run) of an Add to Mojo: how many contacts would be created, updated, excluded
 * or held for review, and why for each one that would not simply be sent. Names and reasons come
 * from the CRM and are rendered as text only.
 */
import { useId } from 'react';
import type { Preview } from '../../lib/platform/protocol';
import { keyed } from '../keys';
import { previewItemsTruncated, previewItemText, previewLine } from './run';

export interface PreviewStepProps {
  /** null while the background is still reading. */
  preview: Preview | null;
  /** The group the send would go into, in words. */
  groupText: string;
}

export function PreviewStep({ preview, groupText }: PreviewStepProps) {
  const titleId = useId();
  return (
    <div className="mb-preview">
      <p>
        <span className="mb-muted">Group:</span> {groupText}
      </p>
      <div role="status" aria-labelledby={titleId} aria-busy={preview === null} className="mb-summary">
        <p id={titleId} className="mb-summary__subhead">
          Preview
        </p>
        {preview === null ? (
          <p className="mb-muted">Reading the contacts to see what would happen… Nothing is sent yet.</p>
        ) : (
          <>
            <p className="mb-preview__line">
              {previewLine(preview)}
              {preview.partial && ' (partial: very large view)'}
            </p>
            {preview.items.length > 0 && (
              <>
                <p className="mb-summary__subhead">
                  {previewItemsTruncated(preview)
                    ? `First ${preview.items.length} not sent as they are:`
                    : 'Not sent as they are:'}
                </p>
                <ul className="mb-failures">
                  {keyed(preview.items, (i) => `${i.name}\u0000${i.reason}`).map(({ key, item }) => (
                    <li key={key}>{previewItemText(item)}</li>
                  ))}
                </ul>
              </>
            )}
            <p className="mb-muted mb-small">Nothing has been sent. Send to Mojo to go ahead.</p>
          </>
        )}
      </div>
    </div>
  );
}
