/**
 * Wise Agent's OAuth server (sync.thewiseagent.com/WiseAuth, crm-facts.md) for a public client:
 * the authorize endpoint approves at once and redirects to the extension's chromiumapp.org URL;
 * the token endpoint trades a code for tokens only with the PKCE verifier whose S256 hash was
 * given at authorize, and rotates the refresh token on every refresh (the old one dies).
 *
 * [sandbox] choices, mirrored by lib/connectors/wiseagent/auth.ts:
 * - the token endpoint reads a JSON body and refuses anything else (400 invalid_request);
 * - errors are `{error, error_description}`: a bad code or verifier is 400 invalid_grant, a dead
 *   refresh token 401 invalid_grant, an unknown client 401 invalid_client;
 * - `expires_at` is ISO 8601 in Arizona time with its offset (`2026-11-21T09:04:05-07:00`);
 * - codes live five minutes; revoke takes a form (`token`, `token_type_hint`, `client_id`) and
 *   answers 200 whatever the token, as RFC 7009 has it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { HostInfo } from './hosts';
import { now, type SandboxState } from './state';
import { escapeHtml, isoTime, jsonResponse, readFormAndQuery, readJson, sandboxError } from './util';
import type { WiseAgentAuthRequest, WiseAgentState } from './wiseagent-state';

type AuthEnv = { Bindings: { info: HostInfo } };

const CODE_TTL_MS = 5 * 60_000;
const CHROMIUMAPP_REDIRECT = /^https:\/\/[a-z0-9-]+\.chromiumapp\.org\/.*$/;
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const KNOWN_SCOPES = new Set(['profile', 'contacts', 'calendar', 'team', 'marketing', 'properties']);

function waToken(): string {
  return randomBytes(32).toString('base64url');
}

/** BASE64URL(SHA-256(verifier)), RFC 7636 §4.6. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** `2026-11-21T09:04:05-07:00`: Arizona keeps UTC−7 all year. */
export function arizonaIso(ms: number): string {
  return `${new Date(ms - 7 * 3_600_000).toISOString().slice(0, 19)}-07:00`;
}

const oauthError = (error: string, description: string, status: number) =>
  jsonResponse({ error, error_description: description }, status);

