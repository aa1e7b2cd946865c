/**
 * Drains the outbox: leases ready entries per system, runs each through its handler under that
 * system's concurrency cap and rate limit, and decides what a failure means — retry later with
 * backoff (429, 5xx, network, a malformed answer), hold everything until the user reconnects (a
 * dead refresh token), or dead-letter with the reason (any other 4xx, or too many attempts).
 */
import PQueue from 'p-queue';
import { ApiError } from '../connectors/http';
import { retryDelay } from '../core/backoff';
import type { OutboxEntry } from '../platform/db';
import { describeEntry } from './describe';
import type { JobDelta } from './jobs';
import {
  complete,
  deadLetter,
  type Effects,
  lease,
  nextReadyAt,
  pauseSystem,
  retryLater,
  stats,
} from './outbox';

export interface EntryHandler {
  run(entry: OutboxEntry): Promise<Effects>;
  /** How the entry's run counts an entry that could not be delivered. */
  onGiveUp?(entry: OutboxEntry, reason: string): { id: string; delta: JobDelta } | undefined;
}

export interface SystemLimits {
  concurrency: number;
  /** Requests started per second at most. */
  perSecond: number;
}

export interface RunnerHooks {
  /** The system's refresh token is dead: its entries are paused; tell the user to reconnect. */
  authLost(system: string, message: string): Promise<void>;
  /** An entry left the queue (delivered or dead-lettered). */
  settled(entry: OutboxEntry): Promise<void>;
  log(level: 'info' | 'warn' | 'error', text: string, detail?: string): void;
  /** Ask to be woken at this time even if the worker is stopped meanwhile (alarms). */
  wakeAt(at: number | null): void;
}

/** While offline, how often the runner looks whether the network is back. */
export const OFFLINE_RECHECK_MS = 2_000;

/** After this many attempts a retryable failure is dead-lettered, to be retried by hand. */
export const MAX_ATTEMPTS = 10;

export class OutboxRunner {
  private readonly queues = new Map<string, PQueue>();
  private readonly pumping = new Set<string>();
  private readonly pumpAgain = new Set<string>();
  /** No request to a system before this time (its Retry-After, or a 429's backoff). */
  private readonly coolDownUntil = new Map<string, number>();
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeTimerAt = 0;
  /** Entries this worker leased and has not finished (lease skips them without reading them). */
  private readonly running = new Set<number>();
  private stopped = false;

  constructor(
    private readonly handlers: Record<string, EntryHandler>,
    private readonly limits: (system: string) => SystemLimits,
    private readonly systems: readonly string[],
    private readonly hooks: RunnerHooks,
  ) {}

