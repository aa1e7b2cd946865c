/**
 * The Wise Agent web app fixture on thewiseagent.com and www.thewiseagent.com: the contact page
 * `/secure/client/summary?clientId=<id>` (server-rendered, as classic ASP pages are) and the contacts
 * home `/secure/client/ClientWelcome.asp`, whose table fixtures/wiseagent-app.js loads after the page
 * (as its grid does) from /__fixture/ JSON, so pages and API always agree.
 *
 * The real DOM is not public: this markup is the contract lib/connectors/wiseagent/page.ts is
 * written against (ids `clientActions`, `clientToolbar`, `clientListTitle`, checkboxes
 * `name="chkClient" value="<ClientID>"`). `?layout=unknown` drops every id, class and name and the
 * boxes' values, to simulate Wise Agent changing its pages. Paths match case-insensitively, as IIS does.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { HostInfo } from './hosts';
import type { SandboxState } from './state';
import { escapeHtml, jsonResponse, sandboxError } from './util';
import type { WiseAgentContact } from './wiseagent-state';

type WebEnv = { Bindings: { info: HostInfo } };

const ROWS_PER_PAGE = 50;

let appJs: string | undefined;
function loadAppJs(): string {
  appJs ??= readFileSync(new URL('./fixtures/wiseagent-app.js', import.meta.url), 'utf8');
  return appJs;
}

const STYLE = `
  body { font: 13px Verdana, Arial, sans-serif; margin: 0; color: #222; background: #eef1f4; }
  .waHeader { background: #0b4f79; color: #fff; padding: 8px 16px; }
  .waHeader a { color: #fff; margin-right: 14px; }
  table { border-collapse: collapse; }
  .page { padding: 12px 16px; }
  .clientHeader h2 { margin: 4px 0 8px; font-size: 18px; }
  .clientActions a, .clientToolbar button { margin-right: 6px; }
  .clientDetails td { padding: 3px 8px; border-bottom: 1px solid #dde; }
  .clientDetails td.label { color: #667; width: 140px; }
  .clientToolbar { background: #fff; padding: 6px 8px; border: 1px solid #ccd; }
  .clientToolbar .title { font-weight: bold; font-size: 15px; margin-right: 16px; }
  .clientGrid { width: 100%; background: #fff; }
  .clientGrid td, .clientGrid th { border: 1px solid #dde; padding: 4px 6px; text-align: left; }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} - Wise Agent</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** An attribute only in the known layout: in drift mode ids, classes and names disappear. */
function attr(drift: boolean, name: string, value: string): string {
  return drift ? '' : ` ${name}="${escapeHtml(value)}"`;
}

function header(drift: boolean): string {
  const q = drift ? '?layout=unknown' : '';
  return `<div${attr(drift, 'id', 'waHeader')}${attr(drift, 'class', 'waHeader')}><b>Wise Agent</b> &nbsp; <a href="/secure/client/ClientWelcome.asp${q}">Contacts</a><a href="/secure/calendar/">Calendar</a><a href="/secure/tasks/">Tasks</a></div>`;
}

function fullName(c: WiseAgentContact): string {
  return [c.CFirst, c.CLast].filter((s) => s !== '').join(' ');
}

function detailRows(c: WiseAgentContact): [string, string][] {
  const address = [String(c.AddressNumber), c.AddressStreet, c.SuiteNo]
    .filter((s) => s.trim() !== '')
    .join(' ');
  const rows: [string, string][] = [
    ['Email', c.CEmail],
    ['Home Phone', c.HomePhone],
    ['Work Phone', c.WorkPhone],
    ['Cell Phone', c.MobilePhone],
    ['Preferred Phone', c.PreferredPhone],
    ['Address', address],
    ['City', c.City],
    ['State', c.State],
    ['Zip', String(c.zip)],
    ['Source', c.Source],
    ['Status', c.Status],
    ['Rank', c.Rank],
    ['Categories', c.Categories.join(', ')],
    ['Notes', c.Notes],
  ];
  return rows.filter(([, v]) => v.trim() !== '');
}

