/**
 * Focus handling for a modal that lives in a shadow root. `document.activeElement` stops at the
 * shadow host, so these helpers look through shadow roots to find what really has focus.
 */

/** The element that really has focus, looking inside open shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | null {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const FOCUSABLE = [
  'button:not([disabled])',
  'input:not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'a[href]',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Focusable, rendered descendants in tab order (no positive tabindex is used in this UI). */
export function focusables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.getClientRects().length > 0,
  );
}

/**
 * Keeps Tab and Shift+Tab cycling inside `container`. Returns true when it moved focus (the caller
 * then prevents the browser's default move out of the dialog).
 */
export function trapTab(container: HTMLElement, backwards: boolean): boolean {
  const items = focusables(container);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) {
    container.focus();
    return true;
  }
  const root = container.getRootNode();
  const active = root instanceof ShadowRoot || root instanceof Document ? root.activeElement : null;
  if (backwards && (active === first || active === container || !container.contains(active))) {
    last.focus();
    return true;
  }
  if (!backwards && (active === last || !container.contains(active))) {
    first.focus();
    return true;
  }
  return false;
}
