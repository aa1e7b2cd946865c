import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearRetryAfter } from '../http';
import { caught, json } from '../test-helpers';
import type { OAuthSession } from '../types';
import {
  buildAuthorizeUrl,
  CINC_DEFAULT_TOKEN_SECONDS,
  CINC_SCOPES,
  exchangeCode,
  parseRedirect,
  refreshSession,
} from './auth';

interface Seen {
  method: string;
  url: string;
  form: Record<string, string>;
}

function stubFetch(...answers: Array<() => Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const text = await input.clone().text();
    seen.push({ method: input.method, url: input.url, form: Object.fromEntries(new URLSearchParams(text)) });
    const answer = answers[seen.length - 1];
    if (answer === undefined) throw new Error(`unexpected request ${input.method} ${input.url}`);
    return answer();
  });
  return seen;
}

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';
const EXCHANGE = { clientId: 'cinc-client', clientSecret: 'shh', redirectUri: REDIRECT, code: 'code-1' };
const SESSION: OAuthSession = {
  accessToken: 'at-old',
  refreshToken: 'rt-old',
  expiresAt: 0,
  apiBase: 'https://public.cincapi.com/v2',
};
const now = () => 1_000_000;

afterEach(() => vi.unstubAllGlobals());

describe('buildAuthorizeUrl', () => {
  it('asks CINC for a code with the four scopes, the redirect and the state', () => {
    const url = new URL(buildAuthorizeUrl({ clientId: 'cinc-client', redirectUri: REDIRECT, state: 'st' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://authv2.cincapi.com/integrator/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cinc-client',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'api:read api:create api:update api:event',
      state: 'st',
    });
    expect(CINC_SCOPES.split(' ')).toHaveLength(4);
  });
});

describe('parseRedirect', () => {
  it('returns the code when the state matches', () => {
    expect(parseRedirect(`${REDIRECT}?code=abc&state=st`, 'st')).toEqual({ code: 'abc' });
  });

  it('refuses a foreign state, a missing code and an unreadable URL', async () => {
    expect(
      (await caught(Promise.resolve().then(() => parseRedirect(`${REDIRECT}?code=a&state=x`, 'st')))).code,
    ).toBe('state_mismatch');
    expect(
      (await caught(Promise.resolve().then(() => parseRedirect(`${REDIRECT}?state=st`, 'st')))).code,
    ).toBe('missing_code');
    expect((await caught(Promise.resolve().then(() => parseRedirect('not a url', 'st')))).code).toBe(
      'bad_redirect',
    );
  });

  it('says a cancelled sign-in and an unknown client in words', async () => {
    const cancelled = await caught(
      Promise.resolve().then(() => parseRedirect(`${REDIRECT}?error=access_denied&state=st`, 'st')),
    );
    expect(cancelled.userMessage).toBe('CINC sign-in was cancelled.');
    const unknown = await caught(
      Promise.resolve().then(() => parseRedirect(`${REDIRECT}?error=invalid_client&state=st`, 'st')),
    );
    expect(unknown.userMessage).toContain('does not know this Client ID');
  });
});

describe('exchangeCode', () => {
  it('posts the code with the client secret and keeps both tokens', async () => {
    const seen = stubFetch(() =>
      json({ access_token: 'at', refresh_token: 'rt', expires_in: 3600, token_type: 'Bearer' }),
    );
    const session = await exchangeCode(EXCHANGE, {}, now);
    expect(seen[0]).toEqual({
      method: 'POST',
      url: 'https://authv2.cincapi.com/integrator/token',
      form: {
        grant_type: 'authorization_code',
        client_id: 'cinc-client',
        client_secret: 'shh',
        redirect_uri: REDIRECT,
        code: 'code-1',
      },
    });
    expect(session).toEqual({
      accessToken: 'at',
      refreshToken: 'rt',
      expiresAt: 1_000_000 + 3_600_000,
      apiBase: 'https://public.cincapi.com/v2',
    });
  });

  it('assumes a short lifetime when CINC names none, and reads seconds sent as a string', async () => {
    stubFetch(
      () => json({ access_token: 'at', refresh_token: 'rt' }),
      () => json({ access_token: 'at', refresh_token: 'rt', expires_in: '120' }),
    );
    expect((await exchangeCode(EXCHANGE, {}, now)).expiresAt).toBe(
      1_000_000 + CINC_DEFAULT_TOKEN_SECONDS * 1000,
    );
    expect((await exchangeCode(EXCHANGE, {}, now)).expiresAt).toBe(1_000_000 + 120_000);
  });

  it('turns RFC 6749 errors into messages an admin can act on', async () => {
    stubFetch(
      () => json({ error: 'invalid_client' }, 401),
      () => json({ error: 'invalid_grant', error_description: 'code expired' }, 400),
      () => json({ error: 'invalid_grant', error_description: 'redirect_uri does not match' }, 400),
      () => json({ error: 'invalid_grant' }, 200),
    );
    const badClient = await caught(exchangeCode(EXCHANGE));
    expect(badClient.kind).toBe('permanent');
    expect(badClient.userMessage).toContain('Client ID and Client secret');
    expect((await caught(exchangeCode(EXCHANGE))).userMessage).toContain('expired or was already used');
    const redirect = await caught(exchangeCode(EXCHANGE));
    expect(redirect.code).toBe('invalid_redirect_uri');
    expect(redirect.userMessage).toContain('Redirect URL');
    // An error body under HTTP 200 still fails.
    expect((await caught(exchangeCode(EXCHANGE))).code).toBe('invalid_grant');
  });

  it('retries a busy server later, and reports a page or a wrong shape as malformed', async () => {
    stubFetch(
      () =>
        new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      () =>
        new Response('<html>Maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      () => json({ token: 'x' }),
      () => json({ access_token: 'at', expires_in: 60 }),
    );
    expect((await caught(exchangeCode(EXCHANGE))).kind).toBe('retry');
    expect((await caught(exchangeCode(EXCHANGE))).userMessage).toContain('web page');
    expect((await caught(exchangeCode(EXCHANGE))).kind).toBe('malformed');
    expect((await caught(exchangeCode(EXCHANGE))).code).toBe('no_refresh_token');
  });
});

describe('refreshSession', () => {
  const params = { session: SESSION, clientId: 'cinc-client', clientSecret: 'shh' };

  it('keeps a rotated refresh token, or the old one when none comes back', async () => {
    const seen = stubFetch(
      () => json({ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 600 }),
      () => json({ access_token: 'at-3', expires_in: 600 }),
    );
    const rotated = await refreshSession(params, {}, now);
    expect(seen[0]?.form).toEqual({
      grant_type: 'refresh_token',
      client_id: 'cinc-client',
      client_secret: 'shh',
      refresh_token: 'rt-old',
    });
    expect(rotated).toMatchObject({
      accessToken: 'at-2',
      refreshToken: 'rt-2',
      expiresAt: 1_000_000 + 600_000,
    });
    expect((await refreshSession(params, {}, now)).refreshToken).toBe('rt-old');
  });

  it('a dead refresh token, a changed client or a bare 401 means connecting again', async () => {
    stubFetch(
      () => json({ error: 'invalid_grant', error_description: 'refresh token revoked' }, 400),
      () => json({ error: 'invalid_client' }, 401),
      () => new Response('', { status: 401 }),
    );
    const revoked = await caught(refreshSession(params));
    expect(revoked).toMatchObject({
      kind: 'auth',
      code: 'refresh_revoked',
      userMessage: 'CINC needs to be connected again.',
    });
    const client = await caught(refreshSession(params));
    expect(client.kind).toBe('auth');
    expect(client.userMessage).toContain('CINC needs to be connected again.');
    expect((await caught(refreshSession(params))).kind).toBe('auth');
  });

  it('without a refresh token it asks to reconnect without calling CINC', async () => {
    const seen = stubFetch();
    const error = await caught(refreshSession({ ...params, session: { ...SESSION, refreshToken: null } }));
    expect(error.kind).toBe('auth');
    expect(seen).toHaveLength(0);
  });

  it('a 429 or 5xx while refreshing is worth another try, not a reconnect', async () => {
    stubFetch(
      () => new Response('', { status: 429, headers: { 'retry-after': '3' } }),
      () => json({ error: 'server_error' }, 503),
    );
    const limited = await caught(refreshSession(params));
    expect(limited).toMatchObject({ kind: 'retry', retryAfterMs: 3000 });
    // The HTTP layer now holds the next request for that Retry-After (http.ts): not this test's subject.
    clearRetryAfter();
    expect((await caught(refreshSession(params))).kind).toBe('retry');
  });
});
