import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ApiError,
  clearRetryAfter,
  createHttp,
  isApiError,
  parseRetryAfter,
  parseWith,
  send,
  statusError,
  successBody,
  withAuth,
} from './http';
import type { TokenSource } from './types';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  clearRetryAfter();
});

function caught(promise: Promise<unknown>): Promise<ApiError> {
  return promise.then(
    () => {
      throw new Error('expected an ApiError');
    },
    (error: unknown) => {
      if (!(error instanceof ApiError)) throw error;
      return error;
    },
  );
}

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('Sat, 21 Nov 2026 15:00:00 GMT');
    expect(parseRetryAfter('Sat, 21 Nov 2026 15:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 14:00:00 GMT', now)).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('statusError', () => {
  const headers = new Headers({ 'retry-after': '7' });

  it('maps 429, 408 and 5xx to retry with Retry-After', () => {
    for (const status of [429, 408, 500, 503]) {
      const error = statusError({ system: 'mojo', status, headers });
      expect(error.kind).toBe('retry');
      expect(error.retryAfterMs).toBe(7000);
      expect(error.retryable).toBe(true);
    }
  });

  it('maps 401 to auth and other 4xx to permanent with the API code', () => {
    expect(statusError({ system: 'mojo', status: 401, headers: new Headers() }).kind).toBe('auth');
    const error = statusError({ system: 'mojo', status: 422, headers: new Headers(), code: 'invalid_phone' });
    expect(error.kind).toBe('permanent');
    expect(error.code).toBe('invalid_phone');
    expect(error.retryable).toBe(false);
    expect(error.retryAfterMs).toBeNull();
  });

  it('gives the user a message and the log a detail', () => {
    const error = statusError({
      system: 'zoho',
      status: 400,
      headers: new Headers(),
      code: 'X',
      message: 'bad',
    });
    expect(error.toUserError()).toEqual({
      code: 'X',
      message: 'Zoho CRM refused the request (bad).',
      detail: error.message,
    });
  });
});

