/**
 * Mojo's web app, as the Send to CRM content script needs to know it: which pages show a contact,
 * which contact, and where the buttons go. Every URL pattern and lookup for Mojo's pages lives here.
 *
 * Mojo's class names are hashed per release and its contact sheet has no ids or data hooks
 * (mojo-contract.md, "The Mojo web app's contact form"), so nothing here names a class: the sheet
 * is found by its heading text, the contact id is read from the URL. Both are [assumed] and kept in
 * this one file so a change in Mojo's app is a change here.
 */

/** Every page of every Mojo server: the account server (`app<N>`) is only known after sign-in. */
export const MOJO_WEB_MATCHES = ['https://*.mojosells.com/*'];

const MOJO_HOST = /^[a-z0-9-]+\.mojosells\.com$/;

// /app/contacts/9001  (the contact sheet, as the web app routes it)
const CONTACT_PATH = /^\/app\/contacts\/(\d{1,15})\/?$/;
// #contact/9001 or #/contact/9001  (a hash-routed sheet opened over another page)
const CONTACT_HASH = /^#\/?contacts?\/(\d{1,15})\/?$/;
// The power dialer shows contacts one by one but is not a contact form: no buttons there.
const DIALER_PATH = /^\/data-and-dialer(?:\/|$)/;

/** The contact sheet's heading, as Mojo words it (compared case- and space-insensitively). */
export const CONTACT_HEADING = 'Contact Information';

/** Elements that are headings by tag or role: checked first, since a match there is cheapest. */
const HEADING_SELECTOR = 'h1, h2, h3, h4, h5, h6, [role="heading"], legend';
/** Text in these is never the sheet's visible heading. */
const NOT_VISIBLE_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'OPTION', 'TITLE']);

export function isMojoWebUrl(url: URL): boolean {
  return url.protocol === 'https:' && MOJO_HOST.test(url.hostname);
}

/** A Mojo contact id: digits only, positive, small enough to be exact as a JS number. */
export function parseContactId(raw: string | null | undefined): number | null {
  if (!raw || !/^\d{1,15}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 ? id : null;
}

function fromPathQueryOrHash(url: URL): number | null {
  return (
    parseContactId(CONTACT_PATH.exec(url.pathname)?.[1]) ??
    parseContactId(url.searchParams.get('contact')) ??
    parseContactId(CONTACT_HASH.exec(url.hash)?.[1])
  );
}

/**
 * The Mojo contact the page shows, or null. The URL decides (`/app/contacts/<id>`, else
 * `?contact=<id>`, else `#contact/<id>`); a canonical link in the document is the last resort, for
 * a sheet opened at a URL that does not name it.
 */
export function contactId(url: URL, doc?: Document): number | null {
  if (!isMojoWebUrl(url) || DIALER_PATH.test(url.pathname)) return null;
  const fromUrl = fromPathQueryOrHash(url);
  if (fromUrl !== null || !doc) return fromUrl;
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
  if (!canonical) return null;
  try {
    const target = new URL(canonical, url);
    return target.origin === url.origin && !DIALER_PATH.test(target.pathname)
      ? fromPathQueryOrHash(target)
      : null;
  } catch {
    return null;
  }
}

/** True when a piece of text is the contact sheet's heading, however it is cased or spaced. */
export function isContactHeading(text: string | null | undefined): boolean {
  return (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase() === CONTACT_HEADING.toLowerCase();
}

/**
 * The contact sheet's heading: the buttons go right after it. Null while the sheet is not (yet)
 * rendered; the caller then floats the buttons rather than hiding them.
 */
export function formAnchor(doc: Document): Element | null {
  for (const el of doc.querySelectorAll(HEADING_SELECTOR)) {
    if (isContactHeading(el.textContent)) return el;
  }
  // Mojo's heading is a plain element with a hashed class: find its text node instead. A walk
  // over text nodes is linear in the page, unlike comparing every element's textContent.
  if (!doc.body) return null;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && !NOT_VISIBLE_TEXT.has(parent.tagName) && isContactHeading(node.nodeValue)) return parent;
  }
  return null;
}
