/**
 * The sandbox: one local HTTPS server that answers for Mojo's and Zoho's real hostnames
 * (Chromium maps them here with --host-resolver-rules), dispatching on the Host header to the
 * emulator that owns the host, plus a plain-HTTP admin API. Used by the e2e tests, the demo and
 * the benchmarks alike.
 */
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { generate } from 'selfsigned';
import { adminApp } from './admin';
import { cincApiApp, cincAuthApp } from './cinc';
import { cincWebApp } from './cinc-web';
import { type FaultController, Faults } from './faults';
import { ALL_HOSTS, type HostInfo, hostResolverRules, lookupHost } from './hosts';
import { mojoAccountApp, mojoLoginApp } from './mojo';
import { RequestLog } from './request-log';
import { createState, resetState, type SandboxState, type SeedName } from './state';
import { jsonResponse } from './util';
import { wiseAgentApiApp } from './wiseagent-api';
import { wiseAgentAuthApp } from './wiseagent-auth';
import { wiseAgentWebApp } from './wiseagent-web';
import { zohoAccountsApp } from './zoho-accounts';
import { zohoApiApp } from './zoho-api';
import { zohoWebApp } from './zoho-web';

export { findCincLead } from './cinc';
export { CINC_SEED_CLIENT, CINC_SEED_LEADS, CINC_SITE } from './cinc-state';
export type { FaultController, FaultSpec } from './faults';
export type { SandboxSystem, ZohoDc } from './hosts';
export { ALL_HOSTS, MOJO_ACCOUNT_HOST, MOJO_LOGIN_HOST, ZOHO_DCS } from './hosts';
export type { LoggedRequest, RequestLog } from './request-log';
export { SEED_CLIENT, SEED_CONTACT_IDS, SEED_VIEWS } from './seed';
export type { SandboxState } from './state';
export { findMojoContact, findZohoRecord, snapshot } from './state';
export { findWiseAgentContact, WISEAGENT_CLIENT_ID, WISEAGENT_IDS } from './wiseagent-state';

export interface SandboxOptions {
  /** HTTPS port; 0 (default) picks a free one. */
  port?: number;
  /** Admin HTTP port; 0 (default) picks a free one. */
  adminPort?: number;
  seed?: SeedName;
  /** Extra generated Zoho contacts ("Contact 00001", …); default 0. */
  zohoContacts?: number;
}

export interface Sandbox {
  port: number;
  /** Plain HTTP admin API, e.g. http://127.0.0.1:<adminPort>. */
  adminUrl: string;
  hosts: string[];
  /** For Chromium's --host-resolver-rules: "MAP lb11.mojosells.com 127.0.0.1:<port>, …". */
  hostResolverRules: string;
  /** The live state; tests in the same process read and change it directly. */
  state: SandboxState;
  faults: FaultController;
  /** Every request answered (last 50,000). */
  requests: RequestLog;
  /**
   * The sandbox without the network: a `fetch` that hands the request straight to the
   * dispatcher (faults and the request log apply). Give it to an API client under test, e.g.
   * `ky.create({ fetch: sandbox.fetch })`, and call the real URLs.
   */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Fresh seed data; also clears faults and the request log. */
  reset(seed?: SeedName): void;
  stop(): Promise<void>;
}

/** What the dispatcher needs of an emulator's Hono app (their Variables differ and stay inside). */
interface HostApp {
  fetch(request: Request, env: { info: HostInfo }): Response | Promise<Response>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const seedOptions = { seed: opts.seed ?? 'default', zohoContacts: opts.zohoContacts ?? 0 } as const;
  const state = createState(seedOptions);
  const faults = new Faults(state);
  const requests = new RequestLog();

