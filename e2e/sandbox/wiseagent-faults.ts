/**
 * What faults.ts needs to know about Wise Agent: which fault scopes reach its systems, how its
 * tokens die (expireTokens, revokeRefreshTokens), and what its servers answer when busy.
 */
import { WISEAGENT_SYNC_HOST, WISEAGENT_WEB_HOSTS } from './hosts';
import type { SandboxState } from './state';
import { jsonResponse } from './util';

function isWiseAgentHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === WISEAGENT_SYNC_HOST || (WISEAGENT_WEB_HOSTS as readonly string[]).includes(h);
}

/** A fault scoped to Wise Agent alone (by system or by host): it must not touch Mojo or Zoho. */
export function isWiseAgentScope(spec: { system?: string | undefined; host?: string | undefined }): boolean {
  if (spec.system !== undefined) return spec.system.startsWith('wiseagent-');
  return spec.host !== undefined && isWiseAgentHost(spec.host);
}

/** Whether a token fault reaches Wise Agent: scoped to it, or unscoped (everything). */
export function wiseAgentInScope(spec: { system?: string | undefined; host?: string | undefined }): boolean {
  return isWiseAgentScope(spec) || (spec.system === undefined && spec.host === undefined);
}

export function expireWiseAgentTokens(state: SandboxState, past: number): void {
  for (const t of state.wiseagent.accessTokens.values()) t.expires_at = past;
}

export function revokeWiseAgentRefreshTokens(state: SandboxState): void {
  for (const t of state.wiseagent.refreshTokens.values()) t.revoked = true;
}

/** A busy Wise Agent: its OAuth server and API answer in JSON, its web app with a plain IIS page. */
export function wiseAgentErrorResponse(
  system: string,
  status: number,
  headers: Record<string, string>,
): Response {
  if (system === 'wiseagent-web') {
    return new Response(`<html><body><h1>Server Error</h1><p>HTTP ${status}</p></body></html>`, {
      status,
      headers: { 'content-type': 'text/html', ...headers },
    });
  }
  if (system === 'wiseagent-auth') {
    return jsonResponse({ error: status === 429 ? 'slow_down' : 'server_error' }, status, headers);
  }
  return jsonResponse(
    { success: 'false', error: status === 429 ? 'Too many requests' : 'Internal server error' },
    status,
    headers,
  );
}
