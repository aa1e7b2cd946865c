/**
 * B1 (bulk) and B4 (the worker's heap): a whole Zoho view sent to Mojo through the real dialog,
 * with a fixed latency injected on every API request, and the naive baseline (one read and one
 * write per contact, one after the other) against the same sandbox and the same latency.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, type Worker } from '@playwright/test';
import type { Sandbox } from '../e2e/sandbox';
import { parseZohoRecord, zohoToContact } from '../lib/connectors/zoho/contact';
import { toMojo } from '../lib/core/mapping';
import { Advanced } from '../lib/core/rules/model';
import { CdpConnection, type WorkerHeap } from './cdp';
import {
  ALL_CONTACTS_LIST,
  type BenchSession,
  chooseGroup,
  clearMojo,
  closeDialerTabs,
  GROUP,
  injectLatency,
  LIST_ANCHOR,
  latestJob,
  openDialog,
  setContacts,
} from './session';

export const ZOHO_API_HOST = 'www.zohoapis.com';
export const MOJO_API_HOST = 'app31.mojosells.com';

/** The concurrency the extension's rules allow by default (the bound divides by these). */
export const CONCURRENCY = (() => {
  const { concurrency } = Advanced.parse({});
  return { zoho: concurrency.zoho ?? 4, mojo: concurrency.mojo ?? 4 };
})();

/** Zoho's per-org concurrency cap of its smallest edition (crm-facts.md): over it → 429. */
export const ZOHO_CAP = 5;

export interface BulkRun {
  contacts: number;
  /** Send to Mojo clicked → the run marked done in the worker. */
  wallMs: number;
  /** Zoho API requests during the run (view pages, count). */
  reads: number;
  /** Mojo API requests during the run (upserts, the group check). */
  writes: number;
  /** reads ÷ Zoho concurrency × latency + writes ÷ Mojo concurrency × latency. */
  boundMs: number;
  ratio: number;
  /** Requests the sandbox refused for exceeding Zoho's cap (should be 0). */
  refused: number;
  added: number;
  heap?: { baseline: number; peak: number; end: number; endAfterGc: number; samples: number };
  /** How long the previous run's links took to reach the ledger after the dialog was ready. */
  settledBeforeMs: number;
  /** The worker's main thread not idle during the run (V8 sampling profiler, 1 ms). */
  workerCpuMs?: number;
}

/**
 * With BENCH_CPUPROFILE_DIR set, the profiled run also saves V8's whole profile there (open it in
 * DevTools' Performance panel, or sum self time per function) to see where the worker's time goes.
 */
async function rawProfile(
  cdp: CdpConnection,
  extensionId: string,
  file: string,
): Promise<{ stop(): Promise<number> }> {
  const targets = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const sw = targets.targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
  if (!sw) throw new Error('The extension service worker is not running');
  const { sessionId } = (await cdp.send('Target.attachToTarget', {
    targetId: sw.targetId,
    flatten: true,
  })) as {
    sessionId: string;
  };
  await cdp.send('Profiler.enable', {}, sessionId);
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 }, sessionId);
  await cdp.send('Profiler.start', {}, sessionId);
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop', {}, sessionId)) as {
        profile: {
          nodes: { id: number; callFrame: { functionName: string } }[];
          samples?: number[];
          timeDeltas?: number[];
        };
      };
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      const idle = new Set(
        profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
      );
      let busyUs = 0;
      (profile.samples ?? []).forEach((node, i) => {
        if (!idle.has(node)) busyUs += profile.timeDeltas?.[i + 1] ?? 0;
      });
      return busyUs / 1000;
    },
  };
}

/**
 * A run's links go into the ledger after the run is done (lib/sync/ledger.ts), in the worker's
 * spare time. The next run starts from a quiet worker, as a person's next click would: B1 measures
 * one run, not the tail of the one before. Returns how long it waited (reported, not hidden).
 */
