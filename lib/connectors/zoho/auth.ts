/**
 * Zoho OAuth for a server-based ("custom configuration") client, as pure functions: build the
 * sign-in URL, read the redirect, trade the code, refresh, revoke. The background wires them to
 * browser.identity and stores the session; nothing here touches the browser.
 *
 * Hosts that arrive at run time (the redirect's `accounts-server`, the token answer's `api_domain`)
 * are checked against datacenters.ts before anything is sent to them: the client secret and the
 * tokens must never reach a host a crafted redirect names.
 */
import { z } from 'zod';
import type { DataCenter } from '../../platform/protocol';
import { ApiError, createHttp, type HttpOptions, readJson, send, statusError } from '../http';
import { redirectCode, tokenAnswer } from '../oauth';
import type { OAuthSession } from '../types';
import { knownAccountsServer, knownApiDomain, ZOHO_DATA_CENTERS, ZOHO_SCOPES } from './datacenters';

export function buildAuthorizeUrl(params: {
  dc: DataCenter;
  clientId: string;
  redirectUri: string;
  state: string;
}): string {
  const url = new URL('/oauth/v2/auth', ZOHO_DATA_CENTERS[params.dc].accounts);
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', ZOHO_SCOPES);
  // offline + consent: Zoho hands out a refresh token only then, and only on a fresh consent.
  url.searchParams.set('access_type', 'offline');
  url.searchParams.set('prompt', 'consent');
  url.searchParams.set('state', params.state);
  return url.toString();
}

function signInError(code: string, userMessage: string, detail?: string): ApiError {
  return new ApiError({ system: 'zoho', kind: 'permanent', code, userMessage, detail: detail ?? code });
}

/**
 * Reads the URL Zoho redirected to. `fallbackDc` supplies the accounts server when the redirect
 * names none (a client without multi-DC support); a named one must be a known Zoho accounts host.
 */
export function parseRedirect(
  redirectedTo: string,
  expectedState: string,
  fallbackDc?: DataCenter,
): { code: string; accountsServer: string; location: string | null } {
  const { code, params } = redirectCode('zoho', 'Zoho', redirectedTo, expectedState);
  const named = params.get('accounts-server');
  let accountsServer: string;
  if (named === null || named === '') {
    if (fallbackDc === undefined) {
      throw signInError(
        'missing_accounts_server',
        'Zoho did not say which data center signed you in; try Connect again.',
      );
    }
    accountsServer = ZOHO_DATA_CENTERS[fallbackDc].accounts;
  } else {
    const known = knownAccountsServer(named);
    if (known === null) {
      throw signInError(
        'unknown_accounts_server',
        "The sign-in answer named a server that is not one of Zoho's; Mojo Bridge did not contact it. Try Connect again.",
        named,
      );
    }
    accountsServer = known.origin;
  }
  return { code, accountsServer, location: params.get('location') };
}

/** Zoho's own token error codes, in words an admin can act on. */
const TOKEN_ERRORS: Record<string, string> = {
  invalid_client: 'Zoho does not know this Client ID in the chosen data center.',
  invalid_client_secret: 'The Client secret does not match this Client ID.',
  invalid_code: 'The sign-in code expired; try Connect again.',
  invalid_redirect_uri:
    "Zoho does not accept this extension's redirect URL. Copy the redirect URL shown in Mojo Bridge into the client's Authorized Redirect URIs in the Zoho API console.",
  access_denied: 'Zoho refused the sign-in; try Connect again.',
};

const TOO_MANY = /too many requests/i;
const TOO_MANY_MESSAGE =
  'Zoho allows at most 10 sign-in requests every 10 minutes; wait a few minutes, then try again.';

const TokenError = z.looseObject({ error: z.string(), error_description: z.string().optional() });

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  api_domain: z.string().min(1).optional(),
  expires_in: z.number().positive(),
});
type TokenAnswer = z.infer<typeof TokenAnswer>;

function trustedAccountsServer(accountsServer: string): string {
  const known = knownAccountsServer(accountsServer);
  if (known === null) {
    throw signInError(
      'unknown_accounts_server',
      "The sign-in server is not one of Zoho's; Mojo Bridge did not contact it. Connect Zoho CRM again.",
      accountsServer,
    );
  }
  return known.origin;
}

function trustedApiDomain(apiDomain: string): string {
  const known = knownApiDomain(apiDomain);
  if (known === null) {
    throw new ApiError({
      system: 'zoho',
      kind: 'malformed',
      code: 'unknown_api_domain',
      userMessage: "Zoho named an API server that is not one of Zoho's; Mojo Bridge did not use it.",
      detail: apiDomain,
    });
  }
  return known.origin;
}

/**
 * One POST to the token endpoint. Zoho reports most token errors as HTTP 200 with `{error}`, so the
 * body decides, not the status; `onError` turns a Zoho error code into the caller's ApiError.
 */
