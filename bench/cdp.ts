/**
 * A raw Chrome DevTools Protocol connection over Chromium's --remote-debugging-port. Playwright
 * opens CDP sessions for pages only; the service worker's heap (B4) needs a session on the
 * worker's own target, which the browser endpoint gives with Target.attachToTarget (flatten).
 * Uses Node's WebSocket (Node 22, or Node 20 with --experimental-websocket: see package.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Reply = z.object({
  id: z.number().optional(),
  method: z.string().optional(),
  sessionId: z.string().optional(),
  result: z.unknown().optional(),
  params: z.unknown().optional(),
  error: z.object({ message: z.string() }).optional(),
});

const TargetInfos = z.object({
  targetInfos: z.array(z.object({ targetId: z.string(), type: z.string(), url: z.string() })),
});
const Attached = z.object({ sessionId: z.string() });
const HeapUsage = z.object({ usedSize: z.number(), totalSize: z.number() });
const CpuProfile = z.object({
  profile: z.object({
    nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string() }) })),
    samples: z.array(z.number()).default([]),
    timeDeltas: z.array(z.number()).default([]),
  }),
});

export class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (ev: MessageEvent) => {
      const msg = Reply.safeParse(JSON.parse(String(ev.data)));
      if (!msg.success || msg.data.id === undefined) return;
      const waiter = this.pending.get(msg.data.id);
      if (!waiter) return;
      this.pending.delete(msg.data.id);
      if (msg.data.error) waiter.reject(new Error(msg.data.error.message));
      else waiter.resolve(msg.data.result);
    });
  }

  /** Chromium writes the port and the browser target's path to DevToolsActivePort in the profile. */
  static async connect(userDataDir: string, timeoutMs = 10_000): Promise<CdpConnection> {
    const file = path.join(userDataDir, 'DevToolsActivePort');
    const until = Date.now() + timeoutMs;
    while (!existsSync(file) || readFileSync(file, 'utf8').split('\n').length < 2) {
      if (Date.now() > until)
        throw new Error(`No ${file}: was Chromium started with --remote-debugging-port?`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const [port, wsPath] = readFileSync(file, 'utf8').trim().split('\n');
    if (typeof WebSocket === 'undefined') {
      throw new Error('No WebSocket in this Node: use Node 22, or Node 20 with --experimental-websocket.');
    }
    const ws = new WebSocket(`ws://127.0.0.1:${port}${wsPath}`);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error('CDP websocket failed')), { once: true });
    });
    return new CdpConnection(ws);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Attach to the extension's service worker; returns a session to read its heap with. */
  async attachServiceWorker(extensionId: string): Promise<WorkerHeap> {
    const { targetInfos } = TargetInfos.parse(await this.send('Target.getTargets'));
    const sw = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
    );
    if (!sw) throw new Error('The extension service worker is not running');
    const { sessionId } = Attached.parse(
      await this.send('Target.attachToTarget', { targetId: sw.targetId, flatten: true }),
    );
    return new WorkerHeap(this, sessionId);
  }

  close(): void {
    this.ws.close();
  }
}

export class WorkerHeap {
  constructor(
    private readonly cdp: CdpConnection,
    private readonly sessionId: string,
  ) {}

  /** V8's used JS heap of the worker, in bytes. */
  async used(): Promise<number> {
    return HeapUsage.parse(await this.cdp.send('Runtime.getHeapUsage', {}, this.sessionId)).usedSize;
  }

  /** Start V8's sampling profiler on the worker; `stop()` gives the ms it was not idle. */
  async profile(intervalUs = 1000): Promise<{ stop(): Promise<number> }> {
    const { cdp, sessionId } = this;
    await cdp.send('Profiler.enable', {}, sessionId);
    await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs }, sessionId);
    await cdp.send('Profiler.start', {}, sessionId);
    return {
      async stop() {
        const { profile } = CpuProfile.parse(await cdp.send('Profiler.stop', {}, sessionId));
        const idle = new Set(
          profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
        );
        let busyUs = 0;
        profile.samples.forEach((node, i) => {
          if (!idle.has(node)) busyUs += profile.timeDeltas[i + 1] ?? 0;
        });
        return busyUs / 1000;
      },
    };
  }

  async collectGarbage(): Promise<void> {
    await this.cdp.send('HeapProfiler.collectGarbage', {}, this.sessionId);
  }

  /**
   * Sample the heap every `everyMs` until stopped. With `collect`, each sample follows a full
   * garbage collection: what the worker holds (live), rather than what V8 has let pile up.
   */
  sample(everyMs: number, collect = false): { stop(): Promise<number[]> } {
    const samples: number[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          if (collect) await this.collectGarbage();
          samples.push(await this.used());
        } catch {
          // The worker may be between lives; the next sample tells.
        }
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
    return {
      async stop() {
        running = false;
        await loop;
        return samples;
      },
    };
  }
}