function summaryPage(state: SandboxState, url: URL, drift: boolean): string {
  let id = '';
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === 'clientid') id = v;
  const contact = state.wiseagent.contacts.find((c) => String(c.ClientID) === id.trim());
  if (!contact) {
    return page(
      'Contact not found',
      `${header(drift)}<div class="page"><p>This contact does not exist or was deleted.</p></div>`,
    );
  }
  const name = fullName(contact);
  const details = detailRows(contact)
    .map(
      ([label, value]) =>
        `<tr><td${attr(drift, 'class', 'label')}>${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  const next = state.wiseagent.contacts[state.wiseagent.contacts.indexOf(contact) + 1];
  const q = drift ? '&layout=unknown' : '';
  return page(
    name,
    `${header(drift)}
<div class="page">
<table${attr(drift, 'id', 'clientSummary')}${attr(drift, 'class', 'clientSummary')} width="100%" cellpadding="4">
<tr><td${attr(drift, 'class', 'clientHeader')}>
  <h2${attr(drift, 'id', 'clientName')}>${escapeHtml(name)}</h2>
  <div${attr(drift, 'id', 'clientActions')}${attr(drift, 'class', 'clientActions')}>
    <a href="#"${attr(drift, 'class', 'waButton')}>Edit</a>
    <a href="#"${attr(drift, 'class', 'waButton')}>Add Note</a>
    <a href="#"${attr(drift, 'class', 'waButton')}>Send Email</a>
  </div>
</td></tr>
<tr><td>
  <table${attr(drift, 'class', 'clientDetails')}>
${details}
  </table>
</td></tr>
<tr><td><a href="/secure/client/ClientWelcome.asp${drift ? '?layout=unknown' : ''}">Back to contacts</a>${
      next ? ` &nbsp; <a href="/secure/client/summary?clientId=${next.ClientID}${q}">Next contact</a>` : ''
    }</td></tr>
</table>
</div>`,
  );
}

function listPage(drift: boolean): string {
  return page(
    'Contacts',
    `${header(drift)}
<div class="page">
<form${attr(drift, 'name', 'frmClients')}${attr(drift, 'id', 'frmClients')} method="post" action="ClientWelcome.asp">
  <div${attr(drift, 'id', 'clientToolbar')}${attr(drift, 'class', 'clientToolbar toolbar')}>
    <span${attr(drift, 'id', 'clientListTitle')}${attr(drift, 'class', 'title')}>All Contacts</span>
    <button type="button">Add Contact</button>
    <button type="button">Email Selected</button>
  </div>
  <div id="gridHost">Loading contacts…</div>
</form>
</div>
<script src="/__fixture/wiseagent-app.js"></script>`,
  );
}

export function wiseAgentWebApp(state: SandboxState): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/', (c) => c.redirect('/secure/client/ClientWelcome.asp', 302));

  app.get('/__fixture/wiseagent-app.js', () => {
    return new Response(loadAppJs(), {
      headers: { 'content-type': 'text/javascript;charset=utf-8', 'cache-control': 'no-store' },
    });
  });

  app.get('/__fixture/contacts', (c) => {
    const all = [...state.wiseagent.contacts].sort((a, b) => a.ClientID - b.ClientID);
    const pageNo = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
    const slice = all.slice((pageNo - 1) * ROWS_PER_PAGE, pageNo * ROWS_PER_PAGE);
    return jsonResponse({
      page: pageNo,
      total: all.length,
      more: pageNo * ROWS_PER_PAGE < all.length,
      contacts: slice.map((x) => ({
        id: x.ClientID,
        name: fullName(x),
        sortName: [x.CLast, x.CFirst].filter((s) => s !== '').join(', '),
        email: x.CEmail,
        phone: x.MobilePhone || x.HomePhone || x.WorkPhone,
        city: x.City,
        status: x.Status,
      })),
    });
  });

  app.get('/secure/*', (c) => {
    const url = new URL(c.req.url);
    const drift = url.searchParams.get('layout') === 'unknown';
    const path = url.pathname.toLowerCase().replace(/\/+$/, '');
    if (path === '/secure/client/summary' || path === '/secure/client/summary.asp') {
      return c.html(summaryPage(state, url, drift));
    }
    if (path === '/secure/client/clientwelcome.asp') return c.html(listPage(drift));
    return c.html(page('Wise Agent', `${header(drift)}<div class="page"><p>Nothing here yet.</p></div>`));
  });

  app.onError(sandboxError);
  app.notFound(() => new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }));
  return app;
}
