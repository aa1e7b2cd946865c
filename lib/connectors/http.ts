/**
 * What every API client shares: one ky setup, one error type, and the rules that turn a status
 * code or a bad body into that error. The sync runner decides what to do next from `ApiError.kind`
 * alone (retry later, refresh and retry, give up, report), so every client must map its failures
 * here the same way. No browser APIs: this runs in the service worker, in vitest and in Node.
 */

import ky, { isNetworkError, isTimeoutError, type KyInstance, type Options } from 'ky';
import { z } from 'zod';
import { CRM_LABELS } from '../core/models';
import type { UserError } from '../core/result';
import type { TokenSource } from './types';

/**
 * - `retry`: try again later (429, 408, 5xx), after `retryAfterMs` when the server said.
 * - `network`: no answer at all (offline, DNS, timeout); also worth another try.
 * - `auth`: the token is dead; refresh once, then the user must connect again.
 * - `permanent`: the server refused this request; sending it again changes nothing.
 * - `malformed`: a 2xx whose body is not what the contract promises; a bug or an outage page.
 */
export type ApiErrorKind = 'retry' | 'auth' | 'permanent' | 'malformed' | 'network';

export interface ApiErrorInit {
  system: string;
  kind: ApiErrorKind;
  status?: number | null;
  code?: string | null;
  retryAfterMs?: number | null;
  userMessage: string;
  /** Technical detail for the activity log (never shown as the headline). */
  detail?: string;
  /** Mojo's 409 linked_to_other_account names the CRM account that holds the link. */
  linkedAccountLabel?: string;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly system: string;
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly code: string | null;
  readonly retryAfterMs: number | null;
  readonly userMessage: string;
  readonly detail: string | undefined;
  readonly linkedAccountLabel: string | undefined;

  constructor(init: ApiErrorInit) {
    const status = init.status ?? null;
    const code = init.code ?? null;
    super(
      `${init.system} ${init.kind}${status === null ? '' : ` HTTP ${status}`}${code === null ? '' : ` ${code}`}: ${init.detail ?? init.userMessage}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = 'ApiError';
    this.system = init.system;
    this.kind = init.kind;
    this.status = status;
    this.code = code;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.userMessage = init.userMessage;
    this.detail = init.detail;
    this.linkedAccountLabel = init.linkedAccountLabel;
  }

  /** Whether sending the same request again later can succeed. */
  get retryable(): boolean {
    return this.kind === 'retry' || this.kind === 'network';
  }

  /** For a `Result` crossing a message boundary: the user's words, the technical detail apart. */
  toUserError(): UserError {
    return { code: this.code ?? this.kind, message: this.userMessage, detail: this.message };
  }
}

export function isApiError(error: unknown, kind?: ApiErrorKind): error is ApiError {
  return error instanceof ApiError && (kind === undefined || error.kind === kind);
}

/** How a system is named in messages a user reads. */
const SYSTEM_LABELS: Record<string, string> = { mojo: 'Mojo', ...CRM_LABELS };
export function systemLabel(system: string): string {
  return SYSTEM_LABELS[system] ?? system;
}

export interface HttpOptions {
  /** A fetch to use instead of the global one (tests, benchmarks). */
  fetch?: (input: Request | URL | string, init?: RequestInit) => Promise<Response>;
}

/** A ky instance with the house rules; every client makes its calls through one of these. */
export function createHttp(options: HttpOptions = {}): KyInstance {
  return ky.create({
    // The outbox owns retries: it persists them across service-worker restarts, spaces them with
    // one backoff per system and counts attempts. A retry hidden in here would multiply those and
    // could repeat a write the outbox believes was sent once.
    retry: 0,
    timeout: 30_000,
    // Every status comes back as a Response: the clients read the body themselves (with zod) so a
    // 409 or a 207 can carry meaning instead of becoming an opaque HTTPError.
    throwHttpErrors: false,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

/**
 * No request to a system before this time (epoch ms): the Retry-After it last asked for. Held here,
 * where the answer arrives, because every request passes through `send`: the runner's own pause
 * only starts once the failed step has been handled, and a request leased or made meanwhile (the
 * group list, a token refresh, a step that was already waiting for a slot) must wait all the same.
 */
const retryAfterUntil = new Map<string, number>();

/** Added to every Retry-After wait. */
const RETRY_AFTER_SPARE_MS = 50;

/** Longer than this, a request does not sit waiting: it fails as 'retry' and the outbox reschedules it. */
export const RETRY_AFTER_WAIT_MAX_MS = 60_000;

/** Forget every Retry-After (tests). */
export function clearRetryAfter(): void {
  retryAfterUntil.clear();
}

/** Makes one call; failures without an answer (offline, DNS, timeout) become a 'network' ApiError. */
export async function send(
  http: KyInstance,
  system: string,
  url: string,
  options: Options,
  networkMessage?: string,
): Promise<Response> {
  const wait = (retryAfterUntil.get(system) ?? 0) - Date.now();
  if (wait > RETRY_AFTER_WAIT_MAX_MS) {
    throw new ApiError({
      system,
      kind: 'retry',
      retryAfterMs: wait,
      userMessage: `${systemLabel(system)} asked Mojo Bridge to wait; it will try again in ${Math.ceil(wait / 1000)} s.`,
    });
  }
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  try {
    const response = await http(url, options);
    if (response.status === 429 || response.status === 503) {
      const after = parseRetryAfter(response.headers.get('retry-after'));
      if (after !== null && after > 0) {
        // A little to spare: timers and clocks round, and "not before" must hold on the server's side too.
        const until = Date.now() + after + RETRY_AFTER_SPARE_MS;
        retryAfterUntil.set(system, Math.max(retryAfterUntil.get(system) ?? 0, until));
      }
    }
    return response;
  } catch (error) {
    if (isNetworkError(error) || isTimeoutError(error)) {
      throw new ApiError({
        system,
        kind: 'network',
        userMessage:
          networkMessage ??
          `${systemLabel(system)} could not be reached. Check your connection; Mojo Bridge will try again.`,
        detail: `${options.method ?? 'GET'} ${url}: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
    throw error;
  }
}

/** A body read as JSON, or why it could not be. `value` is undefined for an empty body. */
export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'html' | 'invalid'; snippet: string };

