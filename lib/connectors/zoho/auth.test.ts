import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../http';
import { json } from '../test-helpers';
import type { OAuthSession } from '../types';
import { buildAuthorizeUrl, exchangeCode, parseRedirect, refreshSession, revokeToken } from './auth';

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

function caught(run: () => unknown): Promise<ApiError> {
  return Promise.resolve()
    .then(run)
    .then(
      () => {
        throw new Error('expected an ApiError');
      },
      (error: unknown) => {
        if (error instanceof ApiError) return error;
        throw error;
      },
    );
}

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';
const EXCHANGE = {
  accountsServer: 'https://accounts.zoho.eu',
  clientId: '1000.ABC',
  clientSecret: 'shh',
  redirectUri: REDIRECT,
  code: '1000.code',
};
const TOKENS = {
  access_token: '1000.at',
  refresh_token: '1000.rt',
  api_domain: 'https://www.zohoapis.eu',
  token_type: 'Bearer',
  expires_in: 3600,
};

afterEach(() => vi.unstubAllGlobals());

describe('buildAuthorizeUrl', () => {
  it('asks for offline access with consent, the scopes and the state', () => {
    const url = new URL(
      buildAuthorizeUrl({ dc: 'EU', clientId: '1000.ABC', redirectUri: REDIRECT, state: 's-1' }),
    );
    expect(url.origin + url.pathname).toBe('https://accounts.zoho.eu/oauth/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '1000.ABC',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope:
        'ZohoCRM.modules.ALL,ZohoCRM.modules.notes.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.settings.fields.READ',
      access_type: 'offline',
      prompt: 'consent',
      state: 's-1',
    });
  });
});

