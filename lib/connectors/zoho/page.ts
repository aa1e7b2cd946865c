/**
 * Zoho CRM's web app, as the content script needs to know it: which URLs are record and list
 * pages, which record or view they show, which rows are selected, and where the button goes.
 * Every selector and URL pattern for Zoho lives here and nowhere else. `data-zcqa` attributes are
 * Zoho's steadiest hooks (its own QA attributes); each chain falls back to looser matches, and
 * when nothing matches the button floats instead of disappearing.
 */
import type { CrmRef } from '../../core/models';
import type { PageAdapter } from '../types';

/** The web UI host of every data center (crm-facts.md). */
export const ZOHO_WEB_HOSTS = [
  'crm.zoho.com',
  'crm.zoho.eu',
  'crm.zoho.in',
  'crm.zoho.com.au',
  'crm.zoho.jp',
  'crm.zohocloud.ca',
  'crm.zoho.sa',
  'crm.zoho.uk',
] as const;

/** Modules whose records are people Mojo can dial. */
const PERSON_MODULES = new Set(['Contacts', 'Leads']);

// /crm/org60012345/tab/Contacts/4876876000000623001  or  /crm/tab/Leads/4876…
const RECORD_PATH = /^\/crm\/(?:org[\w-]+\/)?tab\/([A-Za-z_]+)\/(\d{5,25})\/?$/;
// /crm/org…/tab/Contacts/custom-view/4876…/list  and the default view /crm/org…/tab/Contacts
const LIST_PATH = /^\/crm\/(?:org[\w-]+\/)?tab\/([A-Za-z_]+)(?:\/custom-view\/(\d{5,25})\/list)?\/?$/;

export const zohoSelectors = {
  recordActions: ['[data-zcqa="detailView_actionButtons"]', 'lyte-detail-view [data-zcqa$="actionButtons"]'],
  listActions: ['[data-zcqa="listView_toolbar"]', 'lyte-list-view [data-zcqa$="toolbar"]'],
  listRow: ['[data-zcqa="listView_row"][data-record-id]', 'lyte-tr[data-record-id]'],
  rowCheckbox: ['input[type="checkbox"][data-zcqa="listView_rowCheckbox"]', 'input[type="checkbox"]'],
  viewTitle: ['[data-zcqa="listView_toolbar"] h1', 'lyte-list-view h1'],
} as const;

function first(doc: ParentNode, chain: readonly string[]): Element | null {
  for (const sel of chain) {
    const el = doc.querySelector(sel);
    if (el) return el;
  }
  return null;
}

function rows(doc: ParentNode): Element[] {
  for (const sel of zohoSelectors.listRow) {
    const found = [...doc.querySelectorAll(sel)];
    if (found.length) return found;
  }
  return [];
}

function isZohoHost(url: URL): boolean {
  return (ZOHO_WEB_HOSTS as readonly string[]).includes(url.hostname);
}

export const zohoPage: PageAdapter = {
  crm: 'zoho',
  matches: ZOHO_WEB_HOSTS.map((h) => `https://${h}/crm/*`),

  kind(url) {
    if (!isZohoHost(url)) return null;
    const rec = RECORD_PATH.exec(url.pathname);
    if (rec?.[1] && PERSON_MODULES.has(rec[1])) return 'record';
    const list = LIST_PATH.exec(url.pathname);
    if (list?.[1] && PERSON_MODULES.has(list[1])) return 'list';
    return null;
  },

  recordRef(url): CrmRef | null {
    const m = RECORD_PATH.exec(url.pathname);
    if (!m?.[1] || !m[2] || !PERSON_MODULES.has(m[1])) return null;
    return { crm: 'zoho', module: m[1], id: m[2] };
  },

  listView(url) {
    const m = LIST_PATH.exec(url.pathname);
    if (!m?.[1] || !PERSON_MODULES.has(m[1])) return null;
    return { module: m[1], viewId: m[2] };
  },

  selection(url, doc): CrmRef[] {
    const view = this.listView(url, doc);
    if (!view) return [];
    const refs: CrmRef[] = [];
    for (const row of rows(doc)) {
      const box = first(row, zohoSelectors.rowCheckbox);
      const id = row.getAttribute('data-record-id');
      if (box instanceof HTMLInputElement && box.checked && id && /^\d{5,25}$/.test(id)) {
        refs.push({ crm: 'zoho', module: view.module, id });
      }
    }
    return refs;
  },

  viewName(doc) {
    return first(doc, zohoSelectors.viewTitle)?.textContent?.trim() || null;
  },

  anchors: { record: zohoSelectors.recordActions, list: zohoSelectors.listActions },
};
