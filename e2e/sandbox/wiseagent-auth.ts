/**
 * Wise Agent's OAuth server (sync.thewiseagent.com/WiseAuth, https://wiseagent.com/docs/api.asp):
 * the authorize endpoint approves at once and redirects to the extension's chromiumapp.org URL;
 * the token endpoint trades a code for tokens only with the PKCE verifier whose S256 hash was
 * given at authorize, and rotates the refresh token on every refresh (the old one dies).
 *
 * As documented (or shown by Wise Agent's WordPress plugin, common-repository/wiseagentleadform):
 * - the redirect carries `code`, `expires_at` (UTC) and `scope`; [sandbox, varied] `state` comes
 *   back on every other sign-in only — the docs do not list it, the plugin never reads it;
 * - the token endpoint reads a JSON body (the docs) or a form (the plugin); anything else is 400
 *   invalid_request. `client_secret` rides in the body or in `Authorization: Basic` (the docs); a
 *   client registered with a secret must send it, a wrong one is 401 invalid_client;
 * - answers `{access_token, expires_at, refresh_token}` with `expires_at` in UTC
 *   (`2020-01-01T00:00:00.000Z`, the docs' example); an expired token is 401 invalid_grant;
 * - revoke takes a form (`token`, `token_type_hint`) and answers 200 whatever the token.
 * [sandbox] a bad code or verifier is 400 invalid_grant; codes live five minutes.
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

/** Token times as the docs show them: UTC, `2020-01-01T00:00:00.000Z`. */
export function utcIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The client's credentials: `client_secret` from the body, or `Authorization: Basic` (the docs). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { id: text.slice(0, colon), secret: text.slice(colon + 1) };
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
    // [sandbox, varied] The docs list no state on the redirect: it comes back every other time.
    const echoState = wa.authRequests.length % 2 === 1;
    const answer = (fields: Record<string, string>) => {
      for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
      if (params.state !== undefined && (echoState || 'error' in fields))
        target.searchParams.set('state', params.state);
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
    const codeExpiresAt = now(state) + CODE_TTL_MS;
    wa.codes.set(code, {
      code,
      client_id: params.client_id ?? '',
      redirect_uri: redirectUri,
      scope: scopes.join(' '),
      code_challenge: params.code_challenge ?? '',
      expires_at: codeExpiresAt,
      used: false,
    });
    record('code');
    return answer({ code, expires_at: utcIso(codeExpiresAt), scope: scopes.join(' ') });
  });

  app.post('/WiseAuth/token', async (c) => {
    const wa = state.wiseagent;
    const t = now(state);
    wa.tokenRequests++;
    const type = c.req.header('content-type') ?? '';
    // The docs send JSON; Wise Agent's own plugin sends a form: both are read, nothing else.
    let body: Record<string, string> | undefined;
    if (type.includes('application/json')) {
      const json = await readJson(c.req.raw);
      if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
        body = Object.fromEntries(
          Object.entries(json).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
        );
      }
    } else if (type.includes('application/x-www-form-urlencoded')) {
      body = Object.fromEntries(new URLSearchParams(await c.req.text()));
    }
    const basic = basicCredentials(c.req.header('authorization'));
    const field = (name: string): string => body?.[name] ?? '';
    const grantType = field('grant_type');
    const clientId = field('client_id') || basic?.id || '';
    const secret = field('client_secret') || basic?.secret || '';
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

    if (body === undefined) return fail('invalid_request', 'The request body must be JSON or a form', 400);
    const client = wa.clients.find((x) => x.client_id === clientId);
    if (!client) return fail('invalid_client', 'Unknown client_id', 401);
    if (secret !== '' ? secret !== client.client_secret : client.client_secret !== undefined)
      return fail('invalid_client', 'Client authentication failed', 401);

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
): { access_token: string; expires_at: string; refresh_token: string } {
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
  // Exactly the documented answer: no token_type, no scope.
  return { access_token: access, expires_at: utcIso(expiresAt), refresh_token: refresh };
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
