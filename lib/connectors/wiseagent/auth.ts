/**
 * Wise Agent OAuth (https://wiseagent.com/docs/api.asp): the authorization-code flow with PKCE
 * (S256), as Wise Agent's own WordPress plugin signs in (common-repository/wiseagentleadform:
 * WA_API.php), plus the Client Secret the docs say every OAuth client has, sent when the admin
 * entered one. Pure functions over ky; the background wires them to browser.identity and keeps the
 * session.
 *
 * Wire choices, mirrored by the sandbox (e2e/sandbox/wiseagent-auth.ts):
 * - the token endpoint gets a form (application/x-www-form-urlencoded), as the plugin posts it
 *   (`wp_remote_post` with a `body` array); the docs write the fields as JSON, and the server takes
 *   both, but only the form is proven by a working client;
 * - the redirect's `state` may be missing: the docs list only `code`, `expires_at` and `scope`;
 *   the code is bound to our PKCE verifier, so a forged one cannot be redeemed. A wrong state fails;
 * - the revoke endpoint takes a form (`token`, `token_type_hint`), as the docs and plugin send it;
 * - `expires_at` is UTC (the docs' example `2020-01-01T00:00:00.000Z`): a time that names no zone
 *   is read as UTC, never as Arizona time.
 */
import { z } from 'zod';
import { ApiError, createHttp, type HttpOptions, type JsonBody, readJson, send, statusError } from '../http';
import { redirectCode, tokenAnswer } from '../oauth';
import type { OAuthSession } from '../types';
import { WISEAGENT_API_URL, WISEAGENT_SCOPES, WISEAGENT_SYNC_ORIGIN } from './hosts';
import { parseWiseAgentTime } from './time';

const SYSTEM = 'wiseagent';
export const RECONNECT = 'Wise Agent needs to be connected again.';
const AUTH_URL = `${WISEAGENT_SYNC_ORIGIN}/WiseAuth/auth`;
const TOKEN_URL = `${WISEAGENT_SYNC_ORIGIN}/WiseAuth/token`;
const REVOKE_URL = `${WISEAGENT_SYNC_ORIGIN}/WiseAuth/revoke`;
const UNREACHABLE = "Wise Agent's sign-in server could not be reached. Check your connection and try again.";

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isPkceVerifier(value: string): boolean {
  return VERIFIER.test(value);
}

