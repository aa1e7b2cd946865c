/**
 * The "Add to Mojo" button a content script places in a CRM page (or floats when no anchor fits).
 * Plain DOM, not React: it is built on every page load of the CRM, and creating a React root and
 * rendering for one button cost the page more than the button itself (docs/BENCHMARKS.md, B2).
 * React is mounted only for the dialog, when someone opens it.
 */
import { byPerson } from '../trusted';

export interface AddToMojoButton {
  element: HTMLButtonElement;
  /** No anchor was found on the page: float in the corner instead of sitting in the CRM's toolbar. */
  setFloating(floating: boolean): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const HANDSET =
  'M3.6 1.5c.4-.2.9 0 1.1.4l1.2 2.6c.2.4.1.8-.2 1.1l-.9.8a8.3 8.3 0 0 0 3.8 3.8l.8-.9c.3-.3.7-.4 1.1-.2l2.6 1.2c.4.2.6.7.4 1.1l-.5 1.4c-.2.6-.8 1-1.4 1A11.6 11.6 0 0 1 1.2 3.4c0-.6.4-1.2 1-1.4z';
const PLUS = 'M11.5 1h1v2.5H15v1h-2.5V7h-1V4.5H9v-1h2.5z';

function icon(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'mb-add-button__icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  for (const d of [HANDSET, PLUS]) {
    const path = doc.createElementNS(SVG, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

export function createAddToMojoButton(doc: Document, onClick: () => void): AddToMojoButton {
  const element = doc.createElement('button');
  element.type = 'button';
  element.className = 'mb-add-button';
  const label = doc.createElement('span');
  label.textContent = 'Add to Mojo';
  element.append(icon(doc), label);
  element.addEventListener('click', (e) => {
    // A page script's .click() must not open our dialog over the page (components/trusted.ts).
    if (byPerson(e)) onClick();
  });
  return {
    element,
    setFloating(floating) {
      element.classList.toggle('mb-add-button--floating', floating);
      // Inline rather than in the stylesheet: the fallback position must hold even if the CSS was
      // not applied, and it has to sit above the CRM's own overlays (just under the int32 maximum).
      const style = element.style;
      style.position = floating ? 'fixed' : '';
      style.right = floating ? '20px' : '';
      style.bottom = floating ? '20px' : '';
      style.zIndex = floating ? '2147483000' : '';
    },
  };
}