  /** Whether the browser has a network; injectable for tests. */
  isOnline: () => boolean = () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false);

  /** Look for work now (on start, after enqueueing, on an alarm). */
  kick(): void {
    for (const s of this.systems) void this.pump(s);
  }

  /** Whether any system has work in flight or waiting in its queue. */
  busy(): boolean {
    return [...this.queues.values()].some((q) => q.pending > 0 || q.size > 0);
  }

  /**
   * Take no more work and cancel the wake-up timer; what is in flight finishes. For tests, where a
   * runner left over from one test would otherwise wake up and work the next test's entries.
   */
  stop(): void {
    this.stopped = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /** Resolves when nothing is in flight (for tests and benchmarks in Node). */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.onIdle()));
  }

  private queue(system: string): PQueue {
    let q = this.queues.get(system);
    const { concurrency, perSecond } = this.limits(system);
    if (!q) {
      q = new PQueue({ concurrency, intervalCap: perSecond, interval: 1000 });
      this.queues.set(system, q);
    } else if (q.concurrency !== concurrency) {
      q.concurrency = concurrency;
    }
    return q;
  }

  private async pump(system: string): Promise<void> {
    if (this.stopped) return;
    if (this.pumping.has(system)) {
      this.pumpAgain.add(system);
      return;
    }
    this.pumping.add(system);
    try {
      // Offline, every request would fail and spend an attempt: wait for 'online' (see kick). A
      // service worker is not always told when the network comes back (e2e/faults/offline.spec.ts
      // saw the queue sit until the next alarm), so look again every few seconds as well.
      if (!this.isOnline()) {
        this.wakeIn(OFFLINE_RECHECK_MS);
        return;
      }
      const q = this.queue(system);
      const cool = this.coolDownUntil.get(system) ?? 0;
      if (cool > Date.now()) {
        this.wakeIn(cool - Date.now());
        return;
      }
      const free = q.concurrency - q.pending - q.size;
      const entries = await lease(system, free, Date.now(), this.running);
      for (const e of entries) {
        const id = e.id;
        if (id !== undefined) this.running.add(id);
        void q
          .add(() => this.run(e))
          .finally(() => {
            if (id !== undefined) this.running.delete(id);
            void this.pump(system);
          });
      }
      if (entries.length === 0 && q.pending === 0 && q.size === 0) await this.scheduleWake(system);
    } catch (err) {
      this.hooks.log('error', `The queue for ${system} could not be read`, String(err));
    } finally {
      this.pumping.delete(system);
      if (this.pumpAgain.delete(system)) void this.pump(system);
    }
  }

  private async scheduleWake(system: string): Promise<void> {
    if ([...this.queues.values()].some((q) => q.pending > 0 || q.size > 0)) {
      // Another system is still at work and schedules the wake-up when it goes idle. Until then
      // only this system's next entry needs a timer — and reading only its entries keeps a bulk
      // send's queue of Mojo batches from being read (copied) each time the CRM's queue idles.
      const at = await nextReadyAt(system);
      if (at !== null) this.wakeIn(at - Date.now());
      return;
    }
    const { nextReadyAt: at } = await stats();
    this.hooks.wakeAt(at);
    if (at !== null) this.wakeIn(at - Date.now());
  }

  /** Kick every queue in `ms`; an earlier wake-up already set stands (waking early only looks again). */
  private wakeIn(ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + Math.max(20, ms);
    if (this.wakeTimer && this.wakeTimerAt <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimerAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.kick();
    }, at - Date.now());
  }

  private async run(e: OutboxEntry): Promise<void> {
    const id = e.id;
    if (id === undefined) return;
    const handler = this.handlers[e.kind];
    if (!handler) {
      await deadLetter(id, `No handler for ${e.kind}`);
      return;
    }
    try {
      const effects = await handler.run(e);
      if (await complete(id, effects)) {
        // What this step queued (a view's next page, Mojo's writes for the page just read) starts
        // now rather than when some other entry of its system happens to finish.
        for (const s of new Set((effects.produced ?? []).map((p) => p.system))) void this.pump(s);
        await this.hooks.settled(e);
      }
    } catch (err) {
      await this.fail(e, id, handler, err);
    }
  }

  private async fail(e: OutboxEntry, id: number, handler: EntryHandler, err: unknown): Promise<void> {
    const api = err instanceof ApiError ? err : null;
    const reason = api?.userMessage ?? (err instanceof Error ? err.message : String(err));
    const kind = api?.kind ?? 'permanent';
    if (kind === 'auth') {
      await pauseSystem(e.system, reason);
      await this.hooks.authLost(e.system, reason);
      return;
    }
    const retryable = kind === 'retry' || kind === 'network' || kind === 'malformed';
    if (retryable && e.attempts + 1 < MAX_ATTEMPTS) {
      const delay = retryDelay(e.attempts, { retryAfterMs: api?.retryAfterMs ?? null });
      if (api?.status === 429) {
        // A rate limit is the system's, not the entry's: hold every request to it.
        const until = Date.now() + delay;
        this.coolDownUntil.set(e.system, Math.max(until, this.coolDownUntil.get(e.system) ?? 0));
      }
      await retryLater(id, delay, reason);
      // Named by what it was doing, so the log says which records waited, and why.
      this.hooks.log('warn', `${describeEntry(e)}: ${reason} Trying again in ${Math.ceil(delay / 1000)} s.`);
      return;
    }
    const why = retryable ? `Gave up after ${MAX_ATTEMPTS} attempts: ${reason}` : reason;
    await deadLetter(id, why, handler.onGiveUp?.(e, why));
    this.hooks.log('error', `${describeEntry(e)}: ${why}`, api?.code ?? undefined);
    await this.hooks.settled(e);
  }
}
