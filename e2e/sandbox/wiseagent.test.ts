/**
 * The Wise Agent emulator checked against crm-facts.md (OAuth with PKCE, rotation, webconnect.asp
 * calls and their varied answer shapes), and the extension's own client run against it, so the
 * two cannot drift apart together.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { golden } from '../../lib/connectors/test-helpers';
import type { ContactDraft, CrmConnector, OAuthSession, SendOptions } from '../../lib/connectors/types';
import { WiseAgentApi } from '../../lib/connectors/wiseagent/api';
import {
  buildAuthorizeUrl,
  exchangeCode,
  parseRedirect,
  refreshSession,
  revokeToken,
} from '../../lib/connectors/wiseagent/auth';
import { wiseAgentConnector } from '../../lib/connectors/wiseagent/index';
import { CrmRules, ObjectRules } from '../../lib/core/rules/model';
import { SharedSession } from '../../lib/sync/session';
import {
  findWiseAgentContact,
  type Sandbox,
  startSandbox,
  WISEAGENT_CLIENT_ID,
  WISEAGENT_IDS,
} from './index';
import { shapeDifferences } from './shape';
import { clientFor, type RequestOptions } from './test-client';

const SYNC = 'sync.thewiseagent.com';
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/wiseagent';
const SCOPES = 'profile contacts calendar team';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-Plus-some-more-chars';

let sb: Sandbox;
let call: ReturnType<typeof clientFor>;

beforeAll(async () => {
  sb = await startSandbox();
  call = clientFor(sb);
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function authorize(params: Record<string, string> = {}) {
  const q = new URLSearchParams({
    client_id: WISEAGENT_CLIENT_ID,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: SCOPES,
    state: 'st-1',
    code_challenge: challengeOf(VERIFIER),
    code_challenge_method: 'S256',
    ...params,
  });
  return call(SYNC, `/WiseAuth/auth?${q}`);
}

async function codeFrom(params: Record<string, string> = {}): Promise<string> {
  const res = await authorize(params);
  const code = new URL(String(res.headers.location)).searchParams.get('code');
  if (!code) throw new Error(`no code in ${res.headers.location}`);
  return code;
}

function token(body: Record<string, string>, opts: RequestOptions = {}) {
  return call(SYNC, '/WiseAuth/token', { json: body, ...opts });
}

async function login(scope = SCOPES): Promise<{ access_token: string; refresh_token: string }> {
  const code = await codeFrom({ scope });
  const res = await token({
    grant_type: 'authorization_code',
    code,
    code_verifier: VERIFIER,
    client_id: WISEAGENT_CLIENT_ID,
  });
  const body = res.obj();
  return { access_token: String(body.access_token), refresh_token: String(body.refresh_token) };
}

async function api(requestType: string, opts: RequestOptions & { query?: Record<string, string> } = {}) {
  const { access_token } = await login();
  const q = new URLSearchParams({ requestType, ...opts.query });
  return call(SYNC, `/http/webconnect.asp?${q}`, {
    ...opts,
    headers: { authorization: `Bearer ${access_token}`, ...opts.headers },
  });
}

/**
 * The extension's client over the sandbox, with the product's own SharedSession as the token
 * source: one refresh for all concurrent callers, which rotation makes necessary.
 */
async function extensionClient(): Promise<{
  api: WiseAgentApi;
  connector: CrmConnector;
  refreshes: () => number;
}> {
  let stored = await signInAsTheExtension();
  let refreshes = 0;
  const session = new SharedSession<OAuthSession>({
    load: async () => stored,
    save: async (next) => {
      stored = next;
    },
    refresh: async (current) => {
      refreshes++;
      return refreshSession({ session: current, clientId: WISEAGENT_CLIENT_ID }, { fetch: sb.fetch });
    },
    system: 'wiseagent',
    notConnected: 'Wise Agent needs to be connected again.',
  });
  return {
    api: new WiseAgentApi(session, { fetch: sb.fetch }),
    connector: wiseAgentConnector(session, { fetch: sb.fetch }),
    refreshes: () => refreshes,
  };
}

async function signInAsTheExtension(verifier = VERIFIER): Promise<OAuthSession> {
  const url = await buildAuthorizeUrl({
    clientId: WISEAGENT_CLIENT_ID,
    redirectUri: REDIRECT,
    state: 's',
    verifier,
  });
  const redirect = await sb.fetch(url, { redirect: 'manual' });
  const { code } = parseRedirect(redirect.headers.get('location') ?? '', 's');
  return exchangeCode({ clientId: WISEAGENT_CLIENT_ID, code, verifier }, { fetch: sb.fetch });
}