export async function readJson(system: string, response: Response): Promise<JsonBody> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The connection dropped while the body streamed in: nothing was learnt, so try again later.
    throw new ApiError({
      system,
      kind: 'network',
      status: response.status,
      userMessage: `The connection to ${systemLabel(system)} broke while it answered; Mojo Bridge will try again.`,
      detail: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  const snippet = trimmed.slice(0, 200);
  const contentType = response.headers.get('content-type') ?? '';
  // Login walls, proxies and outage pages answer with HTML, often with status 200.
  if (contentType.includes('html') || trimmed.startsWith('<')) return { ok: false, reason: 'html', snippet };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false, reason: 'invalid', snippet };
  }
}

export function malformed(
  system: string,
  status: number | null,
  detail: string,
  userMessage?: string,
): ApiError {
  return new ApiError({
    system,
    kind: 'malformed',
    status,
    userMessage: userMessage ?? `${systemLabel(system)} answered in a shape Mojo Bridge does not understand.`,
    detail,
  });
}

/** The value of a body read from a 2xx answer; anything that is not JSON is 'malformed'. */
export function bodyValue(system: string, status: number, body: JsonBody): unknown {
  if (body.ok) return body.value;
  const label = systemLabel(system);
  throw malformed(
    system,
    status,
    body.snippet,
    body.reason === 'html'
      ? `${label} answered with a web page instead of data.`
      : `${label} answered with something that is not valid JSON.`,
  );
}

/** The JSON body of a 2xx answer; anything that is not JSON is 'malformed'. */
export async function successBody(system: string, response: Response): Promise<unknown> {
  return bodyValue(system, response.status, await readJson(system, response));
}

/** Validates a decoded body; a mismatch is 'malformed', with zod's account in the detail. */
export function parseWith<S extends z.ZodType>(
  system: string,
  schema: S,
  value: unknown,
  status: number | null,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw malformed(system, status, `${what}: ${z.prettifyError(parsed.error)}`);
}

/**
 * `Retry-After` as milliseconds from now: delta seconds or an HTTP date (RFC 9110 §10.2.3).
 * Null when absent or unreadable, so the runner falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export interface StatusErrorInit {
  system: string;
  status: number;
  headers: Headers;
  /** The API's own error code, when its body named one. */
  code?: string | null;
  /** The API's own message, for the detail. */
  message?: string | null;
  /** A message for this case that beats the generic one. */
  userMessage?: string;
}

/** The generic status mapping: 429/408/5xx retry, 401 auth, other 4xx permanent. */
export function statusError(init: StatusErrorInit): ApiError {
  const { system, status, headers } = init;
  const label = systemLabel(system);
  const code = init.code ?? null;
  const detail = [init.message, code].filter((part) => part !== null && part !== undefined).join(' · ');
  if (status === 429 || status === 408 || status >= 500) {
    return new ApiError({
      system,
      kind: 'retry',
      status,
      code,
      retryAfterMs: parseRetryAfter(headers.get('retry-after')),
      userMessage:
        init.userMessage ??
        `${label} is busy right now (HTTP ${status}); Mojo Bridge will try again shortly.`,
      detail: detail || `HTTP ${status}`,
    });
  }
  if (status === 401) {
    return new ApiError({
      system,
      kind: 'auth',
      status,
      code,
      userMessage: init.userMessage ?? `${label} needs to be connected again.`,
      detail: detail || 'HTTP 401',
    });
  }
  return new ApiError({
    system,
    kind: 'permanent',
    status,
    code,
    userMessage:
      init.userMessage ?? `${label} refused the request (${init.message ?? code ?? `HTTP ${status}`}).`,
    detail: detail || `HTTP ${status}`,
  });
}

/**
 * Runs `call` with the current token; when it fails with 'auth', asks the token source for a fresh
 * token ONCE (the source shares one refresh among concurrent callers) and tries once more. A second
 * 'auth' propagates: the refresh did not help, so the user must connect again.
 */
export async function withAuth<T>(
  tokens: TokenSource,
  call: (token: { accessToken: string; apiBase: string }) => Promise<T>,
): Promise<T> {
  const first = await tokens.current();
  try {
    return await call(first);
  } catch (error) {
    if (!isApiError(error, 'auth')) throw error;
    const fresh = await tokens.refreshAfter(first.accessToken);
    return call(fresh);
  }
}

/** `base` + `path` with exactly one slash between; bases are settings and may end with one. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
