/**
 * Where CINC lives (crm-facts.md, "CINC"): one sign-in server, one API, and the agents' web app on
 * a sub-domain per team. Kept apart from the API client so the manifest (wxt.config.ts) and the
 * popup's host-permission check can read these without loading it.
 */

/** OAuth: authorize and token. */
export const CINC_AUTH_ORIGIN = 'https://authv2.cincapi.com';
/** The public API; every path below is under `/v2`. */
export const CINC_API_ORIGIN = 'https://public.cincapi.com';
export const CINC_API_BASE = `${CINC_API_ORIGIN}/v2`;

/** The CRM web app: assumed to run on a sub-domain of cincpro.com per team (crm-facts.md). */
export const CINC_WEB_MATCHES = ['https://*.cincpro.com/*'];

/** The host permissions CINC needs: sign-in and API (the web app is reached by the content script). */
export function cincHostPermissions(): string[] {
  return [`${CINC_AUTH_ORIGIN}/*`, `${CINC_API_ORIGIN}/*`];
}
