/**
 * A read-only value the user must paste somewhere else (the OAuth redirect URL), with a Copy
 * button. When the clipboard is refused, the text is selected so a keyboard copy still works.
 */
import { useEffect, useId, useRef, useState } from 'react';
import '../ui.css';

export interface CopyFieldProps {
  label: string;
  value: string;
  help?: string;
}

type Feedback = 'copied' | 'selected' | null;

const FEEDBACK_MS = 1500;

export function CopyField({ label, value, help }: CopyFieldProps) {
  const inputId = useId();
  const helpId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);

  useEffect(() => {
    if (feedback !== 'copied') return;
    const timer = setTimeout(() => setFeedback(null), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [feedback]);

  const selectAll = () => inputRef.current?.select();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setFeedback('copied');
    } catch {
      inputRef.current?.focus();
      selectAll();
      setFeedback('selected');
    }
  };

  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <div className="copy-field">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          aria-describedby={help ? helpId : undefined}
          onFocus={selectAll}
        />
        <button type="button" className="button button--secondary button--small" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="field__help">
        {help && <span id={helpId}>{help}</span>}{' '}
        <span className="copy-field__feedback" role="status">
          {feedback === 'copied'
            ? 'Copied'
            : feedback === 'selected'
              ? 'Selected: press Ctrl+C (⌘C) to copy.'
              : ''}
        </span>
      </p>
    </div>
  );
}