async function waitForPendingLinks(worker: Worker, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const pending = await worker.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('mojo-bridge');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const d = open.result;
            // A build from before pendingLinks existed has none.
            if (!d.objectStoreNames.contains('pendingLinks')) {
              d.close();
              resolve(0);
              return;
            }
            const req = d.transaction('pendingLinks').objectStore('pendingLinks').count();
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              d.close();
              resolve(req.result);
            };
          };
        }),
    );
    if (pending === 0 || Date.now() - t0 > timeoutMs) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openViewDialog(
  s: BenchSession,
  count: number,
): Promise<{ page: Page; send(): Promise<void> }> {
  const page = await s.context.newPage();
  await page.goto(ALL_CONTACTS_LIST);
  const dialog = await openDialog(page, LIST_ANCHOR);
  await expect(
    dialog.getByText(`the whole view: All Contacts (${count.toLocaleString('en-US')} records)`),
  ).toBeVisible({
    timeout: 30_000,
  });
  await chooseGroup(dialog, GROUP.name);
  const button = dialog.getByRole('button', { name: 'Send to Mojo' });
  await expect(button).toBeEnabled();
  return { page, send: () => button.click() };
}

export async function runBulk(
  s: BenchSession,
  count: number,
  /** heap: sample the worker's heap as it runs ('used'), or after a forced collection each 0.5 s ('live'). */
  opts: { latencyMs: number; heap?: 'used' | 'live'; cpu?: boolean },
): Promise<BulkRun> {
  const { sandbox } = s;
  setContacts(sandbox, count);
  sandbox.state.zoho.limits.concurrency = ZOHO_CAP;
  const { page, send } = await openViewDialog(s, count);
  const worker = await s.worker();
  const settledBefore = await waitForPendingLinks(worker);
  if (settledBefore > 200) console.log(`[bench] waited ${settledBefore} ms for the previous run's links`);
  let heap: { cdp: CdpConnection; api: WorkerHeap; sampler: { stop(): Promise<number[]> } } | null = null;
  let baseline = 0;
  if (opts.heap) {
    const cdp = await CdpConnection.connect(s.userDataDir);
    const api = await cdp.attachServiceWorker(s.extensionId);
    // The idle worker after a full collection: what the run adds is measured from here.
    await api.collectGarbage();
    baseline = await api.used();
    heap = { cdp, api, sampler: opts.heap === 'live' ? api.sample(500, true) : api.sample(25) };
  }
  let cpu: { cdp: CdpConnection; stop(): Promise<number> } | null = null;
  if (opts.cpu) {
    const cdp = await CdpConnection.connect(s.userDataDir);
    const dir = process.env.BENCH_CPUPROFILE_DIR;
    const profiler = dir
      ? await rawProfile(cdp, s.extensionId, path.join(dir, `b1-${count}-${Date.now()}.cpuprofile`))
      : await (await cdp.attachServiceWorker(s.extensionId)).profile();
    cpu = { cdp, stop: () => profiler.stop() };
  }
  const removeLatency = injectLatency(sandbox, opts.latencyMs);
  const t0 = Date.now();
  try {
    await send();
    await expect(page.getByRole('dialog').getByRole('status'))
      .toContainText(`${count.toLocaleString('en-US')} added`, { timeout: 60_000 + count * 20 })
      .catch((err: unknown) => {
        // Say how far it got: a run that is slow and a run that is stuck read differently.
        const arrived = sandbox.state.mojo.contacts.size;
        throw new Error(
          `The run did not finish within ${Math.round((Date.now() - t0) / 1000)} s: ${arrived} of ${count} contacts had reached Mojo`,
          { cause: err },
        );
      });
  } finally {
    removeLatency();
  }
  const job = await latestJob(worker);
  if (!job?.finishedAt) throw new Error('The run did not finish');
  let workerCpuMs: number | undefined;
  if (cpu) {
    workerCpuMs = await cpu.stop();
    cpu.cdp.close();
  }
  let heapResult: BulkRun['heap'];
  if (heap) {
    const samples = await heap.sampler.stop();
    const end = await heap.api.used();
    await heap.api.collectGarbage();
    const endAfterGc = await heap.api.used();
    heap.cdp.close();
    const last = opts.heap === 'live' ? endAfterGc : end;
    heapResult = { baseline, peak: Math.max(...samples, last), end, endAfterGc, samples: samples.length };
  }
  const during = sandbox.requests.all().filter((r) => r.t >= t0 && r.t <= (job.finishedAt ?? 0));
  const reads = during.filter((r) => r.host === ZOHO_API_HOST);
  const writes = during.filter((r) => r.host === MOJO_API_HOST);
  const boundMs =
    (reads.length / CONCURRENCY.zoho) * opts.latencyMs + (writes.length / CONCURRENCY.mojo) * opts.latencyMs;
  const wallMs = job.finishedAt - t0;
  await page.close();
  await closeDialerTabs(s.context);
  clearMojo(sandbox);
  return {
    contacts: count,
    wallMs,
    reads: reads.length,
    writes: writes.length,
    boundMs,
    ratio: wallMs / boundMs,
    refused: during.filter((r) => r.faults?.includes('concurrency')).length,
    added: job.added,
    settledBeforeMs: settledBefore,
    ...(heapResult ? { heap: heapResult } : {}),
    ...(workerCpuMs !== undefined ? { workerCpuMs } : {}),
  };
}

