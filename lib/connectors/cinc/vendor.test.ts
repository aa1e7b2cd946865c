/**
 * The CINC client against what CINC and its public clients really show (docs/conformance/cinc.md):
 * every golden fixture parses with the client's own readers, the upsert is judged by its status
 * (its body is undocumented), leads and agents come wrapped or bare, the notes list may carry
 * metadata only, and /site/me may name the site without an id.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { goldens, json } from '../test-helpers';
import { CincApi } from './api';
import { tokenAnswerOf } from './auth';
import { cincConnector } from './index';

interface Seen {
  method: string;
  path: string;
  body: unknown;
}

const API = 'https://public.cincapi.com/v2';
const tokens = () => ({
  current: async () => ({ accessToken: 't', apiBase: API }),
  refreshAfter: async () => ({ accessToken: 't', apiBase: API }),
});

function stubFetch(answer: (seen: Seen) => Response): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const text = await input.clone().text();
    const url = new URL(input.url);
    const entry = {
      method: input.method,
      path: `${url.pathname.replace('/v2', '')}`,
      body: text === '' ? undefined : JSON.parse(text),
    };
    seen.push(entry);
    return answer(entry);
  });
  return seen;
}

/** A body-less answer, as CINC's docs' example treats the upsert's. */
const bare = (status: number) => new Response(null, { status });

afterEach(() => vi.unstubAllGlobals());

describe('golden fixtures', () => {
  const all = goldens('cinc');
  const answer = (name: string) => {
    const g = all[name];
    if (!g) throw new Error(`no fixture ${name}`);
    return () => (g.body === null ? bare(g.httpStatus) : json(g.body, g.httpStatus));
  };

  it('there is one for every answer the client reads', () => {
    expect(Object.keys(all).sort()).toEqual([
      'agent-read',
      'lead-read',
      'leads-page',
      'note-read',
      'notes-list',
      'token',
      'upsert-created',
      'upsert-updated',
    ]);
  });

  it('a lead read (wrapped in `lead`) and a leads page', async () => {
    stubFetch(answer('lead-read'));
    const raw = await new CincApi(tokens()).leadRaw('3f2b9c1e');
    expect(raw).toMatchObject({ id: '3f2b9c1e', info: { contact: { first_name: 'Jane' } } });
    stubFetch(answer('leads-page'));
    const page = await new CincApi(tokens()).leadsPage(0);
    expect(page.raws).toHaveLength(1);
  });

  it('an agent (wrapped in `agent`, the person under info.contact)', async () => {
    stubFetch(answer('agent-read'));
    expect(await new CincApi(tokens()).agent('a-17')).toMatchObject({
      id: 'a-17',
      email: 'morgan.lee@example.com',
    });
    expect(await new CincApi(tokens()).agentName('a-17')).toBe('Morgan Lee');
  });

  it('a notes list of metadata, each note read by its id', async () => {
    const list = answer('notes-list');
    const note = answer('note-read');
    stubFetch((s) => (s.path === '/site/leads/notes/n-5001' ? note() : list()));
    expect(await new CincApi(tokens()).notes('3f2b9c1e')).toMatchObject([
      { id: 'n-5001', content: 'Pre-approved up to $500k.' },
    ]);
  });

  it('the upsert: 201 created, 200 updated, whatever the body', async () => {
    stubFetch(answer('upsert-created'));
    expect(await new CincApi(tokens()).upsertLead({ id: 'L-1', info: {} })).toEqual({
      id: 'L-1',
      action: 'created',
    });
    stubFetch(answer('upsert-updated'));
    expect(await new CincApi(tokens()).upsertLead({ id: 'L-1', info: {} })).toEqual({
      id: 'L-1',
      action: 'updated',
    });
  });

  it('the token answer', () => {
    const g = all.token;
    expect(tokenAnswerOf(g?.body)).toMatchObject({ access_token: 'eyJhbGciOi.example', expires_in: 3600 });
  });
});

describe('the lead upsert is judged by its status', () => {
  const input = { info: { contact: { email: 'new@example.com' } } };

  it.each([
    ['no body', () => bare(201)],
    ['an empty object', () => json({}, 201)],
    ['a text body', () => new Response('Created', { status: 201 })],
  ])('201 with %s is created, with no id to report when none was sent', async (_what, answer) => {
    stubFetch(answer);
    expect(await new CincApi(tokens()).upsertLead(input)).toEqual({ id: null, action: 'created' });
  });

  it.each([
    ['{id}', { id: 'L-9' }],
    ['{lead:{id}}', { lead: { id: 'L-9', username: 'new@example.com' } }],
    ['the bare lead', { id: 'L-9', info: { contact: {} } }],
    ['{lead:{id}} with a numeric id', { lead: { id: 9 } }],
  ])('201 with %s names the new lead', async (_what, body) => {
    stubFetch(() => json(body, 201));
    const id = (body as { id?: unknown }).id ?? (body as { lead: { id: unknown } }).lead.id;
    expect(await new CincApi(tokens()).upsertLead(input)).toEqual({ id: String(id), action: 'created' });
  });

  it('an update keeps the id it sent, whatever comes back', async () => {
    stubFetch(() => json({ lead: { id: 'something-else' } }, 200));
    expect(await new CincApi(tokens()).upsertLead({ id: 'L-1', info: {} })).toEqual({
      id: 'L-1',
      action: 'updated',
    });
    stubFetch(() => bare(200));
    expect(await new CincApi(tokens()).upsertLead({ id: 'L-1', info: {} })).toEqual({
      id: 'L-1',
      action: 'updated',
    });
  });
});