describe('send', () => {
  it('turns a failed fetch into a network ApiError', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const error = await caught(
      send(createHttp(), 'mojo', 'https://app31.mojosells.com/x', { method: 'get' }),
    );
    expect(error.kind).toBe('network');
    expect(error.status).toBeNull();
    expect(error.userMessage).toMatch(/Mojo could not be reached/);
  });

  it('turns a timeout into a network ApiError', async () => {
    vi.useFakeTimers();
    const http = createHttp({
      fetch: (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });
    const pending = caught(send(http, 'zoho', 'https://www.zohoapis.com/x', { method: 'get' }));
    await vi.advanceTimersByTimeAsync(30_001);
    expect((await pending).kind).toBe('network');
  });

  it('does not retry: the outbox owns retries', async () => {
    const fetch = vi.fn(async () => new Response('busy', { status: 503 }));
    const response = await send(createHttp({ fetch }), 'mojo', 'https://app31.mojosells.com/x', {
      method: 'get',
    });
    expect(response.status).toBe(503);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('holds every later request to that system until the Retry-After it was given', async () => {
    vi.useFakeTimers();
    const sentAt: number[] = [];
    const fetch = vi.fn(async () => {
      sentAt.push(Date.now());
      return sentAt.length === 1
        ? new Response('slow down', { status: 429, headers: { 'retry-after': '3' } })
        : new Response('{}', { status: 200 });
    });
    const http = createHttp({ fetch });
    const url = 'https://app31.mojosells.com/x';
    expect((await send(http, 'mojo', url, { method: 'get' })).status).toBe(429);
    const started = Date.now();
    // Another request to Mojo (a different step, the group list) waits; one to Zoho does not.
    const mojo = send(http, 'mojo', url, { method: 'get' });
    const zoho = send(
      createHttp({ fetch: async () => new Response('{}') }),
      'zoho',
      'https://www.zohoapis.com/x',
      {
        method: 'get',
      },
    );
    expect((await zoho).status).toBe(200);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    // The Retry-After and a little to spare.
    await vi.advanceTimersByTimeAsync(50);
    expect((await mojo).status).toBe(200);
    expect((sentAt[1] ?? 0) - started).toBeGreaterThanOrEqual(3_000);
  });

  it('does not sit out a long Retry-After: it fails as retry for the outbox to reschedule', async () => {
    const http = createHttp({
      fetch: async () => new Response('', { status: 429, headers: { 'retry-after': '3600' } }),
    });
    await send(http, 'mojo', 'https://app31.mojosells.com/x', { method: 'get' });
    const error = await caught(send(http, 'mojo', 'https://app31.mojosells.com/x', { method: 'get' }));
    expect(error.kind).toBe('retry');
    expect(error.retryAfterMs).toBeGreaterThan(3_590_000);
  });
});

describe('bodies', () => {
  it('calls HTML malformed', async () => {
    const response = new Response('<!doctype html><html>Maintenance</html>', {
      headers: { 'content-type': 'text/html' },
    });
    const error = await caught(successBody('zoho', response));
    expect(error.kind).toBe('malformed');
    expect(error.userMessage).toBe('Zoho CRM answered with a web page instead of data.');
  });

  it('calls truncated JSON malformed', async () => {
    const error = await caught(successBody('zoho', new Response('{"data":[{"id":"1"')));
    expect(error.kind).toBe('malformed');
    expect(error.userMessage).toBe('Zoho CRM answered with something that is not valid JSON.');
  });

  it('reads an empty body as undefined', async () => {
    expect(await successBody('mojo', new Response(null, { status: 204 }))).toBeUndefined();
  });

  it('calls wrong types malformed, with zod in the detail', () => {
    const schema = z.object({ id: z.number() });
    let thrown: unknown;
    try {
      parseWith('mojo', schema, { id: '41' }, 200, 'group');
    } catch (error) {
      thrown = error;
    }
    expect(isApiError(thrown, 'malformed')).toBe(true);
    expect((thrown as ApiError).detail).toMatch(/group/);
  });
});

describe('withAuth', () => {
  function tokens(): TokenSource & { refreshAfter: ReturnType<typeof vi.fn> } {
    let n = 0;
    return {
      current: vi.fn(async () => ({ accessToken: `t${n}`, apiBase: 'https://api' })),
      refreshAfter: vi.fn(async () => {
        n++;
        return { accessToken: `t${n}`, apiBase: 'https://api' };
      }),
    };
  }
  const dead = () => new ApiError({ system: 'mojo', kind: 'auth', status: 401, userMessage: 'again' });

  it('refreshes exactly once on auth, then succeeds with the new token', async () => {
    const source = tokens();
    const seen: string[] = [];
    const result = await withAuth(source, async ({ accessToken }) => {
      seen.push(accessToken);
      if (accessToken === 't0') throw dead();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(seen).toEqual(['t0', 't1']);
    expect(source.refreshAfter).toHaveBeenCalledTimes(1);
    expect(source.refreshAfter).toHaveBeenCalledWith('t0');
  });

  it('gives up on a second auth failure', async () => {
    const source = tokens();
    const call = vi.fn(async () => {
      throw dead();
    });
    const error = await caught(withAuth(source, call));
    expect(error.kind).toBe('auth');
    expect(call).toHaveBeenCalledTimes(2);
    expect(source.refreshAfter).toHaveBeenCalledTimes(1);
  });

  it('does not refresh for other errors', async () => {
    const source = tokens();
    const error = await caught(
      withAuth(source, async () => {
        throw new ApiError({ system: 'mojo', kind: 'retry', status: 503, userMessage: 'busy' });
      }),
    );
    expect(error.kind).toBe('retry');
    expect(source.refreshAfter).not.toHaveBeenCalled();
  });
});
