/**
 * Fault injection: what a flaky network and a strained vendor do to the extension. Each fault is
 * scoped (host, system, path prefix) and mostly counted ("the next 3 requests get 429"), so a test
 * states exactly the trouble it wants and the sandbox is healthy again afterwards.
 */
import { z } from 'zod';
import { cincFaultResponse, expireCincTokens, isCincScope, revokeCincRefreshTokens } from './cinc';
import type { HostInfo, SandboxSystem } from './hosts';
import { now, type SandboxState } from './state';
import { type JsonValue, jsonResponse, seededRandom } from './util';
import {
  expireWiseAgentTokens,
  isWiseAgentScope,
  revokeWiseAgentRefreshTokens,
  wiseAgentErrorResponse,
  wiseAgentInScope,
} from './wiseagent-faults';

export const FaultSpecSchema = z.strictObject({
  /** Exact hostname. */
  host: z.string().min(1).optional(),
  system: z
    .enum(['mojo', 'zoho-api', 'zoho-accounts', 'zoho-web', 'cinc-auth', 'cinc-api', 'cinc-web'])
    .or(z.enum(['wiseagent-auth', 'wiseagent-api', 'wiseagent-web']))
    .optional(),
  pathPrefix: z.string().startsWith('/').optional(),
  /** Added to every matching request for as long as the fault is active. */
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  status429: z
    .strictObject({
      count: z.number().int().min(1),
      /** Sent as `Retry-After` only when given (Zoho documents none). */
      retryAfterSeconds: z.number().int().min(0).optional(),
    })
    .optional(),
  /** `count`: the next N fail; `rate`: each request fails with this probability (seeded). */
  status5xx: z
    .strictObject({ count: z.number().int().min(1).optional(), rate: z.number().min(0).max(1).optional() })
    .optional(),
  /** The next N requests hang until the client gives up (or `ms`, default 60 s, then 504). */
  timeout: z
    .strictObject({ count: z.number().int().min(1), ms: z.number().int().min(0).optional() })
    .optional(),
  /** Applied once when the fault is added: every live access token of the scope dies now. */
  expireTokens: z.literal(true).optional(),
  /** Applied once when the fault is added: every refresh token of the scope is revoked. */
  revokeRefreshTokens: z.literal(true).optional(),
  malformed: z
    .strictObject({
      count: z.number().int().min(1),
      kind: z.enum(['html', 'truncated', 'wrong-types', 'missing-fields']),
    })
    .optional(),
  /**
   * The next N answers break off mid-body (the connection resets after the headers and part of
   * the body). The emulator has already done the work, as a real server would have.
   */
  reset: z.strictObject({ count: z.number().int().min(1) }).optional(),
});
export type FaultSpec = z.input<typeof FaultSpecSchema>;

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  remaining: { status429: number; status5xx: number; timeout: number; malformed: number; reset: number };
  /** Requests this fault changed (latency included). */
  hits: number;
}

/** The in-process face of the admin fault API. */
export interface FaultController {
  /** Validates and activates a fault; returns its id. Throws on an invalid spec. */
  add(spec: FaultSpec): string;
  remove(id: string): boolean;
  clear(): void;
  list(): ActiveFault[];
}

type Hit = { fault: ActiveFault; kind: string };

const DEFAULT_TIMEOUT_MS = 60_000;

export class Faults implements FaultController {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  private random = seededRandom(42);
  private statusCycle = 0;
  /** Hanging requests, released at stop so the server can close at once. */
  private hanging = new Set<() => void>();

  constructor(private readonly state: SandboxState) {}

  add(input: FaultSpec): string {
    const spec = FaultSpecSchema.parse(input);
    const fault: ActiveFault = {
      id: `f-${this.nextId++}`,
      spec,
      remaining: {
        status429: spec.status429?.count ?? 0,
        status5xx: spec.status5xx?.count ?? 0,
        timeout: spec.timeout?.count ?? 0,
        malformed: spec.malformed?.count ?? 0,
        reset: spec.reset?.count ?? 0,
      },
      hits: 0,
    };
    if (spec.expireTokens) this.expireTokens(spec);
    if (spec.revokeRefreshTokens) this.revokeRefreshTokens(spec);
    this.faults.push(fault);
    return fault.id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
    this.random = seededRandom(42);
    this.statusCycle = 0;
  }

  list(): ActiveFault[] {
    return this.faults;
  }

