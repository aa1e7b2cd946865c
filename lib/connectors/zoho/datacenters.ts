/**
 * Zoho's data centers as data (crm-facts.md): each has its own accounts server, API domain and web
 * UI. These lists are also the allow-lists for hosts that arrive at run time (the redirect's
 * `accounts-server`, the token answer's `api_domain`): the client secret and the tokens go only to
 * hosts named here.
 */
import type { DataCenter } from '../../platform/protocol';

export interface ZohoDataCenter {
  /** OAuth: authorize, token, revoke. */
  accounts: string;
  /** The REST API (`api_domain`). */
  api: string;
  /** The CRM web app the content script runs on. */
  web: string;
}

export const ZOHO_DATA_CENTERS: Readonly<Record<DataCenter, ZohoDataCenter>> = {
  US: { accounts: 'https://accounts.zoho.com', api: 'https://www.zohoapis.com', web: 'https://crm.zoho.com' },
  EU: { accounts: 'https://accounts.zoho.eu', api: 'https://www.zohoapis.eu', web: 'https://crm.zoho.eu' },
  IN: { accounts: 'https://accounts.zoho.in', api: 'https://www.zohoapis.in', web: 'https://crm.zoho.in' },
  AU: {
    accounts: 'https://accounts.zoho.com.au',
    api: 'https://www.zohoapis.com.au',
    web: 'https://crm.zoho.com.au',
  },
  JP: { accounts: 'https://accounts.zoho.jp', api: 'https://www.zohoapis.jp', web: 'https://crm.zoho.jp' },
  CA: {
    accounts: 'https://accounts.zohocloud.ca',
    api: 'https://www.zohoapis.ca',
    web: 'https://crm.zohocloud.ca',
  },
  SA: { accounts: 'https://accounts.zoho.sa', api: 'https://www.zohoapis.sa', web: 'https://crm.zoho.sa' },
  UK: { accounts: 'https://accounts.zoho.uk', api: 'https://www.zohoapis.uk', web: 'https://crm.zoho.uk' },
};

export const ZOHO_DATA_CENTER_IDS = Object.keys(ZOHO_DATA_CENTERS) as DataCenter[];

export const ZOHO_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.modules.notes.ALL',
  'ZohoCRM.users.READ',
  'ZohoCRM.org.READ',
  'ZohoCRM.settings.fields.READ',
].join(',');

/** Manifest match patterns for the CRM web app in every data center (content scripts). */
export function zohoWebMatchPatterns(): string[] {
  return ZOHO_DATA_CENTER_IDS.map((dc) => `${ZOHO_DATA_CENTERS[dc].web}/*`);
}

/** The host permissions one data center needs: sign-in, API and web app. */
export function zohoHostPermissions(dc: DataCenter): string[] {
  // The web UI is reached by the content script's own match patterns; only sign-in and API calls
  // need host permissions (US in the manifest, the other data centers asked for when chosen).
  const { accounts, api } = ZOHO_DATA_CENTERS[dc];
  return [`${accounts}/*`, `${api}/*`];
}

/**
 * The known origin equal to `url`'s, or null. Only a bare https origin passes: no other scheme,
 * port, credentials or path, so a look-alike such as `https://accounts.zoho.com.evil.example` or
 * `https://accounts.zoho.com@evil.example` cannot slip through.
 */
function knownOrigin(
  url: string,
  pick: (dc: ZohoDataCenter) => string,
): { dc: DataCenter; origin: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (
    parsed.protocol !== 'https:' ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.port !== ''
  ) {
    return null;
  }
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search !== '' || parsed.hash !== '')
    return null;
  for (const dc of ZOHO_DATA_CENTER_IDS) {
    const origin = pick(ZOHO_DATA_CENTERS[dc]);
    if (new URL(origin).host === parsed.host) return { dc, origin };
  }
  return null;
}

/** A Zoho accounts server we trust with the client secret, as its canonical origin; else null. */
export function knownAccountsServer(url: string): { dc: DataCenter; origin: string } | null {
  return knownOrigin(url, (dc) => dc.accounts);
}

/** A Zoho API domain we trust with the access token, as its canonical origin; else null. */
export function knownApiDomain(url: string): { dc: DataCenter; origin: string } | null {
  return knownOrigin(url, (dc) => dc.api);
}
