import { afterEach, describe, expect, it, vi } from 'vitest';
import { caught, json } from '../test-helpers';
import {
  DEFAULT_MOJO_LOGIN_BASE,
  DIALING_REP_MESSAGE,
  isDialingRep,
  mojoLogin,
  mojoRefresh,
  mojoRevoke,
  mojoSession,
} from './auth';

interface Seen {
  method: string;
  url: string;
  body: unknown;
}

/** Stubs the global fetch with answers in order and records what was asked. */
function stubFetch(...answers: Array<() => Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const text = await input.clone().text();
    seen.push({ method: input.method, url: input.url, body: text === '' ? undefined : JSON.parse(text) });
    const answer = answers[seen.length - 1];
    if (answer === undefined) throw new Error(`unexpected request ${input.method} ${input.url}`);
    return answer();
  });
  return seen;
}

const LOGIN_OK = {
  access_token: 'at-1',
  refresh_token: 'rt-1',
  expires_in: 3600,
  account: { id: 'A-100', base_url: 'https://app31.mojosells.com', name: 'Smith Team' },
  user: { id: 'U-7', email: 'agent@example.com', name: 'Pat Smith', permission_level: 'owner' },
};
const CREDS = { pin: '123456', login: 'agent@example.com', password: 'secret' };

afterEach(() => vi.unstubAllGlobals());

describe('mojoLogin', () => {
  it('posts the password grant and returns the parsed answer', async () => {
    const seen = stubFetch(() => json(LOGIN_OK));
    const login = await mojoLogin(DEFAULT_MOJO_LOGIN_BASE, CREDS);
    expect(login.account.base_url).toBe('https://app31.mojosells.com');
    expect(seen[0]).toEqual({
      method: 'POST',
      url: 'https://lb11.mojosells.com/api/v1/auth/token',
      body: { grant_type: 'password', ...CREDS, client_id: 'mojo-bridge' },
    });
  });

  it('says the credentials are wrong on 401', async () => {
    stubFetch(() => json({ error: 'invalid_credentials' }, 401));
    const error = await caught(mojoLogin(DEFAULT_MOJO_LOGIN_BASE, CREDS));
    expect(error.code).toBe('invalid_credentials');
    expect(error.userMessage).toBe('The Mojo PIN, login or password is not right.');
  });

  it('says the account is locked on 423', async () => {
    stubFetch(() => json({ error: 'account_locked' }, 423));
    const error = await caught(mojoLogin(DEFAULT_MOJO_LOGIN_BASE, CREDS));
    expect(error.code).toBe('account_locked');
    expect(error.kind).toBe('permanent');
    expect(error.userMessage).toBe('This Mojo account is locked. Unlock it in Mojo, then try again.');
  });

  it("says the login server can't be reached on a network failure", async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const error = await caught(mojoLogin(DEFAULT_MOJO_LOGIN_BASE, CREDS));
    expect(error.kind).toBe('network');
    expect(error.userMessage).toBe(
      "Mojo's login server could not be reached. Check your connection and try again.",
    );
  });

  it('calls an answer with wrong types malformed', async () => {
    stubFetch(() => json({ ...LOGIN_OK, expires_in: '3600' }));
    expect((await caught(mojoLogin(DEFAULT_MOJO_LOGIN_BASE, CREDS))).kind).toBe('malformed');
  });

  it('refuses an account server that is not a URL', async () => {
    stubFetch(() => json({ ...LOGIN_OK, account: { ...LOGIN_OK.account, base_url: 'javascript:alert(1)' } }));
    expect((await caught(mojoLogin(DEFAULT_MOJO_LOGIN_BASE, CREDS))).kind).toBe('malformed');
  });

  it('lets the caller detect a dialing rep', async () => {
    stubFetch(() => json({ ...LOGIN_OK, user: { ...LOGIN_OK.user, permission_level: 'dialing_rep' } }));
    const login = await mojoLogin(DEFAULT_MOJO_LOGIN_BASE, CREDS);
    expect(isDialingRep(login.user.permission_level)).toBe(true);
    expect(DIALING_REP_MESSAGE).toMatch(/Dialing Reps can't connect integrations/);
  });
});

describe('isDialingRep', () => {
  it('recognises the level however it is spelled', () => {
    expect(isDialingRep('dialing_rep')).toBe(true);
    expect(isDialingRep('Dialing Rep')).toBe(true);
    expect(isDialingRep('dialing-rep')).toBe(true);
    for (const level of ['owner', 'admin', 'agent']) expect(isDialingRep(level)).toBe(false);
  });
});

describe('mojoRefresh', () => {
  it('stores a rotated refresh token', async () => {
    const seen = stubFetch(() => json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 }));
    expect(await mojoRefresh(DEFAULT_MOJO_LOGIN_BASE, 'rt-1')).toEqual({
      access_token: 'at-2',
      refresh_token: 'rt-2',
      expires_in: 3600,
    });
    expect(seen[0]?.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'mojo-bridge',
    });
  });

  it('keeps the old refresh token when Mojo does not rotate it', async () => {
    stubFetch(() => json({ access_token: 'at-2', expires_in: 3600 }));
    expect((await mojoRefresh(DEFAULT_MOJO_LOGIN_BASE, 'rt-1')).refresh_token).toBe('rt-1');
  });

  it('asks for a new login when the refresh token is dead', async () => {
    stubFetch(() => json({ error: 'invalid_grant' }, 401));
    const error = await caught(mojoRefresh(DEFAULT_MOJO_LOGIN_BASE, 'rt-1'));
    expect(error.kind).toBe('auth');
    expect(error.code).toBe('refresh_revoked');
  });
});

describe('mojoRevoke', () => {
  it('posts the token and treats an already-dead token as revoked', async () => {
    const seen = stubFetch(
      () => new Response(null, { status: 204 }),
      () => json({ error: 'invalid_token' }, 401),
    );
    await mojoRevoke(DEFAULT_MOJO_LOGIN_BASE, 'rt-1');
    await mojoRevoke(`${DEFAULT_MOJO_LOGIN_BASE}/`, 'rt-1');
    expect(seen.map((s) => s.url)).toEqual([
      'https://lb11.mojosells.com/api/v1/auth/revoke',
      'https://lb11.mojosells.com/api/v1/auth/revoke',
    ]);
    expect(seen[0]?.body).toEqual({ token: 'rt-1' });
  });
});

describe('mojoSession', () => {
  it('points the session at the account server', () => {
    expect(mojoSession(LOGIN_OK, LOGIN_OK.account.base_url, 1000)).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: 1000 + 3_600_000,
      apiBase: 'https://app31.mojosells.com',
    });
  });
});