  /** Lets every hanging request go (server shutdown). */
  releaseAll(): void {
    for (const release of this.hanging) release();
    this.hanging.clear();
  }

  /**
   * Runs before the emulator: waits out latency and may answer instead of it (429, 5xx, hang).
   * Returns the response to send, or null to let the emulator answer; `hits` lists what applied.
   */
  async before(info: HostInfo, path: string, req: Request, hits: string[]): Promise<Response | null> {
    const matching = this.faults.filter((f) => matches(f.spec, info, path));
    if (matching.length === 0) return null;
    let latency = 0;
    for (const f of matching) {
      if (f.spec.latencyMs) {
        latency += f.spec.latencyMs;
        f.hits++;
      }
    }
    if (latency > 0) {
      hits.push(`latency:${latency}`);
      await this.sleep(latency, req.signal);
    }
    const hit = this.takeFailure(matching);
    if (!hit) return null;
    hit.fault.hits++;
    hits.push(hit.kind);
    const { spec } = hit.fault;
    if (hit.kind === 'timeout') {
      await this.sleep(spec.timeout?.ms ?? DEFAULT_TIMEOUT_MS, req.signal);
      return new Response('Gateway Timeout', { status: 504, headers: { 'content-type': 'text/plain' } });
    }
    if (hit.kind === '429') {
      const headers: Record<string, string> = {};
      if (spec.status429?.retryAfterSeconds !== undefined) {
        headers['retry-after'] = String(spec.status429.retryAfterSeconds);
      }
      return errorResponse(info.system, 429, headers);
    }
    const status = [500, 502, 503][this.statusCycle++ % 3] ?? 500;
    return errorResponse(info.system, status, {});
  }

  /** Runs after the emulator: may corrupt its answer (malformed bodies). */
  async after(info: HostInfo, path: string, res: Response, hits: string[]): Promise<Response> {
    const resetting = this.faults.find((f) => f.remaining.reset > 0 && matches(f.spec, info, path));
    if (resetting) {
      resetting.remaining.reset--;
      resetting.hits++;
      hits.push('reset');
      return breakOff(res);
    }
    const fault = this.faults.find((f) => f.remaining.malformed > 0 && matches(f.spec, info, path));
    const kind = fault?.spec.malformed?.kind;
    if (!fault || !kind) return res;
    fault.remaining.malformed--;
    fault.hits++;
    hits.push(`malformed:${kind}`);
    return malform(res, kind);
  }

  private takeFailure(matching: ActiveFault[]): Hit | null {
    for (const f of matching) {
      if (f.remaining.timeout > 0) {
        f.remaining.timeout--;
        return { fault: f, kind: 'timeout' };
      }
      if (f.remaining.status429 > 0) {
        f.remaining.status429--;
        return { fault: f, kind: '429' };
      }
      if (f.remaining.status5xx > 0) {
        f.remaining.status5xx--;
        return { fault: f, kind: '5xx' };
      }
      const rate = f.spec.status5xx?.rate;
      if (rate !== undefined && this.random() < rate) return { fault: f, kind: '5xx' };
    }
    return null;
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.hanging.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.hanging.add(done);
    });
  }

  private scopeSystems(spec: FaultSpec): { mojo: boolean; zoho: boolean } {
    if (isWiseAgentScope(spec)) return { mojo: false, zoho: false };
    if (isCincScope(spec)) return { mojo: false, zoho: false };
    if (spec.system) return { mojo: spec.system === 'mojo', zoho: spec.system !== 'mojo' };
    if (spec.host) {
      const isMojo = spec.host.endsWith('mojosells.com');
      return { mojo: isMojo, zoho: !isMojo };
    }
    return { mojo: true, zoho: true };
  }

  private expireTokens(spec: FaultSpec): void {
    const scope = this.scopeSystems(spec);
    const past = now(this.state) - 1;
    if (scope.mojo) for (const t of this.state.mojo.accessTokens.values()) t.expires_at = past;
    if (scope.zoho) for (const t of this.state.zoho.accessTokens.values()) t.expires_at = past;
    expireCincTokens(this.state, spec, past);
    if (wiseAgentInScope(spec)) expireWiseAgentTokens(this.state, past);
  }

  private revokeRefreshTokens(spec: FaultSpec): void {
    const scope = this.scopeSystems(spec);
    if (scope.mojo) for (const t of this.state.mojo.refreshTokens.values()) t.revoked = true;
    if (scope.zoho) for (const t of this.state.zoho.refreshTokens.values()) t.revoked = true;
    revokeCincRefreshTokens(this.state, spec);
    if (wiseAgentInScope(spec)) revokeWiseAgentRefreshTokens(this.state);
  }
}

