/**
 * The Zoho CRM web UI fixture served on every crm.zoho.* host: one HTML shell for every /crm/
 * path plus a tiny single-page app (fixtures/zoho-app.js) that renders record and list pages in
 * the DOM the extension's page adapter is written against. The app reads the emulator's state
 * through /__fixture/ JSON endpoints, so pages and API always agree.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { HostInfo } from './hosts';
import { isZohoModule, type SandboxState, type ZohoRecord } from './state';
import { jsonResponse, sandboxError } from './util';
import { recordsInView, viewsOf } from './zoho-records';

type WebEnv = { Bindings: { info: HostInfo } };

const ROWS_PER_PAGE = 100;
/** `?rows=N` on a list page (benchmarks only) asks for up to this many rows on one page. */
const MAX_ROWS_PER_PAGE = 10_000;
const PHONE_FIELDS = ['Phone', 'Mobile', 'Home_Phone', 'Other_Phone'] as const;

/** Labels for the record page, in Zoho's order; empty values are not shown. */
const DETAIL_FIELDS: Record<string, [string, string][]> = {
  Contacts: [
    ['Email', 'Email'],
    ['Secondary Email', 'Secondary_Email'],
    ['Phone', 'Phone'],
    ['Mobile', 'Mobile'],
    ['Home Phone', 'Home_Phone'],
    ['Other Phone', 'Other_Phone'],
    ['Mailing Street', 'Mailing_Street'],
    ['Mailing City', 'Mailing_City'],
    ['Mailing State', 'Mailing_State'],
    ['Mailing Zip', 'Mailing_Zip'],
    ['Mailing Country', 'Mailing_Country'],
    ['Lead Source', 'Lead_Source'],
    ['Description', 'Description'],
  ],
  Leads: [
    ['Company', 'Company'],
    ['Email', 'Email'],
    ['Secondary Email', 'Secondary_Email'],
    ['Phone', 'Phone'],
    ['Mobile', 'Mobile'],
    ['Street', 'Street'],
    ['City', 'City'],
    ['State', 'State'],
    ['Zip Code', 'Zip_Code'],
    ['Country', 'Country'],
    ['Lead Status', 'Lead_Status'],
    ['Lead Source', 'Lead_Source'],
    ['Description', 'Description'],
  ],
};

let appJs: string | undefined;
function loadAppJs(): string {
  appJs ??= readFileSync(new URL('./fixtures/zoho-app.js', import.meta.url), 'utf8');
  return appJs;
}

function shell(org: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="fixture-org" content="${org}">
<title>Zoho CRM</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; background: #f4f5f7; }
  #zoho-app { padding: 16px 24px; }
  .topbar { background: #1b2a4a; color: #fff; padding: 10px 24px; font-weight: 600; }
  .topbar a { color: #cfe0ff; margin-right: 16px; text-decoration: none; }
  .lv-toolbar, .dv-header { display: flex; align-items: center; gap: 12px; }
  .lv-toolbar h1, .dv-header h1 { font-size: 20px; margin: 8px 0; flex: 1; }
  lyte-table { display: table; width: 100%; background: #fff; border-collapse: collapse; }
  lyte-thead, lyte-tbody { display: table-row-group; }
  lyte-tr { display: table-row; }
  lyte-td, lyte-th { display: table-cell; padding: 6px 10px; border-bottom: 1px solid #e3e5e8; }
  lyte-th { font-weight: 600; }
  .dv-field { display: flex; gap: 12px; padding: 4px 0; }
  .dv-label { width: 160px; color: #667; }
  section { background: #fff; padding: 12px 16px; margin-top: 8px; }
  button { padding: 6px 12px; }
</style>
</head>
<body>
<div class="topbar"><a href="/crm/${org}/tab/Contacts">Contacts</a><a href="/crm/${org}/tab/Leads">Leads</a></div>
<div id="zoho-app"></div>
<script src="/__fixture/app.js"></script>
</body>
</html>`;
}

function displayName(r: ZohoRecord): string {
  const full = r.Full_Name;
  return typeof full === 'string' && full !== '' ? full : String(r.Last_Name ?? '');
}

function text(v: ZohoRecord[string] | undefined): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') return v.name;
  return '';
}

export function zohoWebApp(state: SandboxState): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const org = () => state.zoho.org.domain_name;

  app.get('/', (c) => c.redirect(`/crm/${org()}/tab/Contacts`, 302));
  app.get('/crm', (c) => c.redirect(`/crm/${org()}/tab/Contacts`, 302));
  app.get('/crm/*', (c) => c.html(shell(org())));

  app.get('/__fixture/app.js', () => {
    return new Response(loadAppJs(), {
      headers: { 'content-type': 'text/javascript;charset=utf-8', 'cache-control': 'no-store' },
    });
  });

  app.get('/__fixture/records', (c) => {
    const module = c.req.query('module') ?? '';
    if (!isZohoModule(module)) return jsonResponse({ error: 'unknown module' }, 404);
    const views = viewsOf(state, module);
    const cvid = c.req.query('cvid');
    const view = cvid ? views.find((v) => v.id === cvid) : views[0];
    if (!view) return jsonResponse({ error: 'unknown view' }, 404);
    const records = recordsInView(state, module, view.id) ?? [];
    const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
    // The benchmarks measure the content script on a long list (bench/); the default stays Zoho's 100.
    const asked = Math.floor(Number(c.req.query('rows') ?? ROWS_PER_PAGE) || ROWS_PER_PAGE);
    const perPage = Math.min(Math.max(1, asked), MAX_ROWS_PER_PAGE);
    const slice = records.slice((page - 1) * perPage, page * perPage);
    return jsonResponse({
      module,
      view: { id: view.id, name: view.name },
      views: views.map((v) => ({ id: v.id, name: v.name })),
      page,
      per_page: perPage,
      total: records.length,
      more_records: page * perPage < records.length,
      records: slice.map((r) => ({
        id: r.id,
        name: displayName(r),
        email: text(r.Email),
        phone: PHONE_FIELDS.map((f) => text(r[f])).find((p) => p !== '') ?? '',
      })),
    });
  });

  app.get('/__fixture/record', (c) => {
    const module = c.req.query('module') ?? '';
    if (!isZohoModule(module)) return jsonResponse({ error: 'unknown module' }, 404);
    const all = state.zoho.records[module];
    const index = all.findIndex((r) => r.id === c.req.query('id'));
    const record = all[index];
    if (!record) return jsonResponse({ error: 'record not found' }, 404);
    const fields = (DETAIL_FIELDS[module] ?? [])
      .map(([label, api]) => [label, text(record[api])] as const)
      .filter(([, v]) => v !== '');
    return jsonResponse({
      module,
      id: record.id,
      name: displayName(record),
      owner: text(record.Owner),
      fields,
      next_id: all[index + 1]?.id ?? null,
      list_cvid: viewsOf(state, module)[0]?.id ?? null,
    });
  });

  app.onError(sandboxError);
  app.notFound(() => new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }));
  return app;
}
