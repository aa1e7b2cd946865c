/** The Zoho emulator checked against crm-facts.md: OAuth, API v7 reads and writes, paging rules. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { golden } from '../../lib/connectors/test-helpers';
import {
  findZohoRecord,
  type Sandbox,
  SEED_CLIENT,
  SEED_CONTACT_IDS,
  SEED_VIEWS,
  startSandbox,
} from './index';
import { generateZohoRecords } from './seed';
import { shapeDifferences } from './shape';
import { clientFor, type RequestOptions, TEST_REDIRECT, ZOHO_SCOPES, zohoLogin } from './test-client';

let sb: Sandbox;
let call: ReturnType<typeof clientFor>;

beforeAll(async () => {
  sb = await startSandbox();
  call = clientFor(sb);
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

function authorize(host: string, params: Record<string, string> = {}) {
  const q = new URLSearchParams({
    client_id: SEED_CLIENT.client_id,
    response_type: 'code',
    redirect_uri: TEST_REDIRECT,
    scope: ZOHO_SCOPES,
    access_type: 'offline',
    prompt: 'consent',
    state: 'st-1',
    ...params,
  });
  return call(host, `/oauth/v2/auth?${q}`);
}

function exchange(host: string, code: string, overrides: Record<string, string> = {}) {
  return call(host, '/oauth/v2/token', {
    form: {
      grant_type: 'authorization_code',
      client_id: SEED_CLIENT.client_id,
      client_secret: SEED_CLIENT.client_secret,
      redirect_uri: TEST_REDIRECT,
      code,
      ...overrides,
    },
  });
}

async function api() {
  const login = await zohoLogin(sb);
  return (path: string, opts: RequestOptions = {}) =>
    call(login.apiHost, path, {
      ...opts,
      headers: { authorization: `Zoho-oauthtoken ${login.access_token}`, ...opts.headers },
    });
}

describe('Zoho OAuth', () => {
  it('redirects with code, state, location and accounts-server of the data center used', async () => {
    const res = await authorize('accounts.zoho.eu');
    expect(res.status).toBe(302);
    const to = new URL(String(res.headers.location));
    expect(`${to.origin}${to.pathname}`).toBe(TEST_REDIRECT);
    expect(to.searchParams.get('state')).toBe('st-1');
    expect(to.searchParams.get('code')).toMatch(/^1000\./);
    expect(to.searchParams.get('location')).toBe('eu');
    expect(to.searchParams.get('accounts-server')).toBe('https://accounts.zoho.eu');
    const recorded = sb.state.zoho.authRequests.at(-1);
    expect(recorded?.params).toMatchObject({ access_type: 'offline', prompt: 'consent', scope: ZOHO_SCOPES });
    expect(recorded?.dc).toBe('EU');
  });

  it('exchanges a code once; errors are HTTP 200 with an error body', async () => {
    const code =
      new URL(String((await authorize('accounts.zoho.eu')).headers.location)).searchParams.get('code') ?? '';
    const ok = await exchange('accounts.zoho.eu', code);
    expect(ok.status).toBe(200);
    expect(ok.obj()).toMatchObject({
      api_domain: 'https://www.zohoapis.eu',
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const reused = await exchange('accounts.zoho.eu', code);
    expect(reused.status).toBe(200);
    expect(reused.json()).toEqual({ error: 'invalid_code' });
    expect(sb.state.zoho.tokenRequests).toBe(2);
  });

  it('refuses a bad client, a bad secret, a code from another DC and an expired code', async () => {
    const codeOf = async (host: string) =>
      new URL(String((await authorize(host)).headers.location)).searchParams.get('code') ?? '';
    const c1 = await codeOf('accounts.zoho.com');
    expect((await exchange('accounts.zoho.com', c1, { client_id: 'nope' })).json()).toEqual({
      error: 'invalid_client',
    });
    expect((await exchange('accounts.zoho.com', c1, { client_secret: 'nope' })).json()).toEqual({
      error: 'invalid_client_secret',
    });
    expect((await exchange('accounts.zoho.in', c1)).json()).toEqual({ error: 'invalid_code' });
    // A code lives three minutes (v7 token-validity): still good after two and a half.
    const c3 = await codeOf('accounts.zoho.com');
    sb.state.clock.offsetMs += 150_000;
    expect((await exchange('accounts.zoho.com', c3)).obj().access_token).toEqual(expect.any(String));
    const c2 = await codeOf('accounts.zoho.com');
    sb.state.clock.offsetMs += 181_000;
    expect((await exchange('accounts.zoho.com', c2)).json()).toEqual({ error: 'invalid_code' });
  });

  it('redirects an unknown client with error=invalid_client, a denial with access_denied', async () => {
    const unknown = new URL(
      String((await authorize('accounts.zoho.com', { client_id: 'x' })).headers.location),
    );
    expect(unknown.searchParams.get('error')).toBe('invalid_client');
    await fetch(`${sb.adminUrl}/zoho/deny-next-auth`, { method: 'POST' });
    const denied = new URL(String((await authorize('accounts.zoho.com')).headers.location));
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st-1');
    expect((await authorize('accounts.zoho.com')).headers.location).toContain('code=');
    const badRedirect = await authorize('accounts.zoho.com', { redirect_uri: 'https://evil.example.com/cb' });
    expect(badRedirect.status).toBe(400);
  });

  it('accepts only the exact Authorized Redirect URI a client registered', async () => {
    const client = sb.state.zoho.clients[0];
    if (client) client.redirect_uri = TEST_REDIRECT;
    expect((await authorize('accounts.zoho.com')).status).toBe(302);
    const other = await authorize('accounts.zoho.com', { redirect_uri: `${TEST_REDIRECT}/other` });
    expect(other.status).toBe(400);
    const sibling = await authorize('accounts.zoho.com', {
      redirect_uri: 'https://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.chromiumapp.org/zoho',
    });
    expect(sibling.status).toBe(400);
  });

  it('issues a refresh token only for access_type=offline', async () => {
    const codeOf = async (params: Record<string, string>) =>
      new URL(String((await authorize('accounts.zoho.com', params)).headers.location)).searchParams.get(
        'code',
      ) ?? '';
    const online = (await exchange('accounts.zoho.com', await codeOf({ access_type: 'online' }))).obj();
    expect(online.access_token).toEqual(expect.any(String));
    expect(online.refresh_token).toBeUndefined();
    const offline = (await exchange('accounts.zoho.com', await codeOf({}))).obj();
    expect(offline.refresh_token).toEqual(expect.any(String));
  });

  it('refreshes without a new refresh token; revoke kills refresh and access', async () => {
    const login = await zohoLogin(sb, 'accounts.zohocloud.ca');
    expect(login.api_domain).toBe('https://www.zohoapis.ca');
    const refresh = () =>
      call('accounts.zohocloud.ca', '/oauth/v2/token', {
        form: {
          grant_type: 'refresh_token',
          client_id: SEED_CLIENT.client_id,
          client_secret: SEED_CLIENT.client_secret,
          refresh_token: login.refresh_token,
        },
      });
    const r = (await refresh()).obj();
    expect(r).toMatchObject({
      api_domain: 'https://www.zohoapis.ca',
      token_type: 'Bearer',
      expires_in: 3600,
    });
    expect(r.refresh_token).toBeUndefined();
    expect(sb.state.zoho.tokenRequestLog.filter((t) => t.grant_type === 'refresh_token')).toHaveLength(1);

    await call('accounts.zohocloud.ca', `/oauth/v2/token/revoke?token=${login.refresh_token}`, {
      method: 'POST',
    });
    expect((await refresh()).json()).toEqual({ error: 'invalid_code' });
    const org = await call('www.zohoapis.ca', '/crm/v7/org', {
      headers: { authorization: `Zoho-oauthtoken ${String(r.access_token)}` },
    });
    expect(org.status).toBe(401);
  });
});

describe('Zoho API auth', () => {
  it('answers 401 INVALID_TOKEN for a bad token, a Bearer header or another DC', async () => {
    const expected = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };
    const bad = await call('www.zohoapis.com', '/crm/v7/org', {
      headers: { authorization: 'Zoho-oauthtoken x' },
    });
    expect(bad.status).toBe(401);
    expect(bad.json()).toEqual(expected);
    const login = await zohoLogin(sb, 'accounts.zoho.eu');
    const bearer = await call(login.apiHost, '/crm/v7/org', {
      headers: { authorization: `Bearer ${login.access_token}` },
    });
    expect(bearer.status).toBe(401);
    const wrongDc = await call('www.zohoapis.com', '/crm/v7/org', {
      headers: { authorization: `Zoho-oauthtoken ${login.access_token}` },
    });
    expect(wrongDc.json()).toEqual(expected);
    const expired = await call(login.apiHost, '/crm/v7/org', {
      headers: { authorization: `Zoho-oauthtoken ${login.access_token}` },
    });
    expect(expired.status).toBe(200);
    sb.state.clock.offsetMs += 3601_000;
    const later = await call(login.apiHost, '/crm/v7/org', {
      headers: { authorization: `Zoho-oauthtoken ${login.access_token}` },
    });
    expect(later.json()).toEqual(expected);
  });

  it('answers OAUTH_SCOPE_MISMATCH when the token lacks the scope', async () => {
    const login = await zohoLogin(sb, 'accounts.zoho.com', 'ZohoCRM.modules.contacts.READ');
    const auth = { authorization: `Zoho-oauthtoken ${login.access_token}` };
    expect((await call(login.apiHost, '/crm/v7/Contacts?fields=Email', { headers: auth })).status).toBe(200);
    const users = await call(login.apiHost, '/crm/v7/users?type=ActiveUsers', { headers: auth });
    expect(users.status).toBe(401);
    expect(users.obj().code).toBe('OAUTH_SCOPE_MISMATCH');
  });
});

describe('Zoho record reads', () => {
  it('requires fields, caps them at 50 and knows its modules', async () => {
    const get = await api();
    const missing = await get('/crm/v7/Contacts?per_page=200&page=1');
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'fields' },
      message: 'One of the expected parameter is missing',
      status: 'error',
    });
    const many = Array.from({ length: 51 }, (_, i) => `F${i}`).join(',');
    const tooMany = await get(`/crm/v7/Contacts?fields=${many}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.obj().code).toBe('LIMIT_EXCEEDED');
    // A field the module lacks is refused, naming it: Leads have no Home_Phone.
    const unknown = await get('/crm/v7/Leads?fields=Last_Name,Home_Phone');
    expect(unknown.status).toBe(400);
    expect(unknown.obj()).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Home_Phone' } });
    const search = await get('/crm/v7/Leads/search?email=a@b.co&fields=Other_Phone');
    expect(search.obj()).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Other_Phone' } });
    const module = await get('/crm/v7/Widgets?fields=Email');
    expect(module.status).toBe(400);
    expect(module.obj().code).toBe('INVALID_MODULE');
  });

  it('returns only the requested fields plus id, and the info block', async () => {
    const get = await api();
    const res = await get('/crm/v7/Contacts?fields=Full_Name,Email,Owner&per_page=5&page=1');
    expect(res.status).toBe(200);
    const body = res.obj();
    const data = body.data as Record<string, unknown>[];
    expect(data).toHaveLength(5);
    expect(data[0]).toEqual({
      id: SEED_CONTACT_IDS.janeDoe,
      Full_Name: 'Jane Doe',
      Email: 'jane@example.com',
      Owner: { id: '4876876000000310001', name: 'Pat Smith', email: 'agent@example.com' },
    });
    expect(body.info).toMatchObject({
      per_page: 5,
      count: 5,
      page: 1,
      sort_by: 'id',
      sort_order: 'asc',
      more_records: true,
      next_page_token: expect.any(String),
      previous_page_token: null,
      page_token_expiry: expect.any(String),
    });
  });

  it('answers 204 with an empty body when there is nothing', async () => {
    sb.reset('empty');
    const get = await api();
    const res = await get('/crm/v7/Contacts?fields=Email');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await get(`/crm/v7/Contacts/${SEED_CONTACT_IDS.janeDoe}`)).status).toBe(204);
  });

  it('caps page×per_page at 2000 and continues with page_token through 2,500 records', async () => {
    sb.reset('empty');
    generateZohoRecords(sb.state.zoho, 'Contacts', 2500);
    const get = await api();
    const over = await get('/crm/v7/Contacts?fields=Email&per_page=200&page=11');
    expect(over.status).toBe(400);
    expect(over.obj()).toMatchObject({ code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', status: 'error' });
    expect((await get('/crm/v7/Contacts?fields=Email&per_page=200&page=10')).status).toBe(200);

    const seen = new Set<string>();
    let path = '/crm/v7/Contacts?fields=Email,Last_Name&per_page=200&page=1';
    let calls = 0;
    for (;;) {
      const res = await get(path);
      calls++;
      expect(res.status).toBe(200);
      const body = res.obj();
      for (const r of body.data as { id: string }[]) seen.add(r.id);
      const info = body.info as { more_records: boolean; next_page_token: string | null };
      if (!info.more_records) break;
      path = `/crm/v7/Contacts?fields=Email,Last_Name&per_page=200&page_token=${info.next_page_token}`;
    }
    expect(seen.size).toBe(2500);
    expect(calls).toBe(13);
    expect((await get('/crm/v7/Contacts?fields=Email&page_token=forged')).status).toBe(400);
  });

  it('filters by custom view and counts', async () => {
    const get = await api();
    const hot = (await get(`/crm/v7/Contacts?fields=Lead_Source&cvid=${SEED_VIEWS.hotLeads}`)).obj();
    const rows = hot.data as { Lead_Source: string }[];
    expect(rows.length).toBe(6);
    expect(rows.every((r) => r.Lead_Source === 'Zillow')).toBe(true);
    expect((await get(`/crm/v7/Contacts/actions/count?cvid=${SEED_VIEWS.hotLeads}`)).json()).toEqual({
      count: 6,
    });
    expect((await get(`/crm/v7/Contacts/actions/count?cvid=${SEED_VIEWS.allContacts}`)).json()).toEqual({
      count: sb.state.zoho.records.Contacts.length,
    });
    expect((await get('/crm/v7/Contacts/actions/count')).json()).toEqual({ count: 14 });
    const leads = (await get(`/crm/v7/Leads?fields=Company,Lead_Status&cvid=${SEED_VIEWS.allLeads}`)).obj();
    expect((leads.data as unknown[]).length).toBeGreaterThanOrEqual(5);
    expect((await get(`/crm/v7/Leads?fields=Email&cvid=${SEED_VIEWS.hotLeads}`)).status).toBe(400);
  });

  it('reads given ids (≤100) and one record', async () => {
    const get = await api();
    const ids = [SEED_CONTACT_IDS.markup, SEED_CONTACT_IDS.emoji, '4876876000000999999'];
    const res = (await get(`/crm/v7/Contacts?fields=Full_Name&ids=${ids.join(',')}`)).obj();
    expect(res.data).toEqual([
      { id: SEED_CONTACT_IDS.markup, Full_Name: 'Mallory <img src=x onerror=alert(1)>' },
      { id: SEED_CONTACT_IDS.emoji, Full_Name: 'Zoë Ångström 🏡' },
    ]);
    const tooMany = Array.from({ length: 101 }, (_, i) => String(i)).join(',');
    expect((await get(`/crm/v7/Contacts?fields=Email&ids=${tooMany}`)).status).toBe(400);
    const one = (await get(`/crm/v7/Contacts/${SEED_CONTACT_IDS.noPhoneNoEmail}`)).obj();
    expect(one.data).toEqual([
      expect.objectContaining({ Full_Name: 'Walter Kim', Email: null, Phone: null, Mobile: null }),
    ]);
  });

  it('serves users and org', async () => {
    const get = await api();
    const users = (await get('/crm/v7/users?type=ActiveUsers')).obj().users as Record<string, unknown>[];
    expect(users).toHaveLength(3);
    expect(users[0]).toMatchObject({ email: 'agent@example.com', full_name: 'Pat Smith', status: 'active' });
    expect((await get('/crm/v7/org')).json()).toEqual({
      org: [{ id: '4876876000000000001', company_name: 'Acme Realty', domain_name: 'org60012345' }],
    });
  });
});

describe('Zoho writes', () => {
  it('upserts by duplicate_check_fields; a mixed batch is HTTP 207; trigger is recorded', async () => {
    const get = await api();
    const res = await get('/crm/v7/Contacts/upsert', {
      json: {
        data: [
          { Last_Name: 'Doe', First_Name: 'Jane', Email: 'JANE@example.com', Mailing_City: 'Round Rock' },
          { Last_Name: 'New', First_Name: 'Nora', Email: 'nora@example.com', Mobile: '5125550300' },
          { First_Name: 'NoLast', Email: 'nolast@example.com' },
        ],
        duplicate_check_fields: ['Email'],
        trigger: [],
      },
    });
    expect(res.status).toBe(207);
    const items = res.obj().data as Record<string, unknown>[];
    expect(items[0]).toMatchObject({
      code: 'SUCCESS',
      action: 'update',
      duplicate_field: 'Email',
      status: 'success',
      details: { id: SEED_CONTACT_IDS.janeDoe },
    });
    expect(items[1]).toMatchObject({ code: 'SUCCESS', action: 'insert', duplicate_field: null });
    expect(items[2]).toMatchObject({
      code: 'MANDATORY_NOT_FOUND',
      status: 'error',
      details: { api_name: 'Last_Name' },
    });
    expect(findZohoRecord(sb.state, 'Contacts', SEED_CONTACT_IDS.janeDoe)?.Mailing_City).toBe('Round Rock');
    expect(sb.state.zoho.writeCalls.at(-1)).toMatchObject({
      op: 'upsert',
      module: 'Contacts',
      trigger: [],
      results: ['update', 'insert', 'MANDATORY_NOT_FOUND'],
    });

    const allGood = await get('/crm/v7/Leads/upsert', {
      json: { data: [{ Last_Name: 'Lead', Company: 'X', Email: 'l@example.com' }], trigger: [] },
    });
    expect(allGood.status).toBe(200);
    const over = await get('/crm/v7/Contacts/upsert', {
      json: { data: Array.from({ length: 101 }, (_, i) => ({ Last_Name: `L${i}` })) },
    });
    expect(over.status).toBe(400);
  });

  it('refuses an upsert naming a field that is not a duplicate-check field (Phone, Mobile)', async () => {
    const get = await api();
    const res = await get('/crm/v7/Leads/upsert', {
      json: {
        data: [{ Last_Name: 'Lead', Mobile: '5125550300' }],
        duplicate_check_fields: ['Phone', 'Mobile'],
        trigger: [],
      },
    });
    expect(res.status).toBe(400);
    expect(res.obj()).toMatchObject({
      code: 'INVALID_DATA',
      details: { api_name: 'Phone' },
      status: 'error',
    });
    expect(sb.state.zoho.records.Leads.some((r) => r.Mobile === '5125550300')).toBe(false);
    // A user-defined unique field may be named.
    sb.state.zoho.uniqueFields.Leads = ['Mobile'];
    const unique = await get('/crm/v7/Leads/upsert', {
      json: { data: [{ Last_Name: 'Lead', Mobile: '5125550300' }], duplicate_check_fields: ['Mobile'] },
    });
    expect(unique.status).toBe(200);
  });

  it('answers DUPLICATE_DATA with the record holding a unique value', async () => {
    const get = await api();
    sb.state.zoho.uniqueFields.Contacts = ['Email'];
    const res = await get('/crm/v7/Contacts', {
      json: { data: [{ Last_Name: 'Twin', Email: 'jane@example.com' }], trigger: [] },
    });
    expect(res.status).toBe(400);
    expect(res.obj()).toMatchObject({
      data: [
        {
          code: 'DUPLICATE_DATA',
          details: { api_name: 'Email', duplicate_record: { id: SEED_CONTACT_IDS.janeDoe } },
          status: 'error',
        },
      ],
    });
  });

  it('stops page_token paging at 100,000 records with PAGINATION_LIMIT_EXCEEDED', async () => {
    const get = await api();
    sb.state.zoho.pageTokens.set('far', {
      module: 'Contacts',
      cvid: null,
      offset: 100_000,
      expires_at: Date.now() + sb.state.clock.offsetMs + 60_000,
    });
    const res = await get('/crm/v7/Contacts?fields=Last_Name&per_page=200&page_token=far');
    expect(res.status).toBe(400);
    expect(res.obj().code).toBe('PAGINATION_LIMIT_EXCEEDED');
    const both = await get('/crm/v7/Contacts?fields=Last_Name&page=2&page_token=far');
    expect(both.obj().code).toBe('AMBIGUITY_DURING_PROCESSING');
  });

  it('requires fields on a notes read', async () => {
    const get = await api();
    const res = await get(`/crm/v7/Contacts/${SEED_CONTACT_IDS.janeDoe}/Notes`);
    expect(res.status).toBe(400);
    expect(res.obj()).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'fields' } });
  });

  it('ties a task to a Lead only by What_Id with $se_module, to a Contact by Who_Id', async () => {
    const get = await api();
    const lead = sb.state.zoho.records.Leads[0]?.id ?? '';
    const noModule = await get('/crm/v7/Tasks', {
      json: { data: [{ Subject: 'S', What_Id: { id: lead } }] },
    });
    expect(noModule.status).toBe(400);
    expect(noModule.obj()).toMatchObject({
      data: [{ code: 'MANDATORY_NOT_FOUND', details: { api_name: '$se_module' } }],
    });
    const leadAsWho = await get('/crm/v7/Tasks', {
      json: { data: [{ Subject: 'S', Who_Id: { id: lead } }] },
    });
    expect(leadAsWho.obj()).toMatchObject({
      data: [{ code: 'INVALID_DATA', details: { api_name: 'Who_Id' } }],
    });
    const ok = await get('/crm/v7/Tasks', {
      json: { data: [{ Subject: 'S', What_Id: { id: lead }, $se_module: 'Leads' }] },
    });
    expect(ok.status).toBe(201);
  });

  it('stores notes and tasks', async () => {
    const get = await api();
    const note = await get('/crm/v7/Notes', {
      json: {
        data: [
          {
            Note_Title: 'Mojo call',
            Note_Content: 'Call result: Contact',
            Parent_Id: { module: { api_name: 'Contacts' }, id: SEED_CONTACT_IDS.janeDoe },
          },
        ],
      },
    });
    expect(note.status).toBe(201);
    expect(sb.state.zoho.notes).toHaveLength(1);
    expect(sb.state.zoho.notes[0]?.Parent_Id.id).toBe(SEED_CONTACT_IDS.janeDoe);
    const badParent = await get('/crm/v7/Notes', {
      json: { data: [{ Note_Content: 'x', Parent_Id: { module: { api_name: 'Contacts' }, id: '1' } }] },
    });
    expect(badParent.status).toBe(400);

    const task = await get('/crm/v7/Tasks', {
      json: {
        data: [
          { Subject: 'Follow-up call', Due_Date: '2026-12-01', Who_Id: { id: SEED_CONTACT_IDS.janeDoe } },
        ],
      },
    });
    expect(task.status).toBe(201);
    expect(sb.state.zoho.tasks[0]).toMatchObject({ Subject: 'Follow-up call' });
  });
});

/** Keeps only `keys` of each object in the example's list at `list` (the fields the client reads). */
function only(body: unknown, list: string, keys: readonly string[]): Record<string, unknown> {
  const b = body as Record<string, unknown[]>;
  const items = (b[list] ?? []).map((item) =>
    Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([k]) => keys.includes(k))),
  );
  return { ...b, [list]: items };
}

