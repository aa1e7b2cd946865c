/**
 * The Send to CRM buttons' stylesheet, as a string the content script puts into their shadow root
 * (Mojo's CSS can't reach in, ours can't leak out). Inherited properties still cross the shadow
 * boundary, so the root sets its own font and colour; sizes are px so Mojo's root font size can't
 * rescale them.
 */
export const sendToCrmCss = `
.mb-send {
  --mb-accent: #0b6bcb;
  --mb-accent-hover: #0959aa;
  --mb-text: #1f2328;
  --mb-muted: #57606a;
  --mb-danger: #b42318;
  --mb-danger-soft: #fef3f2;
  --mb-focus: 0 0 0 3px rgba(11, 107, 203, 0.35);
  display: inline-flex;
  flex-direction: column;
  align-items: flex-start;
  gap: 6px;
  max-width: 420px;
  margin: 4px 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 13px;
  line-height: 1.45;
  color: var(--mb-text);
  text-align: left;
  letter-spacing: normal;
  text-transform: none;
  -webkit-font-smoothing: antialiased;
}
.mb-send * { box-sizing: border-box; }

.mb-send--floating {
  margin: 0;
  padding: 10px 12px;
  border-radius: 10px;
  background: #fff;
  box-shadow: 0 4px 14px rgba(15, 23, 42, 0.25);
}

.mb-send__buttons { display: flex; flex-wrap: wrap; gap: 6px; }

.mb-send__button {
  display: inline-flex;
  align-items: center;
  margin: 0;
  padding: 6px 12px;
  border: 1px solid var(--mb-accent);
  border-radius: 6px;
  background: var(--mb-accent);
  color: #fff;
  font: inherit;
  font-weight: 600;
  white-space: nowrap;
  cursor: pointer;
}
.mb-send__button:hover:not(:disabled) { background: var(--mb-accent-hover); border-color: var(--mb-accent-hover); }
.mb-send__button:focus-visible { outline: 2px solid #fff; outline-offset: -4px; box-shadow: var(--mb-focus); }
.mb-send__button:disabled { opacity: 0.6; cursor: progress; }

.mb-send__status { color: var(--mb-muted); overflow-wrap: anywhere; }
/* The live region stays while empty (so what appears is announced); cancel the gap it would add. */
.mb-send__status:empty { margin-top: -6px; }
.mb-send__link { color: var(--mb-accent); font-weight: 600; }
.mb-send__link:focus-visible { outline: none; box-shadow: var(--mb-focus); border-radius: 2px; }

.mb-send__alert {
  padding: 6px 10px;
  border: 1px solid #fecdca;
  border-radius: 6px;
  background: var(--mb-danger-soft);
  color: var(--mb-danger);
  overflow-wrap: anywhere;
}
`;
