/**
 * The Send to CRM buttons on Mojo's contact sheet: one per connected CRM, a status line that says
 * what happened (with a link to the record), and an alert when it failed. Names and links come
 * from a CRM's answer, so they are rendered as text and the link only when it is https.
 */
import type { CSSProperties } from 'react';
import { useStore } from 'zustand';
import type { CrmId } from '../../lib/core/models';
import { byPerson } from '../trusted';
import type { SendState, SendStore } from './store';
import { openLinkText, safeRecordHref, sendButtonLabel, sendingText, sentText } from './words';

export interface SendToCrmButtonsProps {
  /** The Mojo contact the page shows. */
  contactId: number;
  /** Connected CRMs, in the order to show them. */
  crms: readonly CrmId[];
  /** No place on the sheet was found: float in the corner instead. */
  floating?: boolean;
  store: SendStore;
}

// Inline rather than in the stylesheet, as for Add to Mojo: the fallback position must hold even
// if the CSS did not load, above Mojo's own overlays (just under the int32 maximum).
const FLOATING_POSITION: CSSProperties = {
  position: 'fixed',
  right: 20,
  bottom: 20,
  zIndex: 2147483000,
};

function StatusText({ state }: { state: SendState | undefined }) {
  if (!state) return null;
  switch (state.status) {
    case 'sending':
      return <span>{sendingText(state.crm)}</span>;
    case 'waiting':
      return <span>{state.message}</span>;
    case 'failed':
      return null;
    case 'sent': {
      const href = safeRecordHref(state.result.recordUrl);
      return (
        <>
          <span>{sentText(state.crm, state.result)}</span>
          {href !== null && (
            <>
              {' '}
              <a className="mb-send__link" href={href} target="_blank" rel="noopener noreferrer">
                {openLinkText(state.crm)}
              </a>
            </>
          )}
        </>
      );
    }
  }
}

export function SendToCrmButtons({ contactId, crms, floating = false, store }: SendToCrmButtonsProps) {
  const state = useStore(store, (s) => s.byContact[contactId]);
  const send = useStore(store, (s) => s.send);
  const sending = state?.status === 'sending';
  return (
    <div
      className={floating ? 'mb-send mb-send--floating' : 'mb-send'}
      style={floating ? FLOATING_POSITION : undefined}
    >
      <div className="mb-send__buttons">
        {crms.map((crm) => {
          const thisOne = sending && state.crm === crm;
          return (
            <button
              key={crm}
              type="button"
              className="mb-send__button"
              // One send at a time per contact: a second CRM waits for the first answer.
              disabled={sending}
              aria-busy={thisOne || undefined}
              onClick={(e) => {
                if (byPerson(e)) void send(crm, contactId);
              }}
            >
              {thisOne ? 'Sending…' : sendButtonLabel(crm)}
            </button>
          );
        })}
      </div>
      {/* Always present so screen readers announce what appears in it. */}
      <div className="mb-send__status" role="status">
        <StatusText state={state} />
      </div>
      {state?.status === 'failed' && (
        <div className="mb-send__alert" role="alert">
          {state.message}
        </div>
      )}
    </div>
  );
}
