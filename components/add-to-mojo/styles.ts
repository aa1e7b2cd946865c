/**
 * The Add to Mojo overlay's stylesheet, as a string the content script puts into the overlay's
 * shadow root. Inherited properties (font, color, line-height) still cross the shadow boundary
 * from the CRM page, so every root element here sets its own; sizes are in px because `rem`
 * would follow the CRM page's root font size.
 *
 * The page button's shadow root takes only its own part (`addToMojoButtonCss`): it is mounted on
 * every page load, the dialog only when someone opens it (docs/BENCHMARKS.md, B2).
 */

/** The page button's rules (and the custom properties both parts use). */
export const addToMojoButtonCss = `
.mb-add-button,
.mb-backdrop {
  --mb-accent: #0b6bcb;
  --mb-accent-hover: #0959aa;
  --mb-accent-soft: #e8f1fb;
  --mb-text: #1f2328;
  --mb-muted: #57606a;
  --mb-border: #d0d7de;
  --mb-danger: #b42318;
  --mb-danger-soft: #fef3f2;
  --mb-focus: 0 0 0 3px rgba(11, 107, 203, 0.35);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 13px;
  line-height: 1.45;
  color: var(--mb-text);
  text-align: left;
  letter-spacing: normal;
  text-transform: none;
  -webkit-font-smoothing: antialiased;
}

.mb-add-button *,
.mb-backdrop *,
.mb-backdrop *::before,
.mb-backdrop *::after {
  box-sizing: border-box;
}

/* ---- The page button ---- */

.mb-add-button {
  display: inline-flex;
  align-items: center;
  gap: 6px;
  margin: 0;
  padding: 6px 12px;
  border: 1px solid var(--mb-accent);
  border-radius: 6px;
  background: var(--mb-accent);
  color: #fff;
  font-weight: 600;
  white-space: nowrap;
  cursor: pointer;
}
.mb-add-button:hover { background: var(--mb-accent-hover); border-color: var(--mb-accent-hover); }
.mb-add-button:focus-visible { outline: 2px solid #fff; outline-offset: -4px; box-shadow: var(--mb-focus); }
.mb-add-button__icon { flex: none; }
.mb-add-button--floating {
  padding: 10px 16px;
  border-radius: 999px;
  box-shadow: 0 4px 14px rgba(15, 23, 42, 0.25);
}
`;

