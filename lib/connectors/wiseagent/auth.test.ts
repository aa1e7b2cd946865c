import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearRetryAfter } from '../http';
import { caught, golden, json } from '../test-helpers';
import type { OAuthSession } from '../types';
import {
  buildAuthorizeUrl,
  exchangeCode,
  isPkceVerifier,
  parseExpiresAt,
  parseRedirect,
  pkceChallenge,
  refreshSession,
  revokeToken,
} from './auth';

interface Seen {
  method: string;
  url: string;
  contentType: string | null;
  text: string;
}

function stubFetch(...answers: Array<() => Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    seen.push({
      method: input.method,
      url: input.url,
      contentType: input.headers.get('content-type'),
      text: await input.clone().text(),
    });
    const answer = answers[seen.length - 1];
    if (answer === undefined) throw new Error(`unexpected request ${input.method} ${input.url}`);
    return answer();
  });
  return seen;
}

// RFC 7636 appendix B.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';
const NOW = Date.UTC(2026, 10, 21, 16, 0, 0);
const TOKENS = { access_token: 'at-1', refresh_token: 'rt-1', expires_at: '2026-11-21T10:00:00-07:00' };

afterEach(() => vi.unstubAllGlobals());

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636’s example', async () => {
    expect(await pkceChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('agrees with Node’s own SHA-256 for the verifiers the extension makes', async () => {
    const verifier = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVkcGx1Z2g';
    expect(await pkceChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('refuses what is not a verifier (too short, too long, other characters)', async () => {
    expect(isPkceVerifier(RFC_VERIFIER)).toBe(true);
    for (const bad of ['short', 'a'.repeat(129), `${'a'.repeat(42)}+`, `${'a'.repeat(43)} `]) {
      expect(isPkceVerifier(bad)).toBe(false);
      await expect(pkceChallenge(bad)).rejects.toThrow(RangeError);
    }
  });
});

describe('buildAuthorizeUrl', () => {
  it('asks for a code with the scopes, the state and an S256 challenge, and no secret', async () => {
    const url = new URL(
      await buildAuthorizeUrl({
        clientId: 'wa-1',
        redirectUri: REDIRECT,
        state: 's-1',
        verifier: RFC_VERIFIER,
      }),
    );
    expect(url.origin + url.pathname).toBe('https://sync.thewiseagent.com/WiseAuth/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'wa-1',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'profile contacts calendar team',
      state: 's-1',
      code_challenge: RFC_CHALLENGE,
      code_challenge_method: 'S256',
    });
    expect(url.toString()).not.toContain(RFC_VERIFIER);
  });
});

describe('parseRedirect', () => {
  const answer = (params: Record<string, string>) => `${REDIRECT}?${new URLSearchParams(params)}`;

  it('reads the code when the state matches', () => {
    expect(parseRedirect(answer({ code: 'c-1', state: 's-1' }), 's-1')).toEqual({ code: 'c-1' });
  });

  it('reads the code of a redirect without state, as the docs list it (code, expires_at, scope)', () => {
    // PKCE still proves the code is ours: the token endpoint refuses it without our verifier.
    const documented = answer({ code: 'c-1', expires_at: '2026-11-21T16:05:00Z', scope: 'profile contacts' });
    expect(parseRedirect(documented, 's-1')).toEqual({ code: 'c-1' });
  });

  it('refuses another state, a missing code, a cancelled or failed sign-in', async () => {
    expect((await caught(() => parseRedirect(answer({ code: 'c', state: 'x' }), 's-1'))).code).toBe(
      'state_mismatch',
    );
    expect((await caught(() => parseRedirect(answer({ state: 's-1' }), 's-1'))).code).toBe('missing_code');
    const cancelled = await caught(() =>
      parseRedirect(answer({ error: 'access_denied', state: 's-1' }), 's-1'),
    );
    expect(cancelled.userMessage).toBe('Wise Agent sign-in was cancelled.');
    const failed = await caught(() =>
      parseRedirect(answer({ error: 'invalid_request', state: 's-1' }), 's-1'),
    );
    expect(failed).toMatchObject({ kind: 'permanent', code: 'invalid_request' });
    expect((await caught(() => parseRedirect('not a url', 's-1'))).code).toBe('bad_redirect');
  });
});

describe('exchangeCode', () => {
  it('posts a form {grant_type, code, code_verifier, client_id}, as Wise Agent’s plugin does, and reads expires_at', async () => {
    const seen = stubFetch(() => json(TOKENS));
    const session = await exchangeCode(
      { clientId: 'wa-1', code: 'c-1', verifier: RFC_VERIFIER },
      {},
      () => NOW,
    );
    expect(seen[0]).toMatchObject({ method: 'POST', url: 'https://sync.thewiseagent.com/WiseAuth/token' });
    expect(seen[0]?.contentType).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.text ?? ''))).toEqual({
      grant_type: 'authorization_code',
      code: 'c-1',
      code_verifier: RFC_VERIFIER,
      client_id: 'wa-1',
    });
    expect(session).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: Date.UTC(2026, 10, 21, 17, 0, 0),
      apiBase: 'https://sync.thewiseagent.com/http/webconnect.asp',
    });
  });

  it('sends client_secret with the code and the verifier when the admin entered one (the docs)', async () => {
    const seen = stubFetch(() => json(TOKENS));
    await exchangeCode(
      { clientId: 'wa-1', clientSecret: 'sh', code: 'c-1', verifier: RFC_VERIFIER },
      {},
      () => NOW,
    );
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.text ?? ''))).toEqual({
      grant_type: 'authorization_code',
      code: 'c-1',
      code_verifier: RFC_VERIFIER,
      client_id: 'wa-1',
      client_secret: 'sh',
    });
  });

  it('reads the documented token answer (expires_at in UTC)', async () => {
    const fixture = golden('wiseagent', 'token');
    stubFetch(() => json(fixture.body, fixture.httpStatus));
    const session = await exchangeCode({ clientId: 'w', code: 'c', verifier: RFC_VERIFIER }, {}, () =>
      Date.UTC(2019, 11, 31, 23, 0, 0),
    );
    expect(session).toMatchObject({ accessToken: 'Your_Access_Token', refreshToken: 'Your_Refresh_Token' });
    expect(session.expiresAt).toBe(Date.UTC(2020, 0, 1, 0, 0, 0));
  });

  it('says what a refused sign-in means', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['invalid_grant', 400, /did not accept the sign-in code/],
      ['invalid_client', 401, /does not know this Client ID/],
    ];
    for (const [error, status, message] of cases) {
      stubFetch(() => json({ error, error_description: 'nope' }, status));
      const e = await caught(() => exchangeCode({ clientId: 'wa-1', code: 'c', verifier: RFC_VERIFIER }));
      expect(e).toMatchObject({ kind: 'permanent', code: error });
      expect(e.userMessage).toMatch(message);
    }
  });

  it('needs a refresh token; a busy server is retry; HTML is malformed', async () => {
    stubFetch(() => json({ access_token: 'a', expires_at: '2026-11-21T10:00:00Z' }));
    expect(
      (await caught(() => exchangeCode({ clientId: 'w', code: 'c', verifier: RFC_VERIFIER }))).code,
    ).toBe('no_refresh_token');
    stubFetch(() => new Response('busy', { status: 503, headers: { 'retry-after': '4' } }));
    expect(
      await caught(() => exchangeCode({ clientId: 'w', code: 'c', verifier: RFC_VERIFIER })),
    ).toMatchObject({
      kind: 'retry',
      retryAfterMs: 4000,
    });
    // The HTTP layer now holds the next request for that Retry-After (http.ts): not this test's subject.
    clearRetryAfter();
    stubFetch(() => new Response('<html>login</html>', { headers: { 'content-type': 'text/html' } }));
    expect(
      (await caught(() => exchangeCode({ clientId: 'w', code: 'c', verifier: RFC_VERIFIER }))).kind,
    ).toBe('malformed');
  });
});

