/** The "Add to Mojo" button a content script places in a CRM page (or floats when no anchor fits). */

import type { CSSProperties } from 'react';
import { byPerson } from '../trusted';

export interface AddToMojoButtonProps {
  /** No anchor was found on the page: float in the corner instead of sitting in the CRM's toolbar. */
  floating?: boolean;
  onClick(): void;
}

// Inline rather than in the stylesheet: the fallback position must hold even if the CSS was not
// injected, and it has to sit above the CRM's own overlays (just under the int32 maximum).
const FLOATING_POSITION: CSSProperties = {
  position: 'fixed',
  right: 20,
  bottom: 20,
  zIndex: 2147483000,
};

export function AddToMojoButton({ floating = false, onClick }: AddToMojoButtonProps) {
  return (
    <button
      type="button"
      className={floating ? 'mb-add-button mb-add-button--floating' : 'mb-add-button'}
      style={floating ? FLOATING_POSITION : undefined}
      onClick={(e) => {
        // A page script's .click() must not open our dialog over the page (components/trusted.ts).
        if (byPerson(e)) onClick();
      }}
    >
      <svg
        className="mb-add-button__icon"
        aria-hidden="true"
        focusable="false"
        viewBox="0 0 16 16"
        width="14"
        height="14"
      >
        <path
          fill="currentColor"
          d="M3.6 1.5c.4-.2.9 0 1.1.4l1.2 2.6c.2.4.1.8-.2 1.1l-.9.8a8.3 8.3 0 0 0 3.8 3.8l.8-.9c.3-.3.7-.4 1.1-.2l2.6 1.2c.4.2.6.7.4 1.1l-.5 1.4c-.2.6-.8 1-1.4 1A11.6 11.6 0 0 1 1.2 3.4c0-.6.4-1.2 1-1.4z"
        />
        <path fill="currentColor" d="M11.5 1h1v2.5H15v1h-2.5V7h-1V4.5H9v-1h2.5z" />
      </svg>
      <span>Add to Mojo</span>
    </button>
  );
}
