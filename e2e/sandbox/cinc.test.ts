/**
 * The CINC emulator checked against crm-facts.md (OAuth, /site/me, leads, notes, agents, the
 * upsert's 200/201), faults on CINC's systems, and the extension's own CINC client against it, so
 * emulator and client cannot drift apart unnoticed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CincApi } from '../../lib/connectors/cinc/api';
import { exchangeCode, refreshSession } from '../../lib/connectors/cinc/auth';
import { cincConnector } from '../../lib/connectors/cinc/index';
import { goldens } from '../../lib/connectors/test-helpers';
import type { OAuthSession, TokenSource } from '../../lib/connectors/types';
import { toMojo } from '../../lib/core/mapping';
import { setCincShapes } from './cinc';
import { CINC_SEED_CLIENT, CINC_SEED_LEADS, type Sandbox, startSandbox } from './index';
import { shapeDifferences } from './shape';
import { clientFor, mojoLogin, zohoLogin } from './test-client';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const AUTH = 'https://authv2.cincapi.com';
const API = 'https://public.cincapi.com/v2';
const SCOPE = 'api:read api:create api:update api:event';

function authorize(params: Record<string, string> = {}) {
  const q = new URLSearchParams({
    client_id: CINC_SEED_CLIENT.client_id,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: SCOPE,
    state: 'st-1',
    ...params,
  });
  return sb.fetch(`${AUTH}/integrator/authorize?${q}`);
}

async function codeOf(params: Record<string, string> = {}): Promise<string> {
  const res = await authorize(params);
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`no code: ${res.status} ${res.headers.get('location')}`);
  return code;
}

function token(form: Record<string, string>) {
  return sb.fetch(`${AUTH}/integrator/token`, { method: 'POST', body: new URLSearchParams(form) });
}

function exchange(code: string, overrides: Record<string, string> = {}) {
  return token({
    grant_type: 'authorization_code',
    client_id: CINC_SEED_CLIENT.client_id,
    client_secret: CINC_SEED_CLIENT.client_secret,
    redirect_uri: REDIRECT,
    code,
    ...overrides,
  });
}

async function login(): Promise<{ access_token: string; refresh_token: string }> {
  const res = await exchange(await codeOf());
  const body = (await res.json()) as { access_token: string; refresh_token: string };
  return body;
}

async function api(path: string, init: RequestInit = {}, accessToken?: string) {
  const t = accessToken ?? (await login()).access_token;
  return sb.fetch(`${API}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', ...init.headers },
  });
}

/** A token source over the sandbox's OAuth server, refreshing through the extension's own code. */
async function sandboxTokens(): Promise<TokenSource & { refreshes: number }> {
  let session: OAuthSession = await exchangeCode(
    {
      clientId: CINC_SEED_CLIENT.client_id,
      clientSecret: CINC_SEED_CLIENT.client_secret,
      redirectUri: REDIRECT,
      code: await codeOf(),
    },
    { fetch: sb.fetch },
  );
  const source = {
    refreshes: 0,
    current: async () => session,
    refreshAfter: async () => {
      source.refreshes++;
      session = await refreshSession(
        { session, clientId: CINC_SEED_CLIENT.client_id, clientSecret: CINC_SEED_CLIENT.client_secret },
        { fetch: sb.fetch },
      );
      return session;
    },
  };
  return source;
}