/**
 * Unscoped faults hit the APIs and the accounts servers but not the CRM's web pages, so "429 on
 * everything" does not also break the page the extension is injected into; scope a fault to a
 * web host or to `zoho-web` to hit pages.
 */
function matches(spec: FaultSpec, info: HostInfo, path: string): boolean {
  if (spec.host !== undefined && spec.host.toLowerCase() !== info.host) return false;
  if (spec.system !== undefined && spec.system !== info.system) return false;
  if (spec.host === undefined && spec.system === undefined && info.system === 'zoho-web') return false;
  if (spec.host === undefined && spec.system === undefined && info.system === 'cinc-web') return false;
  if (spec.host === undefined && spec.system === undefined && info.system === 'wiseagent-web') return false;
  if (spec.pathPrefix !== undefined && !path.startsWith(spec.pathPrefix)) return false;
  return true;
}

function errorResponse(system: SandboxSystem, status: number, headers: Record<string, string>): Response {
  if (status === 502 || status === 503) {
    // Gateways in front of real services answer these with HTML, not the API's JSON.
    const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
    return new Response(`<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`, {
      status,
      headers: { 'content-type': 'text/html', ...headers },
    });
  }
  if (system === 'mojo') {
    return jsonResponse({ error: status === 429 ? 'rate_limited' : 'server_error' }, status, headers);
  }
  if (system === 'zoho-web') return new Response('Error', { status, headers });
  const cinc = cincFaultResponse(system, status, headers);
  if (cinc) return cinc;
  if (system.startsWith('wiseagent-')) return wiseAgentErrorResponse(system, status, headers);
  const body =
    status === 429
      ? {
          code: 'TOO_MANY_REQUESTS',
          details: {},
          message: 'too many requests, try again later',
          status: 'error',
        }
      : { code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' };
  return jsonResponse(body, status, headers);
}

/** The answer's headers and the first half of its body, then the stream errors: a reset connection. */
async function breakOff(res: Response): Promise<Response> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const half = bytes.slice(0, Math.max(1, Math.floor(bytes.length / 2)));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(half);
      // Let the first chunk go out before the connection dies.
      setTimeout(() => controller.error(new Error('connection reset (sandbox fault)')), 20);
    },
  });
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(body, { status: res.status === 204 ? 200 : res.status, headers });
}

async function malform(
  res: Response,
  kind: 'html' | 'truncated' | 'wrong-types' | 'missing-fields',
): Promise<Response> {
  const text = await res.text();
  const status = res.status === 204 ? 200 : res.status;
  if (kind === 'html') {
    // What a captive portal or a maintenance proxy sends in place of JSON.
    return new Response(
      '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We will be right back</h1></body></html>',
      { status: 200, headers: { 'content-type': 'text/html' } },
    );
  }
  const headers = { 'content-type': res.headers.get('content-type') ?? 'application/json;charset=UTF-8' };
  if (kind === 'truncated') {
    const cut = text.length > 1 ? text.slice(0, Math.ceil(text.length / 2)) : '{"data":[{"id":"4876';
    return new Response(cut, { status, headers });
  }
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(text === '' ? '{"data":[]}' : text) as JsonValue;
  } catch {
    return new Response(text, { status, headers });
  }
  const body = kind === 'missing-fields' ? missingFields(parsed) : wrongTypes(parsed);
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * Every object inside a list keeps only its `id`: the envelope is intact, the items are not (what
 * a proxy that strips fields, or an API change, would send).
 */
export function missingFields(value: JsonValue, inList = false): JsonValue {
  if (Array.isArray(value)) return value.map((v) => missingFields(v, true));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value)) {
    if (inList && k !== 'id') continue;
    out[k] = missingFields(v, false);
  }
  return out;
}

/** Every value swapped for one of another type: arrays become objects, strings numbers, … */
export function wrongTypes(value: JsonValue): JsonValue {
  if (value === null) return 0;
  if (Array.isArray(value)) {
    const out: Record<string, JsonValue> = {};
    value.forEach((v, i) => {
      out[String(i)] = wrongTypes(v);
    });
    return out;
  }
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = wrongTypes(v);
    return out;
  }
  if (typeof value === 'string') return value.length;
  return String(value);
}
