/** Small helpers shared by the emulators: tokens, ids, time, HTML escaping, body parsing. */
import { randomBytes } from 'node:crypto';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An opaque bearer token; random so that a client can never guess or reuse one across resets. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(24).toString('base64url');
}

/** Zoho's ids are 19-digit strings; ours share the org's prefix (4876876000000…) so they look real. */
export function zohoId(n: number): string {
  return `4876876${String(n).padStart(12, '0')}`;
}

/** Zoho writes times as ISO 8601 with an offset and no milliseconds: 2026-11-20T10:15:00+00:00. */
export function zohoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export function isoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The JSON body, or undefined when it is missing or not JSON (handlers answer 400 then). */
export async function readJson(req: Request): Promise<JsonValue | undefined> {
  const text = await req.text();
  if (text.trim() === '') return undefined;
  try {
    // JSON.parse yields exactly the JsonValue shapes.
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Form fields merged with query parameters: Zoho's token endpoint accepts both, and public
 * clients use either, so the emulator must not reject one of them.
 */
export async function readFormAndQuery(req: Request): Promise<URLSearchParams> {
  const merged = new URLSearchParams(new URL(req.url).search);
  const type = req.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(await req.text())) merged.set(k, v);
  } else if (type.includes('multipart/form-data')) {
    const form = await req.formData();
    for (const [k, v] of form) if (typeof v === 'string') merged.set(k, v);
  }
  return merged;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A small seeded PRNG (mulberry32): fault rates must be reproducible across benchmark runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}

/** Hono's onError for every emulator: a crash is a sandbox bug, not vendor behaviour, so it is loud. */
export function sandboxError(e: Error): Response {
  console.error('[sandbox] handler error:', e);
  return jsonResponse({ error: 'sandbox_error', message: e.message }, 500);
}