describe('CINC OAuth (authv2.cincapi.com/integrator)', () => {
  it('redirects with a code and the state; the code works once', async () => {
    const res = await authorize();
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') ?? '');
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(to.searchParams.get('state')).toBe('st-1');
    const code = to.searchParams.get('code') ?? '';
    expect(sb.state.cinc.authRequests.at(-1)?.params.scope).toBe(SCOPE);

    const ok = await exchange(code);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 3600,
    });
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
    expect(sb.state.cinc.tokenRequests).toBe(2);
  });

  it('checks the client, the secret, the redirect_uri and the code lifetime', async () => {
    const c1 = await codeOf();
    expect((await exchange(c1, { client_secret: 'nope' })).status).toBe(401);
    expect(await (await exchange(c1, { client_id: 'nope' })).json()).toMatchObject({
      error: 'invalid_client',
    });
    const mismatch = await exchange(c1, { redirect_uri: 'https://other.chromiumapp.org/' });
    expect(await mismatch.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/redirect_uri/),
    });
    const c2 = await codeOf();
    sb.state.clock.offsetMs += 5 * 60_000 + 1000;
    expect((await exchange(c2)).status).toBe(400);
  });

  it('accepts client credentials as HTTP Basic too', async () => {
    const code = await codeOf();
    const basic = Buffer.from(`${CINC_SEED_CLIENT.client_id}:${CINC_SEED_CLIENT.client_secret}`).toString(
      'base64',
    );
    const res = await sb.fetch(`${AUTH}/integrator/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    });
    expect(res.status).toBe(200);
  });

  it('redirects an unknown client, a bad scope and a denial with an error; refuses a foreign redirect', async () => {
    const errorOf = async (params: Record<string, string>) =>
      new URL((await authorize(params)).headers.get('location') ?? '').searchParams.get('error');
    expect(await errorOf({ client_id: 'nope' })).toBe('invalid_client');
    expect(await errorOf({ scope: 'api:read admin:all' })).toBe('invalid_scope');
    await fetch(`${sb.adminUrl}/cinc/deny-next-auth`, { method: 'POST' });
    expect(await errorOf({})).toBe('access_denied');
    const foreign = await authorize({ redirect_uri: 'https://evil.example.com/cb' });
    expect(foreign.status).toBe(400);
  });

  it('rotates the refresh token; the old one is then dead', async () => {
    const first = await login();
    const refresh = (rt: string) =>
      token({
        grant_type: 'refresh_token',
        client_id: CINC_SEED_CLIENT.client_id,
        client_secret: CINC_SEED_CLIENT.client_secret,
        refresh_token: rt,
      });
    const res = await refresh(first.refresh_token);
    const next = (await res.json()) as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect((await api('/site/me', {}, next.access_token)).status).toBe(200);
    expect(await (await refresh(first.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(next.refresh_token)).status).toBe(200);
  });

  it('access tokens expire with the configured lifetime', async () => {
    await fetch(`${sb.adminUrl}/cinc/token-ttl`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 60 }),
    });
    const { access_token } = await login();
    expect((await api('/site/me', {}, access_token)).status).toBe(200);
    sb.state.clock.offsetMs += 61_000;
    const dead = await api('/site/me', {}, access_token);
    expect(dead.status).toBe(401);
    expect(await dead.json()).toMatchObject({ error: 'invalid_token' });
  });
});

describe('CINC API v2 (public.cincapi.com)', () => {
  it('GET /site/me names the site', async () => {
    expect(await (await api('/site/me')).json()).toEqual({
      id: 'site-77',
      name: 'Smith Team Realty',
      domain: 'smithteam.cincpro.com',
    });
  });

  it('lists leads with limit and offset in the documented shape, without notes', async () => {
    const { access_token } = await login();
    const page = (await (await api('/site/leads?limit=5&offset=0', {}, access_token)).json()) as {
      leads: Record<string, unknown>[];
    };
    expect(page.leads).toHaveLength(5);
    const jane = page.leads[0];
    expect(jane).toMatchObject({
      id: CINC_SEED_LEADS.janeDoe,
      username: 'jane@example.com',
      info: {
        contact: {
          first_name: 'Jane',
          last_name: 'Doe',
          email: 'jane@example.com',
          phone_numbers: { cell_phone: '(512) 555-0101' },
          mailing_address: { street: '12 Main St', city: 'Austin', state: 'TX', zip: '78701' },
        },
        status: 'Active',
        source: 'Zillow',
      },
      assigned_agents: { primary_agent: { id: 'A-7' } },
    });
    expect(jane).not.toHaveProperty('notes');
    const rest = (await (await api('/site/leads?limit=5&offset=10', {}, access_token)).json()) as {
      leads: unknown[];
    };
    expect(rest.leads).toHaveLength(2);
    const capped = (await (await api('/site/leads?limit=500', {}, access_token)).json()) as {
      leads: unknown[];
    };
    expect(capped.leads).toHaveLength(12);
    expect((await api('/site/leads?limit=0', {}, access_token)).status).toBe(400);
  });

  it('reads one lead with its notes, the notes alone, and an agent; unknown ids are 404', async () => {
    setCincShapes(sb.state, { leadAnswer: 'bare', notesList: 'full', agentAnswer: 'bare' });
    const { access_token } = await login();
    const lead = (await (await api(`/site/leads/${CINC_SEED_LEADS.janeDoe}`, {}, access_token)).json()) as {
      notes: { id: string; content: string; category: string; is_pinned: boolean }[];
    };
    expect(lead.notes).toHaveLength(2);
    expect(lead.notes[0]).toMatchObject({ id: expect.any(String), category: 'general', is_pinned: true });
    const notes = await (await api(`/site/leads/${CINC_SEED_LEADS.janeDoe}/notes`, {}, access_token)).json();
    expect(notes).toEqual({ notes: lead.notes });
    expect(await (await api('/site/agents/A-7', {}, access_token)).json()).toMatchObject({
      id: 'A-7',
      info: { contact: { first_name: 'Morgan', last_name: 'Lee' } },
    });
    expect((await api('/site/leads/L-404', {}, access_token)).status).toBe(404);
    expect((await api('/site/agents/A-404', {}, access_token)).status).toBe(404);
  });

  it('POST /site/leads upserts by id, username or email: 201 created, 200 updated; notes ride along', async () => {
    setCincShapes(sb.state, { upsertAnswer: 'bare' });
    const { access_token } = await login();
    const post = (body: unknown) =>
      api('/site/leads', { method: 'POST', body: JSON.stringify(body) }, access_token);
    const created = await post({
      info: {
        contact: { first_name: 'Nora', last_name: 'Vance', email: 'nora@example.com' },
        source: 'Mojo',
      },
      notes: [{ content: 'Called from Mojo', category: 'general', is_pinned: false }],
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; notes: unknown[] };
    expect(body.notes).toHaveLength(1);
    const byEmail = await post({ info: { contact: { email: 'NORA@example.com', last_name: 'Vance-Lee' } } });
    expect(byEmail.status).toBe(200);
    expect(await byEmail.json()).toMatchObject({
      id: body.id,
      info: { contact: { first_name: 'Nora', last_name: 'Vance-Lee' } },
    });
    const byId = await post({
      id: body.id,
      notes: [{ content: 'Second note', category: 'general', is_pinned: true }],
    });
    expect(byId.status).toBe(200);
    expect(((await byId.json()) as { notes: unknown[] }).notes).toHaveLength(2);
    expect((await post({ username: 'jane@example.com', info: { status: 'Hot' } })).status).toBe(200);
    expect(sb.state.cinc.writeCalls.map((w) => [w.status, w.matched_by])).toEqual([
      [201, null],
      [200, 'email'],
      [200, 'id'],
      [200, 'username'],
    ]);
    expect((await post({ info: { status: 'x' } })).status).toBe(400);
  });

  it("refuses to change an existing lead's email (400, nothing written); a username change moves it", async () => {
    setCincShapes(sb.state, { upsertAnswer: 'bare' });
    const { access_token } = await login();
    const post = (body: unknown) =>
      api('/site/leads', { method: 'POST', body: JSON.stringify(body) }, access_token);
    const jane = CINC_SEED_LEADS.janeDoe;
    const writes = sb.state.cinc.writeCalls.length;
    const changed = await post({
      id: jane,
      info: { contact: { email: 'jane.new@example.com', first_name: 'J' } },
    });
    expect(changed.status).toBe(400);
    expect(await changed.json()).toMatchObject({
      error: 'validation_error',
      message: expect.stringContaining(jane),
    });
    // Clearing it is a change too.
    expect((await post({ id: jane, info: { contact: { email: null } } })).status).toBe(400);
    expect(sb.state.cinc.writeCalls).toHaveLength(writes);
    expect(sb.state.cinc.leads.find((l) => l.id === jane)?.info.contact).toMatchObject({
      first_name: 'Jane',
      email: 'jane@example.com',
    });
    // The same email (any case) is no change.
    expect((await post({ id: jane, info: { contact: { email: 'JANE@example.com' } } })).status).toBe(200);
    // "The lead.username field can be changed, but it will change the lead.info.contact.email field as well."
    expect((await post({ id: jane, username: 'jane.doe@example.com' })).status).toBe(200);
    expect(sb.state.cinc.leads.find((l) => l.id === jane)).toMatchObject({
      username: 'jane.doe@example.com',
      info: { contact: { email: 'jane.doe@example.com' } },
    });
    // A new lead named by its username alone has that as its email.
    const made = await post({ username: 'only.username@example.com' });
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({ info: { contact: { email: 'only.username@example.com' } } });
  });

  it('serves every plausible answer where CINC shows none, in turn', async () => {
    const { access_token } = await login();
    const post = async (email: string) => {
      const res = await api(
        '/site/leads',
        { method: 'POST', body: JSON.stringify({ info: { contact: { email } } }) },
        access_token,
      );
      const text = await res.text();
      return [res.status, text === '' ? '(none)' : Object.keys(JSON.parse(text)).sort().join(',')];
    };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post(`v${i}@example.com`));
    expect(answers).toEqual([
      [201, '(none)'],
      [201, ''],
      [201, 'id'],
      [201, 'lead'],
      [201, 'assigned_agents,id,info,notes,username'],
    ]);
    const lead = async () =>
      Object.keys(await (await api(`/site/leads/${CINC_SEED_LEADS.janeDoe}`, {}, access_token)).json());
    expect(await lead()).toEqual(['lead']);
    expect(await lead()).toContain('info');
    const agent = async () => Object.keys(await (await api('/site/agents/A-7', {}, access_token)).json());
    expect([await agent(), await agent()]).toEqual([['agent'], ['id', 'info']]);
    const notes = async () =>
      (
        (await (await api(`/site/leads/${CINC_SEED_LEADS.sofia}/notes`, {}, access_token)).json()) as {
          notes: Record<string, unknown>[];
        }
      ).notes[0];
    const [first, second] = [await notes(), await notes()];
    expect(first?.content).toBeUndefined();
    expect(first?.id).toEqual(expect.any(String));
    expect(second?.content).toBe('Relocating to Denver in the spring.');
    const note = async () =>
      await (await api(`/site/leads/notes/${String(first?.id)}`, {}, access_token)).json();
    expect(await note()).toEqual({
      note: expect.objectContaining({ content: 'Relocating to Denver in the spring.' }),
    });
    expect(await note()).toMatchObject({ content: 'Relocating to Denver in the spring.' });
    expect((await api('/site/leads/notes/N-404', {}, access_token)).status).toBe(404);
  });

  it('/site/me has one shape per sandbox: bare, wrapped in site, or without an id', async () => {
    const { access_token } = await login();
    const me = async () => (await api('/site/me', {}, access_token)).json();
    expect(await me()).toEqual({ id: 'site-77', name: 'Smith Team Realty', domain: 'smithteam.cincpro.com' });
    setCincShapes(sb.state, { siteShape: 'wrapped' });
    expect(await me()).toMatchObject({ site: { id: 'site-77' } });
    setCincShapes(sb.state, { siteShape: 'no-id' });
    expect(await me()).toEqual({
      name: 'Smith Team Realty',
      email: 'office@smithteam.example.com',
      domain: 'smithteam.cincpro.com',
    });
  });

  it('answers 401 without a Bearer token and 403 without the scope', async () => {
    expect((await sb.fetch(`${API}/site/me`)).status).toBe(401);
    const code = await codeOf({ scope: 'api:event' });
    const limited = (await (await exchange(code)).json()) as { access_token: string };
    expect((await api('/site/me', {}, limited.access_token)).status).toBe(403);
  });
});

describe('faults on CINC', () => {
  it('429 and 5xx in CINC’s error shape, scoped to the system', async () => {
    const { access_token } = await login();
    sb.faults.add({ system: 'cinc-api', status429: { count: 1, retryAfterSeconds: 2 } });
    const limited = await api('/site/me', {}, access_token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
    sb.faults.add({ system: 'cinc-api', status5xx: { count: 1 } });
    expect((await api('/site/me', {}, access_token)).status).toBe(500);
    expect((await api('/site/me', {}, access_token)).status).toBe(200);
  });

  it('expireTokens and revokeRefreshTokens reach CINC’s tokens', async () => {
    const { access_token, refresh_token } = await login();
    sb.faults.add({ system: 'cinc-api', expireTokens: true });
    expect((await api('/site/me', {}, access_token)).status).toBe(401);
    sb.faults.add({ system: 'cinc-auth', revokeRefreshTokens: true });
    const res = await token({
      grant_type: 'refresh_token',
      client_id: CINC_SEED_CLIENT.client_id,
      client_secret: CINC_SEED_CLIENT.client_secret,
      refresh_token,
    });
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('a fault scoped to CINC leaves Mojo’s and Zoho’s tokens alone; an unscoped one reaches CINC', async () => {
    const zoho = await zohoLogin(sb);
    const mojo = await mojoLogin(sb);
    const { access_token } = await login();
    sb.faults.add({ system: 'cinc-api', expireTokens: true });
    sb.faults.add({ host: 'authv2.cincapi.com', revokeRefreshTokens: true });
    expect(sb.state.zoho.accessTokens.get(zoho.access_token)?.expires_at).toBeGreaterThan(Date.now());
    expect(sb.state.zoho.refreshTokens.get(zoho.refresh_token)?.revoked).toBe(false);
    expect(sb.state.mojo.accessTokens.get(mojo.access_token)?.expires_at).toBeGreaterThan(Date.now());
    expect((await api('/site/me', {}, access_token)).status).toBe(401);
    sb.faults.clear();
    const fresh = await login();
    sb.faults.add({ expireTokens: true });
    expect((await api('/site/me', {}, fresh.access_token)).status).toBe(401);
  });

  it('an unscoped fault leaves the web app alone', async () => {
    sb.faults.add({ status5xx: { count: 5 } });
    const page = await clientFor(sb)('smithteam.cincpro.com', '/admin/leads');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/__fixture/app.js');
  });
});

describe('the extension’s CINC client against the emulator', () => {
  it('names the site, reads leads with notes and agents, and maps them for Mojo', async () => {
    const tokens = await sandboxTokens();
    const connector = cincConnector(tokens);
    // The connector builds its client on the global fetch; the API class takes the sandbox's.
    const api = new CincApi(tokens, { fetch: sb.fetch });
    expect(await api.site()).toEqual({
      id: 'site-77',
      name: 'Smith Team Realty',
      domain: 'smithteam.cincpro.com',
    });
    expect(connector.readBatchSize).toBeLessThanOrEqual(10);
    const page = await api.readLeads([CINC_SEED_LEADS.janeDoe, CINC_SEED_LEADS.priyaBoth, 'L-404']);
    expect(page.errors).toEqual([]);
    const [jane, priya] = page.contacts;
    expect(jane?.misc).toMatchObject({
      Status: 'Active',
      'Lead Source': 'Zillow',
      'Pipeline Stage': 'Showing',
      Agent: 'Morgan Lee',
    });
    expect(jane?.notes.map((n) => n.id)).toEqual(['cinc:note:N-5001', 'cinc:note:N-5002']);
    expect(priya?.misc['Lead Type']).toBe('Buyer & Seller');
    const mapped = priya ? toMojo(priya) : null;
    expect(mapped?.ok && mapped.contact.mediainfo_set.map((m) => m.type)).toEqual([2, 3, 1, 4]);
  });

  it('walks all leads page by page, fetching notes for leads listed without them', async () => {
    await fetch(`${sb.adminUrl}/cinc/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 100 }),
    });
    const api = new CincApi(await sandboxTokens(), { fetch: sb.fetch });
    const ids = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<CincApi['viewPage']>> = await api.viewPage(cursor);
      for (const c of page.contacts) ids.add(c.ref.id);
      cursor = page.next;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(ids.size).toBe(112);
    expect(pages).toBe(4);
    const noteCalls = sb.requests.all().filter((r) => r.path.endsWith('/notes'));
    expect(noteCalls).toHaveLength(112);
  });

  it('refreshes an expired token once, through a rotated refresh token, and carries on', async () => {
    const tokens = await sandboxTokens();
    const api = new CincApi(tokens, { fetch: sb.fetch });
    sb.faults.add({ system: 'cinc-api', expireTokens: true });
    const page = await api.readLeads([CINC_SEED_LEADS.janeDoe]);
    expect(page.contacts).toHaveLength(1);
    expect(tokens.refreshes).toBe(1);
    expect(sb.state.cinc.tokenRequestLog.filter((r) => r.grant_type === 'refresh_token')).toHaveLength(1);
  });

  it('a malformed lead is an error entry; an HTML page fails the read as malformed', async () => {
    const api = new CincApi(await sandboxTokens(), { fetch: sb.fetch });
    sb.faults.add({
      system: 'cinc-api',
      pathPrefix: `/v2/site/leads/${CINC_SEED_LEADS.janeDoe}`,
      malformed: { count: 1, kind: 'wrong-types' },
    });
    const page = await api.readLeads([CINC_SEED_LEADS.janeDoe, CINC_SEED_LEADS.sofia]);
    expect(page.contacts.map((c) => c.ref.id)).toEqual([CINC_SEED_LEADS.sofia]);
    expect(page.errors.map((e) => e.id)).toEqual([CINC_SEED_LEADS.janeDoe]);
    sb.faults.add({ system: 'cinc-api', malformed: { count: 1, kind: 'html' } });
    await expect(api.readLeads([CINC_SEED_LEADS.sofia])).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('upserts: 201 created, then 200 updated', async () => {
    setCincShapes(sb.state, { upsertAnswer: 'lead' });
    const api = new CincApi(await sandboxTokens(), { fetch: sb.fetch });
    const input = {
      username: 'new.lead@example.com',
      info: { contact: { first_name: 'New', last_name: 'Lead', email: 'new.lead@example.com' } },
      notes: [{ content: 'From Mojo', category: 'general' as const, is_pinned: false }],
    };
    const first = await api.upsertLead(input);
    expect(first.action).toBe('created');
    expect(await api.upsertLead(input)).toEqual({ id: first.id, action: 'updated' });
  });
});