describe('refreshSession', () => {
  const session: OAuthSession = {
    accessToken: 'old',
    refreshToken: 'rt-1',
    expiresAt: 0,
    apiBase: 'https://sync.thewiseagent.com/http/webconnect.asp',
  };

  it('posts a form {grant_type, refresh_token, client_id} and keeps the rotated refresh token', async () => {
    const seen = stubFetch(() => json({ ...TOKENS, access_token: 'at-2', refresh_token: 'rt-2' }));
    const next = await refreshSession({ session, clientId: 'wa-1' }, {}, () => NOW);
    expect(seen[0]?.contentType).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.text ?? ''))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'wa-1',
    });
    expect(next).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2' });
  });

  it('sends the client secret on refresh too, when there is one', async () => {
    const seen = stubFetch(() => json(TOKENS));
    await refreshSession({ session, clientId: 'wa-1', clientSecret: 'sh' }, {}, () => NOW);
    expect(new URLSearchParams(seen[0]?.text ?? '').get('client_secret')).toBe('sh');
  });

  it('keeps the current refresh token when the answer has none', async () => {
    stubFetch(() => json({ access_token: 'at-2', expires_at: '2026-11-21T10:00:00-07:00' }));
    expect((await refreshSession({ session, clientId: 'wa-1' }, {}, () => NOW)).refreshToken).toBe('rt-1');
  });

  it('an expired or revoked refresh token (401 invalid_grant) asks to connect again', async () => {
    stubFetch(() => json({ error: 'invalid_grant' }, 401));
    expect(await caught(() => refreshSession({ session, clientId: 'wa-1' }))).toMatchObject({
      kind: 'auth',
      code: 'refresh_revoked',
      userMessage: 'Wise Agent needs to be connected again.',
    });
    stubFetch(() => json({ error: 'invalid_client' }, 401));
    const e = await caught(() => refreshSession({ session, clientId: 'wa-1' }));
    expect(e.kind).toBe('auth');
    expect(e.userMessage).toMatch(/Client ID.*connected again/);
    expect(
      (await caught(() => refreshSession({ session: { ...session, refreshToken: null }, clientId: 'w' })))
        .kind,
    ).toBe('auth');
  });
});

