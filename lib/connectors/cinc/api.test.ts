import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearRetryAfter } from '../http';
import { caught, json, rotatingTokens } from '../test-helpers';
import { CINC_PAGE_SIZE, CincApi } from './api';
import { cincConnector } from './index';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  body: unknown;
}

type Answer = (request: Request, seen: Seen) => Response | Promise<Response>;

function stubFetch(answer: Answer): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const text = await input.clone().text();
    const url = new URL(input.url);
    const entry: Seen = {
      method: input.method,
      path: `${url.origin}${url.pathname}`,
      query: Object.fromEntries(url.searchParams),
      authorization: input.headers.get('authorization'),
      body: text === '' ? undefined : JSON.parse(text),
    };
    seen.push(entry);
    return answer(input, entry);
  });
  return seen;
}

const tokens = () => rotatingTokens('https://public.cincapi.com/v2');

const API = 'https://public.cincapi.com/v2';

const lead = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  info: {
    contact: {
      first_name: 'Lead',
      last_name: id,
      email: `${id.toLowerCase()}@example.com`,
      phone_numbers: { cell_phone: '512-555-0101' },
    },
    status: 'Active',
  },
  assigned_agents: { primary_agent: { id: 'A-1' } },
  ...extra,
});

/** A tiny CINC: leads by id, their notes, one agent. */
function fakeCinc(leads: Record<string, unknown>, notes: Record<string, unknown[]> = {}): Answer {
  return (_request, seen) => {
    const m = /\/v2\/site\/leads\/([^/]+)(\/notes)?$/.exec(seen.path);
    if (m?.[1] && m[2]) return json({ notes: notes[m[1]] ?? [] });
    if (m?.[1]) return m[1] in leads ? json(leads[m[1]]) : json({ error: 'not_found' }, 404);
    if (seen.path === `${API}/site/agents/A-1`)
      return json({ id: 'A-1', first_name: 'Morgan', last_name: 'Lee' });
    return json({ error: 'unexpected' }, 500);
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('site', () => {
  it('reads /site/me with a Bearer token', async () => {
    const seen = stubFetch(() =>
      json({ id: 'site-77', name: 'Smith Team Realty', domain: 'smithteam.cincpro.com' }),
    );
    expect(await new CincApi(tokens()).site()).toEqual({
      id: 'site-77',
      name: 'Smith Team Realty',
      domain: 'smithteam.cincpro.com',
    });
    expect(seen[0]).toMatchObject({ method: 'GET', path: `${API}/site/me`, authorization: 'Bearer t0' });
  });

  it('the connector names the account after the site', async () => {
    stubFetch(() => json({ site: { id: 77, name: 'Smith Team Realty' } }));
    expect(await cincConnector(tokens()).account()).toEqual({ id: '77', label: 'Smith Team Realty' });
  });
});

describe('readLeads', () => {
  it('reads each lead, its notes when the lead carries none, and the agent once', async () => {
    const seen = stubFetch(
      fakeCinc(
        { 'L-1': lead('L-1', { notes: [{ id: 'N-1', content: 'Inline note' }] }), 'L-2': lead('L-2') },
        { 'L-2': [{ id: 'N-2', content: 'Fetched note', category: 'general', is_pinned: false }] },
      ),
    );
    const page = await new CincApi(tokens()).readLeads(['L-1', 'L-2', 'L-1']);
    expect(page.errors).toEqual([]);
    expect(page.contacts.map((c) => [c.ref.id, c.notes, c.misc.Agent])).toEqual([
      ['L-1', [{ id: 'cinc:note:N-1', text: 'Inline note' }], 'Morgan Lee'],
      ['L-2', [{ id: 'cinc:note:N-2', text: 'Fetched note' }], 'Morgan Lee'],
    ]);
    // The leads as CINC sent them, for the user's filters and field rules, the agent named.
    expect(page.raws?.['L-2']).toMatchObject({
      id: 'L-2',
      info: { status: 'Active' },
      assigned_agents: { primary_agent: { id: 'A-1', name: 'Morgan Lee' } },
    });
    const paths = seen.map((s) => s.path.replace(API, ''));
    expect(paths.filter((p) => p === '/site/leads/L-1')).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('/notes'))).toEqual(['/site/leads/L-2/notes']);
    expect(paths.filter((p) => p.startsWith('/site/agents/'))).toHaveLength(1);
  });

  it('leaves out a missing lead, and reports a malformed lead or a bad id without losing the rest', async () => {
    stubFetch(fakeCinc({ good: lead('good'), bad: { id: 'bad', info: { contact: { first_name: ['x'] } } } }));
    const page = await new CincApi(tokens()).readLeads(['good', 'gone', 'bad', '../me']);
    expect(page.contacts.map((c) => c.ref.id)).toEqual(['good']);
    expect(page.errors.map((e) => e.id)).toEqual(['bad', '../me']);
    expect(page.errors[0]?.reason).toContain('info.contact.first_name');
  });

  it('never has more than two calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const leads = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`L-${i}`, lead(`L-${i}`, { notes: [] })]),
    );
    const answer = fakeCinc(leads);
    stubFetch(async (request, seen) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return answer(request, seen);
    });
    const page = await new CincApi(tokens()).readLeads(Object.keys(leads));
    expect(page.contacts).toHaveLength(10);
    expect(most).toBe(2);
  });

  it('after a failure the other leads of the batch are not read (the batch is retried whole)', async () => {
    const seen = stubFetch((_request, s) =>
      s.path.endsWith('/L-0') ? json({ error: 'server_error' }, 503) : json(lead('x', { notes: [] })),
    );
    const ids = Array.from({ length: 10 }, (_, i) => `L-${i}`);
    expect((await caught(new CincApi(tokens()).readLeads(ids))).kind).toBe('retry');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.filter((s) => /\/site\/leads\/L-\d$/.test(s.path)).length).toBeLessThanOrEqual(3);
  });

  it('an agent that cannot be read costs the name only', async () => {
    stubFetch((request, seen) =>
      seen.path.includes('/agents/')
        ? json({ error: 'forbidden' }, 403)
        : fakeCinc({ x: lead('x', { notes: [] }) })(request, seen),
    );
    const page = await new CincApi(tokens()).readLeads(['x']);
    expect(page.contacts[0]?.misc.Agent).toBeUndefined();
  });

  it('refreshes a rejected token once and tries again', async () => {
    const t = tokens();
    const seen = stubFetch((request, s) =>
      s.authorization === 'Bearer t0'
        ? json({ error: 'invalid_token' }, 401)
        : fakeCinc({ x: lead('x', { notes: [] }) })(request, s),
    );
    const page = await new CincApi(t).readLeads(['x']);
    expect(page.contacts).toHaveLength(1);
    expect(t.refreshAfter).toHaveBeenCalledWith('t0');
    expect(seen[0]?.authorization).toBe('Bearer t0');
    expect(seen[1]?.authorization).toBe('Bearer t1');
  });

  it('a second 401 after the refresh asks to reconnect', async () => {
    stubFetch(() => json({ error: 'invalid_token' }, 401));
    const error = await caught(new CincApi(tokens()).readLeads(['x']));
    expect(error).toMatchObject({ kind: 'auth', userMessage: 'CINC needs to be connected again.' });
  });

  it('429, 5xx and an HTML page fail the whole read, to be retried', async () => {
    stubFetch(() => json({ message: 'slow down' }, 429, { 'retry-after': '7' }));
    expect(await caught(new CincApi(tokens()).readLeads(['x']))).toMatchObject({
      kind: 'retry',
      retryAfterMs: 7000,
    });
    // The HTTP layer now holds the next request for that Retry-After (http.ts): not this test's subject.
    clearRetryAfter();
    stubFetch(() => new Response('oops', { status: 500 }));
    expect((await caught(new CincApi(tokens()).readLeads(['x']))).kind).toBe('retry');
    stubFetch(
      () =>
        new Response('<html>Maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    expect((await caught(new CincApi(tokens()).readLeads(['x']))).kind).toBe('malformed');
  });

  it('a 403 says which permission is missing', async () => {
    stubFetch(() => json({ error: 'insufficient_scope' }, 403));
    const error = await caught(new CincApi(tokens()).readLeads(['x']));
    expect(error.kind).toBe('permanent');
    expect(error.userMessage).toContain('api:read');
  });

  it('the connector reads lead refs only', async () => {
    stubFetch(fakeCinc({ x: lead('x', { notes: [] }) }));
    const page = await cincConnector(tokens()).readRecords([
      { crm: 'cinc', module: 'lead', id: 'x' },
      { crm: 'cinc', module: 'agent', id: 'A-1' },
    ]);
    expect(page.contacts.map((c) => c.ref)).toEqual([{ crm: 'cinc', module: 'lead', id: 'x' }]);
  });
});