describe('reads, wrapped and bare', () => {
  it('a leads page as {leads} or a bare array', async () => {
    const one = { id: 'L-1', info: { contact: { first_name: 'Jane' } } };
    stubFetch(() => json([one]));
    expect((await new CincApi(tokens()).leadsPage(0)).raws).toEqual([one]);
    stubFetch(() => json({ leads: [one] }));
    expect((await new CincApi(tokens()).leadsPage(0)).raws).toEqual([one]);
  });

  const person = { first_name: 'Morgan', last_name: 'Lee', email: 'morgan.lee@example.com' };

  it.each([
    ['{agent:{info:{contact}}}', { agent: { id: 'A-7', info: { contact: person } } }],
    ['{id, info:{contact}}', { id: 'A-7', info: { contact: person } }],
    ['{agent:{first_name…}}', { agent: { id: 'A-7', ...person } }],
    ['{id, first_name…}', { id: 'A-7', ...person }],
  ])('an agent as %s', async (_what, body) => {
    stubFetch(() => json(body));
    const api = new CincApi(tokens());
    expect(await api.agent('A-7')).toMatchObject({ id: 'A-7', email: 'morgan.lee@example.com' });
    expect(await api.agentName('A-7')).toBe('Morgan Lee');
  });

  it.each([
    ['{id, name}', { id: 'site-77', name: 'Smith Team' }, 'site-77'],
    ['{site:{id, name}}', { site: { id: 77, name: 'Smith Team' } }, '77'],
    [
      '{name, email} without an id',
      { name: 'Smith Team', email: 'Owner@SmithTeam.com' },
      'owner@smithteam.com',
    ],
    ['{site:{name}} without an id', { site: { name: 'Smith Team' } }, 'Smith Team'],
  ])('/site/me as %s identifies the site', async (_what, body, id) => {
    stubFetch(() => json(body));
    expect((await new CincApi(tokens()).site()).id).toBe(id);
    expect(await cincConnector(tokens()).account()).toMatchObject({ id, label: 'Smith Team' });
  });

  it('/site/me with nothing that names the site is malformed', async () => {
    stubFetch(() => json({ domain: 'x.cincpro.com' }));
    await expect(new CincApi(tokens()).site()).rejects.toMatchObject({ kind: 'malformed' });
  });
});

describe('notes that come as metadata', () => {
  const lead = {
    id: 'L-1',
    info: { contact: { first_name: 'Jane', email: 'jane@example.com' } },
    notes: [{ id: 'N-1', category: 'general' }],
  };

  it('Add to Mojo reads the content of a note the lead lists without it', async () => {
    const seen = stubFetch((s) => {
      if (s.path === '/site/leads/L-1') return json({ lead });
      if (s.path === '/site/leads/notes/N-1') return json({ note: { id: 'N-1', content: 'Call after 5' } });
      return json({ error: 'not_found' }, 404);
    });
    const page = await new CincApi(tokens()).readLeads(['L-1']);
    expect(page.contacts[0]?.notes).toEqual([{ id: 'cinc:note:N-1', text: 'Call after 5' }]);
    expect(seen.map((s) => s.path)).toContain('/site/leads/notes/N-1');
  });

  it('a note is only absent once its content has been read: no duplicate note', async () => {
    const marker = 'Called\n\nMojo activity act-1';
    const seen = stubFetch((s) => {
      if (s.path === '/site/leads/L-1/notes') return json({ notes: [{ id: 'N-9' }] });
      if (s.path === '/site/leads/notes/N-9') return json({ id: 'N-9', content: marker });
      return bare(200);
    });
    await cincConnector(tokens()).addNote?.(
      { crm: 'cinc', module: 'lead', id: 'L-1' },
      { key: 'act-1', title: 'Called', body: '', repeat: true },
    );
    expect(seen.filter((s) => s.method === 'POST')).toEqual([]);
  });

  it.each([
    [503, 'retry'],
    [403, 'permanent'],
  ])('a note whose content cannot be read (%s) stops the check: it must not pass', async (status, kind) => {
    stubFetch((s) => {
      if (s.path === '/site/leads/L-1/notes') return json({ notes: [{ id: 'N-9' }] });
      return json({ error: 'refused' }, status);
    });
    await expect(new CincApi(tokens()).noteContents('L-1')).rejects.toMatchObject({ kind });
  });
});
