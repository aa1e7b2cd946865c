/**
 * Who may ask the background what. A message is answered only when it comes from this extension
 * (`sender.id`) and from a place its code runs: one of its own pages, or one of its content
 * scripts on a page that script is registered for (`sender.url` against the manifest's match
 * patterns). Each kind of content script may send only what its overlay needs: the CRM pages'
 * Add to Mojo messages, Mojo's Send to CRM ones — never anything about accounts or credentials.
 * Pure, so the rules are unit-tested without a browser.
 */
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
  /** Where the CRM content scripts run (the manifest's match patterns). */
  crmPages: readonly string[];
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
  if (matchesAny(rules.crmPages, url)) return 'crm-page';
  return null;
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
