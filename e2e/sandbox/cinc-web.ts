/**
 * The CINC web app fixture, served on the team host (smithteam.cincpro.com): one HTML shell for
 * every /admin/ path plus a small single-page app (fixtures/cinc-app.js) that renders the leads
 * dashboard and a lead's page in the DOM lib/connectors/cinc/page.ts is written against. CINC's
 * real DOM is not public; this one is invented and is the contract. The app reads the emulator's
 * state through /__fixture/ JSON endpoints, so pages and API always agree.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { CincLead } from './cinc-state';
import type { HostInfo } from './hosts';
import type { SandboxState } from './state';
import { jsonResponse, sandboxError } from './util';

type WebEnv = { Bindings: { info: HostInfo } };

/** [sandbox] Rows per dashboard page. */
const ROWS_PER_PAGE = 25;

let appJs: string | undefined;
function loadAppJs(): string {
  appJs ??= readFileSync(new URL('./fixtures/cinc-app.js', import.meta.url), 'utf8');
  return appJs;
}

function shell(siteName: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CINC</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2433; background: #f2f4f7; }
  .topnav { background: #0b3d5c; color: #fff; padding: 10px 24px; display: flex; gap: 20px; align-items: center; }
  .topnav a { color: #d6ecff; text-decoration: none; }
  .topnav .site { font-weight: 600; margin-right: auto; }
  #cinc-app { padding: 16px 24px; }
  .leads-toolbar, .lead-header { display: flex; align-items: center; gap: 12px; }
  .leads-toolbar h1, .lead-header h1 { font-size: 20px; margin: 8px 0; flex: 1; }
  table { width: 100%; background: #fff; border-collapse: collapse; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e5e8; }
  .action-dropdown { position: relative; }
  .action-dropdown ul { position: absolute; right: 0; background: #fff; list-style: none; margin: 0; padding: 4px 0; box-shadow: 0 2px 8px #0003; }
  .action-dropdown li { padding: 4px 16px; white-space: nowrap; }
  section { background: #fff; padding: 12px 16px; margin-top: 8px; }
  .field { display: flex; gap: 12px; padding: 3px 0; }
  .field .label { width: 160px; color: #667; }
  button { padding: 6px 12px; }
</style>
</head>
<body>
<div class="topnav"><span class="site"></span><a href="/admin/leads">Leads</a><a href="/admin/settings">Settings</a></div>
<div id="cinc-app"></div>
<script>document.querySelector('.topnav .site').textContent = ${JSON.stringify(siteName)};</script>
<script src="/__fixture/app.js"></script>
</body>
</html>`;
}

function name(lead: CincLead): string {
  return [lead.info.contact.first_name, lead.info.contact.last_name].filter((s) => s).join(' ');
}

function firstPhone(lead: CincLead): string {
  const p = lead.info.contact.phone_numbers;
  return p.cell_phone ?? p.home_phone ?? p.work_phone ?? '';
}

export function cincWebApp(state: SandboxState): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const agentName = (id: string | undefined) => {
    const a = state.cinc.agents.find((x) => x.id === id);
    return a ? `${a.first_name} ${a.last_name}` : '';
  };

  app.get('/', (c) => c.redirect('/admin/leads', 302));
  app.get('/admin', (c) => c.redirect('/admin/leads', 302));
  app.get('/admin/*', (c) => c.html(shell(state.cinc.site.name)));

  app.get('/__fixture/app.js', () => {
    return new Response(loadAppJs(), {
      headers: { 'content-type': 'text/javascript;charset=utf-8', 'cache-control': 'no-store' },
    });
  });

  app.get('/__fixture/leads', (c) => {
    const all = state.cinc.leads;
    const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
    const slice = all.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
    return jsonResponse({
      page,
      total: all.length,
      per_page: ROWS_PER_PAGE,
      more: page * ROWS_PER_PAGE < all.length,
      leads: slice.map((l) => ({
        id: l.id,
        name: name(l),
        email: l.info.contact.email ?? '',
        phone: firstPhone(l),
        status: l.info.status ?? '',
        stage: l.info.pipeline_stage ?? '',
        agent: agentName(l.assigned_agents.primary_agent?.id),
      })),
    });
  });

  app.get('/__fixture/lead', (c) => {
    const all = state.cinc.leads;
    const index = all.findIndex((l) => l.id === c.req.query('id'));
    const lead = all[index];
    if (!lead) return jsonResponse({ error: 'lead not found' }, 404);
    const contact = lead.info.contact;
    const address = [
      contact.mailing_address.street,
      contact.mailing_address.city,
      contact.mailing_address.state,
      contact.mailing_address.zip,
    ]
      .filter((s) => s)
      .join(', ');
    const fields: [string, string][] = [
      ['Email', contact.email ?? ''],
      ['Cell phone', contact.phone_numbers.cell_phone ?? ''],
      ['Home phone', contact.phone_numbers.home_phone ?? ''],
      ['Work phone', contact.phone_numbers.work_phone ?? ''],
      ['Mailing address', address],
      ['Status', lead.info.status ?? ''],
      ['Source', lead.info.source ?? ''],
      ['Pipeline stage', lead.info.pipeline_stage ?? ''],
      ['Assigned agent', agentName(lead.assigned_agents.primary_agent?.id)],
    ];
    return jsonResponse({
      id: lead.id,
      name: name(lead),
      fields: fields.filter(([, v]) => v !== ''),
      notes: (state.cinc.notes[lead.id] ?? []).map((n) => ({
        id: n.id,
        content: n.content,
        date: n.created_date,
      })),
      next_id: all[index + 1]?.id ?? null,
    });
  });

  app.onError(sandboxError);
  app.notFound(() => new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }));
  return app;
}