export interface NaiveRun {
  contacts: number;
  wallMs: number;
  requests: number;
}

/**
 * The naive baseline: for each contact, read it from Zoho, then write it to Mojo, one request at a
 * time. Runs in this process against the same sandbox (in-process fetch: no TLS, no network), so
 * if anything it flatters the baseline. The mapping is the extension's own.
 */
export async function runNaive(sandbox: Sandbox, count: number, latencyMs: number): Promise<NaiveRun> {
  setContacts(sandbox, count);
  const zohoToken = liveToken(sandbox.state.zoho.accessTokens);
  const mojoToken = liveToken(sandbox.state.mojo.accessTokens);
  const ids = sandbox.state.zoho.records.Contacts.map((r) => r.id);
  const removeLatency = injectLatency(sandbox, latencyMs);
  const t0 = performance.now();
  let requests = 0;
  try {
    for (const id of ids) {
      const read = await sandbox.fetch(`https://${ZOHO_API_HOST}/crm/v7/Contacts/${id}`, {
        headers: { authorization: `Zoho-oauthtoken ${zohoToken}` },
      });
      requests++;
      const body: unknown = await read.json();
      const raw =
        body && typeof body === 'object' && 'data' in body && Array.isArray(body.data) ? body.data[0] : null;
      const parsed = parseZohoRecord(raw);
      if (!parsed.ok) throw new Error(`Naive read of ${id}: ${parsed.reason}`);
      const mapped = toMojo(zohoToContact('Contacts', parsed.record));
      if (!mapped.ok) continue;
      const write = await sandbox.fetch(`https://${MOJO_API_HOST}/api/v1/contacts/upsert`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mojoToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ group_id: GROUP.id, contacts: [mapped.contact] }),
      });
      requests++;
      if (!write.ok) throw new Error(`Naive write of ${id}: ${write.status}`);
    }
  } finally {
    removeLatency();
  }
  const wallMs = performance.now() - t0;
  clearMojo(sandbox);
  return { contacts: count, wallMs, requests };
}

function liveToken(tokens: Map<string, { token: string; expires_at: number }>): string {
  let best: { token: string; expires_at: number } | undefined;
  for (const t of tokens.values()) if (!best || t.expires_at > best.expires_at) best = t;
  if (!best) throw new Error('No access token: connect the accounts first');
  return best.token;
}
