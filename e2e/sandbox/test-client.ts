/**
 * A tiny HTTPS client for contract tests: connects to the sandbox on 127.0.0.1 but presents the
 * real hostname (SNI and Host header), the way Chromium does with --host-resolver-rules. Node's
 * fetch cannot set Host, hence node:https. Also helpers that log in to Mojo and Zoho.
 */

import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { Sandbox } from './index';
import { SEED_CLIENT } from './seed';

export interface SandboxResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed body; throws when it is not JSON (which is itself a finding). */
  json(): unknown;
  /** Parsed body as a plain object, for property access in tests. */
  obj(): Record<string, unknown>;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export function httpsRequest(
  port: number,
  host: string,
  path: string,
  opts: RequestOptions = {},
): Promise<SandboxResponse> {
  const headers: Record<string, string> = { host, ...opts.headers };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  } else if (opts.form !== undefined) {
    body = new URLSearchParams(opts.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: host,
        path,
        method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        rejectUnauthorized: false,
        agent: false,
        signal: opts.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = () => JSON.parse(text) as unknown;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            obj: () => {
              const v = json();
              if (typeof v !== 'object' || v === null || Array.isArray(v))
                throw new Error(`not an object: ${text}`);
              return v as Record<string, unknown>;
            },
          });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A client bound to one sandbox: `call('www.zohoapis.com', '/crm/v7/org', {…})`. */
export function clientFor(sandbox: Pick<Sandbox, 'port'>) {
  return (host: string, path: string, opts?: RequestOptions) => httpsRequest(sandbox.port, host, path, opts);
}

export const TEST_REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/zoho';
export const ZOHO_SCOPES =
  'ZohoCRM.modules.ALL,ZohoCRM.modules.notes.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.settings.fields.READ';

export interface ZohoLogin {
  access_token: string;
  refresh_token: string;
  api_domain: string;
  apiHost: string;
  accountsHost: string;
}

/** The whole authorization-code flow against one data center's accounts server. */
export async function zohoLogin(
  sandbox: Pick<Sandbox, 'port'>,
  accountsHost = 'accounts.zoho.com',
  scope = ZOHO_SCOPES,
): Promise<ZohoLogin> {
  const call = clientFor(sandbox);
  const auth = new URLSearchParams({
    client_id: SEED_CLIENT.client_id,
    response_type: 'code',
    redirect_uri: TEST_REDIRECT,
    scope,
    access_type: 'offline',
    prompt: 'consent',
    state: 'test-state',
  });
  const redirect = await call(accountsHost, `/oauth/v2/auth?${auth}`);
  const location = new URL(String(redirect.headers.location));
  const code = location.searchParams.get('code');
  const server = location.searchParams.get('accounts-server');
  if (!code || !server) throw new Error(`no code in ${location}`);
  const tokenHost = new URL(server).host;
  const token = await call(tokenHost, '/oauth/v2/token', {
    form: {
      grant_type: 'authorization_code',
      client_id: SEED_CLIENT.client_id,
      client_secret: SEED_CLIENT.client_secret,
      redirect_uri: TEST_REDIRECT,
      code,
    },
  });
  const body = token.obj();
  const api_domain = String(body.api_domain);
  return {
    access_token: String(body.access_token),
    refresh_token: String(body.refresh_token),
    api_domain,
    apiHost: new URL(api_domain).host,
    accountsHost: tokenHost,
  };
}

export async function mojoLogin(
  sandbox: Pick<Sandbox, 'port'>,
  login = 'agent@example.com',
): Promise<{ access_token: string; refresh_token: string }> {
  const res = await httpsRequest(sandbox.port, 'lb11.mojosells.com', '/api/v1/auth/token', {
    json: {
      grant_type: 'password',
      pin: '123456',
      login,
      password: 'correct-horse',
      client_id: 'mojo-bridge',
    },
  });
  const body = res.obj();
  return { access_token: String(body.access_token), refresh_token: String(body.refresh_token) };
}
