/**
 * Every golden fixture (Zoho's own example answers, `fixtures/`) read by the client's own code: the
 * same call the product makes, answered with the vendor's example. A fixture no test reads fails.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caught, goldens, json, rotatingTokens } from '../test-helpers';
import { ZohoApi } from './api';
import { exchangeCode, refreshSession } from './auth';

const ALL = goldens('zoho');
const answer = (name: string) => {
  const g = ALL[name];
  if (!g) throw new Error(`no fixture ${name}`);
  return () => json(g.body, g.httpStatus);
};
/** Answers every request with the fixture (a refresh-and-retry sees it twice). */
function serve(name: string): void {
  const make = answer(name);
  vi.stubGlobal('fetch', async () => make());
}
const api = () => new ZohoApi(rotatingTokens('https://www.zohoapis.com', '1000.t'));

afterEach(() => vi.unstubAllGlobals());

/** What each fixture is read by; every fixture must have an entry. */
const READERS: Record<string, () => Promise<void>> = {
  token: async () => {
    serve('token');
    const session = await exchangeCode({
      accountsServer: 'https://accounts.zoho.com',
      clientId: '1000.ABC',
      clientSecret: 'shh',
      redirectUri: 'https://abcdefghijklmnop.chromiumapp.org/',
      code: '1000.code',
    });
    expect(session).toMatchObject({
      accessToken: '{access_token}',
      refreshToken: '{refresh_token}',
      apiBase: 'https://www.zohoapis.com',
    });
  },
  'token-refresh': async () => {
    serve('token-refresh');
    const session = await refreshSession({
      session: {
        accessToken: 'old',
        refreshToken: '1000.rt',
        expiresAt: 0,
        apiBase: 'https://www.zohoapis.com',
        accountsServer: 'https://accounts.zoho.com',
      },
      clientId: '1000.ABC',
      clientSecret: 'shh',
    });
    expect(session).toMatchObject({ accessToken: '{new_access_token}', refreshToken: '1000.rt' });
  },
  'token-error': async () => {
    serve('token-error');
    const error = await caught(
      exchangeCode({
        accountsServer: 'https://accounts.zoho.com',
        clientId: '1000.ABC',
        clientSecret: 'shh',
        redirectUri: 'https://abcdefghijklmnop.chromiumapp.org/',
        code: '1000.code',
      }),
    );
    expect(error.code).toBe('invalid_code');
  },
  'invalid-token': async () => {
    serve('invalid-token');
    const error = await caught(api().org());
    expect(error.kind).toBe('auth');
  },
  'get-records': async () => {
    serve('get-records');
    const page = await api().viewPage('Leads', undefined, null);
    expect(page.records.map((r) => r.lastName)).toEqual([
      'test8000',
      'test7000',
      'test6000',
      'test3000',
      'test2000',
    ]);
    expect(page.errors).toEqual([]);
    expect(page.next).toBe('p:2');
  },
  count: async () => {
    serve('count');
    expect(await api().countView('Leads', '4876876000000087501')).toBe(694);
  },
  insert: async () => {
    serve('insert');
    const results = await api().insert('Leads', [{ Last_Name: 'A' }, { Last_Name: 'B' }]);
    expect(results.every((r) => r.ok)).toBe(true);
  },
  'tasks-create': async () => {
    serve('tasks-create');
    expect(await api().addTask({ Subject: 'Call back' })).toBe('3652397000006064046');
  },
  update: async () => {
    serve('update');
    const [r] = await api().update('Leads', [{ id: '554023000000527003', Last_Name: 'A' }]);
    expect(r).toMatchObject({ ok: true, id: '554023000000527003' });
  },
  upsert: async () => {
    // Mojo Bridge sends no upserts; the answer's items are the write envelope the others share.
    serve('upsert');
    const results = await api().insert('Leads', [{ Last_Name: 'A' }, { Last_Name: 'B' }]);
    expect(results.map((r) => r.ok && r.action)).toEqual(['update', 'insert']);
  },
  'mixed-207': async () => {
    serve('mixed-207');
    const results = await api().insert('Leads', [{ Last_Name: 'A' }, {}]);
    expect(results).toEqual([
      expect.objectContaining({ ok: true, id: '3652397000006064046' }),
      expect.objectContaining({ ok: false, code: 'MANDATORY_NOT_FOUND', field: 'Last_Name' }),
    ]);
  },
  'duplicate-data': async () => {
    serve('duplicate-data');
    const [r] = await api().insert('Leads', [{ Last_Name: 'A', Email: 'a@b.co' }]);
    expect(r).toEqual({
      ok: false,
      code: 'DUPLICATE_DATA',
      message: 'duplicate data',
      id: '4150868000000428295',
      field: 'Email',
    });
  },
  search: async () => {
    serve('search');
    const found = await api().search('Leads', 'email', 'p.boyle@zylker.com');
    expect(found).toHaveLength(1);
  },
  'notes-create': async () => {
    serve('notes-create');
    expect(await api().addNote('Leads', '2423488000000771297', 'T', 'C')).toBe('2423488000000776006');
  },
  'notes-get': async () => {
    serve('notes-get');
    const notes = await api().notesOf('Contacts', '2423488000000495515');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]?.title).toBe('Follow up call');
  },
  users: async () => {
    serve('users');
    const users = await api().users();
    expect(users[0]).toMatchObject({
      id: '5725767000000411001',
      full_name: 'Patricia Boyle',
      status: 'active',
    });
  },
  org: async () => {
    serve('org');
    expect(await api().org()).toMatchObject({ domain_name: 'org808232144' });
  },
  fields: async () => {
    serve('fields');
    const values = await api().picklist('Leads', 'Lead_Source');
    // The documented example itself has a value whose display and actual values differ.
    expect(values.some((v) => v.display !== v.actual)).toBe(true);
    expect(values.some((v) => v.actual === '-None-')).toBe(false);
  },
};

describe('Zoho golden fixtures', () => {
  it('every fixture has a reader and a source', () => {
    expect(Object.keys(READERS).sort()).toEqual(Object.keys(ALL).sort());
    for (const g of Object.values(ALL)) expect(g.source.length).toBeGreaterThan(8);
  });

  it.each(Object.keys(READERS))('the client reads %s', async (name) => {
    await READERS[name]?.();
  });
});