describe('Wise Agent OAuth (PKCE, public client)', () => {
  it('redirects with code, expires_at (UTC) and scope as documented; state only every other time', async () => {
    const res = await authorize();
    expect(res.status).toBe(302);
    const to = new URL(String(res.headers.location));
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect([...to.searchParams.keys()].sort()).toEqual(['code', 'expires_at', 'scope']);
    expect(to.searchParams.get('expires_at')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(to.searchParams.get('scope')).toBe(SCOPES);
    expect(to.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const second = new URL(String((await authorize()).headers.location));
    expect(second.searchParams.get('state')).toBe('st-1');
    expect(sb.state.wiseagent.authRequests.at(-1)).toMatchObject({
      outcome: 'code',
      params: { code_challenge_method: 'S256', scope: SCOPES },
    });
  });

  it('refuses an authorize request without S256 PKCE, and an unknown client', async () => {
    for (const params of [{ code_challenge_method: 'plain' }, { code_challenge: '' }] as Record<
      string,
      string
    >[]) {
      const to = new URL(String((await authorize(params)).headers.location));
      expect(to.searchParams.get('error')).toBe('invalid_request');
      expect(to.searchParams.get('code')).toBeNull();
    }
    const to = new URL(String((await authorize({ client_id: 'nope' })).headers.location));
    expect(to.searchParams.get('error')).toBe('unauthorized_client');
  });

  it('trades a code and the right verifier for {access_token, expires_at, refresh_token}', async () => {
    const res = await token({
      grant_type: 'authorization_code',
      code: await codeFrom(),
      code_verifier: VERIFIER,
      client_id: WISEAGENT_CLIENT_ID,
    });
    expect(res.status).toBe(200);
    const body = res.obj();
    // Exactly the documented answer (golden fixture 'token'), nothing the client could lean on.
    expect(shapeDifferences(golden('wiseagent', 'token').body, body, { extra: 'refuse' })).toEqual([]);
    // UTC, as the docs' example, an hour from now.
    expect(String(body.expires_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(Date.parse(String(body.expires_at)) - (Date.now() + 3_600_000))).toBeLessThan(5_000);
  });

  it('refuses a wrong PKCE verifier with 400 invalid_grant, and the code is spent', async () => {
    const code = await codeFrom();
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: `${VERIFIER.slice(0, -1)}X`,
      client_id: WISEAGENT_CLIENT_ID,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.obj()).toMatchObject({ error: 'invalid_grant' });
    const retry = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: VERIFIER,
      client_id: WISEAGENT_CLIENT_ID,
    });
    expect(retry.status).toBe(400);
    expect(sb.state.wiseagent.tokenRequestLog.map((r) => r.ok)).toEqual([false, false]);
  });

  it('reads a form (the plugin) or JSON (the docs); refuses a missing verifier and any other body', async () => {
    const missing = await token({
      grant_type: 'authorization_code',
      code: await codeFrom(),
      client_id: WISEAGENT_CLIENT_ID,
    });
    expect(missing.obj()).toMatchObject({ error: 'invalid_grant' });
    const form = await call(SYNC, '/WiseAuth/token', {
      form: {
        grant_type: 'authorization_code',
        code: await codeFrom(),
        code_verifier: VERIFIER,
        client_id: WISEAGENT_CLIENT_ID,
      },
    });
    expect(form.status).toBe(200);
    const text = await call(SYNC, '/WiseAuth/token', {
      body: `grant_type=authorization_code&code=${await codeFrom()}`,
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
    expect(text.obj()).toMatchObject({ error: 'invalid_request' });
  });

  it('a client registered with a secret must send it, in the body or as Basic; a wrong one is invalid_client', async () => {
    await admin('/wiseagent/clients', { client_id: 'wa-secret', client_secret: 's3cret' });
    const grant = async (extra: Record<string, string>, headers: Record<string, string> = {}) =>
      call(SYNC, '/WiseAuth/token', {
        form: {
          grant_type: 'authorization_code',
          code: await codeFrom({ client_id: 'wa-secret' }),
          code_verifier: VERIFIER,
          ...extra,
        },
        headers,
      });
    expect((await grant({ client_id: 'wa-secret' })).status).toBe(401);
    expect((await grant({ client_id: 'wa-secret', client_secret: 'nope' })).obj()).toMatchObject({
      error: 'invalid_client',
    });
    expect((await grant({ client_id: 'wa-secret', client_secret: 's3cret' })).status).toBe(200);
    const basic = `Basic ${Buffer.from('wa-secret:s3cret').toString('base64')}`;
    expect((await grant({}, { authorization: basic })).status).toBe(200);
    // The extension's own sign-in and refresh with the secret the admin entered.
    const url = await buildAuthorizeUrl({
      clientId: 'wa-secret',
      redirectUri: REDIRECT,
      state: 's',
      verifier: VERIFIER,
    });
    const { code } = parseRedirect(
      (await sb.fetch(url, { redirect: 'manual' })).headers.get('location') ?? '',
      's',
    );
    const session = await exchangeCode(
      { clientId: 'wa-secret', clientSecret: 's3cret', code, verifier: VERIFIER },
      { fetch: sb.fetch },
    );
    const next = await refreshSession(
      { session, clientId: 'wa-secret', clientSecret: 's3cret' },
      { fetch: sb.fetch },
    );
    expect(next.refreshToken).not.toBe(session.refreshToken);
  });

  it('the extension’s own sign-in passes, and a wrong verifier is refused as a sign-in error', async () => {
    const session = await signInAsTheExtension();
    expect(session.refreshToken).toBeTruthy();
    expect(session.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);

    const url = await buildAuthorizeUrl({
      clientId: WISEAGENT_CLIENT_ID,
      redirectUri: REDIRECT,
      state: 's',
      verifier: VERIFIER,
    });
    const redirect = await sb.fetch(url, { redirect: 'manual' });
    const { code } = parseRedirect(redirect.headers.get('location') ?? '', 's');
    const other = 'another-verifier-that-is-long-enough-to-be-a-valid-pkce-one';
    await expect(
      exchangeCode({ clientId: WISEAGENT_CLIENT_ID, code, verifier: other }, { fetch: sb.fetch }),
    ).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_grant' });
  });

  it('rotates the refresh token: the old one is dead afterwards (401 invalid_grant)', async () => {
    const { refresh_token } = await login();
    const first = await token({ grant_type: 'refresh_token', refresh_token, client_id: WISEAGENT_CLIENT_ID });
    expect(first.status).toBe(200);
    const rotated = String(first.obj().refresh_token);
    expect(rotated).not.toBe(refresh_token);
    const again = await token({ grant_type: 'refresh_token', refresh_token, client_id: WISEAGENT_CLIENT_ID });
    expect(again.status).toBe(401);
    expect(again.obj()).toMatchObject({ error: 'invalid_grant' });
    const next = await token({
      grant_type: 'refresh_token',
      refresh_token: rotated,
      client_id: WISEAGENT_CLIENT_ID,
    });
    expect(next.status).toBe(200);
    expect(sb.state.wiseagent.tokenRequests).toBe(4);
  });

  it('revoke ends the whole grant: rotated refresh tokens and their access tokens', async () => {
    const session = await signInAsTheExtension();
    const rotated = await refreshSession({ session, clientId: WISEAGENT_CLIENT_ID }, { fetch: sb.fetch });
    expect(rotated.refreshToken).not.toBe(session.refreshToken);
    await revokeToken(
      { clientId: WISEAGENT_CLIENT_ID, token: rotated.refreshToken ?? '', hint: 'refresh_token' },
      { fetch: sb.fetch },
    );
    expect([...sb.state.wiseagent.refreshTokens.values()].every((r) => r.revoked)).toBe(true);
    expect([...sb.state.wiseagent.accessTokens.values()].every((a) => a.revoked)).toBe(true);
    await expect(
      refreshSession({ session: rotated, clientId: WISEAGENT_CLIENT_ID }, { fetch: sb.fetch }),
    ).rejects.toMatchObject({
      kind: 'auth',
      userMessage: 'Wise Agent needs to be connected again.',
    });
  });
});

describe('webconnect.asp', () => {
  it('answers 401 invalid_grant without a valid token, and 403 for a missing scope', async () => {
    const res = await call(SYNC, '/http/webconnect.asp?requestType=getUser', {
      headers: { authorization: 'Bearer nope' },
    });
    expect(res.status).toBe(401);
    expect(res.obj()).toMatchObject({ error: 'invalid_grant' });
    const { access_token } = await login('profile');
    const denied = await call(SYNC, '/http/webconnect.asp?requestType=getContacts', {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(denied.status).toBe(403);
    expect(denied.obj()).toMatchObject({ error: 'insufficient_scope' });
  });

  it('getUser answers as documented: a JSON string holding [{First, Last, Email}], no id', async () => {
    const body = (await api('getUser')).json();
    expect(body).toBe('[{"First":"Pat","Last":"Smith","Email":"agent@example.com"}]');
  });

  it('getContacts pages by 100 and carries Categories as JSON inside a string', async () => {
    const first = (await api('getContacts', { query: { page: '1', page_size: '5' } })).json();
    expect(Array.isArray(first)).toBe(true);
    const list = first as Record<string, unknown>[];
    expect(list.map((c) => c.ClientID)).toEqual([4100001, 4100002, 4100003, 4100004, 4100005]);
    expect(list[0]).toMatchObject({
      CFirst: 'Jane',
      CLast: 'Cooper',
      Categories: '[{"name":"Buyer"},{"name":"Hot Lead"}]',
      ContactUrl: 'https://thewiseagent.com/secure/client/summary?clientId=4100001',
    });
    const past = (await api('getContacts', { query: { page: '9', page_size: '100' } })).json();
    expect(past).toEqual([]);
  });

  it('getContacts applies one filter, by precedence email > phone > categories > nameQuery', async () => {
    const ids = async (query: Record<string, string>) =>
      ((await api('getContacts', { query })).json() as { ClientID: number }[]).map((c) => c.ClientID);
    expect(await ids({ email: 'PRIYA.RAMAN@example.com', nameQuery: 'Jane' })).toEqual([
      WISEAGENT_IDS.priyaRaman,
    ]);
    expect(await ids({ phone: '(512) 555-0166', categories: 'Buyer' })).toEqual([WISEAGENT_IDS.diegoAlvarez]);
    expect(await ids({ categories: 'Seller', nameQuery: 'Jane' })).toEqual([WISEAGENT_IDS.marcusWebb]);
    expect(await ids({ nameQuery: 'jane' })).toEqual([WISEAGENT_IDS.janeCooper]);
  });

  it('getSingleContact answers a one-record array, as documented; a missing contact is an empty array', async () => {
    const res = await api('getSingleContact', { query: { clientID: String(WISEAGENT_IDS.markup) } });
    const list = res.json() as Record<string, unknown>[];
    expect(list[0]).toMatchObject({ ClientID: WISEAGENT_IDS.markup, CLast: '<img src=x onerror=alert(1)>' });
    expect((await api('getSingleContact', { query: { clientID: '1' } })).json()).toEqual([]);
  });

  it('webcontact creates, needs CFirst/CLast/Source, and does not update an existing contact', async () => {
    const missing = await api('webcontact', { form: { CFirst: 'Ana' } });
    expect(missing.status).toBe(200);
    expect(missing.obj()).toMatchObject({ success: 'false' });
    const created = (
      await api('webcontact', {
        form: {
          CFirst: 'Ana',
          CLast: 'Silva',
          Source: 'Mojo',
          CEmail: 'ana@example.com',
          Categories: 'Buyer;Investor',
        },
      })
    ).obj();
    expect(created).toMatchObject({ success: 'true', data: { NewContact: true } });
    const again = (
      await api('webcontact', {
        form: { CFirst: 'Changed', CLast: 'Name', Source: 'Mojo', CEmail: 'ana@example.com' },
      })
    ).obj();
    expect(again).toMatchObject({ success: 'true', data: { NewContact: false } });
    const id = (created.data as { ClientID: number }).ClientID;
    expect(findWiseAgentContact(sb.state.wiseagent, id)).toMatchObject({
      CFirst: 'Ana',
      Categories: ['Buyer', 'Investor'],
    });
  });

  it('writes must be POSTs; updateContact, addContactNote and calls keep state for two-way work', async () => {
    expect((await api('updateContact', { query: { clientID: '4100001', City: 'Nope' } })).status).toBe(405);
    const updated = await api('updateContact', {
      form: { clientID: '4100001', City: 'Buda', AddCategories: 'Investor' },
    });
    // As documented: `{"Success":"<id> updated"}`, inside a JSON string.
    expect(JSON.parse(String(updated.json()))).toEqual({ Success: '4100001 updated' });
    expect(findWiseAgentContact(sb.state.wiseagent, 4100001)).toMatchObject({
      City: 'Buda',
      Categories: ['Buyer', 'Hot Lead', 'Investor'],
    });
    const note = (
      await api('addContactNote', {
        form: { clientids: '4100001,4100002', subject: 'Call', note: 'Left a voicemail' },
      })
    ).json();
    // As documented: inside a JSON string.
    expect(JSON.parse(String(note))).toMatchObject([
      { success: 'true', data: [{ ClientID: 4100001 }, { ClientID: 4100002 }] },
    ]);
    expect(sb.state.wiseagent.notes).toHaveLength(2);
    const tooLong = await api('calls', {
      form: {
        ClientId: '4100001',
        NextContactDate: '2026-11-21 09:30',
        CallType: 'Call',
        Reason: 'x'.repeat(101),
      },
    });
    expect(tooLong.obj()).toMatchObject({ success: 'false' });
    const ok = await api('calls', {
      form: {
        ClientId: '4100001',
        NextContactDate: '2026-11-21 09:30',
        CallType: 'Call',
        Reason: 'Follow up',
        FlagImportant: 'true',
      },
    });
    expect(JSON.parse(String(ok.json()))).toEqual({ success: true, id: expect.any(Number) });
    expect(sb.state.wiseagent.calls[0]).toMatchObject({
      NextContactDate: '2026-11-21 09:30',
      FlagImportant: true,
    });
  });
});

describe('the emulator answers in the documented shapes (golden fixtures)', () => {
  /** Some answers are JSON inside a JSON string: both sides must be, and then match inside. */
  const decoded = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    return text.startsWith('[') || text.startsWith('{') ? JSON.parse(text) : value;
  };
  function expectShape(name: string, actual: unknown, loose: string[] = []) {
    const fixture = golden('wiseagent', name);
    expect(typeof actual === 'string', `${name}: a JSON string or not, as documented`).toBe(
      typeof fixture.body === 'string',
    );
    expect(shapeDifferences(decoded(fixture.body), decoded(actual), { loose })).toEqual([]);
  }
  // The docs' example shows these as null or ""; the sandbox fills some in (varied kinds: a zip
  // and a house number as JSON numbers), which the client must read too.
  const CONTACT_LOOSE = [
    '[].Status',
    '[].DtUpdated',
    '[].DateUpdatedUTC',
    '[].DateAddedUTC',
    '[].AddressNumber',
    '[].Zip',
  ];

  async function as(requestType: string, method: 'GET' | 'POST', fields: Record<string, string> = {}) {
    const { access_token } = await login();
    const q = new URLSearchParams({ requestType, ...(method === 'GET' ? fields : {}) });
    const res = await call(SYNC, `/http/webconnect.asp?${q}`, {
      method,
      headers: { authorization: `Bearer ${access_token}` },
      ...(method === 'POST' ? { form: fields } : {}),
    });
    return { status: res.status, body: res.json() };
  }

  it('OAuth: the token answer, and an expired token', async () => {
    const res = await token({
      grant_type: 'authorization_code',
      code: await codeFrom(),
      code_verifier: VERIFIER,
      client_id: WISEAGENT_CLIENT_ID,
    });
    expectShape('token', res.obj());
    const expired = await call(SYNC, '/http/webconnect.asp?requestType=getUser', {
      headers: { authorization: 'Bearer expired-or-unknown' },
    });
    expect(expired.status).toBe(golden('wiseagent', 'token-expired').httpStatus);
    expectShape('token-expired', expired.obj());
  });

  it('reads: getUser, getTeam, getSources, getContacts, getSingleContact', async () => {
    expectShape('getUser', (await as('getUser', 'GET')).body);
    expectShape('getTeam', (await as('getTeam', 'GET')).body);
    expectShape('getSources', (await as('getSources', 'GET')).body);
    expectShape(
      'getContacts',
      (await as('getContacts', 'GET', { page: '1', page_size: '100' })).body,
      CONTACT_LOOSE,
    );
    expectShape(
      'getSingleContact',
      (await as('getSingleContact', 'GET', { clientID: String(WISEAGENT_IDS.janeCooper) })).body,
      CONTACT_LOOSE,
    );
  });

  it('writes and what they leave: webcontact, updateContact, addContactNote, getContactNotes, calls', async () => {
    const jane = String(WISEAGENT_IDS.janeCooper);
    expectShape(
      'webcontact-created',
      (await as('webcontact', 'POST', { CFirst: 'New', CLast: 'One', Source: 'API' })).body,
    );
    const janeEmail = findWiseAgentContact(sb.state.wiseagent, WISEAGENT_IDS.janeCooper)?.CEmail ?? '';
    expectShape(
      'webcontact-existing',
      (await as('webcontact', 'POST', { CFirst: 'Jane', CLast: 'C', Source: 'API', CEmail: janeEmail })).body,
    );
    expectShape(
      'updateContact-success',
      (await as('updateContact', 'POST', { clientID: jane, City: 'Mesa' })).body,
    );
    expectShape('updateContact-error', (await as('updateContact', 'POST', { clientID: '999' })).body);
    expectShape(
      'addContactNote',
      (await as('addContactNote', 'POST', { clientids: jane, subject: 's', note: 'n' })).body,
    );
    expectShape('getContactNotes', (await as('getContactNotes', 'GET', { ClientID: jane })).body);
    expectShape(
      'calls-add',
      (
        await as('calls', 'POST', {
          ClientId: jane,
          NextContactDate: '2026-11-24 09:30',
          Reason: 'r',
          CallType: 'Call',
        })
      ).body,
    );
    expectShape('calls-read', (await as('calls', 'GET', { clientId: jane })).body);
  });
});

describe('the extension’s client against the emulator', () => {
  it('reads the user, pages of contacts and single contacts', async () => {
    const { api: wa } = await extensionClient();
    expect(await wa.user()).toEqual({
      id: 'agent@example.com',
      name: 'Pat Smith',
      email: 'agent@example.com',
    });
    const page = await wa.contactsPage(1);
    expect(page.received).toBe(12);
    expect(page.errors).toEqual([]);
    const marcus = page.contacts.find((c) => c.ref.id === String(WISEAGENT_IDS.marcusWebb));
    expect(marcus?.phones).toEqual([
      { kind: 'other', raw: '512-555-0199' },
      { kind: 'home', raw: '512-555-0142' },
      { kind: 'work', raw: '(512) 555-0143 x12' },
      { kind: 'mobile', raw: '512.555.0144' },
    ]);
    const hannah = page.contacts.find((c) => c.ref.id === String(WISEAGENT_IDS.hannahLee));
    expect(hannah).toMatchObject({ address: '118 Center St', zip: '78640' });
    const read = await wa.readContacts(['4100001', '4100005', '999', 'x']);
    expect(read.contacts.map((c) => c.ref.id)).toEqual(['4100001', '4100005']);
    expect(read.contacts[0]).toMatchObject({
      address: '1200 Barton Springs Rd Ste 4',
      misc: { Categories: 'Buyer, Hot Lead' },
      notes: [{ id: 'wiseagent:note:4100001:notes' }],
    });
    expect(read.errors.map((e) => e.id)).toEqual(['x', '999']);
  });

  it('refreshes once when the token was expired on the server, and goes on', async () => {
    const { api: wa, refreshes } = await extensionClient();
    sb.faults.add({ system: 'wiseagent-api', expireTokens: true });
    // Two reads at a time both meet the dead token; one refresh serves both (the refresh token rotates).
    const read = await wa.readContacts(['4100001', '4100002', '4100003', '4100006']);
    expect(read.contacts).toHaveLength(4);
    expect(refreshes()).toBe(1);
    expect(sb.state.wiseagent.tokenRequestLog.filter((r) => r.grant_type === 'refresh_token')).toHaveLength(
      1,
    );
  });

  it('a 429 from the API is retry; a malformed answer is malformed; Zoho and Mojo tokens are untouched', async () => {
    const { api: wa } = await extensionClient();
    const zohoBefore = [...sb.state.zoho.accessTokens.values()].map((t) => t.expires_at);
    sb.faults.add({ system: 'wiseagent-api', status429: { count: 1, retryAfterSeconds: 3 } });
    await expect(wa.contactsPage(1)).rejects.toMatchObject({ kind: 'retry', retryAfterMs: 3000 });
    sb.faults.add({ system: 'wiseagent-api', malformed: { count: 1, kind: 'wrong-types' } });
    await expect(wa.contactsPage(1)).rejects.toMatchObject({ kind: 'malformed' });
    sb.faults.add({ system: 'wiseagent-api', malformed: { count: 1, kind: 'html' } });
    await expect(wa.singleContact('4100001')).rejects.toMatchObject({ kind: 'malformed' });
    sb.faults.add({ system: 'wiseagent-auth', expireTokens: true });
    expect([...sb.state.zoho.accessTokens.values()].map((t) => t.expires_at)).toEqual(zohoBefore);
    expect((await wa.contactsPage(1)).received).toBe(12);
  });

  it('writes through the client: create (no update), update, note, call in Arizona time', async () => {
    const { api: wa } = await extensionClient();
    const created = await wa.createContact({
      CFirst: 'Lena',
      CLast: 'Ortiz',
      Source: 'Mojo',
      CEmail: 'lena@example.com',
    });
    expect(created.created).toBe(true);
    const existing = await wa.createContact({
      CFirst: 'X',
      CLast: 'Y',
      Source: 'Mojo',
      CEmail: 'lena@example.com',
    });
    expect(existing).toMatchObject({ clientId: created.clientId, created: false });
    await wa.updateContact(created.clientId, { City: 'Manor' });
    expect(findWiseAgentContact(sb.state.wiseagent, created.clientId)?.City).toBe('Manor');
    expect(
      await wa.addContactNote({ clientIds: [created.clientId], subject: 'Mojo', note: 'Hello' }),
    ).toHaveLength(1);
    const callId = await wa.addCall({
      clientId: created.clientId,
      nextContactAt: Date.UTC(2026, 10, 21, 16, 30),
      callType: 'Follow up call',
      reason: 'r'.repeat(150),
      important: true,
    });
    expect(callId).toMatch(/^\d+$/);
    expect(sb.state.wiseagent.calls.at(-1)).toMatchObject({
      NextContactDate: '2026-11-21 09:30',
      FlagImportant: true,
    });
    expect(sb.state.wiseagent.calls.at(-1)?.Reason.length).toBe(100);
    await expect(wa.updateContact('1', { City: 'Nowhere' })).rejects.toMatchObject({ kind: 'permanent' });
  });
});

describe('the way back through the connector (Mojo → Wise Agent)', () => {
  const DANA: ContactDraft = {
    firstName: 'Dana',
    lastName: 'Reyes',
    fullName: 'Dana Reyes',
    address: '400 Oak Ave Apt 2',
    city: 'Austin',
    state: 'TX',
    zip: '78702',
    country: '',
    phones: [{ kind: 'mobile', raw: '5125550178' }],
    emails: ['dana@example.com'],
    notes: [],
    misc: {},
  };

  function options(
    over: {
      link?: SendOptions['link'];
      object?: Partial<ObjectRules>;
      crm?: Record<string, unknown>;
      agentEmail?: string | null;
    } = {},
  ): SendOptions {
    return {
      link: over.link ?? null,
      object: ObjectRules.parse(over.object ?? {}),
      crm: CrmRules.parse(over.crm ?? {}),
      agentEmail: over.agentEmail === undefined ? 'agent@example.com' : over.agentEmail,
    };
  }

  async function connector(): Promise<Required<CrmConnector>> {
    const { connector: c } = await extensionClient();
    const { sendContact, updateContact, addNote, addEvent } = c;
    if (!sendContact || !updateContact || !addNote || !addEvent) throw new Error('way back missing');
    return c as Required<CrmConnector>;
  }

  const wa = () => sb.state.wiseagent;
  const requests = (type: string) =>
    sb.requests.all().filter((r) => r.host === SYNC && r.query.includes(`requestType=${type}`));

  it('Send creates with webcontact (Source "Mojo", the agent’s team member), then updates the same contact', async () => {
    const c = await connector();
    const before = wa().contacts.length;
    const sent = await c.sendContact(DANA, options());
    expect(sent).toMatchObject({
      action: 'created',
      name: 'Dana Reyes',
      ref: { crm: 'wiseagent', module: 'contact' },
    });
    expect(sent.url).toBe(`https://thewiseagent.com/secure/client/summary?clientId=${sent.ref.id}`);
    expect(wa().contacts).toHaveLength(before + 1);
    expect(findWiseAgentContact(wa(), sent.ref.id)).toMatchObject({
      CFirst: 'Dana',
      CLast: 'Reyes',
      CEmail: 'dana@example.com',
      MobilePhone: '5125550178',
      AddressNumber: '400',
      AddressStreet: 'Oak Ave',
      SuiteNo: 'Apt 2',
      City: 'Austin',
      State: 'TX',
      zip: '78702',
      Source: 'Mojo',
      InsideTeamAssignment: [1],
    });
    expect(sent.notes).toContain("Owner: the CRM user with the agent's email (agent@example.com).");

    // Not linked: found again by email, and updated — with nothing new, nothing is written.
    const again = await c.sendContact(DANA, options());
    expect(again).toMatchObject({ action: 'updated', ref: { id: sent.ref.id } });
    expect(requests('updateContact')).toHaveLength(0);
    // Linked: the link wins even when the email changed; only the new city is written.
    const moved = await c.sendContact(
      { ...DANA, city: 'Round Rock', emails: ['dana.new@example.com'] },
      options({ link: sent.ref }),
    );
    expect(moved).toMatchObject({ action: 'updated', ref: { id: sent.ref.id } });
    expect(findWiseAgentContact(wa(), sent.ref.id)).toMatchObject({
      City: 'Round Rock',
      CEmail: 'dana@example.com',
    });
    expect(moved.notes).toContain(
      'Wise Agent keeps one email (dana@example.com); dana.new@example.com was not added',
    );
    expect(wa().contacts).toHaveLength(before + 1);
  });

  it('lead source matched in the account’s spelling; owner by the agent’s email, or none', async () => {
    const c = await connector();
    const zillow = await c.sendContact(
      { ...DANA, emails: ['z@example.com'], phones: [{ kind: 'mobile', raw: '5125550301' }] },
      options({ crm: { leadSource: { value: ' zillow ' } }, agentEmail: 'ALEX.RIVERA@example.com' }),
    );
    expect(findWiseAgentContact(wa(), zillow.ref.id)).toMatchObject({
      Source: 'Zillow',
      InsideTeamAssignment: [2],
    });
    const billboard = await c.sendContact(
      { ...DANA, emails: ['b@example.com'], phones: [{ kind: 'mobile', raw: '5125550302' }] },
      options({ crm: { leadSource: { value: 'Billboard', createMissing: false }, owner: 'none' } }),
    );
    expect(findWiseAgentContact(wa(), billboard.ref.id)).toMatchObject({
      Source: 'Mojo',
      InsideTeamAssignment: [],
    });
    expect(billboard.notes.join(' ')).toMatch(/Billboard.*"Mojo" was used/);
    const fresh = await c.sendContact(
      { ...DANA, emails: ['f@example.com'], phones: [{ kind: 'mobile', raw: '5125550303' }] },
      options({ crm: { leadSource: { value: 'Billboard' } }, agentEmail: 'nobody@example.com' }),
    );
    // Source is free text in Wise Agent: a new one is simply used. No team member has the
    // agent's email, so the connecting user (Pat, InsideTeamId 1) gets it.
    expect(findWiseAgentContact(wa(), fresh.ref.id)).toMatchObject({
      Source: 'Billboard',
      InsideTeamAssignment: [1],
    });
  });

  it('two contacts with the number: needs review, nothing written; no key or no name: refused', async () => {
    const c = await connector();
    await admin('/wiseagent/contacts', {
      contacts: [
        { CFirst: 'Twin', CLast: 'One', MobilePhone: '512-555-0900' },
        { CFirst: 'Twin', CLast: 'Two', HomePhone: '(512) 555-0900' },
      ],
    });
    const before = wa().contacts.length;
    const twin = { ...DANA, emails: [], phones: [{ kind: 'home' as const, raw: '5125550900' }] };
    await expect(
      c.sendContact(twin, options({ object: { identify: ['email', 'phone'] } })),
    ).rejects.toMatchObject({
      kind: 'permanent',
      userMessage: expect.stringMatching(/^Needs review: 2 Wise Agent contacts have this phone number/),
    });
    await expect(c.sendContact({ ...DANA, emails: [], phones: [] }, options())).rejects.toMatchObject({
      kind: 'permanent',
      code: 'no_key',
    });
    await expect(
      c.sendContact({ ...DANA, lastName: '', fullName: 'Dana', emails: ['solo@example.com'] }, options()),
    ).rejects.toMatchObject({ kind: 'permanent', code: 'missing_name' });
    expect(wa().contacts).toHaveLength(before);
  });

  it('a contact with only a phone, sent again under the email rule: the link updates it, never a second one', async () => {
    const c = await connector();
    const before = wa().contacts.length;
    const phoneOnly = { ...DANA, emails: [], phones: [{ kind: 'mobile' as const, raw: '(512) 555-0808' }] };
    const first = await c.sendContact(phoneOnly, options());
    expect(first.action).toBe('created');
    const linked = await c.sendContact(phoneOnly, options({ link: first.ref }));
    expect(linked).toMatchObject({ action: 'updated', ref: { id: first.ref.id } });
    // Without the link the rule (email) finds nothing, and the phone is not the user's key: review.
    await expect(c.sendContact(phoneOnly, options())).rejects.toMatchObject({
      kind: 'permanent',
      code: 'needs_review',
      userMessage: expect.stringMatching(
        /^Dana Reyes needs review: Wise Agent already has a contact with this phone number/,
      ),
    });
    expect(wa().contacts).toHaveLength(before + 1);
  });

  it('identified by phone only, Wise Agent knows the email on another contact: needs review, nothing written', async () => {
    const c = await connector();
    const before = structuredClone(wa().contacts);
    const priya = {
      ...DANA,
      firstName: 'Priya',
      lastName: 'Raman',
      phones: [{ kind: 'mobile' as const, raw: '512-555-0999' }],
      emails: ['priya.raman@example.com'],
    };
    const error = await c.sendContact(priya, options({ object: { identify: ['phone'] } })).catch((e) => e);
    expect(error).toMatchObject({ kind: 'permanent', code: 'needs_review' });
    expect(error.userMessage).toMatch(
      /^Priya Raman needs review: Wise Agent already has a contact with this email \(Priya Raman, ClientID 41000\d\d\)/,
    );
    expect(error.userMessage).toMatch(/finds contacts by phone only/);
    expect(requests('webcontact')).toHaveLength(0);
    expect(wa().contacts).toEqual(before);
  });

  it('a phone an unrelated contact has (Emily Tran) never links Dana to Emily under the email rule', async () => {
    const c = await connector();
    const before = structuredClone(wa().contacts);
    const error = await c
      .sendContact({ ...DANA, phones: [{ kind: 'mobile', raw: '5125550177' }] }, options())
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'permanent', code: 'needs_review' });
    expect(error.userMessage).toMatch(
      /^Dana Reyes needs review: .*phone number \(Emily Tran, ClientID 4100007\)/,
    );
    expect(requests('webcontact')).toHaveLength(0);
    expect(wa().contacts).toEqual(before);
  });

  it('when webcontact answers NewContact false (its own duplicate check), that is needs review, not a link', async () => {
    const c = await connector();
    // Which keys make Wise Agent's duplicate check fire is not documented: here, the name. Neither
    // the rule (email) nor the guard (phone) can see it coming; the answer is the only sign.
    await admin('/wiseagent/webcontact-match', { keys: ['name'] });
    const jane = findWiseAgentContact(wa(), WISEAGENT_IDS.janeCooper);
    if (!jane) throw new Error('no Jane in the seed');
    const namesake = { ...DANA, firstName: jane.CFirst, lastName: jane.CLast, fullName: 'namesake' };
    const error = await c.sendContact(namesake, options()).catch((e) => e);
    expect(error).toMatchObject({ kind: 'permanent', code: 'needs_review' });
    expect(error.userMessage).toBe(
      `${jane.CFirst} ${jane.CLast} needs review: Wise Agent matched an existing contact (ClientID ${jane.ClientID}) by its own duplicate check, which your identification rule did not find. Wise Agent may have added this contact's phone numbers and email to it. Check that contact, then link the right one by hand; Mojo Bridge never links to a record by a key you did not choose.`,
    );
    // Nothing but what Wise Agent itself does on webcontact: no updateContact, no link.
    expect(requests('updateContact')).toHaveLength(0);
  });

  it('under Do not update, a matched contact is left unchanged and reported so', async () => {
    const c = await connector();
    const jane = structuredClone(findWiseAgentContact(wa(), WISEAGENT_IDS.janeCooper));
    if (!jane) throw new Error('no Jane in the seed');
    const draft = { ...DANA, emails: [jane.CEmail], city: 'Somewhere Else' };
    const sent = await c.sendContact(draft, options({ object: { policy: 'do_not_update' } }));
    expect(sent).toMatchObject({ action: 'unchanged', ref: { id: String(jane.ClientID) } });
    const linked = await c.sendContact(
      draft,
      options({ link: sent.ref, object: { policy: 'do_not_update' } }),
    );
    expect(linked.action).toBe('unchanged');
    expect(requests('updateContact')).toHaveLength(0);
    expect(findWiseAgentContact(wa(), jane.ClientID)).toEqual(jane);
  });

  it('updateContact follows the policy; a blank never erases; a deleted contact is a permanent failure', async () => {
    const c = await connector();
    const ref = { crm: 'wiseagent' as const, module: 'contact', id: String(WISEAGENT_IDS.janeCooper) };
    const edit = {
      set: { city: 'Round Rock', zip: '', state: 'CA' },
      addPhones: [{ kind: 'home' as const, raw: '5125550199' }],
      addEmails: [],
    };
    await c.updateContact(ref, edit, 'do_not_update');
    expect(findWiseAgentContact(wa(), ref.id)).toMatchObject({ City: 'Austin', HomePhone: '' });
    await c.updateContact(ref, edit, 'add_only');
    expect(findWiseAgentContact(wa(), ref.id)).toMatchObject({
      City: 'Austin',
      State: 'TX',
      HomePhone: '5125550199',
    });
    await c.updateContact(ref, edit, 'overwrite');
    expect(findWiseAgentContact(wa(), ref.id)).toMatchObject({
      City: 'Round Rock',
      State: 'CA',
      zip: '78704',
    });
    const writes = requests('updateContact').length;
    await c.updateContact(ref, edit, 'overwrite');
    expect(requests('updateContact')).toHaveLength(writes);
    await expect(c.updateContact({ ...ref, id: '4999999' }, edit, 'overwrite')).rejects.toMatchObject({
      kind: 'permanent',
      code: 'not_found',
    });
  });

  it('a note is written once per activity, even when the step runs again', async () => {
    const c = await connector();
    const ref = { crm: 'wiseagent' as const, module: 'contact', id: String(WISEAGENT_IDS.janeCooper) };
    const note = { key: 'act-1', title: 'Mojo call: Contact', body: 'Call result: Contact', repeat: false };
    await c.addNote(ref, note);
    await c.addNote(ref, { ...note, repeat: true });
    // Another activity whose id starts the same is its own note.
    await c.addNote(ref, { ...note, key: 'act-10', repeat: true });
    expect(wa().notes.map((n) => [n.ClientID, n.Subject, n.Note])).toEqual([
      [WISEAGENT_IDS.janeCooper, 'Mojo call: Contact', 'Call result: Contact\n\nMojo activity act-1'],
      [WISEAGENT_IDS.janeCooper, 'Mojo call: Contact', 'Call result: Contact\n\nMojo activity act-10'],
    ]);
    expect(requests('getContactNotes').length).toBe(2);
  });

  it('an event is a call-list entry in Arizona time, once, even when the step runs again', async () => {
    const c = await connector();
    const ref = { crm: 'wiseagent' as const, module: 'contact', id: String(WISEAGENT_IDS.janeCooper) };
    const event = {
      key: 'act-ev-1',
      subject: `Follow-up call: ${'Call back about the CMA '.repeat(6)}`,
      due: '2026-11-24T03:30:00Z',
      kindLabel: 'Follow-up call',
      repeat: false,
    };
    await c.addEvent(ref, event);
    await c.addEvent(ref, { ...event, repeat: true });
    expect(wa().calls).toHaveLength(1);
    expect(wa().calls[0]).toMatchObject({
      ClientId: WISEAGENT_IDS.janeCooper,
      NextContactDate: '2026-11-23 20:30',
      CallType: 'Call',
      FlagImportant: false,
    });
    expect(wa().calls[0]?.Reason).toHaveLength(100);
    expect(wa().calls[0]?.Reason.endsWith('…')).toBe(true);
    // The same subject on another day is another entry.
    await c.addEvent(ref, { ...event, key: 'act-ev-2', due: '2026-11-25T03:30:00Z', repeat: true });
    await c.addEvent(ref, {
      ...event,
      key: 'act-ev-3',
      subject: 'Appointment: Showing',
      kindLabel: 'Appointment',
    });
    expect(wa().calls.map((x) => [x.NextContactDate, x.CallType])).toEqual([
      ['2026-11-23 20:30', 'Call'],
      ['2026-11-24 20:30', 'Call'],
      ['2026-11-23 20:30', 'Appointment'],
    ]);
  });
});

/** The sandbox's admin API, in-process. */
async function admin(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${sb.adminUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