describe('parseExpiresAt', () => {
  it('reads times, epochs and lifetimes; refuses nonsense', () => {
    expect(parseExpiresAt('2026-11-21T10:00:00-07:00', NOW)).toBe(Date.UTC(2026, 10, 21, 17));
    expect(parseExpiresAt('2026-11-21T17:00:00.000Z', NOW)).toBe(Date.UTC(2026, 10, 21, 17));
    // Token times are UTC (the docs): a time that names no zone is UTC, not Arizona.
    expect(parseExpiresAt('2026-11-21 17:00:00', NOW)).toBe(Date.UTC(2026, 10, 21, 17));
    expect(parseExpiresAt('11/21/2026 5:00:00 PM', NOW)).toBe(Date.UTC(2026, 10, 21, 17));
    expect(parseExpiresAt(1_795_276_800, NOW)).toBe(1_795_276_800_000);
    expect(parseExpiresAt('1795276800000', NOW)).toBe(1_795_276_800_000);
    expect(parseExpiresAt(3600, NOW)).toBe(NOW + 3_600_000);
    expect(parseExpiresAt('never', NOW)).toBeNull();
    expect(parseExpiresAt(-5, NOW)).toBeNull();
    expect(parseExpiresAt(null, NOW)).toBeNull();
  });

  it('never lets a session look expired at once (a misread zone would refresh on every call)', async () => {
    stubFetch(() => json({ ...TOKENS, expires_at: '2020-01-01T00:00:00Z' }));
    const s = await exchangeCode({ clientId: 'w', code: 'c', verifier: RFC_VERIFIER }, {}, () => NOW);
    expect(s.expiresAt).toBe(NOW + 120_000);
    stubFetch(() => json({ ...TOKENS, expires_at: 'whenever' }));
    const t = await exchangeCode({ clientId: 'w', code: 'c', verifier: RFC_VERIFIER }, {}, () => NOW);
    expect(t.expiresAt).toBe(NOW + 3_600_000);
  });
});

describe('revokeToken', () => {
  it('posts a form with exactly the documented token and token_type_hint', async () => {
    const seen = stubFetch(() => json({ revoked: true }));
    await revokeToken({ clientId: 'wa-1', token: 'rt-1', hint: 'refresh_token' });
    expect(seen[0]?.url).toBe('https://sync.thewiseagent.com/WiseAuth/revoke');
    expect(seen[0]?.contentType).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.text))).toEqual({
      token: 'rt-1',
      token_type_hint: 'refresh_token',
    });
  });

  it('reports a refusal', async () => {
    stubFetch(() => json({ error: 'unsupported_token_type' }, 400));
    expect(
      await caught(() => revokeToken({ clientId: 'w', token: 't', hint: 'access_token' })),
    ).toMatchObject({
      kind: 'permanent',
      code: 'unsupported_token_type',
    });
  });
});
