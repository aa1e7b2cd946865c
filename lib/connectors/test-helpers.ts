/**
 * What the connectors' unit tests share: a JSON answer, the ApiError a call ends in, and a token
 * source whose access token changes each time it is refreshed. Test-only: nothing in the product
 * imports this module.
 */
import { vi } from 'vitest';
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
