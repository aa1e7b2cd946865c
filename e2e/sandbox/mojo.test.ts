/** The Mojo emulator checked against mojo-contract.md's documented examples and rules. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MojoApi } from '../../lib/connectors/mojo/api';
import { golden } from '../../lib/connectors/test-helpers';
import type { MojoContactInput } from '../../lib/core/models';
import { findMojoContact, type Sandbox, startSandbox } from './index';
import { shapeDifferences } from './shape';
import { clientFor, mojoLogin, type RequestOptions } from './test-client';

let sb: Sandbox;
let call: ReturnType<typeof clientFor>;

beforeAll(async () => {
  sb = await startSandbox();
  call = clientFor(sb);
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

const LOGIN = 'lb11.mojosells.com';
const APP = 'app31.mojosells.com';

function password(login: string, pass = 'correct-horse', pin = '123456') {
  return call(LOGIN, '/api/v1/auth/token', {
    json: { grant_type: 'password', pin, login, password: pass, client_id: 'mojo-bridge' },
  });
}

async function asAgent() {
  const { access_token } = await mojoLogin(sb);
  return (path: string, opts: RequestOptions = {}) =>
    call(APP, path, { ...opts, headers: { authorization: `Bearer ${access_token}`, ...opts.headers } });
}

describe('login server', () => {
  it('logs the owner in with the documented answer', async () => {
    const res = await password('agent@example.com');
    expect(res.status).toBe(200);
    const body = res.obj();
    expect(body).toMatchObject({
      expires_in: 3600,
      account: { id: 'A-100', base_url: 'https://app31.mojosells.com', name: 'Smith Team' },
      user: { id: 'U-7', email: 'agent@example.com', name: 'Pat Smith', permission_level: 'owner' },
    });
    expect(body.access_token).toEqual(expect.any(String));
    expect(body.refresh_token).toEqual(expect.any(String));
  });

  it('says a dialing rep is one (the extension refuses it)', async () => {
    const res = await password('rep@example.com');
    expect(res.status).toBe(200);
    expect(res.obj().user).toMatchObject({ name: 'Riley Rep', permission_level: 'dialing_rep' });
  });

  it('answers 401 invalid_credentials for a wrong password, pin or login', async () => {
    for (const res of [
      await password('agent@example.com', 'wrong'),
      await password('agent@example.com', 'correct-horse', '000000'),
      await password('nobody@example.com'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_credentials' });
    }
  });

  it('answers 423 account_locked whatever the password', async () => {
    const res = await password('locked@example.com', 'anything');
    expect(res.status).toBe(423);
    expect(res.json()).toEqual({ error: 'account_locked' });
  });

  it('rotates the refresh token and refuses the old one', async () => {
    const first = await mojoLogin(sb);
    const refreshed = await call(LOGIN, '/api/v1/auth/token', {
      json: { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'mojo-bridge' },
    });
    expect(refreshed.status).toBe(200);
    const body = refreshed.obj();
    expect(body.refresh_token).not.toBe(first.refresh_token);
    expect(body.access_token).not.toBe(first.access_token);
    const groups = await call(APP, '/api/v1/groups', {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(groups.status).toBe(200);
    const again = await call(LOGIN, '/api/v1/auth/token', {
      json: { grant_type: 'refresh_token', refresh_token: first.refresh_token },
    });
    expect(again.status).toBe(401);
    expect(sb.state.mojo.tokenRequests).toBe(3);
  });

  it('revokes a refresh token and the access tokens it minted', async () => {
    const { access_token, refresh_token } = await mojoLogin(sb);
    const revoked = await call(LOGIN, '/api/v1/auth/revoke', { json: { token: refresh_token } });
    expect(revoked.status).toBe(200);
    const res = await call(APP, '/api/v1/groups', { headers: { authorization: `Bearer ${access_token}` } });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_token' });
  });
});

describe('account server auth', () => {
  it('refuses a missing, unknown or expired token with 401 invalid_token', async () => {
    expect((await call(APP, '/api/v1/groups')).status).toBe(401);
    const unknown = await call(APP, '/api/v1/groups', { headers: { authorization: 'Bearer nope' } });
    expect(unknown.json()).toEqual({ error: 'invalid_token' });

    sb.state.mojo.tokenTtlSeconds = 60;
    const api = await asAgent();
    expect((await api('/api/v1/groups')).status).toBe(200);
    sb.state.clock.offsetMs += 61_000;
    const expired = await api('/api/v1/groups');
    expect(expired.status).toBe(401);
    expect(expired.json()).toEqual({ error: 'invalid_token' });
  });
});

describe('integration links', () => {
  it('links one Zoho account and refuses another until reset', async () => {
    const api = await asAgent();
    const link = (id: string, label: string) =>
      api('/api/v1/integrations/zoho', {
        method: 'PUT',
        json: { crm_account_id: id, crm_account_label: label },
      });
    expect((await link('org-1', 'Acme Realty')).json()).toEqual({ linked: true });
    expect((await link('org-1', 'Acme Realty')).status).toBe(200);
    const other = await link('org-2', 'Other Realty');
    expect(other.status).toBe(409);
    expect(other.json()).toEqual({ error: 'linked_to_other_account', linked_account_label: 'Acme Realty' });
    // Another CRM kind is independent.
    expect(
      (await api('/api/v1/integrations/cinc', { method: 'PUT', json: { crm_account_id: 'x' } })).status,
    ).toBe(200);
    expect((await api('/api/v1/integrations/zoho', { method: 'DELETE' })).status).toBe(204);
    expect((await link('org-2', 'Other Realty')).status).toBe(200);
  });

  it('honours a link preset through the admin API', async () => {
    const res = await fetch(`${sb.adminUrl}/mojo/links`, {
      method: 'POST',
      body: JSON.stringify({ crm: 'zoho', crm_account_id: '999', crm_account_label: 'Someone Else Realty' }),
    });
    expect(res.status).toBe(200);
    const api = await asAgent();
    const link = await api('/api/v1/integrations/zoho', {
      method: 'PUT',
      json: { crm_account_id: '4876876000000000001', crm_account_label: 'Acme Realty' },
    });
    expect(link.status).toBe(409);
    expect(link.obj().linked_account_label).toBe('Someone Else Realty');
  });
});

describe('groups', () => {
  it('lists the seed groups on one page', async () => {
    const api = await asAgent();
    const res = await api('/api/v1/groups?page=1');
    expect(res.json()).toEqual({
      results: [
        { id: 41, name: 'Spring buyers', contact_count: 0 },
        { id: 17, name: 'Past clients', contact_count: 0 },
        { id: 23, name: 'Open house leads', contact_count: 0 },
      ],
      next_page: null,
    });
  });

  it('pages by 50', async () => {
    const api = await asAgent();
    for (let i = 0; i < 60; i++)
      expect((await api('/api/v1/groups', { json: { name: `G ${i}` } })).status).toBe(201);
    const p1 = (await api('/api/v1/groups?page=1')).obj();
    expect((p1.results as unknown[]).length).toBe(50);
    expect(p1.next_page).toBe(2);
    const p2 = (await api('/api/v1/groups?page=2')).obj();
    expect((p2.results as unknown[]).length).toBe(13);
    expect(p2.next_page).toBeNull();
  });

  it('creates a group (201) and refuses a taken name case-insensitively (409)', async () => {
    const api = await asAgent();
    const created = await api('/api/v1/groups', { json: { name: 'Summer sellers' } });
    expect(created.status).toBe(201);
    expect(created.json()).toEqual({ id: 42, name: 'Summer sellers' });
    const taken = await api('/api/v1/groups', { json: { name: 'spring BUYERS' } });
    expect(taken.status).toBe(409);
    expect(taken.json()).toEqual({ error: 'group_exists', id: 41 });
  });
});

describe('contact upsert', () => {
  const jane = {
    api_contact_id: 'zoho:Contacts:4876876000000623001',
    source: 'zoho',
    full_name: 'Jane Doe',
    first_name: 'Jane',
    last_name: 'Doe',
    address: '12 Main St',
    city: 'Austin',
    state: 'TX',
    zip: '78701',
    mediainfo_set: [
      { type: 2, value: '5125550101' },
      { type: 4, value: 'jane@example.com' },
    ],
    notes: [{ api_note_id: 'zoho:note:991', text: 'Met at open house' }],
    misc: { 'Lead Source': 'Zillow', Status: 'Hot Lead' },
  };

  it('creates, then updates: fields updated, notes appended once, phones added, contact moved', async () => {
    const api = await asAgent();
    const first = await api('/api/v1/contacts/upsert', { json: { group_id: 41, contacts: [jane] } });
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({
      results: [
        {
          api_contact_id: jane.api_contact_id,
          contact_id: 9001,
          action: 'created',
          moved_from_group_id: null,
          error: null,
        },
      ],
    });

    const changed = {
      ...jane,
      address: '500 Oak Ave',
      city: 'Round Rock',
      mediainfo_set: [...jane.mediainfo_set, { type: 3, value: '5125550199' }],
      notes: [...jane.notes, { api_note_id: 'zoho:note:992', text: 'Wants a CMA' }],
    };
    const second = await api('/api/v1/contacts/upsert', { json: { group_id: 17, contacts: [changed] } });
    expect(second.obj().results).toEqual([
      {
        api_contact_id: jane.api_contact_id,
        contact_id: 9001,
        action: 'updated',
        moved_from_group_id: 41,
        error: null,
      },
    ]);

    const contact = (await api('/api/v1/contacts/9001')).obj();
    expect(contact).toMatchObject({
      id: 9001,
      api_contact_id: jane.api_contact_id,
      address: '500 Oak Ave',
      city: 'Round Rock',
      group_ids: [17],
      mediainfo_set: [
        { type: 2, value: '5125550101' },
        { type: 4, value: 'jane@example.com' },
        { type: 3, value: '5125550199' },
      ],
    });
    const notes = contact.notes as { api_note_id: string; id: number; created_at: string }[];
    expect(notes.map((n) => n.api_note_id)).toEqual(['zoho:note:991', 'zoho:note:992']);
    expect(notes[0]?.id).toEqual(expect.any(Number));
    expect(contact.events).toEqual([]);

    // The same batch again changes nothing.
    const before = JSON.stringify(findMojoContact(sb.state, jane.api_contact_id));
    const third = await api('/api/v1/contacts/upsert', { json: { group_id: 17, contacts: [changed] } });
    expect(third.obj().results).toEqual([
      {
        api_contact_id: jane.api_contact_id,
        contact_id: 9001,
        action: 'updated',
        moved_from_group_id: null,
        error: null,
      },
    ]);
    expect(JSON.stringify(findMojoContact(sb.state, jane.api_contact_id))).toBe(before);
    expect(sb.state.mojo.contacts.size).toBe(1);

    const groups = (await api('/api/v1/groups')).obj().results as { id: number; contact_count: number }[];
    expect(groups.find((g) => g.id === 17)?.contact_count).toBe(1);
    expect(groups.find((g) => g.id === 41)?.contact_count).toBe(0);
  });

  it('rejects more than 100 contacts and an unknown group', async () => {
    const api = await asAgent();
    const many = Array.from({ length: 101 }, (_, i) => ({ ...jane, api_contact_id: `zoho:Contacts:${i}` }));
    const tooMany = await api('/api/v1/contacts/upsert', { json: { group_id: 41, contacts: many } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.obj().error).toBe('too_many_contacts');
    const exactly100 = await api('/api/v1/contacts/upsert', {
      json: { group_id: 41, contacts: many.slice(0, 100) },
    });
    expect(exactly100.status).toBe(200);
    const noGroup = await api('/api/v1/contacts/upsert', { json: { group_id: 999, contacts: [jane] } });
    expect(noGroup.status).toBe(404);
    expect(noGroup.json()).toEqual({ error: 'group_not_found' });
  });

  it('reports item errors per item and still writes the good ones', async () => {
    const api = await asAgent();
    const res = await api('/api/v1/contacts/upsert', {
      json: {
        group_id: 41,
        contacts: [
          { ...jane, full_name: '', first_name: '', last_name: '', api_contact_id: 'zoho:Contacts:1' },
          { ...jane, api_contact_id: 'zoho:Contacts:2', mediainfo_set: [{ type: 2, value: '512-555-0101' }] },
          { ...jane, api_contact_id: 'zoho:Contacts:3', mediainfo_set: [{ type: 1, value: '12345' }] },
          { ...jane, api_contact_id: 'zoho:Contacts:4', full_name: '', first_name: 'Only' },
        ],
      },
    });
    expect(res.status).toBe(200);
    const results = res.obj().results as {
      error: { code: string; message: string } | null;
      action: string | null;
    }[];
    expect(results.map((r) => r.error?.code ?? null)).toEqual([
      'missing_name',
      'invalid_phone',
      'invalid_phone',
      null,
    ]);
    expect(results[0]?.error?.message).toEqual(expect.any(String));
    expect(results[3]?.action).toBe('created');
    expect(sb.state.mojo.contacts.size).toBe(1);
  });
});

describe('activities and the dialer page', () => {
  it('serves appended activities from a cursor', async () => {
    const api = await asAgent();
    expect((await api('/api/v1/activities?since=&limit=200')).json()).toEqual({
      results: [],
      next_cursor: 'c-0',
    });
    const add = await fetch(`${sb.adminUrl}/mojo/activities`, {
      method: 'POST',
      body: JSON.stringify({
        activities: [
          { type: 'call_result', call: { result: 'Contact' } },
          { type: 'note_added', note: { id: 77, text: 'hi' } },
          { id: 'act-custom', type: 'contact_updated' },
        ],
      }),
    });
    expect(add.status).toBe(200);
    const page1 = (await api('/api/v1/activities?since=c-0&limit=2')).obj();
    expect((page1.results as { id: string }[]).map((a) => a.id)).toEqual(['act-1', 'act-2']);
    expect(page1.next_cursor).toBe('c-2');
    const page2 = (await api(`/api/v1/activities?since=${page1.next_cursor}&limit=2`)).obj();
    expect((page2.results as { id: string }[]).map((a) => a.id)).toEqual(['act-custom']);
    expect((await api('/api/v1/activities?since=bogus')).status).toBe(400);
  });

  it('opens the dialer page with the group name escaped', async () => {
    const api = await asAgent();
    const created = (await api('/api/v1/groups', { json: { name: '<script>alert(1)</script> & co' } })).obj();
    const page = await call(APP, `/data-and-dialer?group=${created.id}&view=power-dialer`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<title>Mojo — Data &amp; Dialer</title>');
    expect(page.text).toContain('<h1>Data &amp; Dialer</h1>');
    expect(page.text).toContain(
      '<p>Power dialer — group: <b>&#60;script&#62;alert(1)&#60;/script&#62; &#38; co</b></p>',
    );
    const seeded = await call(APP, '/data-and-dialer?group=41&view=power-dialer');
    expect(seeded.text).toContain('<b>Spring buyers</b>');
  });
});

describe('the shapes the public record shows (golden fixtures)', () => {
  const contacts = (...ids: string[]) =>
    ids.map((id) => ({
      api_contact_id: id,
      source: 'zoho',
      full_name: id === 'zoho:Contacts:bad' ? '' : 'Jane Doe',
      mediainfo_set: [{ type: 2, value: '5125550101' }],
    }));
  const upsert = async (ids: string[]) => {
    const api = await asAgent();
    return api('/api/v1/contacts/upsert', { json: { group_id: 41, contacts: contacts(...ids) } });
  };

  it('answers the contract upsert in the shape of its example', async () => {
    const res = await upsert(['zoho:Contacts:1']);
    expect(
      shapeDifferences(golden('mojo', 'upsert-answer').body, res.obj(), {
        loose: ['results[].moved_from_group_id'],
      }),
    ).toEqual([]);
  });

  it('answers in the bulk_create shape, HTTP 200, a refused contact only in errors', async () => {
    sb.state.mojo.answerStyle.upsert = 'bulk';
    const res = await upsert(['zoho:Contacts:1', 'zoho:Contacts:bad']);
    expect(res.status).toBe(200);
    const body = res.obj();
    expect(shapeDifferences(golden('mojo', 'bulk-create-duplicate').body, body, { extra: 'refuse' })).toEqual(
      [],
    );
    expect(body.errors).toEqual([expect.stringContaining('zoho:Contacts:bad')]);
    // The client fails the refused contact with Mojo's words and confirms the other.
    const api = new MojoApi(
      {
        current: async () => ({ accessToken: (await mojoLogin(sb)).access_token, apiBase: `https://${APP}` }),
        refreshAfter: async () => {
          throw new Error('no refresh expected');
        },
      },
      { fetch: sb.fetch },
    );
    const results = await api.upsertContacts(41, [
      { ...jane(), api_contact_id: 'zoho:Contacts:2' },
      { ...jane(), api_contact_id: 'zoho:Contacts:bad', full_name: '', first_name: '', last_name: '' },
    ]);
    expect(results.map((r) => [r.api_contact_id, r.error === null])).toEqual([
      ['zoho:Contacts:2', true],
      ['zoho:Contacts:bad', false],
    ]);
    expect(results[1]?.error?.message).toContain('zoho:Contacts:bad');
  });

  it('answers a busy account with the public client’s text and writes nothing', async () => {
    sb.state.mojo.answerStyle.busyOnce = 1;
    const res = await upsert(['zoho:Contacts:1']);
    expect(res.status).toBe(200);
    expect(shapeDifferences(golden('mojo', 'bulk-create-busy').body, res.obj(), { extra: 'refuse' })).toEqual(
      [],
    );
    expect(sb.state.mojo.contacts.size).toBe(0);
    expect((await upsert(['zoho:Contacts:1'])).obj().results).toHaveLength(1);
  });

  it('answers a dead token with 403 and a detail when asked to', async () => {
    sb.state.mojo.answerStyle.deadToken = 403;
    const res = await call(APP, '/api/v1/groups', { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(403);
    expect(shapeDifferences(golden('mojo', 'forbidden-token').body, res.json(), { extra: 'refuse' })).toEqual(
      [],
    );
  });
});

function jane(): MojoContactInput {
  return {
    api_contact_id: 'zoho:Contacts:1',
    source: 'zoho',
    full_name: 'Jane Doe',
    first_name: 'Jane',
    last_name: 'Doe',
    address: '',
    city: '',
    state: '',
    zip: '',
    mediainfo_set: [{ type: 2, value: '5125550101' }],
    notes: [],
    misc: {},
  };
}