describe('parseRedirect', () => {
  const answer = (params: Record<string, string>) => `${REDIRECT}?${new URLSearchParams(params)}`;

  it('reads the code, accounts server and location', () => {
    expect(
      parseRedirect(
        answer({ code: 'c', state: 's-1', location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' }),
        's-1',
      ),
    ).toEqual({ code: 'c', accountsServer: 'https://accounts.zoho.eu', location: 'eu' });
  });

  it('rejects a state that does not match', async () => {
    const error = await caught(() =>
      parseRedirect(
        answer({ code: 'c', state: 'other', 'accounts-server': 'https://accounts.zoho.com' }),
        's-1',
      ),
    );
    expect(error.code).toBe('state_mismatch');
    expect(error.userMessage).toBe('The sign-in answer did not match this request; try Connect again.');
  });

  it('rejects an accounts server that is not Zoho', async () => {
    for (const server of ['https://evil.example', 'https://accounts.zoho.com.evil.example']) {
      const error = await caught(() =>
        parseRedirect(answer({ code: 'c', state: 's-1', 'accounts-server': server }), 's-1'),
      );
      expect(error.code).toBe('unknown_accounts_server');
    }
  });

  it('says a cancelled sign-in was cancelled', async () => {
    const error = await caught(() => parseRedirect(answer({ error: 'access_denied', state: 's-1' }), 's-1'));
    expect(error.userMessage).toBe('Zoho sign-in was cancelled.');
  });

  it('rejects an answer without a code', async () => {
    const error = await caught(() =>
      parseRedirect(answer({ state: 's-1', 'accounts-server': 'https://accounts.zoho.com' }), 's-1'),
    );
    expect(error.code).toBe('missing_code');
  });

  it('falls back to the chosen data center when no accounts server is named', async () => {
    expect(parseRedirect(answer({ code: 'c', state: 's-1' }), 's-1', 'IN').accountsServer).toBe(
      'https://accounts.zoho.in',
    );
    expect((await caught(() => parseRedirect(answer({ code: 'c', state: 's-1' }), 's-1'))).code).toBe(
      'missing_accounts_server',
    );
  });
});

describe('exchangeCode', () => {
  it('posts a form to the accounts server and returns a session', async () => {
    const seen = stubFetch(() => json(TOKENS));
    const session = await exchangeCode(EXCHANGE, {}, () => 1_000);
    expect(seen[0]).toEqual({
      method: 'POST',
      url: 'https://accounts.zoho.eu/oauth/v2/token',
      form: {
        grant_type: 'authorization_code',
        client_id: '1000.ABC',
        client_secret: 'shh',
        redirect_uri: REDIRECT,
        code: '1000.code',
      },
    });
    expect(session).toEqual({
      accessToken: '1000.at',
      refreshToken: '1000.rt',
      expiresAt: 1_000 + 3_600_000,
      apiBase: 'https://www.zohoapis.eu',
      accountsServer: 'https://accounts.zoho.eu',
    });
  });

  it('maps the errors Zoho returns with HTTP 200', async () => {
    const cases: Array<[string, string]> = [
      ['invalid_client', 'Zoho does not know this Client ID in the chosen data center.'],
      ['invalid_client_secret', 'The Client secret does not match this Client ID.'],
      ['invalid_code', 'The sign-in code expired; try Connect again.'],
    ];
    for (const [code, message] of cases) {
      stubFetch(() => json({ error: code }));
      const error = await caught(() => exchangeCode(EXCHANGE));
      expect(error.code).toBe(code);
      expect(error.userMessage).toBe(message);
      expect(error.kind).toBe('permanent');
    }
  });

  it('treats the token rate limit as retry', async () => {
    stubFetch(() =>
      json(
        {
          error: 'Access Denied',
          error_description:
            'You have made too many requests continuously. Please try again after some time.',
        },
        400,
      ),
    );
    expect((await caught(() => exchangeCode(EXCHANGE))).kind).toBe('retry');
  });

  it('never sends the secret to an unknown accounts server', async () => {
    const seen = stubFetch(() => json(TOKENS));
    const error = await caught(() => exchangeCode({ ...EXCHANGE, accountsServer: 'https://evil.example' }));
    expect(error.code).toBe('unknown_accounts_server');
    expect(seen).toHaveLength(0);
  });

  it('refuses an api_domain that is not Zoho', async () => {
    stubFetch(() => json({ ...TOKENS, api_domain: 'https://evil.example' }));
    expect((await caught(() => exchangeCode(EXCHANGE))).code).toBe('unknown_api_domain');
  });

  it('calls a non-JSON answer malformed', async () => {
    stubFetch(() => new Response('{"access_token":"1000.at",'));
    expect((await caught(() => exchangeCode(EXCHANGE))).kind).toBe('malformed');
  });
});

describe('refreshSession', () => {
  const session: OAuthSession = {
    accessToken: 'old',
    refreshToken: '1000.rt',
    expiresAt: 0,
    apiBase: 'https://www.zohoapis.eu',
    accountsServer: 'https://accounts.zoho.eu',
  };
  const params = { session, clientId: '1000.ABC', clientSecret: 'shh' };

  it('keeps the refresh token, since Zoho sends none', async () => {
    const seen = stubFetch(() =>
      json({
        access_token: 'new',
        api_domain: 'https://www.zohoapis.eu',
        token_type: 'Bearer',
        expires_in: 3600,
      }),
    );
    expect(await refreshSession(params, {}, () => 5)).toEqual({
      ...session,
      accessToken: 'new',
      expiresAt: 5 + 3_600_000,
    });
    expect(seen[0]?.form).toEqual({
      grant_type: 'refresh_token',
      client_id: '1000.ABC',
      client_secret: 'shh',
      refresh_token: '1000.rt',
    });
  });

  it('finds the accounts server from the API domain when the session lacks it', async () => {
    const seen = stubFetch(() => json({ access_token: 'new', expires_in: 3600 }));
    const { accountsServer: _, ...bare } = session;
    await refreshSession({ ...params, session: bare });
    expect(seen[0]?.url).toBe('https://accounts.zoho.eu/oauth/v2/token');
  });

  it('asks to connect again when the refresh token was revoked', async () => {
    stubFetch(() => json({ error: 'invalid_code' }));
    const error = await caught(() => refreshSession(params));
    expect(error).toMatchObject({
      kind: 'auth',
      code: 'refresh_revoked',
      userMessage: 'Zoho CRM needs to be connected again.',
    });
  });
});

describe('revokeToken', () => {
  it('posts the token to the revoke endpoint', async () => {
    const seen = stubFetch(() => json({ status: 'success' }));
    await revokeToken('https://accounts.zoho.com', '1000.rt');
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('https://accounts.zoho.com/oauth/v2/token/revoke?token=1000.rt');
  });
});
