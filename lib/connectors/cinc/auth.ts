/**
 * CINC OAuth 2.0 for an integrator ("custom configuration": the Client ID and Client secret CINC
 * issues), as pure functions: build the sign-in URL, read the redirect, trade the code, refresh.
 * The background wires them to browser.identity and stores the session; nothing here touches the
 * browser.
 *
 * CINC documents the endpoints and the token answer `{access_token, refresh_token, expires_in}`
 * (crm-facts.md) but not its error bodies: they are read as RFC 6749 §5.2 (`{error,
 * error_description}`, usually HTTP 400/401), and an `{error}` under HTTP 200 is honoured too.
 * CINC documents no revoke endpoint, so there is none here (see index.ts).
 */
import { z } from 'zod';
import { ApiError, createHttp, type HttpOptions, readJson, send, statusError } from '../http';
import { redirectCode, tokenAnswer } from '../oauth';
import type { OAuthSession } from '../types';
import { CINC_API_BASE, CINC_AUTH_ORIGIN } from './hosts';

export const CINC_SCOPES = 'api:read api:create api:update api:event';

/**
 * Used when a token answer has no `expires_in`. CINC's token lifetime is undocumented: 30 minutes
 * errs short, and a token that dies sooner is refreshed on its first 401 anyway.
 */
export const CINC_DEFAULT_TOKEN_SECONDS = 30 * 60;

export const CINC_RECONNECT = 'CINC needs to be connected again.';

export function buildAuthorizeUrl(params: { clientId: string; redirectUri: string; state: string }): string {
  const url = new URL('/integrator/authorize', CINC_AUTH_ORIGIN);
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', CINC_SCOPES);
  url.searchParams.set('state', params.state);
  return url.toString();
}

function signInError(code: string, userMessage: string, detail?: string): ApiError {
  return new ApiError({ system: 'cinc', kind: 'permanent', code, userMessage, detail: detail ?? code });
}

/** Reads the URL CINC redirected to: the code, once the state proves the answer is ours. */
export function parseRedirect(redirectedTo: string, expectedState: string): { code: string } {
  const { code } = redirectCode('cinc', 'CINC', redirectedTo, expectedState, {
    invalid_client: AUTHORIZE_ERRORS.invalid_client,
    unauthorized_client: AUTHORIZE_ERRORS.invalid_client,
  });
  return { code };
}

const AUTHORIZE_ERRORS = {
  invalid_client:
    'CINC does not know this Client ID. Check it against the integrator credentials CINC issued.',
} as const;

/** RFC 6749 error codes from the token endpoint, in words an admin can act on. */
const TOKEN_ERRORS: Record<string, string> = {
  invalid_client:
    'CINC does not accept this Client ID and Client secret. Check both against the integrator credentials CINC issued.',
  unauthorized_client:
    'CINC does not allow this client to sign in this way; ask CINC to check the integrator credentials.',
  invalid_grant: 'The sign-in code expired or was already used; try Connect again.',
  invalid_scope: `CINC did not grant the permissions Mojo Bridge needs (${CINC_SCOPES}); ask CINC to allow them for this client.`,
  access_denied: 'CINC refused the sign-in; try Connect again.',
};

const REDIRECT_MISMATCH =
  "CINC does not accept this extension's redirect URL. Give CINC the Redirect URL shown in Mojo Bridge.";

const TokenError = z.looseObject({ error: z.string().min(1), error_description: z.string().nullish() });

const Seconds = z.union([
  z.number().positive(),
  // Some OAuth servers send numbers as strings; the value still means seconds.
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().positive()),
]);

const TokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expires_in: Seconds.nullish(),
});
type TokenAnswer = z.infer<typeof TokenAnswer>;

/** The token answer as the client reads it (for the golden fixture test); throws when it does not fit. */
export function tokenAnswerOf(value: unknown): TokenAnswer {
  return TokenAnswer.parse(value);
}

/**
 * One POST to the token endpoint. An `{error}` body decides before the status does (some servers
 * answer errors with 200); `onError` turns the code into the caller's ApiError.
 */
