/**
 * A button for an action that is hard to undo: the first click arms it ("Confirm reset"), the
 * second performs it. Moving focus away or pressing Escape disarms it, so a stray click later
 * cannot trigger it.
 */
import { useState } from 'react';
import '../ui.css';

export interface ConfirmButtonProps {
  label: string;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  disabled?: boolean;
  onConfirm(): void;
}

export function ConfirmButton({
  label,
  confirmLabel,
  busyLabel,
  busy,
  disabled = false,
  onConfirm,
}: ConfirmButtonProps) {
  const [armed, setArmed] = useState(false);
  return (
    <button
      type="button"
      className={armed ? 'button button--danger' : 'button button--secondary'}
      disabled={busy || disabled}
      onClick={() => {
        if (!armed) {
          setArmed(true);
          return;
        }
        setArmed(false);
        onConfirm();
      }}
      onBlur={() => setArmed(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && armed) {
          // Disarm only; in a popup an unhandled Escape would close the whole window.
          e.preventDefault();
          e.stopPropagation();
          setArmed(false);
        }
      }}
    >
      {busy ? busyLabel : armed ? confirmLabel : label}
    </button>
  );
}