/** BASE64URL(SHA-256(ASCII(verifier))) without padding (RFC 7636 §4.2). Works in a service worker and in Node. */
export async function pkceChallenge(verifier: string): Promise<string> {
  if (!isPkceVerifier(verifier))
    throw new RangeError('Not a PKCE code verifier (43–128 unreserved characters).');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function buildAuthorizeUrl(params: {
  clientId: string;
  redirectUri: string;
  state: string;
  verifier: string;
}): Promise<string> {
  const url = new URL(AUTH_URL);
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', WISEAGENT_SCOPES);
  url.searchParams.set('state', params.state);
  url.searchParams.set('code_challenge', await pkceChallenge(params.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

function signInError(code: string, userMessage: string, detail?: string): ApiError {
  return new ApiError({ system: SYSTEM, kind: 'permanent', code, userMessage, detail: detail ?? code });
}

/** Reads the URL Wise Agent redirected to: the code, once the state proves it answers our request. */
export function parseRedirect(redirectedTo: string, expectedState: string): { code: string } {
  const { code } = redirectCode(
    SYSTEM,
    'Wise Agent',
    redirectedTo,
    expectedState,
    {},
    { stateMayBeMissing: true },
  );
  return { code };
}

/** Token error codes at sign-in, in words an admin can act on. */
const SIGN_IN_ERRORS: Record<string, string> = {
  invalid_client:
    'Wise Agent does not know this Client ID, or the Client secret does not match it. Check both in your Wise Agent OAuth client.',
  unauthorized_client:
    'This Wise Agent OAuth client may not sign in this way. Check its settings with Wise Agent.',
  invalid_grant:
    'Wise Agent did not accept the sign-in code (it expired, was used already, or did not match this sign-in); try Connect again.',
  invalid_scope:
    'Wise Agent refused the permissions Mojo Bridge asks for. Check the scopes of your OAuth client.',
  access_denied: 'Wise Agent refused the sign-in; try Connect again.',
};

const TokenError = z.looseObject({ error: z.string().min(1), error_description: z.string().nullish() });

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expires_at: z.union([z.string(), z.number()]).nullish(),
  // Not documented; honoured if it ever comes, since it cannot be misread.
  expires_in: z.number().positive().nullish(),
});
type TokenAnswer = z.infer<typeof TokenAnswer>;

/** Without a readable expiry a token is assumed to live an hour; a 401 still triggers one refresh. */
const DEFAULT_LIFETIME_MS = 3_600_000;
/**
 * A token that claims to expire within two minutes is treated as living two: the session refreshes
 * one minute before expiry, and a clock skew or misread zone must not turn that into a refresh on
 * every call (which would also burn through rotating refresh tokens).
 */
const MIN_LIFETIME_MS = 2 * 60_000;

/**
 * `expires_at` as epoch ms. Accepted: epoch seconds or ms; a small number as seconds from now; an
 * ISO 8601 or US-style date/time, read as UTC when it names no zone (the docs: token times are UTC).
 */
export function parseExpiresAt(value: string | number | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return epochOf(value, now);
  const text = value.trim();
  return /^\d+(\.\d+)?$/.test(text) ? epochOf(Number(text), now) : parseWiseAgentTime(text, 'utc');
}

function epochOf(number: number, now: number): number | null {
  if (!Number.isFinite(number) || number <= 0) return null;
  if (number < 1e9) return now + number * 1000; // a lifetime in seconds, not a point in time
  if (number < 1e11) return number * 1000; // epoch seconds
  return number; // epoch ms
}

function sessionExpiry(answer: TokenAnswer, now: number): number {
  const at =
    parseExpiresAt(answer.expires_at, now) ??
    (answer.expires_in ? now + answer.expires_in * 1000 : null) ??
    now + DEFAULT_LIFETIME_MS;
  return Math.max(at, now + MIN_LIFETIME_MS);
}

/** Reads a body; a connection that breaks meanwhile is 'network', said in Wise Agent's name. */
export async function readBody(response: Response): Promise<JsonBody> {
  try {
    return await readJson(SYSTEM, response);
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'network') {
      throw new ApiError({
        system: SYSTEM,
        kind: 'network',
        status: response.status,
        userMessage: 'The connection to Wise Agent broke while it answered; Mojo Bridge will try again.',
        detail: error.detail ?? error.message,
        cause: error,
      });
    }
    throw error;
  }
}

function errorOf(body: JsonBody): z.infer<typeof TokenError> | null {
  if (!body.ok) return null;
  const parsed = TokenError.safeParse(body.value);
  return parsed.success ? parsed.data : null;
}

/**
 * One POST to the token endpoint, as a form. `onError` turns Wise Agent's `{error}` into the
 * caller's ApiError; a busy server is 'retry' whatever the body says.
 */
async function tokenCall(
  form: Record<string, string>,
  onError: (code: string, description: string | null, status: number) => ApiError,
  options: HttpOptions,
): Promise<TokenAnswer> {
  const response = await send(
    createHttp(options),
    SYSTEM,
    TOKEN_URL,
    { method: 'post', body: new URLSearchParams(form), headers: { accept: 'application/json' } },
    UNREACHABLE,
  );
  const body = await readBody(response);
  const status = response.status;
  if (status === 429 || status === 408 || status >= 500) {
    throw statusError({
      system: SYSTEM,
      status,
      headers: response.headers,
      code: errorOf(body)?.error ?? null,
      userMessage: `Wise Agent's sign-in server is busy (HTTP ${status}); Mojo Bridge will try again shortly.`,
    });
  }
  const error = errorOf(body);
  if (error !== null) throw onError(error.error, error.error_description ?? null, status);
  if (!response.ok) {
    throw statusError({
      system: SYSTEM,
      status,
      headers: response.headers,
      userMessage:
        status === 401 ? RECONNECT : `Wise Agent's sign-in server refused the request (HTTP ${status}).`,
    });
  }
  return tokenAnswer(SYSTEM, 'Wise Agent', status, body, TokenAnswer);
}

/** The secret rides along only when the admin entered one: the plugin signs in without it. */
function secretOf(clientSecret: string | undefined): Record<string, string> {
  const secret = clientSecret?.trim() ?? '';
  return secret === '' ? {} : { client_secret: secret };
}

/** Trades the code (and the PKCE verifier that proves we asked for it) for a session. */
export async function exchangeCode(
  params: { clientId: string; clientSecret?: string; code: string; verifier: string },
  options: HttpOptions = {},
  now: () => number = Date.now,
): Promise<OAuthSession> {
  const answer = await tokenCall(
    {
      grant_type: 'authorization_code',
      code: params.code,
      code_verifier: params.verifier,
      client_id: params.clientId,
      ...secretOf(params.clientSecret),
    },
    (code, description) =>
      signInError(
        code,
        SIGN_IN_ERRORS[code] ?? `Wise Agent refused the sign-in (${code}); try Connect again.`,
        description ?? code,
      ),
    options,
  );
  if (answer.refresh_token === null || answer.refresh_token === undefined) {
    // Without one the connection dies with the access token and every send would ask to reconnect.
    throw signInError('no_refresh_token', 'Wise Agent did not grant lasting access; try Connect again.');
  }
  const t = now();
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: sessionExpiry(answer, t),
    apiBase: WISEAGENT_API_URL,
  };
}

