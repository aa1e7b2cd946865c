/** Fault injection, the admin API, the request log, host dispatch and the web fixture's serving. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_CONTACT_IDS, startSandbox } from './index';
import { clientFor, mojoLogin, type RequestOptions, zohoLogin } from './test-client';

let sb: Sandbox;
let call: ReturnType<typeof clientFor>;

beforeAll(async () => {
  sb = await startSandbox();
  call = clientFor(sb);
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

async function zohoApi() {
  const login = await zohoLogin(sb);
  return (path: string, opts: RequestOptions = {}) =>
    call(login.apiHost, path, {
      ...opts,
      headers: { authorization: `Zoho-oauthtoken ${login.access_token}`, ...opts.headers },
    });
}

async function mojoApi() {
  const { access_token } = await mojoLogin(sb);
  return (path: string) =>
    call('app31.mojosells.com', path, { headers: { authorization: `Bearer ${access_token}` } });
}

const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${sb.adminUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('faults', () => {
  it('breaks an answer off mid-body after doing the work (a reset connection)', async () => {
    const get = await mojoApi();
    sb.faults.add({ system: 'mojo', pathPrefix: '/api/v1/groups', reset: { count: 1 } });
    await expect(get('/api/v1/groups')).rejects.toThrow();
    const again = await get('/api/v1/groups');
    expect(again.status).toBe(200);
    expect(sb.requests.all().some((r) => r.faults?.includes('reset'))).toBe(true);
  });

  it('answers the next N requests with 429 and Retry-After when asked', async () => {
    const get = await zohoApi();
    sb.faults.add({ system: 'zoho-api', status429: { count: 2, retryAfterSeconds: 7 } });
    for (let i = 0; i < 2; i++) {
      const res = await get('/crm/v7/org');
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.obj().code).toBe('TOO_MANY_REQUESTS');
    }
    expect((await get('/crm/v7/org')).status).toBe(200);
  });

  it('sends Mojo 429s without Retry-After unless set, through the admin API', async () => {
    const get = await mojoApi();
    const added = await admin('/faults', {
      body: { system: 'mojo', pathPrefix: '/api/v1/groups', status429: { count: 1 } },
    });
    expect(added.status).toBe(201);
    const res = await get('/api/v1/groups');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.json()).toEqual({ error: 'rate_limited' });
    expect((await get('/api/v1/groups')).status).toBe(200);
    const log = (await (await admin('/requests?pathPrefix=/api/v1/groups')).json()) as {
      requests: { status: number; faults?: string[] }[];
    };
    expect(log.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(log.requests[0]?.faults).toEqual(['429']);
  });

  it('adds latency only where scoped', async () => {
    const get = await mojoApi();
    const zoho = await zohoApi();
    // Long enough that a loaded machine's own slowness cannot be mistaken for the injected delay.
    sb.faults.add({ host: 'app31.mojosells.com', latencyMs: 1_500 });
    let t = performance.now();
    expect((await get('/api/v1/groups')).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(1_490);
    t = performance.now();
    await zoho('/crm/v7/org');
    expect(performance.now() - t).toBeLessThan(1_490);
  });

  it('cycles 500/502/503 for a 5xx burst', async () => {
    const get = await zohoApi();
    sb.faults.add({ system: 'zoho-api', status5xx: { count: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/crm/v7/org')).status);
    expect(statuses).toEqual([500, 502, 503, 200]);
  });

  it('hangs a request until the client gives up', async () => {
    const get = await zohoApi();
    sb.faults.add({ system: 'zoho-api', timeout: { count: 1 } });
    const t = performance.now();
    await expect(get('/crm/v7/org', { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    // It hangs for good: only the client's own timeout ended it.
    expect(performance.now() - t).toBeLessThan(10_000);
    expect((await get('/crm/v7/org')).status).toBe(200);
    sb.faults.add({ system: 'zoho-api', timeout: { count: 1, ms: 100 } });
    expect((await get('/crm/v7/org')).status).toBe(504);
  });

  it('expires access tokens once; refresh still works until refresh tokens are revoked', async () => {
    const login = await zohoLogin(sb);
    const auth = { authorization: `Zoho-oauthtoken ${login.access_token}` };
    sb.faults.add({ system: 'zoho-api', expireTokens: true });
    expect((await call(login.apiHost, '/crm/v7/org', { headers: auth })).obj().code).toBe('INVALID_TOKEN');
    const refresh = () =>
      call(login.accountsHost, '/oauth/v2/token', {
        form: {
          grant_type: 'refresh_token',
          client_id: '1000.SANDBOXCLIENT',
          client_secret: 'sandbox-secret',
          refresh_token: login.refresh_token,
        },
      });
    const fresh = (await refresh()).obj();
    expect(
      (
        await call(login.apiHost, '/crm/v7/org', {
          headers: { authorization: `Zoho-oauthtoken ${fresh.access_token}` },
        })
      ).status,
    ).toBe(200);
    sb.faults.add({ system: 'zoho-accounts', revokeRefreshTokens: true });
    expect((await refresh()).json()).toEqual({ error: 'invalid_code' });
  });

  it('corrupts bodies: html, truncated, wrong types', async () => {
    const get = await zohoApi();
    sb.faults.add({ system: 'zoho-api', malformed: { count: 1, kind: 'html' } });
    const html = await get('/crm/v7/org');
    expect(html.headers['content-type']).toContain('text/html');
    expect(() => html.json()).toThrow();

    sb.faults.add({ system: 'zoho-api', malformed: { count: 1, kind: 'truncated' } });
    const truncated = await get('/crm/v7/org');
    expect(truncated.text.length).toBeGreaterThan(0);
    expect(() => truncated.json()).toThrow();

    sb.faults.add({ system: 'zoho-api', malformed: { count: 1, kind: 'wrong-types' } });
    const wrong = (await get('/crm/v7/Contacts?fields=Email&per_page=2')).obj();
    expect(Array.isArray(wrong.data)).toBe(false);
    expect((await get('/crm/v7/org')).json()).toMatchObject({ org: [{ company_name: 'Acme Realty' }] });
  });

  it('corrupts bodies: missing fields keep the envelope and only the ids of the items', async () => {
    const get = await zohoApi();
    sb.faults.add({ system: 'zoho-api', malformed: { count: 1, kind: 'missing-fields' } });
    const stripped = (await get('/crm/v7/Contacts?fields=Email,Last_Name&per_page=2')).obj();
    expect(stripped.data).toEqual([{ id: expect.any(String) }, { id: expect.any(String) }]);
    expect(stripped.info).toMatchObject({ per_page: 2 });
  });

  it('rejects an invalid fault spec', async () => {
    expect(() => sb.faults.add({ status429: { count: 0 } })).toThrow();
    const res = await admin('/faults', { body: { latencyMS: 10 } });
    expect(res.status).toBe(400);
  });
});

describe('admin API', () => {
  it('serves the whole state as JSON and resets it', async () => {
    const get = await mojoApi();
    await get('/api/v1/groups');
    const state = (await (await admin('/state')).json()) as {
      mojo: { users: unknown[]; groups: unknown[]; tokens: { access: number } };
      zoho: { records: { Contacts: unknown[]; Leads: unknown[] }; tokenRequests: number };
    };
    expect(state.mojo.users).toHaveLength(3);
    expect(state.mojo.groups).toHaveLength(3);
    expect(state.mojo.tokens.access).toBe(1);
    expect(state.zoho.records.Contacts).toHaveLength(14);
    expect(state.zoho.records.Leads.length).toBeGreaterThanOrEqual(5);
    expect((await admin('/reset', { body: { seed: 'empty' } })).status).toBe(200);
    expect(sb.state.zoho.records.Contacts).toHaveLength(0);
    expect(sb.state.mojo.tokenRequests).toBe(0);
  });

  it('generates 10,000 Zoho records', async () => {
    const res = (await (
      await admin('/zoho/generate', { body: { module: 'Contacts', count: 10_000 } })
    ).json()) as {
      generated: number;
      total: number;
    };
    expect(res.generated).toBe(10_000);
    expect(res.total).toBe(10_014);
    expect(sb.state.zoho.records.Contacts.at(-1)?.Full_Name).toBe('Contact 10000');
  });

  it('changes a Mojo user, registers a Zoho client, sets token lifetimes and limits', async () => {
    await admin('/mojo/users', { body: { login: 'agent@example.com', permission_level: 'dialing_rep' } });
    const login = await call('lb11.mojosells.com', '/api/v1/auth/token', {
      json: { grant_type: 'password', pin: '123456', login: 'agent@example.com', password: 'correct-horse' },
    });
    expect(login.obj().user).toMatchObject({ permission_level: 'dialing_rep' });

    await admin('/mojo/token-ttl', { body: { seconds: 120 } });
    expect(
      (
        await call('lb11.mojosells.com', '/api/v1/auth/token', {
          json: {
            grant_type: 'password',
            pin: '123456',
            login: 'rep@example.com',
            password: 'correct-horse',
          },
        })
      ).obj().expires_in,
    ).toBe(120);

    await admin('/zoho/clients', { body: { client_id: '1000.OTHER', client_secret: 's2' } });
    expect(sb.state.zoho.clients.map((c) => c.client_id)).toContain('1000.OTHER');
    await admin('/zoho/token-ttl', { body: { seconds: 90 } });
    expect(sb.state.zoho.tokenTtlSeconds).toBe(90);

    await admin('/zoho/records', {
      body: {
        module: 'Leads',
        records: [{ id: '4876876000000777777', Last_Name: 'Seeded', Email: 's@example.com' }],
      },
    });
    expect(sb.state.zoho.records.Leads.at(-1)).toMatchObject({
      id: '4876876000000777777',
      Full_Name: 'Seeded',
    });
  });

  it('caps Zoho concurrency when asked', async () => {
    const get = await zohoApi();
    await admin('/zoho/limits', { body: { concurrency: 2 } });
    sb.faults.add({ system: 'zoho-api', latencyMs: 150 });
    const statuses = (await Promise.all([1, 2, 3, 4].map(() => get('/crm/v7/org'))))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});

describe('dispatch and the web fixture', () => {
  it('answers 421 for a host it does not serve', async () => {
    expect((await call('example.com', '/')).status).toBe(421);
  });

  it('serves the same shell for every /crm/ path on every DC, plus app.js and the fixture data', async () => {
    for (const host of ['crm.zoho.com', 'crm.zohocloud.ca']) {
      for (const path of [
        `/crm/org60012345/tab/Contacts/${SEED_CONTACT_IDS.janeDoe}`,
        '/crm/tab/Contacts/custom-view/4876876000000087501/list',
        '/crm/org60012345/tab/Leads?layout=unknown',
      ]) {
        const res = await call(host, path);
        expect(res.status).toBe(200);
        expect(res.text).toContain('<div id="zoho-app"></div>');
        expect(res.text).toContain('<script src="/__fixture/app.js"></script>');
      }
    }
    const js = await call('crm.zoho.com', '/__fixture/app.js');
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.text).toContain('lyte-detail-view');
    expect(js.text).not.toContain('innerHTML =');

    const record = (
      await call('crm.zoho.com', `/__fixture/record?module=Contacts&id=${SEED_CONTACT_IDS.markup}`)
    ).obj();
    expect(record.name).toBe('Mallory <img src=x onerror=alert(1)>');
    const list = (await call('crm.zoho.com', '/__fixture/records?module=Contacts')).obj();
    expect(list.view).toEqual({ id: '4876876000000087501', name: 'All Contacts' });
    expect((list.records as unknown[]).length).toBe(14);
  });

  it('works in-process through sandbox.fetch', async () => {
    const res = await sb.fetch('https://lb11.mojosells.com/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        pin: '123456',
        login: 'agent@example.com',
        password: 'correct-horse',
      }),
    });
    expect(res.status).toBe(200);
    expect(sb.requests.all().at(-1)).toMatchObject({
      host: 'lb11.mojosells.com',
      path: '/api/v1/auth/token',
      status: 200,
    });
  });
});