async function tokenCall(
  accountsServer: string,
  form: Record<string, string>,
  onError: (code: string, description: string | null, status: number) => ApiError,
  options: HttpOptions,
): Promise<TokenAnswer> {
  const origin = trustedAccountsServer(accountsServer);
  const response = await send(
    createHttp(options),
    'zoho',
    `${origin}/oauth/v2/token`,
    { method: 'post', body: new URLSearchParams(form) },
    "Zoho's sign-in server could not be reached. Check your connection and try again.",
  );
  const body = await readJson('zoho', response);
  const value = body.ok ? body.value : undefined;
  const error = TokenError.safeParse(value);
  if (error.success) {
    const description = error.data.error_description ?? null;
    if (description !== null && TOO_MANY.test(description)) {
      throw new ApiError({
        system: 'zoho',
        kind: 'retry',
        status: response.status,
        code: 'too_many_token_requests',
        userMessage: TOO_MANY_MESSAGE,
        detail: description,
      });
    }
    throw onError(error.data.error, description, response.status);
  }
  if (!response.ok) throw statusError({ system: 'zoho', status: response.status, headers: response.headers });
  return tokenAnswer('zoho', 'Zoho', response.status, body, TokenAnswer);
}

export async function exchangeCode(
  params: {
    accountsServer: string;
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    code: string;
  },
  options: HttpOptions = {},
  now: () => number = Date.now,
): Promise<OAuthSession> {
  const accountsServer = trustedAccountsServer(params.accountsServer);
  const answer = await tokenCall(
    accountsServer,
    {
      grant_type: 'authorization_code',
      client_id: params.clientId,
      client_secret: params.clientSecret,
      redirect_uri: params.redirectUri,
      code: params.code,
    },
    (code, description) =>
      signInError(
        code,
        TOKEN_ERRORS[code] ?? `Zoho refused the sign-in (${code}); try Connect again.`,
        description ?? code,
      ),
    options,
  );
  if (answer.refresh_token === undefined) {
    // Without it the connection dies within the hour; prompt=consent should always yield one.
    throw signInError('no_refresh_token', 'Zoho did not grant offline access; try Connect again.');
  }
  if (answer.api_domain === undefined) {
    throw new ApiError({
      system: 'zoho',
      kind: 'malformed',
      code: 'missing_api_domain',
      userMessage: 'Zoho did not say which API server to use; try Connect again.',
    });
  }
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: now() + answer.expires_in * 1000,
    apiBase: trustedApiDomain(answer.api_domain),
    accountsServer,
  };
}

/** The accounts server of a session, from the session or else from its API domain's data center. */
function sessionAccountsServer(session: OAuthSession): string {
  if (session.accountsServer !== undefined) return session.accountsServer;
  const api = knownApiDomain(session.apiBase);
  if (api === null) return trustedAccountsServer(session.apiBase);
  return ZOHO_DATA_CENTERS[api.dc].accounts;
}

const RECONNECT = 'Zoho CRM needs to be connected again.';

/** A new access token. Zoho sends no new refresh token, so the session keeps the one it has. */
export async function refreshSession(
  params: { session: OAuthSession; clientId: string; clientSecret: string },
  options: HttpOptions = {},
  now: () => number = Date.now,
): Promise<OAuthSession> {
  const { session } = params;
  if (session.refreshToken === null) {
    throw new ApiError({ system: 'zoho', kind: 'auth', code: 'refresh_revoked', userMessage: RECONNECT });
  }
  const accountsServer = sessionAccountsServer(session);
  const answer = await tokenCall(
    accountsServer,
    {
      grant_type: 'refresh_token',
      client_id: params.clientId,
      client_secret: params.clientSecret,
      refresh_token: session.refreshToken,
    },
    (code, description, status) => {
      // invalid_code on refresh = the refresh token was revoked (or the user removed the app).
      if (code === 'invalid_code' || code === 'invalid_grant' || code === 'invalid_token') {
        return new ApiError({
          system: 'zoho',
          kind: 'auth',
          status,
          code: 'refresh_revoked',
          userMessage: RECONNECT,
          detail: description ?? code,
        });
      }
      // The client itself was changed or deleted: no retry helps; the admin must fix the settings.
      return new ApiError({
        system: 'zoho',
        kind: 'auth',
        status,
        code,
        userMessage: `${TOKEN_ERRORS[code] ?? `Zoho refused to renew the session (${code}).`} ${RECONNECT}`,
        detail: description ?? code,
      });
    },
    options,
  );
  return {
    accessToken: answer.access_token,
    refreshToken: session.refreshToken,
    expiresAt: now() + answer.expires_in * 1000,
    apiBase: answer.api_domain === undefined ? session.apiBase : trustedApiDomain(answer.api_domain),
    accountsServer,
  };
}

/** Revokes a (refresh) token at disconnect. Zoho answers 200 either way; an `{error}` is reported. */
export async function revokeToken(
  accountsServer: string,
  token: string,
  options: HttpOptions = {},
): Promise<void> {
  const origin = trustedAccountsServer(accountsServer);
  const url = new URL('/oauth/v2/token/revoke', origin);
  url.searchParams.set('token', token);
  const response = await send(createHttp(options), 'zoho', url.toString(), { method: 'post' });
  const body = await readJson('zoho', response);
  const error = TokenError.safeParse(body.ok ? body.value : undefined);
  if (error.success) {
    throw new ApiError({
      system: 'zoho',
      kind: 'permanent',
      status: response.status,
      code: error.data.error,
      userMessage: `Zoho did not revoke the token (${error.data.error}).`,
      detail: error.data.error_description ?? error.data.error,
    });
  }
  if (!response.ok) throw statusError({ system: 'zoho', status: response.status, headers: response.headers });
}