export function wiseAgentAuthApp(state: SandboxState): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/WiseAuth/auth', (c) => {
    const wa = state.wiseagent;
    const params = Object.fromEntries(new URL(c.req.url).searchParams);
    const record = (outcome: WiseAgentAuthRequest['outcome']) =>
      wa.authRequests.push({ at: isoTime(now(state)), params, outcome });
    const redirectUri = params.redirect_uri ?? '';
    if (!CHROMIUMAPP_REDIRECT.test(redirectUri)) {
      // Without a trusted redirect there is nowhere to send an error: an error page instead.
      record('invalid_redirect_uri');
      return c.html(
        `<!DOCTYPE html><html><head><title>Wise Agent - Sign in error</title></head><body><h1>Invalid redirect URI</h1><p>${escapeHtml(redirectUri)}</p></body></html>`,
        400,
      );
    }
    const target = new URL(redirectUri);
    const answer = (fields: Record<string, string>) => {
      for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
      if (params.state !== undefined) target.searchParams.set('state', params.state);
      return c.redirect(target.toString(), 302);
    };
    if (!wa.clients.some((x) => x.client_id === params.client_id)) {
      record('invalid_client');
      return answer({ error: 'unauthorized_client', error_description: 'Unknown client_id' });
    }
    const scopes = (params.scope ?? '').split(/[\s+]+/).filter(Boolean);
    const problem =
      params.response_type !== 'code'
        ? 'response_type must be code'
        : scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))
          ? 'unknown or missing scope'
          : // A public client must prove the code is its own: PKCE with S256 only.
            !params.code_challenge || params.code_challenge_method !== 'S256'
            ? 'code_challenge with code_challenge_method=S256 is required'
            : !/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge)
              ? 'code_challenge is not a base64url SHA-256 hash'
              : null;
    if (problem !== null) {
      record('invalid_request');
      return answer({ error: 'invalid_request', error_description: problem });
    }
    const code = waToken();
    wa.codes.set(code, {
      code,
      client_id: params.client_id ?? '',
      redirect_uri: redirectUri,
      scope: scopes.join(' '),
      code_challenge: params.code_challenge ?? '',
      expires_at: now(state) + CODE_TTL_MS,
      used: false,
    });
    record('code');
    return answer({ code });
  });

  app.post('/WiseAuth/token', async (c) => {
    const wa = state.wiseagent;
    const t = now(state);
    wa.tokenRequests++;
    const body = (c.req.header('content-type') ?? '').includes('application/json')
      ? await readJson(c.req.raw)
      : undefined;
    const field = (name: string): string => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return '';
      const value = body[name];
      return typeof value === 'string' ? value : '';
    };
    const grantType = field('grant_type');
    const clientId = field('client_id');
    const log = (error: string | null) =>
      wa.tokenRequestLog.push({
        at: isoTime(t),
        grant_type: grantType,
        client_id: clientId,
        ok: !error,
        error,
      });
    const fail = (error: string, description: string, status: number) => {
      log(error);
      return oauthError(error, description, status);
    };

    if (body === undefined) return fail('invalid_request', 'The request body must be JSON', 400);
    if (!wa.clients.some((x) => x.client_id === clientId))
      return fail('invalid_client', 'Unknown client_id', 401);

    if (grantType === 'authorization_code') {
      const code = wa.codes.get(field('code'));
      if (!code || code.used || code.expires_at <= t || code.client_id !== clientId) {
        return fail('invalid_grant', 'The code is invalid, expired or already used', 400);
      }
      const redirect = field('redirect_uri');
      if (redirect !== '' && redirect !== code.redirect_uri) {
        return fail('invalid_grant', 'redirect_uri does not match the authorization request', 400);
      }
      const verifier = field('code_verifier');
      // A code is spent by any attempt to redeem it, so a guessed verifier gets one try only.
      code.used = true;
      if (!VERIFIER.test(verifier) || s256(verifier) !== code.code_challenge) {
        return fail('invalid_grant', 'code_verifier does not match the code_challenge', 400);
      }
      log(null);
      return jsonResponse(issue(state, clientId, code.scope, waToken()));
    }
    if (grantType === 'refresh_token') {
      const refresh = wa.refreshTokens.get(field('refresh_token'));
      if (!refresh || refresh.revoked || refresh.rotated_to !== null || refresh.client_id !== clientId) {
        return fail('invalid_grant', 'The refresh token is invalid, expired or revoked', 401);
      }
      const answer = issue(state, clientId, refresh.scope, refresh.grant);
      // Rotation: the old refresh token is spent; its access tokens live out their time.
      refresh.rotated_to = answer.refresh_token;
      log(null);
      return jsonResponse(answer);
    }
    return fail('unsupported_grant_type', `Unsupported grant_type "${grantType}"`, 400);
  });

  app.post('/WiseAuth/revoke', async (c) => {
    const isJson = (c.req.header('content-type') ?? '').includes('application/json');
    const json = isJson ? await readJson(c.req.raw) : undefined;
    const token =
      isJson &&
      typeof json === 'object' &&
      json !== null &&
      !Array.isArray(json) &&
      typeof json.token === 'string'
        ? json.token
        : ((await readFormAndQuery(c.req.raw)).get('token') ?? '');
    revokeWiseAgentToken(state.wiseagent, token);
    return jsonResponse({ revoked: true });
  });

  app.onError(sandboxError);
  app.notFound(() => oauthError('not_found', 'No such endpoint', 404));
  return app;
}

function issue(
  state: SandboxState,
  clientId: string,
  scope: string,
  grant: string,
): { access_token: string; token_type: 'Bearer'; expires_at: string; refresh_token: string; scope: string } {
  const wa = state.wiseagent;
  const t = now(state);
  const refresh = waToken();
  wa.refreshTokens.set(refresh, {
    token: refresh,
    grant,
    client_id: clientId,
    scope,
    revoked: false,
    rotated_to: null,
  });
  const access = waToken();
  const expiresAt = t + wa.tokenTtlSeconds * 1000;
  wa.accessTokens.set(access, {
    token: access,
    grant,
    refresh_token: refresh,
    client_id: clientId,
    scope,
    expires_at: expiresAt,
    revoked: false,
  });
  return {
    access_token: access,
    token_type: 'Bearer',
    expires_at: arizonaIso(expiresAt),
    refresh_token: refresh,
    scope,
  };
}

/**
 * Revoking a refresh token ends its whole grant: every refresh token of the rotation chain and every
 * access token they minted, as when the user removes the app in Wise Agent. Revoking an access
 * token ends that token only.
 */
export function revokeWiseAgentToken(wa: WiseAgentState, token: string): void {
  const refresh = wa.refreshTokens.get(token);
  if (refresh) {
    for (const r of wa.refreshTokens.values()) if (r.grant === refresh.grant) r.revoked = true;
    for (const a of wa.accessTokens.values()) if (a.grant === refresh.grant) a.revoked = true;
  }
  const access = wa.accessTokens.get(token);
  if (access) access.revoked = true;
}
