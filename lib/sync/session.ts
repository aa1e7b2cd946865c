/**
 * A `TokenSource` over a stored session: hands out the current access token, refreshes a little
 * before expiry, and when a server rejects a token refreshes exactly once for every caller that
 * saw the same token (the others wait for that one refresh instead of starting their own — Zoho
 * allows only 10 token requests in 10 minutes, and Wise Agent rotates refresh tokens).
 */

import { ApiError } from '../connectors/http';
import type { TokenSource } from '../connectors/types';

export interface StoredSession {
  accessToken: string;
  expiresAt: number;
  apiBase: string;
}

export interface SessionStore<S extends StoredSession> {
  load(): Promise<S | null>;
  save(session: S): Promise<void>;
  /** Exchange the refresh token; throws ApiError kind 'auth' when it is dead. */
  refresh(session: S): Promise<S>;
  /** Which system, for errors. */
  system: string;
  /** Shown when there is no session (never connected, or it needs connecting again). */
  notConnected: string;
}

const EARLY_MS = 60_000;

export class SharedSession<S extends StoredSession> implements TokenSource {
  private inflight: Promise<S> | null = null;

  constructor(private readonly store: SessionStore<S>) {}

  async current(): Promise<{ accessToken: string; apiBase: string }> {
    const s = await this.loadOrThrow();
    if (s.expiresAt - EARLY_MS > Date.now()) return s;
    return this.refreshOnce(s);
  }

  async refreshAfter(rejected: string): Promise<{ accessToken: string; apiBase: string }> {
    const s = await this.loadOrThrow();
    // Someone already refreshed after this token died: use theirs.
    if (s.accessToken !== rejected) return s;
    return this.refreshOnce(s);
  }

  private async loadOrThrow(): Promise<S> {
    if (this.inflight) return this.inflight;
    const s = await this.store.load();
    // An 'auth' error, so queued work waits for the reconnect instead of being dropped.
    if (!s) {
      throw new ApiError({
        system: this.store.system,
        kind: 'auth',
        code: 'not_connected',
        userMessage: this.store.notConnected,
      });
    }
    return s;
  }

  private refreshOnce(s: S): Promise<S> {
    this.inflight ??= (async () => {
      try {
        const next = await this.store.refresh(s);
        await this.store.save(next);
        return next;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}
