/**
 * Zoho Accounts (one per data center): the OAuth authorize endpoint, which approves at once and
 * redirects to the extension's chromiumapp.org URL, and the token endpoint with Zoho's quirks —
 * errors as HTTP 200, no refresh-token rotation, codes that live three minutes and only on the data
 * center that issued them.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { HostInfo, ZohoDc } from './hosts';
import { now, type SandboxState, type ZohoAuthRequest, type ZohoState } from './state';
import { escapeHtml, isoTime, jsonResponse, readFormAndQuery, sandboxError } from './util';

type AccountsEnv = { Bindings: { info: HostInfo } };

/** "Grant token is a one-time use token and valid for three minutes" (v7 token-validity.html). */
const CODE_TTL_MS = 3 * 60_000;
const CHROMIUMAPP_REDIRECT = /^https:\/\/[a-z0-9-]+\.chromiumapp\.org\/.*$/;
const TOKEN_RATE_WINDOW_MS = 10 * 60_000;
const TOKEN_RATE_MAX = 10;

/** Zoho's tokens look like `1000.<hex>.<hex>`; clients sometimes sniff that, so keep the shape. */
function zohoToken(): string {
  return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

export function zohoAccountsApp(state: SandboxState): Hono<AccountsEnv> {
  const app = new Hono<AccountsEnv>();

  app.get('/oauth/v2/auth', (c) => {
    const zoho = state.zoho;
    const dc = c.env.info.dc;
    if (!dc) return c.notFound();
    const params = Object.fromEntries(new URL(c.req.url).searchParams);
    const record = (outcome: ZohoAuthRequest['outcome']) =>
      zoho.authRequests.push({ at: isoTime(now(state)), host: c.env.info.host, dc: dc.dc, params, outcome });

    const redirectUri = params.redirect_uri ?? '';
    const registered = zoho.clients.find((x) => x.client_id === params.client_id)?.redirect_uri;
    // Zoho accepts only an Authorized Redirect URI of the client, character for character.
    if (registered === undefined ? !CHROMIUMAPP_REDIRECT.test(redirectUri) : registered !== redirectUri) {
      // Zoho cannot redirect to an address it does not trust, so it shows an error page instead.
      record('invalid_redirect_uri');
      return c.html(
        `<!DOCTYPE html><html><head><title>Invalid Redirect Uri</title></head><body><h1>Invalid Redirect Uri</h1><p>${escapeHtml(redirectUri)}</p></body></html>`,
        400,
      );
    }
    const target = new URL(redirectUri);
    const answer = (fields: Record<string, string>) => {
      if (params.state !== undefined) target.searchParams.set('state', params.state);
      for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
      return c.redirect(target.toString(), 302);
    };
    const client = zoho.clients.find((x) => x.client_id === params.client_id);
    if (!client) {
      record('invalid_client');
      return answer({ error: 'invalid_client' });
    }
    if (zoho.denyNextAuth) {
      zoho.denyNextAuth = false;
      record('access_denied');
      return answer({ error: 'access_denied' });
    }
    const code = zohoToken();
    zoho.codes.set(code, {
      code,
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope: params.scope ?? '',
      // Zoho issues a refresh token only for access_type=offline (online is the default).
      offline: params.access_type === 'offline',
      dc: dc.dc,
      expires_at: now(state) + CODE_TTL_MS,
      used: false,
    });
    record('code');
    return answer({ code, location: dc.location, 'accounts-server': `https://${dc.accounts}` });
  });

  app.post('/oauth/v2/token', async (c) => {
    const zoho = state.zoho;
    const dc = c.env.info.dc;
    if (!dc) return c.notFound();
    const form = await readFormAndQuery(c.req.raw);
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    const t = now(state);
    zoho.tokenRequests++;
    const recent = zoho.tokenRequestLog.filter((r) => Date.parse(r.at) > t - TOKEN_RATE_WINDOW_MS).length;
    const log = (error: string | null) =>
      zoho.tokenRequestLog.push({
        at: isoTime(t),
        host: c.env.info.host,
        grant_type: grantType,
        client_id: clientId,
        ok: error === null,
        error,
      });
    // Zoho reports token errors with HTTP 200; only the body says it failed.
    const fail = (error: string) => {
      log(error);
      return jsonResponse({ error });
    };

    if (zoho.limits.tokenRateLimit && recent >= TOKEN_RATE_MAX) {
      log('Access Denied');
      return jsonResponse(
        {
          error_description:
            'You have made too many requests continuously. Please try again after some time.',
          error: 'Access Denied',
          status: 'failure',
        },
        400,
      );
    }
    const client = zoho.clients.find((x) => x.client_id === clientId);
    if (!client) return fail('invalid_client');
    if (client.client_secret !== form.get('client_secret')) return fail('invalid_client_secret');

    const apiDomain = `https://${dc.api}`;
    if (grantType === 'authorization_code') {
      const code = zoho.codes.get(form.get('code') ?? '');
      if (!code || code.used || code.expires_at <= t || code.client_id !== clientId || code.dc !== dc.dc) {
        return fail('invalid_code');
      }
      if (code.redirect_uri !== form.get('redirect_uri')) return fail('invalid_redirect_uri');
      code.used = true;
      const refresh = code.offline ? zohoToken() : null;
      if (refresh) {
        zoho.refreshTokens.set(refresh, {
          token: refresh,
          client_id: clientId,
          scope: code.scope,
          dc: dc.dc,
          revoked: false,
        });
      }
      const access = issueAccess(state, refresh, clientId, code.scope, dc.dc);
      log(null);
      return jsonResponse({
        access_token: access,
        ...(refresh ? { refresh_token: refresh } : {}),
        scope: code.scope,
        api_domain: apiDomain,
        token_type: 'Bearer',
        expires_in: zoho.tokenTtlSeconds,
      });
    }
    if (grantType === 'refresh_token') {
      const refresh = zoho.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!refresh || refresh.revoked || refresh.client_id !== clientId || refresh.dc !== dc.dc) {
        return fail('invalid_code');
      }
      const access = issueAccess(state, refresh.token, clientId, refresh.scope, refresh.dc);
      log(null);
      // No refresh_token in the answer: Zoho's refresh tokens do not rotate.
      return jsonResponse({
        access_token: access,
        scope: refresh.scope,
        api_domain: apiDomain,
        token_type: 'Bearer',
        expires_in: zoho.tokenTtlSeconds,
      });
    }
    return fail('unsupported_grant_type');
  });

  app.post('/oauth/v2/token/revoke', async (c) => {
    const form = await readFormAndQuery(c.req.raw);
    revokeZohoToken(state.zoho, form.get('token') ?? '');
    return jsonResponse({ status: 'success' });
  });

  app.onError(sandboxError);
  app.notFound(() => jsonResponse({ error: 'not_found' }, 404));
  return app;
}

function issueAccess(
  state: SandboxState,
  refresh: string | null,
  clientId: string,
  scope: string,
  dc: ZohoDc,
): string {
  const zoho = state.zoho;
  const token = zohoToken();
  zoho.accessTokens.set(token, {
    token,
    refresh_token: refresh,
    client_id: clientId,
    scope,
    dc,
    expires_at: now(state) + zoho.tokenTtlSeconds * 1000,
    revoked: false,
  });
  return token;
}

/** Revoking a refresh token also kills every access token it minted. */
export function revokeZohoToken(zoho: ZohoState, token: string): void {
  const refresh = zoho.refreshTokens.get(token);
  if (refresh) {
    refresh.revoked = true;
    for (const a of zoho.accessTokens.values()) if (a.refresh_token === token) a.revoked = true;
  }
  const access = zoho.accessTokens.get(token);
  if (access) access.revoked = true;
}
