/**
 * Wise Agent's fixed addresses (crm-facts.md). One server answers both OAuth (`/WiseAuth/…`) and
 * the API (`/http/webconnect.asp`); the web app runs on the bare and the `www.` domain. Kept apart
 * from the API client so the popup can ask for host permissions without loading it.
 */

/** OAuth and API: the only origin that ever receives a Wise Agent token. */
export const WISEAGENT_SYNC_ORIGIN = 'https://sync.thewiseagent.com';

export const WISEAGENT_API_URL = `${WISEAGENT_SYNC_ORIGIN}/http/webconnect.asp`;

/** Space-separated, as the authorize URL documents them; calendar and team for later two-way work. */
export const WISEAGENT_SCOPES = 'profile contacts calendar team';

/** The web app's hosts, where the content script runs. */
export const WISEAGENT_WEB_HOSTS = ['thewiseagent.com', 'www.thewiseagent.com'] as const;

/** The host permissions the integration needs: sign-in and API share one origin. */
export function wiseAgentHostPermissions(): string[] {
  return [`${WISEAGENT_SYNC_ORIGIN}/*`];
}