/** The whole overlay: the button's rules and the dialog's. */
export const addToMojoCss = `${addToMojoButtonCss}
/* ---- The dialog ---- */

.mb-backdrop {
  position: fixed;
  inset: 0;
  z-index: 2147483001;
  display: flex;
  align-items: flex-start;
  justify-content: center;
  padding: 64px 16px 16px;
  background: rgba(15, 23, 42, 0.45);
  overflow-y: auto;
}

.mb-dialog {
  width: 420px;
  max-width: 100%;
  background: #fff;
  border-radius: 10px;
  box-shadow: 0 12px 40px rgba(15, 23, 42, 0.3);
  display: flex;
  flex-direction: column;
}
/* The dialog itself takes focus only as a starting point for reading and tabbing: no ring. */
.mb-dialog:focus { outline: none; }

.mb-dialog__header {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 12px;
  padding: 14px 16px 10px 20px;
  border-bottom: 1px solid #eaeef2;
}
.mb-dialog__title { margin: 0; font-size: 16px; font-weight: 600; line-height: 1.3; color: var(--mb-text); }

.mb-dialog__body {
  display: flex;
  flex-direction: column;
  gap: 12px;
  padding: 16px 20px;
  max-height: calc(100vh - 220px);
  overflow-y: auto;
}
.mb-dialog__body p { margin: 0; }

.mb-dialog__footer {
  display: flex;
  justify-content: flex-end;
  gap: 8px;
  padding: 12px 20px 16px;
}
.mb-dialog__footer:empty { display: none; }

.mb-target { font-weight: 600; overflow-wrap: anywhere; }
.mb-muted { color: var(--mb-muted); }
.mb-small { font-size: 12px; }

/* ---- Form controls ---- */

.mb-fields { display: flex; flex-direction: column; gap: 10px; }
.mb-field { display: flex; flex-direction: column; gap: 4px; }
.mb-field label { font-weight: 600; font-size: 13px; color: var(--mb-text); }
.mb-field select,
.mb-field input {
  width: 100%;
  height: 34px;
  margin: 0;
  padding: 0 10px;
  border: 1px solid var(--mb-border);
  border-radius: 6px;
  background: #fff;
  color: var(--mb-text);
  font: inherit;
}
.mb-field select:focus-visible,
.mb-field input:focus-visible {
  outline: none;
  border-color: var(--mb-accent);
  box-shadow: var(--mb-focus);
}
.mb-field select:disabled,
.mb-field input:disabled { background: #f6f8fa; color: var(--mb-muted); }

.mb-button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  min-width: 88px;
  height: 34px;
  margin: 0;
  padding: 0 14px;
  border: 1px solid var(--mb-accent);
  border-radius: 6px;
  background: var(--mb-accent);
  color: #fff;
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}
.mb-button:hover:not(:disabled) { background: var(--mb-accent-hover); border-color: var(--mb-accent-hover); }
.mb-button:focus-visible { outline: none; box-shadow: var(--mb-focus); }
.mb-button:disabled { opacity: 0.5; cursor: not-allowed; }
.mb-button--secondary { background: #fff; color: var(--mb-accent); border-color: var(--mb-border); }
.mb-button--secondary:hover:not(:disabled) { background: var(--mb-accent-soft); border-color: var(--mb-accent); }

.mb-icon-button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 30px;
  height: 30px;
  margin: 0;
  padding: 0;
  border: 0;
  border-radius: 6px;
  background: transparent;
  color: var(--mb-muted);
  cursor: pointer;
}
.mb-icon-button:hover { background: #f3f4f6; color: var(--mb-text); }
.mb-icon-button:focus-visible { outline: none; box-shadow: var(--mb-focus); }

.mb-alert {
  display: flex;
  flex-direction: column;
  align-items: flex-start;
  gap: 8px;
  padding: 10px 12px;
  border: 1px solid #fecdca;
  border-radius: 6px;
  background: var(--mb-danger-soft);
  color: var(--mb-danger);
  overflow-wrap: anywhere;
}

/* ---- Progress ---- */

.mb-progress { display: flex; flex-direction: column; gap: 6px; }
.mb-progress__track {
  position: relative;
  height: 8px;
  border-radius: 999px;
  background: #eaeef2;
  overflow: hidden;
}
.mb-progress__bar {
  height: 100%;
  width: 0;
  border-radius: inherit;
  background: var(--mb-accent);
  transition: width 200ms ease-out;
}
.mb-progress__track--indeterminate .mb-progress__bar {
  width: 35%;
  animation: mb-slide 1.2s ease-in-out infinite;
}
@keyframes mb-slide {
  from { transform: translateX(-100%); }
  to { transform: translateX(300%); }
}
@media (prefers-reduced-motion: reduce) {
  .mb-progress__bar { transition: none; }
  .mb-progress__track--indeterminate .mb-progress__bar { animation: none; width: 100%; opacity: 0.4; }
}
.mb-progress__text { font-variant-numeric: tabular-nums; color: var(--mb-muted); }

/* ---- Summary ---- */

.mb-summary { display: flex; flex-direction: column; gap: 6px; }
.mb-summary__line:first-child { font-weight: 600; font-size: 14px; font-variant-numeric: tabular-nums; }
.mb-summary__subhead { font-weight: 600; }
.mb-summary__dialer { padding: 8px 10px; border-radius: 6px; background: var(--mb-accent-soft); }
.mb-failures {
  margin: 0;
  padding: 6px 8px 6px 24px;
  max-height: 160px;
  overflow-y: auto;
  border: 1px solid #eaeef2;
  border-radius: 6px;
  background: #f6f8fa;
  font-size: 12px;
  overflow-wrap: anywhere;
}
.mb-failures li + li { margin-top: 2px; }

/* ---- Preview ---- */

.mb-preview { display: flex; flex-direction: column; gap: 10px; overflow-wrap: anywhere; }
.mb-preview__line { font-weight: 600; font-size: 14px; font-variant-numeric: tabular-nums; }
`;