/**
 * A new access token. Wise Agent may rotate the refresh token: the answer's one replaces ours (the
 * old one is dead then), and only when the answer has none is the current one kept.
 */
export async function refreshSession(
  params: { session: OAuthSession; clientId: string; clientSecret?: string },
  options: HttpOptions = {},
  now: () => number = Date.now,
): Promise<OAuthSession> {
  const { session } = params;
  if (session.refreshToken === null) {
    throw new ApiError({ system: SYSTEM, kind: 'auth', code: 'refresh_revoked', userMessage: RECONNECT });
  }
  const answer = await tokenCall(
    {
      grant_type: 'refresh_token',
      refresh_token: session.refreshToken,
      client_id: params.clientId,
      ...secretOf(params.clientSecret),
    },
    (code, description, status) =>
      // invalid_grant: the refresh token expired, was rotated away or revoked. Any other error (the
      // client was deleted, the scopes changed) is no better after a retry: the admin must reconnect.
      new ApiError({
        system: SYSTEM,
        kind: 'auth',
        status,
        code: code === 'invalid_grant' ? 'refresh_revoked' : code,
        userMessage:
          code === 'invalid_grant'
            ? RECONNECT
            : `${SIGN_IN_ERRORS[code] ?? `Wise Agent refused to renew the session (${code}).`} ${RECONNECT}`,
        detail: description ?? code,
      }),
    options,
  );
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? session.refreshToken,
    expiresAt: sessionExpiry(answer, now()),
    apiBase: WISEAGENT_API_URL,
  };
}

/** Gives a token back at Reset credentials; revoking the refresh token ends its access tokens too. */
export async function revokeToken(
  params: { clientId: string; token: string; hint: 'refresh_token' | 'access_token' },
  options: HttpOptions = {},
): Promise<void> {
  const response = await send(
    createHttp(options),
    SYSTEM,
    REVOKE_URL,
    {
      method: 'post',
      // Exactly the documented fields (the docs, and the plugin's revoke_token).
      body: new URLSearchParams({ token: params.token, token_type_hint: params.hint }),
    },
    UNREACHABLE,
  );
  const body = await readBody(response);
  if (response.ok) return;
  const error = errorOf(body);
  throw statusError({
    system: SYSTEM,
    status: response.status,
    headers: response.headers,
    code: error?.error ?? null,
    message: error?.error_description ?? null,
    userMessage: `Wise Agent did not revoke the token (${error?.error ?? `HTTP ${response.status}`}).`,
  });
}
