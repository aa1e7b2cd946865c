/**
 * CINC's web app, as the content script needs to know it. CINC's DOM is not public (crm-facts.md),
 * so everything here is an assumption kept in this one file: the app runs on `<team>.cincpro.com`;
 * the leads dashboard is `/admin/leads` with a row checkbox per lead carrying the lead id and an
 * "Action" dropdown in its toolbar (where CINC's own Mojo integration puts "Add to Mojo"); a lead's
 * page is `/admin/leads/<id>` (optionally `/<tab>`), with the lead's action buttons in its header.
 * Each chain prefers `data-testid` hooks (what a React app keeps steady), then looser matches; when
 * none matches the button floats and the page is reported as not recognised.
 */
import type { CrmRef } from '../../core/models';
import type { PageAdapter } from '../types';
import { CINC_WEB_MATCHES } from './hosts';
import { CINC_LEAD_MODULE } from './refs';

const WEB_HOST = /^[a-z0-9-]+\.cincpro\.com$/;
const LEAD_ID = /^[A-Za-z0-9_-]{1,64}$/;

// /admin/leads  and  /admin/leads/  (filters ride in the query string)
const DASHBOARD_PATH = /^\/admin\/leads\/?$/;
// /admin/leads/L-1001  and  /admin/leads/L-1001/notes
const LEAD_PATH = /^\/admin\/leads\/([A-Za-z0-9_-]{1,64})(?:\/[a-z-]+)?\/?$/;

export const cincSelectors = {
  /** The lead page's action buttons (Call, Email, Text…). */
  leadActions: ['[data-testid="lead-actions"]', '.lead-header .lead-actions'],
  /** The dashboard toolbar holding the "Action" dropdown. */
  dashboardActions: ['[data-testid="leads-bulk-actions"]', '.leads-toolbar .bulk-actions'],
  /** Dashboard rows that carry their lead id. */
  leadRow: ['tr[data-lead-id]', '[data-testid="lead-row"][data-lead-id]'],
  rowCheckbox: ['input[type="checkbox"][data-testid="lead-select"]', 'input[type="checkbox"]'],
  /** The row checkboxes by their form name, whose value is the lead id: outlives a restyle. */
  checkedLeads: ['input[type="checkbox"][name="selectedLeads"]:checked'],
} as const;

function first(root: ParentNode, chain: readonly string[]): Element | null {
  for (const sel of chain) {
    const el = root.querySelector(sel);
    if (el) return el;
  }
  return null;
}

function all(root: ParentNode, chain: readonly string[]): Element[] {
  for (const sel of chain) {
    const found = [...root.querySelectorAll(sel)];
    if (found.length) return found;
  }
  return [];
}

function isCincHost(url: URL): boolean {
  return url.protocol === 'https:' && WEB_HOST.test(url.hostname);
}

function ref(id: string): CrmRef {
  return { crm: 'cinc', module: CINC_LEAD_MODULE, id };
}

/** Checked rows by their data-lead-id; when no row carries one, checked boxes by name and value. */
function checkedIds(doc: Document): string[] {
  const rows = all(doc, cincSelectors.leadRow);
  if (rows.length > 0) {
    return rows
      .filter((row) => {
        const box = first(row, cincSelectors.rowCheckbox);
        return box instanceof HTMLInputElement && box.checked;
      })
      .map((row) => row.getAttribute('data-lead-id') ?? '');
  }
  return all(doc, cincSelectors.checkedLeads).map((box) =>
    box instanceof HTMLInputElement ? box.value : '',
  );
}

/** Which kind of CINC page a URL is, from the URL alone. */
export function cincPageKind(url: URL): 'list' | 'record' | null {
  if (!isCincHost(url)) return null;
  if (DASHBOARD_PATH.test(url.pathname)) return 'list';
  if (LEAD_PATH.test(url.pathname)) return 'record';
  return null;
}

/** The lead a lead page shows, from its URL. */
export function cincLeadRef(url: URL): CrmRef | null {
  if (!isCincHost(url)) return null;
  const id = LEAD_PATH.exec(url.pathname)?.[1];
  return id ? ref(id) : null;
}

/**
 * A lead's page on the team's web app host (Send to CINC links to it), or null when the host is not
 * a CINC web app host or the id could not be a path: the address must lead back to a lead page.
 */
export function cincLeadPageUrl(host: string | null, leadId: string): string | null {
  if (!host || !WEB_HOST.test(host.toLowerCase()) || !LEAD_ID.test(leadId)) return null;
  return `https://${host.toLowerCase()}/admin/leads/${leadId}`;
}

export const cincPage: PageAdapter = {
  crm: 'cinc',
  matches: CINC_WEB_MATCHES,

  kind: (url) => cincPageKind(url),

  recordRef: (url) => cincLeadRef(url),

  listView(url) {
    if (cincPageKind(url) !== 'list') return null;
    // The API reads all leads; the dashboard's filters are not visible to it.
    return { module: CINC_LEAD_MODULE, viewId: undefined };
  },

  selection(url, doc) {
    if (cincPageKind(url) !== 'list') return [];
    const ids = checkedIds(doc).filter((id) => LEAD_ID.test(id));
    return [...new Set(ids)].map(ref);
  },

  viewName() {
    // Not the dashboard's heading: whatever filter or smart list it shows, the API reads all leads,
    // and the dialog must say what will actually be sent.
    return 'All leads';
  },

  anchors: { record: cincSelectors.leadActions, list: cincSelectors.dashboardActions },
};
