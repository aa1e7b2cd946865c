/**
 * Who may ask the background what. A message is answered only when it comes from this extension
 * (`sender.id`) and from a place its code runs: one of its own pages, or one of its content
 * scripts on a page that script is registered for (`sender.url` against the manifest's match
 * patterns). Each kind of content script may send only what its overlay needs: the CRM pages'
 * Add to Mojo messages, Mojo's Send to CRM ones — never anything about accounts or credentials.
 * A CRM page speaks only for its own CRM: every CRM a message names (the request's `crm`, a view's
 * `crm`, each record's `crm`) must be the one whose page sent it, so a page on `*.cincpro.com`
 * cannot preview or send a Zoho view (`boundToSender`).
 * Pure, so the rules are unit-tested without a browser.
 */
import type { CrmId } from '../core/models';

export type SenderKind = 'extension-page' | 'crm-page' | 'mojo-page';

/** The overlay's needs on a CRM page (lib/page/overlay.tsx, components/add-to-mojo). */
const CRM_PAGE_MESSAGES: ReadonlySet<string> = new Set([
  'listGroups',
  'countTarget',
  'startAddToMojo',
  'getJob',
  'reportPage',
  'previewAddToMojo',
]);

/** Send to CRM on Mojo's contact sheet (lib/page/mojo-overlay.tsx). */
const MOJO_PAGE_MESSAGES: ReadonlySet<string> = new Set(['connectedCrms', 'sendToCrm']);

export interface SenderRules {
  extensionId: string;
  /** `chrome-extension://<id>`: the popup, the options page. */
  extensionOrigin: string;
  /** Where each CRM's content script runs (its page adapter's match patterns, as in the manifest). */
  crmPages: Readonly<Partial<Record<CrmId, readonly string[]>>>;
  /** Where the Mojo content script runs. */
  mojoPages: readonly string[];
}

export interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
}

/**
 * Chrome's match-pattern rule for `<scheme>://<host>/<path>` (scheme http, https or *; host exact,
 * `*` or `*.domain`; path a glob over path and query). Written here because WXT's MatchPattern
 * checks `instanceof Location`, which does not exist in a service worker.
 */
export function urlMatches(pattern: string, url: URL): boolean {
  const m = /^(\*|https?):\/\/(\*|\*\.[^/*]+|[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme = '', host = '', path = ''] = m;
  const schemes = scheme === '*' ? ['http:', 'https:'] : [`${scheme}:`];
  if (!schemes.includes(url.protocol)) return false;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    if (url.hostname !== base && !url.hostname.endsWith(`.${base}`)) return false;
  } else if (host !== '*' && url.hostname !== host) {
    return false;
  }
  const glob = path
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${glob}$`).test(url.pathname + url.search);
}

function matchesAny(patterns: readonly string[], url: URL): boolean {
  return patterns.some((p) => urlMatches(p, url));
}

/** Which of the extension's own places a sender is, or null for anyone else. */
export function senderKind(sender: Sender, rules: SenderRules): SenderKind | null {
  if (sender.id !== rules.extensionId || sender.url === undefined) return null;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return null;
  }
  // Spelled out: URL.origin is "null" for schemes a runtime does not know (Node and chrome-extension:).
  if (`${url.protocol}//${url.host}` === rules.extensionOrigin) return 'extension-page';
  // A content script always speaks from a tab; a frame or worker of some page does not qualify.
  if (sender.tab === undefined || sender.tab === null) return null;
  if (matchesAny(rules.mojoPages, url)) return 'mojo-page';
  if (crmOfPage(url, rules) !== null) return 'crm-page';
  return null;
}

function crmOfPage(url: URL, rules: SenderRules): CrmId | null {
  for (const [crm, patterns] of Object.entries(rules.crmPages) as [CrmId, readonly string[]][]) {
    if (matchesAny(patterns, url)) return crm;
  }
  return null;
}

/** The CRM whose page a content script speaks from; null for anyone else (extension pages included). */
export function senderCrm(sender: Sender, rules: SenderRules): CrmId | null {
  if (senderKind(sender, rules) !== 'crm-page' || sender.url === undefined) return null;
  return crmOfPage(new URL(sender.url), rules);
}

/** Every CRM a request names: its own `crm`, a view's `crm`, each record's `crm`. */
export function crmsNamed(data: unknown): CrmId[] {
  const named: CrmId[] = [];
  if (typeof data !== 'object' || data === null) return named;
  const { crm, target } = data as { crm?: CrmId; target?: { crm?: CrmId; refs?: { crm?: CrmId }[] } };
  if (crm !== undefined) named.push(crm);
  if (target?.crm !== undefined) named.push(target.crm);
  for (const ref of target?.refs ?? []) if (ref.crm !== undefined) named.push(ref.crm);
  return named;
}

/**
 * A validated request may be answered for this sender: the extension's own pages may name any CRM;
 * a CRM page only its own, and a request that must name one (Add to Mojo's) has to.
 */
export function boundToSender(data: unknown, sender: Sender, rules: SenderRules): boolean {
  const kind = senderKind(sender, rules);
  if (kind !== 'crm-page') return kind !== null;
  const own = senderCrm(sender, rules);
  return own !== null && crmsNamed(data).every((crm) => crm === own);
}

export function senderAllowed(type: string, sender: Sender, rules: SenderRules): boolean {
  switch (senderKind(sender, rules)) {
    case 'extension-page':
      return true;
    case 'crm-page':
      return CRM_PAGE_MESSAGES.has(type);
    case 'mojo-page':
      return MOJO_PAGE_MESSAGES.has(type);
    default:
      return false;
  }
}