describe('Zoho contract: the emulator answers in the shape of Zoho’s own examples', () => {
  const fixture = (name: string) => golden('zoho', name);
  const diff = (...args: Parameters<typeof shapeDifferences>) => shapeDifferences(...args).join('\n');

  it('OAuth: the code exchange, the refresh and an error', async () => {
    const code =
      new URL(String((await authorize('accounts.zoho.com')).headers.location)).searchParams.get('code') ?? '';
    const token = await exchange('accounts.zoho.com', code);
    expect(token.status).toBe(fixture('token').httpStatus);
    expect(diff(fixture('token').body, token.obj())).toBe('');
    const refreshed = await call('accounts.zoho.com', '/oauth/v2/token', {
      form: {
        grant_type: 'refresh_token',
        client_id: SEED_CLIENT.client_id,
        client_secret: SEED_CLIENT.client_secret,
        refresh_token: String(token.obj().refresh_token),
      },
    });
    expect(diff(fixture('token-refresh').body, refreshed.obj())).toBe('');
    expect(refreshed.obj().refresh_token).toBeUndefined();
    const error = await exchange('accounts.zoho.com', code);
    expect(error.status).toBe(fixture('token-error').httpStatus);
    expect(diff(fixture('token-error').body, error.obj(), { extra: 'refuse' })).toBe('');
  });

  it('INVALID_TOKEN', async () => {
    const res = await call('www.zohoapis.com', '/crm/v7/org', {
      headers: { authorization: 'Zoho-oauthtoken x' },
    });
    expect(res.status).toBe(fixture('invalid-token').httpStatus);
    expect(diff(fixture('invalid-token').body, res.obj(), { extra: 'refuse' })).toBe('');
  });

  it('reads: records with info, search, notes, users, org, fields', async () => {
    const get = await api();
    const records = await get('/crm/v7/Contacts?fields=Last_Name,Email&per_page=5');
    expect(diff(fixture('get-records').body, records.obj(), { loose: ['data[]'] })).toBe('');
    const count = await get('/crm/v7/Contacts/actions/count');
    expect(diff(fixture('count').body, count.obj(), { extra: 'refuse' })).toBe('');
    const search = await get('/crm/v7/Contacts/search?email=jane@example.com&fields=Last_Name,Email');
    expect(diff(fixture('search').body, search.obj(), { loose: ['data[]'] })).toBe('');
    sb.state.zoho.notes.push({
      id: '1',
      Note_Title: 'Follow up call',
      Note_Content: 'x',
      Parent_Id: { module: { api_name: 'Contacts' }, id: SEED_CONTACT_IDS.janeDoe },
      Created_Time: '2026-01-01T00:00:00+00:00',
    });
    const notes = await get(
      `/crm/v7/Contacts/${SEED_CONTACT_IDS.janeDoe}/Notes?fields=Note_Title,Note_Content`,
    );
    expect(diff(only(fixture('notes-get').body, 'data', ['id', 'Note_Title']), notes.obj())).toBe('');
    const users = await get('/crm/v7/users?type=ActiveUsers&per_page=200&page=1');
    expect(
      diff(only(fixture('users').body, 'users', ['id', 'email', 'full_name', 'status']), users.obj()),
    ).toBe('');
    const org = await get('/crm/v7/org');
    expect(diff(only(fixture('org').body, 'org', ['id', 'company_name', 'domain_name']), org.obj())).toBe('');
    const fields = await get('/crm/v7/settings/fields?module=Leads');
    const picklist = (fixture('fields').body as { fields: Record<string, unknown>[] }).fields.find(
      (f) => f.api_name === 'Lead_Source',
    );
    const values = ((picklist?.pick_list_values ?? []) as Record<string, unknown>[]).map((v) => ({
      display_value: v.display_value,
      actual_value: v.actual_value,
    }));
    const served = (fields.obj().fields as Record<string, unknown>[]).find(
      (f) => f.api_name === 'Lead_Source',
    );
    expect(
      diff(
        { api_name: picklist?.api_name, field_label: picklist?.field_label, pick_list_values: values },
        served,
      ),
    ).toBe('');
  });

  it('writes: insert, update, upsert, a mixed 207, DUPLICATE_DATA, notes and tasks', async () => {
    const get = await api();
    const insert = await get('/crm/v7/Leads', {
      json: { data: [{ Last_Name: 'A' }, { Last_Name: 'B' }], trigger: [] },
    });
    expect(insert.status).toBe(fixture('insert').httpStatus);
    expect(diff(fixture('insert').body, insert.obj(), { extra: 'refuse' })).toBe('');
    const id = String((insert.obj().data as { details: { id: string } }[])[0]?.details.id);
    const update = await get('/crm/v7/Leads', {
      method: 'PUT',
      json: { data: [{ id, City: 'Austin' }], trigger: [] },
    });
    expect(update.status).toBe(fixture('update').httpStatus);
    expect(diff(fixture('update').body, update.obj(), { extra: 'refuse' })).toBe('');
    const upsert = await get('/crm/v7/Contacts/upsert', {
      json: {
        data: [
          { Last_Name: 'Doe', Email: 'jane@example.com' },
          { Last_Name: 'New', Email: 'new@example.com' },
        ],
        duplicate_check_fields: ['Email'],
        trigger: [],
      },
    });
    expect(upsert.status).toBe(fixture('upsert').httpStatus);
    // The vendor shows duplicate_field as the field's name (update) and null (insert).
    expect(
      diff(fixture('upsert').body, upsert.obj(), { extra: 'refuse', loose: ['data[].duplicate_field'] }),
    ).toBe('');
    const mixed = await get('/crm/v7/Leads', { json: { data: [{ Last_Name: 'A' }, { First_Name: 'B' }] } });
    expect(mixed.status).toBe(fixture('mixed-207').httpStatus);
    // Item by item: the batch holds a success and a refusal, each in its own documented shape.
    const example = (fixture('mixed-207').body as { data: unknown[] }).data;
    const served = mixed.obj().data as unknown[];
    expect(example.map((item, i) => diff(item, served[i], { extra: 'refuse' })).join('')).toBe('');
    sb.state.zoho.uniqueFields.Contacts = ['Email'];
    const dup = await get('/crm/v7/Contacts', {
      json: { data: [{ Last_Name: 'T', Email: 'jane@example.com' }] },
    });
    expect(dup.status).toBe(fixture('duplicate-data').httpStatus);
    expect(diff(fixture('duplicate-data').body, dup.obj(), { extra: 'refuse' })).toBe('');
    const note = await get('/crm/v7/Notes', {
      json: {
        data: [{ Note_Title: 'T', Note_Content: 'C', Parent_Id: { module: { api_name: 'Leads' }, id } }],
      },
    });
    expect(note.status).toBe(fixture('notes-create').httpStatus);
    expect(diff(fixture('notes-create').body, note.obj(), { extra: 'refuse' })).toBe('');
    const task = await get('/crm/v7/Tasks', {
      json: { data: [{ Subject: 'S', What_Id: { id }, $se_module: 'Leads' }], trigger: [] },
    });
    expect(task.status).toBe(fixture('tasks-create').httpStatus);
    expect(diff(fixture('tasks-create').body, task.obj(), { extra: 'refuse' })).toBe('');
  });
});