describe('viewPage', () => {
  it('pages with limit and offset until an empty page, counting what actually came', async () => {
    const all = Array.from({ length: 7 }, (_, i) => lead(`L-${i}`, { notes: [] }));
    const seen = stubFetch((request, s) => {
      if (s.path === `${API}/site/leads`) {
        const offset = Number(s.query.offset);
        // This server sends at most 3 a page, whatever the limit asked.
        return json({ leads: all.slice(offset, offset + 3) });
      }
      return fakeCinc({})(request, s);
    });
    const api = new CincApi(tokens());
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<CincApi['viewPage']>> = await api.viewPage(cursor);
      ids.push(...page.contacts.map((c) => c.ref.id));
      cursor = page.next;
      pages++;
    } while (cursor !== null);
    expect(ids).toEqual(all.map((l) => l.id));
    expect(pages).toBe(4);
    const lists = seen.filter((s) => s.path === `${API}/site/leads`);
    expect(lists.map((s) => s.query)).toEqual([
      { limit: String(CINC_PAGE_SIZE), offset: '0' },
      { limit: String(CINC_PAGE_SIZE), offset: '3' },
      { limit: String(CINC_PAGE_SIZE), offset: '6' },
      { limit: String(CINC_PAGE_SIZE), offset: '7' },
    ]);
  });

  it('a malformed lead in a page is an error entry; a malformed page is malformed', async () => {
    stubFetch((request, s) =>
      s.path === `${API}/site/leads`
        ? json({ leads: [lead('ok', { notes: [] }), { id: 'bad', info: 'nope' }] })
        : fakeCinc({})(request, s),
    );
    const page = await new CincApi(tokens()).viewPage(null);
    expect(page.contacts.map((c) => c.ref.id)).toEqual(['ok']);
    expect(page.errors.map((e) => e.id)).toEqual(['bad']);
    stubFetch(() => json({ leads: { 0: 'x' } }));
    expect((await caught(new CincApi(tokens()).viewPage(null))).kind).toBe('malformed');
  });

  it('refuses a cursor that is not an offset', async () => {
    await expect(new CincApi(tokens()).viewPage('p:2')).rejects.toThrow(RangeError);
  });
});

describe('upsertLead', () => {
  it('posts the lead with its notes; 201 is created, 200 updated', async () => {
    let status = 201;
    const seen = stubFetch(() => json({ id: 'L-5' }, status));
    const api = new CincApi(tokens());
    const input = {
      username: 'new@example.com',
      info: { contact: { first_name: 'New', email: 'new@example.com' } },
      notes: [{ content: 'Called from Mojo', category: 'general' as const, is_pinned: false }],
    };
    expect(await api.upsertLead(input)).toEqual({ id: 'L-5', action: 'created' });
    status = 200;
    expect(await api.upsertLead(input)).toEqual({ id: 'L-5', action: 'updated' });
    expect(seen[0]).toMatchObject({ method: 'POST', path: `${API}/site/leads`, body: input });
  });

  it('a refusal carries CINC’s message', async () => {
    stubFetch(() => json({ error: 'validation_error', message: 'email is invalid' }, 422));
    const error = await caught(new CincApi(tokens()).upsertLead({ info: {} }));
    expect(error).toMatchObject({ kind: 'permanent', status: 422 });
    expect(error.userMessage).toContain('email is invalid');
  });
});