describe('contract: the emulator answers in the shape of each golden fixture', () => {
  const fixtures = goldens('cinc');
  const body = (name: string) => fixtures[name]?.body;

  it('a lead read (wrapped) and a leads page', async () => {
    setCincShapes(sb.state, { leadAnswer: 'wrapped', notesList: 'full' });
    const { access_token } = await login();
    const lead = await (await api(`/site/leads/${CINC_SEED_LEADS.janeDoe}`, {}, access_token)).json();
    expect(shapeDifferences(body('lead-read'), lead)).toEqual([]);
    const page = await (await api('/site/leads?limit=50&offset=0', {}, access_token)).json();
    // Which phone slots a lead lacks, and a lead with no agent, the vendor does not show.
    const loose = ['leads[].info.contact.phone_numbers', 'leads[].assigned_agents.primary_agent'];
    expect(shapeDifferences(body('leads-page'), page, { loose })).toEqual([]);
  });

  it('an agent, the notes list, a note', async () => {
    setCincShapes(sb.state, { agentAnswer: 'wrapped', notesList: 'metadata', noteAnswer: 'wrapped' });
    const { access_token } = await login();
    const agent = await (await api('/site/agents/A-7', {}, access_token)).json();
    expect(shapeDifferences(body('agent-read'), agent)).toEqual([]);
    const notes = (await (
      await api(`/site/leads/${CINC_SEED_LEADS.sofia}/notes`, {}, access_token)
    ).json()) as {
      notes: { id: string }[];
    };
    expect(shapeDifferences(body('notes-list'), notes)).toEqual([]);
    const note = await (await api(`/site/leads/notes/${notes.notes[0]?.id}`, {}, access_token)).json();
    expect(shapeDifferences(body('note-read'), note)).toEqual([]);
  });

  it('the upsert: the documented status, with no body to rely on', async () => {
    setCincShapes(sb.state, { upsertAnswer: 'none' });
    const { access_token } = await login();
    const post = (b: unknown) =>
      api('/site/leads', { method: 'POST', body: JSON.stringify(b) }, access_token);
    const created = await post({ username: 'contract@example.com' });
    expect([created.status, await created.text()]).toEqual([fixtures['upsert-created']?.httpStatus, '']);
    const updated = await post({ username: 'contract@example.com', info: { status: 'Hot' } });
    expect([updated.status, await updated.text()]).toEqual([fixtures['upsert-updated']?.httpStatus, '']);
  });

  it('the token answer', async () => {
    const res = await exchange(await codeOf());
    expect(shapeDifferences(body('token'), await res.json())).toEqual([]);
  });
});