async function tokenCall(
  form: Record<string, string>,
  onError: (code: string, description: string | null, status: number) => ApiError,
  options: HttpOptions,
): Promise<TokenAnswer> {
  const response = await send(
    createHttp(options),
    'cinc',
    `${CINC_AUTH_ORIGIN}/integrator/token`,
    { method: 'post', body: new URLSearchParams(form), headers: { accept: 'application/json' } },
    "CINC's sign-in server could not be reached. Check your connection and try again.",
  );
  const body = await readJson('cinc', response);
  const value = body.ok ? body.value : undefined;
  const error = TokenError.safeParse(value);
  if (error.success && response.status < 500) {
    throw onError(error.data.error, error.data.error_description ?? null, response.status);
  }
  // A refusal without an OAuth body (a gateway's bare 401, say) is still the server's verdict.
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    throw onError(`http_${response.status}`, body.ok ? null : body.snippet, response.status);
  }
  if (!response.ok) {
    throw statusError({
      system: 'cinc',
      status: response.status,
      headers: response.headers,
      code: error.success ? error.data.error : null,
      message: error.success ? (error.data.error_description ?? null) : null,
      userMessage:
        response.status === 429 || response.status === 408 || response.status >= 500
          ? "CINC's sign-in server is busy right now; Mojo Bridge will try again shortly."
          : `CINC's sign-in server refused the request (HTTP ${response.status}).`,
    });
  }
  return tokenAnswer('cinc', 'CINC', response.status, body, TokenAnswer);
}

function expiresAt(answer: TokenAnswer, now: () => number): number {
  return now() + (answer.expires_in ?? CINC_DEFAULT_TOKEN_SECONDS) * 1000;
}

export async function exchangeCode(
  params: { clientId: string; clientSecret: string; redirectUri: string; code: string },
  options: HttpOptions = {},
  now: () => number = Date.now,
): Promise<OAuthSession> {
  const answer = await tokenCall(
    {
      grant_type: 'authorization_code',
      client_id: params.clientId,
      client_secret: params.clientSecret,
      redirect_uri: params.redirectUri,
      code: params.code,
    },
    (code, description) => {
      // RFC 6749 reports a redirect_uri mismatch as invalid_grant; only the description tells.
      if (/redirect/i.test(description ?? '') || code === 'invalid_redirect_uri') {
        return signInError('invalid_redirect_uri', REDIRECT_MISMATCH, description ?? code);
      }
      return signInError(
        code,
        TOKEN_ERRORS[code] ?? `CINC refused the sign-in (${code}); try Connect again.`,
        description ?? code,
      );
    },
    options,
  );
  if (answer.refresh_token === undefined || answer.refresh_token === null) {
    // Without it the connection dies with the first access token; CINC documents one in every answer.
    throw signInError('no_refresh_token', 'CINC did not grant lasting access; try Connect again.');
  }
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: expiresAt(answer, now),
    apiBase: CINC_API_BASE,
  };
}

/**
 * A new access token. When CINC rotates the refresh token the new one is kept (the old one may
 * already be dead); when it sends none, the session keeps the one it has.
 */
export async function refreshSession(
  params: { session: OAuthSession; clientId: string; clientSecret: string },
  options: HttpOptions = {},
  now: () => number = Date.now,
): Promise<OAuthSession> {
  const { session } = params;
  if (session.refreshToken === null) {
    throw new ApiError({
      system: 'cinc',
      kind: 'auth',
      code: 'refresh_revoked',
      userMessage: CINC_RECONNECT,
    });
  }
  const answer = await tokenCall(
    {
      grant_type: 'refresh_token',
      client_id: params.clientId,
      client_secret: params.clientSecret,
      refresh_token: session.refreshToken,
    },
    (code, description, status) => {
      // Every refusal of a refresh is final for this session: a revoked or expired refresh token
      // (invalid_grant) needs a new sign-in, and a changed client needs the admin to fix the
      // settings and sign in again. Retrying the same request cannot help.
      const reason = code === 'invalid_grant' ? null : TOKEN_ERRORS[code];
      return new ApiError({
        system: 'cinc',
        kind: 'auth',
        status,
        code: code === 'invalid_grant' ? 'refresh_revoked' : code,
        userMessage: reason ? `${reason} ${CINC_RECONNECT}` : CINC_RECONNECT,
        detail: description ?? code,
      });
    },
    options,
  );
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? session.refreshToken,
    expiresAt: expiresAt(answer, now),
    apiBase: CINC_API_BASE,
  };
}
