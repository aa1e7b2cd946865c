/**
 * Every hostname the sandbox answers for, and which emulator owns it. This is the one table to
 * extend when Wise Agent and CINC join: Chromium maps each host here to the sandbox's port, so the
 * extension talks to the real hostnames of the real services.
 */

/** The parts of the sandbox a request can be routed to (fault scopes use the same names). */
export type SandboxSystem = 'mojo' | 'zoho-accounts' | 'zoho-api' | 'zoho-web' | CincSystem | WiseAgentSystem;

/** CINC: its OAuth server, its API and the team's web app (crm-facts.md, "CINC"). */
export type CincSystem = 'cinc-auth' | 'cinc-api' | 'cinc-web';
export const CINC_AUTH_HOST = 'authv2.cincapi.com';
export const CINC_API_HOST = 'public.cincapi.com';
/** The seed site's team sub-domain; Chromium's host rules take exact hosts, not *.cincpro.com. */
export const CINC_WEB_HOST = 'smithteam.cincpro.com';

/**
 * Wise Agent (crm-facts.md, "Wise Agent"): OAuth (`/WiseAuth/…`) and the API share one host, told
 * apart by path in lookupHost so faults can hit one without the other; the web app has two hosts.
 */
export type WiseAgentSystem = 'wiseagent-auth' | 'wiseagent-api' | 'wiseagent-web';
export const WISEAGENT_SYNC_HOST = 'sync.thewiseagent.com';
export const WISEAGENT_WEB_HOSTS = ['thewiseagent.com', 'www.thewiseagent.com'] as const;

/** Zoho data-center codes, as the extension's settings name them (lib/platform/protocol.ts). */
export type ZohoDc = 'US' | 'EU' | 'IN' | 'AU' | 'JP' | 'CA' | 'SA' | 'UK';

export interface ZohoDcHosts {
  dc: ZohoDc;
  /** The `location` value Zoho puts on its OAuth redirect. */
  location: string;
  accounts: string;
  api: string;
  web: string;
}

/** crm-facts.md, "Data centers". */
export const ZOHO_DCS: readonly ZohoDcHosts[] = [
  { dc: 'US', location: 'us', accounts: 'accounts.zoho.com', api: 'www.zohoapis.com', web: 'crm.zoho.com' },
  { dc: 'EU', location: 'eu', accounts: 'accounts.zoho.eu', api: 'www.zohoapis.eu', web: 'crm.zoho.eu' },
  { dc: 'IN', location: 'in', accounts: 'accounts.zoho.in', api: 'www.zohoapis.in', web: 'crm.zoho.in' },
  {
    dc: 'AU',
    location: 'au',
    accounts: 'accounts.zoho.com.au',
    api: 'www.zohoapis.com.au',
    web: 'crm.zoho.com.au',
  },
  { dc: 'JP', location: 'jp', accounts: 'accounts.zoho.jp', api: 'www.zohoapis.jp', web: 'crm.zoho.jp' },
  {
    dc: 'CA',
    location: 'ca',
    accounts: 'accounts.zohocloud.ca',
    api: 'www.zohoapis.ca',
    web: 'crm.zohocloud.ca',
  },
  { dc: 'SA', location: 'sa', accounts: 'accounts.zoho.sa', api: 'www.zohoapis.sa', web: 'crm.zoho.sa' },
  { dc: 'UK', location: 'uk', accounts: 'accounts.zoho.uk', api: 'www.zohoapis.uk', web: 'crm.zoho.uk' },
];

export const MOJO_LOGIN_HOST = 'lb11.mojosells.com';
export const MOJO_ACCOUNT_HOST = 'app31.mojosells.com';

export interface HostInfo {
  host: string;
  system: SandboxSystem;
  /** Mojo: which of its two servers; lets the login server refuse account-server calls. */
  role?: 'login' | 'account';
  /** Zoho: the data center this host belongs to. */
  dc?: ZohoDcHosts;
}

function buildHostTable(): Map<string, HostInfo> {
  const table = new Map<string, HostInfo>();
  table.set(MOJO_LOGIN_HOST, { host: MOJO_LOGIN_HOST, system: 'mojo', role: 'login' });
  table.set(MOJO_ACCOUNT_HOST, { host: MOJO_ACCOUNT_HOST, system: 'mojo', role: 'account' });
  for (const dc of ZOHO_DCS) {
    table.set(dc.accounts, { host: dc.accounts, system: 'zoho-accounts', dc });
    table.set(dc.api, { host: dc.api, system: 'zoho-api', dc });
    table.set(dc.web, { host: dc.web, system: 'zoho-web', dc });
  }
  table.set(CINC_AUTH_HOST, { host: CINC_AUTH_HOST, system: 'cinc-auth' });
  table.set(CINC_API_HOST, { host: CINC_API_HOST, system: 'cinc-api' });
  table.set(CINC_WEB_HOST, { host: CINC_WEB_HOST, system: 'cinc-web' });
  table.set(WISEAGENT_SYNC_HOST, { host: WISEAGENT_SYNC_HOST, system: 'wiseagent-api' });
  for (const host of WISEAGENT_WEB_HOSTS) table.set(host, { host, system: 'wiseagent-web' });
  return table;
}

const HOSTS = buildHostTable();

export const ALL_HOSTS: readonly string[] = [...HOSTS.keys()];

/** The emulator for a `Host` header value (port and letter case ignored); undefined if none. */
export function lookupHost(hostHeader: string, path?: string): HostInfo | undefined {
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '');
  const info = HOSTS.get(host);
  // Wise Agent's OAuth server shares its host with the API: its own system, by path.
  if (info?.host === WISEAGENT_SYNC_HOST && path?.toLowerCase().startsWith('/wiseauth/'))
    return { ...info, system: 'wiseagent-auth' };
  return info;
}

export function zohoDcByAccountsHost(host: string): ZohoDcHosts | undefined {
  return ZOHO_DCS.find((d) => d.accounts === host);
}

/** The value for Chromium's `--host-resolver-rules`: every sandbox host to 127.0.0.1:<port>. */
export function hostResolverRules(port: number, hosts: readonly string[] = ALL_HOSTS): string {
  return hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ');
}
