/**
 * What the connectors' unit tests share: a JSON answer, the ApiError a call ends in, and a token
 * source whose access token changes each time it is refreshed. Test-only: nothing in the product
 * imports this module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { vi } from 'vitest';
import { z } from 'zod';
import { ApiError } from './http';
import type { TokenSource } from './types';

/** A JSON answer, as the vendor's server would send it. */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** The ApiError a call fails with; anything else (or no failure) fails the test. */
export async function caught(call: Promise<unknown> | (() => unknown)): Promise<ApiError> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

/** Tokens `<prefix>0`, `<prefix>1`, …: each `refreshAfter` hands out the next one. */
export function rotatingTokens(
  apiBase: string,
  prefix = 't',
): TokenSource & { refreshAfter: ReturnType<typeof vi.fn> } {
  let n = 0;
  return {
    current: async () => ({ accessToken: `${prefix}${n}`, apiBase }),
    refreshAfter: vi.fn(async () => {
      n++;
      return { accessToken: `${prefix}${n}`, apiBase };
    }),
  };
}

/**
 * A golden fixture: one answer (or request) copied from the vendor's own example, with where it was
 * copied from. They live in `lib/connectors/<crm>/fixtures/<name>.json`; the client's schemas must
 * read every one, and the emulator's contract tests check it answers in the same shape
 * (e2e/sandbox/shape.ts).
 */
export const Golden = z.strictObject({
  /** A documentation URL, or `owner/repo:path` of an official SDK, plugin or public client. */
  source: z.string().min(8),
  /** documented: the vendor's docs or own code; inferred: a public client; assumed: neither. */
  status: z.enum(['documented', 'inferred', 'assumed']),
  /** The call it answers: `POST /crm/v7/Leads/upsert`. */
  request: z.string().min(3),
  httpStatus: z.number().int().min(100).max(599),
  /** What was changed from the vendor's text, if anything (ids shortened, a field left out). */
  note: z.string().optional(),
  body: z.unknown(),
});
export type Golden = z.infer<typeof Golden>;

const fixturesDir = (crm: string) => new URL(`./${crm}/fixtures/`, import.meta.url);

/** One golden fixture of a CRM (`golden('zoho', 'upsert-answer')`), validated. */
export function golden(crm: string, name: string): Golden {
  return Golden.parse(JSON.parse(readFileSync(new URL(`${name}.json`, fixturesDir(crm)), 'utf8')));
}

/** Every golden fixture of a CRM, by name: for "the client reads every one" tests. */
export function goldens(crm: string): Record<string, Golden> {
  const names = readdirSync(fixturesDir(crm)).filter((file) => file.endsWith('.json'));
  return Object.fromEntries(names.map((file) => [file.slice(0, -5), golden(crm, file.slice(0, -5))]));
}
