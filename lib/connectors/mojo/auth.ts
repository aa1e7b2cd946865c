/**
 * Mojo's login server (mojo-contract.md, "Login and tokens"): PIN + login + password for tokens,
 * refresh, revoke. The answer also names the account server every other call goes to. The wire
 * format is [assumed] and lives only in this folder, so adapting to Mojo's real API stays here.
 */
import { z } from 'zod';
import {
  ApiError,
  createHttp,
  type HttpOptions,
  joinUrl,
  parseWith,
  readJson,
  send,
  statusError,
  successBody,
} from '../http';
import type { OAuthSession } from '../types';

export const DEFAULT_MOJO_LOGIN_BASE = 'https://lb11.mojosells.com';
export const MOJO_CLIENT_ID = 'mojo-bridge';

export const DIALING_REP_MESSAGE =
  "This Mojo login is a Dialing Rep. Dialing Reps can't connect integrations; ask the account owner or an admin to connect.";

const LOGIN_UNREACHABLE = "Mojo's login server could not be reached. Check your connection and try again.";

/** The levels the contract names; kept open (a string) so a new level does not break login. */
export const MOJO_PERMISSION_LEVELS = ['owner', 'admin', 'agent', 'dialing_rep'] as const;

/** Every call after login carries the token to this host, so it must at least be an http(s) URL. */
const BaseUrl = z.url({ protocol: /^https?$/ });

export const MojoLogin = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  account: z.object({ id: z.string().min(1), base_url: BaseUrl, name: z.string() }),
  user: z.object({
    id: z.string().min(1),
    email: z.string(),
    name: z.string(),
    permission_level: z.string().min(1),
  }),
});
export type MojoLogin = z.infer<typeof MojoLogin>;

/** A refresh answer; `refresh_token` is absent when Mojo does not rotate it. */
const RefreshAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive(),
});

export interface MojoTokens {
  access_token: string;
  /** The rotated refresh token, or the one sent when Mojo kept it: always store this one. */
  refresh_token: string;
  expires_in: number;
}

const ErrorBody = z.looseObject({ error: z.string().optional(), message: z.string().optional() });

async function errorCode(response: Response): Promise<{ code: string | null; message: string | null }> {
  const body = await readJson('mojo', response);
  if (!body.ok) return { code: null, message: null };
  const parsed = ErrorBody.safeParse(body.value);
  return parsed.success
    ? { code: parsed.data.error ?? null, message: parsed.data.message ?? null }
    : { code: null, message: null };
}

/** Dialing Reps must not be connected (the seeds); spelled loosely in case Mojo says "Dialing Rep". */
export function isDialingRep(permissionLevel: string): boolean {
  return (
    permissionLevel
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_') === 'dialing_rep'
  );
}

export async function mojoLogin(
  loginBase: string,
  creds: { pin: string; login: string; password: string },
  options: HttpOptions = {},
): Promise<MojoLogin> {
  const response = await send(
    createHttp(options),
    'mojo',
    joinUrl(loginBase, '/api/v1/auth/token'),
    {
      method: 'post',
      json: {
        grant_type: 'password',
        pin: creds.pin,
        login: creds.login,
        password: creds.password,
        client_id: MOJO_CLIENT_ID,
      },
    },
    LOGIN_UNREACHABLE,
  );
  if (response.ok) {
    return parseWith('mojo', MojoLogin, await successBody('mojo', response), response.status, 'login answer');
  }
  const { code, message } = await errorCode(response);
  if (response.status === 401) {
    throw new ApiError({
      system: 'mojo',
      kind: 'auth',
      status: 401,
      code: 'invalid_credentials',
      userMessage: 'The Mojo PIN, login or password is not right.',
      detail: message ?? code ?? 'HTTP 401',
    });
  }
  if (response.status === 423) {
    throw new ApiError({
      system: 'mojo',
      kind: 'permanent',
      status: 423,
      code: 'account_locked',
      userMessage: 'This Mojo account is locked. Unlock it in Mojo, then try again.',
      detail: message ?? code ?? 'HTTP 423',
    });
  }
  throw statusError({ system: 'mojo', status: response.status, headers: response.headers, code, message });
}

/** Trades a refresh token for new tokens. A refused refresh token means the user must log in again. */
export async function mojoRefresh(
  loginBase: string,
  refreshToken: string,
  options: HttpOptions = {},
): Promise<MojoTokens> {
  const response = await send(createHttp(options), 'mojo', joinUrl(loginBase, '/api/v1/auth/token'), {
    method: 'post',
    json: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: MOJO_CLIENT_ID },
  });
  if (response.ok) {
    const answer = parseWith(
      'mojo',
      RefreshAnswer,
      await successBody('mojo', response),
      response.status,
      'refresh',
    );
    return {
      access_token: answer.access_token,
      refresh_token: answer.refresh_token ?? refreshToken,
      expires_in: answer.expires_in,
    };
  }
  const { code, message } = await errorCode(response);
  // 400 invalid_grant is the OAuth way to say the refresh token is dead; 401 is the contract's.
  if (response.status === 401 || (response.status === 400 && code === 'invalid_grant')) {
    throw new ApiError({
      system: 'mojo',
      kind: 'auth',
      status: response.status,
      code: 'refresh_revoked',
      userMessage: 'Mojo needs to be connected again.',
      detail: message ?? code ?? `HTTP ${response.status}`,
    });
  }
  throw statusError({ system: 'mojo', status: response.status, headers: response.headers, code, message });
}

/** Best effort at disconnect: a token Mojo already considers dead counts as revoked. */
export async function mojoRevoke(loginBase: string, token: string, options: HttpOptions = {}): Promise<void> {
  const response = await send(createHttp(options), 'mojo', joinUrl(loginBase, '/api/v1/auth/revoke'), {
    method: 'post',
    json: { token },
  });
  if (response.ok || response.status === 400 || response.status === 401) return;
  const { code, message } = await errorCode(response);
  throw statusError({ system: 'mojo', status: response.status, headers: response.headers, code, message });
}

/** The session the background stores; `apiBase` is the account server the login answer named. */
export function mojoSession(
  tokens: { access_token: string; refresh_token: string; expires_in: number },
  apiBase: string,
  now: number = Date.now(),
): OAuthSession {
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: now + tokens.expires_in * 1000,
    apiBase,
  };
}