  const apps: Record<string, HostApp> = {
    'mojo:login': mojoLoginApp(state),
    'mojo:account': mojoAccountApp(state),
    'zoho-accounts': zohoAccountsApp(state),
    'zoho-api': zohoApiApp(state),
    'zoho-web': zohoWebApp(state),
    'cinc-auth': cincAuthApp(state),
    'cinc-api': cincApiApp(state),
    'cinc-web': cincWebApp(state),
    'wiseagent-auth': wiseAgentAuthApp(state),
    'wiseagent-api': wiseAgentApiApp(state),
    'wiseagent-web': wiseAgentWebApp(state),
  };
  const appFor = (info: HostInfo): HostApp | undefined =>
    apps[info.system === 'mojo' ? `mojo:${info.role}` : info.system];

  // Zoho caps concurrent API calls per org; counted here so injected latency counts as in flight.
  let zohoInFlight = 0;

  async function dispatch(req: Request): Promise<Response> {
    const started = performance.now();
    const t = Date.now();
    const url = new URL(req.url);
    const hostHeader = req.headers.get('host') ?? url.host;
    const info = lookupHost(hostHeader, url.pathname);
    const hits: string[] = [];
    let res: Response;
    if (!info) {
      res = new Response(`The sandbox does not serve ${hostHeader}`, { status: 421 });
    } else {
      const limit = state.zoho.limits.concurrency;
      const counted = info.system === 'zoho-api';
      if (counted && limit !== null && zohoInFlight >= limit) {
        hits.push('concurrency');
        res = jsonResponse(
          { code: 'TOO_MANY_REQUESTS', details: {}, message: 'concurrency limit exceeded', status: 'error' },
          429,
        );
      } else {
        if (counted) zohoInFlight++;
        try {
          const early = await faults.before(info, url.pathname, req, hits);
          const app = appFor(info);
          res = early ?? (app ? await app.fetch(req, { info }) : new Response('Not Found', { status: 404 }));
          res = await faults.after(info, url.pathname, res, hits);
        } finally {
          if (counted) zohoInFlight--;
        }
      }
    }
    requests.add({
      t,
      host: info?.host ?? hostHeader,
      method: req.method,
      path: url.pathname,
      query: url.search,
      status: res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(hits.length ? { faults: hits } : {}),
    });
    return res;
  }

  const pems = await generate([{ name: 'commonName', value: 'Mojo Bridge sandbox' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...ALL_HOSTS.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }],
      },
    ],
  });

  const server = await listen((cb) =>
    serve(
      {
        fetch: dispatch,
        port: opts.port ?? 0,
        hostname: '127.0.0.1',
        // Tests run in this process: keep Node's own Request/Response globals untouched.
        overrideGlobalObjects: false,
        createServer: createHttpsServer,
        serverOptions: { key: pems.private, cert: pems.cert },
      },
      cb,
    ),
  );

  const reset = (seed?: SeedName) => {
    resetState(state, { ...seedOptions, seed: seed ?? seedOptions.seed });
    faults.clear();
    requests.clear();
  };

  const admin = await listen((cb) =>
    serve(
      {
        fetch: adminApp({ state, faults, requests, reset }).fetch,
        port: opts.adminPort ?? 0,
        hostname: '127.0.0.1',
        overrideGlobalObjects: false,
      },
      cb,
    ),
  );

  const port = server.info.port;
  return {
    port,
    adminUrl: `http://127.0.0.1:${admin.info.port}`,
    hosts: [...ALL_HOSTS],
    hostResolverRules: hostResolverRules(port),
    state,
    faults,
    requests,
    fetch: (input, init) => dispatch(new Request(input, init)),
    reset,
    async stop() {
      faults.releaseAll();
      await Promise.all([close(server.server), close(admin.server)]);
    },
  };
}

async function listen(
  start: (cb: (info: AddressInfo) => void) => ServerType,
): Promise<{ server: ServerType; info: AddressInfo }> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    const onListening = (info: AddressInfo) => {
      if (server) resolve({ server, info });
      else queueMicrotask(() => server && resolve({ server, info }));
    };
    server = start(onListening);
    server.once('error', reject);
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}
