/**
 * Wise Agent's web app, as the content script needs to know it. Every selector and URL pattern for
 * Wise Agent lives here and nowhere else.
 *
 * Known (crm-facts.md): the contact page is `/secure/client/summary?clientId=<id>` and the contacts
 * home is `/secure/client/ClientWelcome.asp`, on `thewiseagent.com` and `www.thewiseagent.com`.
 * Assumed (the DOM is not public; the sandbox fixture e2e/sandbox/fixtures/wiseagent-app.js is
 * written to these): classic server-rendered markup — a contact table whose rows carry
 * `<input type="checkbox" name="chkClient" value="<ClientID>">` and a link to the contact page, a
 * toolbar div above it, and an actions div in the contact page's header. Each chain falls back to
 * looser matches; when none matches the button floats (lib/page/overlay.tsx), and the record page
 * still works because its ClientID comes from the URL.
 */
import type { CrmRef } from '../../core/models';
import type { PageAdapter } from '../types';
import { WISEAGENT_WEB_HOSTS } from './hosts';
import { WISEAGENT_MODULE } from './refs';

// IIS serves classic ASP paths case-insensitively, so links in the app vary in case.
const RECORD_PATH = /^\/secure\/client\/summary(?:\.asp)?\/?$/i;
const LIST_PATH = /^\/secure\/client\/clientwelcome\.asp$/i;
const CLIENT_ID = /^\d{1,15}$/;

export const wiseAgentSelectors = {
  /** The contact page's action buttons (Edit, Add Note, …) next to the contact's name. */
  recordActions: ['#clientActions', 'div.clientActions', 'td.clientHeader'],
  /** The toolbar above the contacts table. */
  listActions: ['#clientToolbar', 'div.clientToolbar', 'form[name="frmClients"] div.toolbar'],
  /** Checked row boxes whose value is the ClientID, best first. */
  checkedBoxes: [
    'input[type="checkbox"][name="chkClient"]:checked',
    'input[type="checkbox"][name^="chkClient" i]:checked',
  ],
  /** Last resort for a drifted table: a row with a checked box and a link to a contact page. */
  row: 'tr',
  anyChecked: 'input[type="checkbox"]:checked',
  contactLink: 'a[href*="clientId=" i]',
  /** The list's title ("All Contacts"). */
  viewTitle: ['#clientListTitle', 'div.clientToolbar .title'],
} as const;

function isWiseAgentHost(url: URL): boolean {
  return (WISEAGENT_WEB_HOSTS as readonly string[]).includes(url.hostname);
}

/** The `clientId` query parameter, whatever its letter case (`clientId`, `clientid`, `ClientID`). */
function clientIdParam(url: URL): string | null {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === 'clientid') return CLIENT_ID.test(value.trim()) ? value.trim() : null;
  }
  return null;
}

function ref(id: string): CrmRef {
  return { crm: 'wiseagent', module: WISEAGENT_MODULE, id };
}

function checkedIds(doc: Document): string[] {
  for (const selector of wiseAgentSelectors.checkedBoxes) {
    const ids = [...doc.querySelectorAll(selector)]
      .map((box) => box.getAttribute('value')?.trim() ?? '')
      .filter((id) => CLIENT_ID.test(id));
    if (ids.length > 0) return ids;
  }
  // The boxes lost their name or value: read the ClientID from the row's link to the contact.
  const ids: string[] = [];
  for (const row of doc.querySelectorAll(wiseAgentSelectors.row)) {
    // Classic pages nest layout tables: only a row with no rows inside is one contact's row.
    if (row.querySelector(wiseAgentSelectors.row) !== null) continue;
    if (row.querySelector(wiseAgentSelectors.anyChecked) === null) continue;
    const href = row.querySelector(wiseAgentSelectors.contactLink)?.getAttribute('href');
    if (!href) continue;
    try {
      const id = clientIdParam(new URL(href, 'https://www.thewiseagent.com/'));
      if (id !== null) ids.push(id);
    } catch {
      // A link we cannot parse names no contact.
    }
  }
  return ids;
}

export const wiseAgentPage: PageAdapter = {
  crm: 'wiseagent',
  matches: WISEAGENT_WEB_HOSTS.map((host) => `https://${host}/secure/*`),

  kind(url) {
    if (!isWiseAgentHost(url)) return null;
    if (RECORD_PATH.test(url.pathname) && clientIdParam(url) !== null) return 'record';
    if (LIST_PATH.test(url.pathname)) return 'list';
    return null;
  },

  recordRef(url) {
    if (!isWiseAgentHost(url) || !RECORD_PATH.test(url.pathname)) return null;
    const id = clientIdParam(url);
    return id === null ? null : ref(id);
  },

  listView(url) {
    if (!isWiseAgentHost(url) || !LIST_PATH.test(url.pathname)) return null;
    // The contacts home is the whole contact list; the API has no saved views to name.
    return { module: WISEAGENT_MODULE, viewId: undefined };
  },

  selection(url, doc) {
    if (this.listView(url, doc) === null) return [];
    return [...new Set(checkedIds(doc))].map(ref);
  },

  viewName(doc) {
    for (const selector of wiseAgentSelectors.viewTitle) {
      const text = doc.querySelector(selector)?.textContent?.trim();
      if (text) return text;
    }
    return 'All Contacts';
  },

  anchors: { record: wiseAgentSelectors.recordActions, list: wiseAgentSelectors.listActions },
};
