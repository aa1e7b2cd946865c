/**
 * `npm run bench`: the figures of docs/BENCHMARKS.md, against the sandbox with a fixed injected
 * latency, printed as a table (and written as JSON to bench-output/). `npm run bench:smoke` runs
 * one iteration on small sets so the harness cannot rot; neither fails on a missed goal — only
 * on a broken harness. Each figure is run several times and reported as median (min–max); the
 * machine's load average is recorded beside each, because these machines are shared.
 *
 * Flags: --smoke, --only=B1,B2,…, --iterations=N, --naive-runs=N, --no-build,
 *        --extension-dir=<built chrome-mv3 dir>, --latency=MS, --wait-quiet=<1-min load>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BulkRun, CONCURRENCY, type NaiveRun, runBulk, runNaive, ZOHO_CAP } from './bulk';
import { type PageCost, runPageCost } from './page-cost';
import { openSession, type BenchSession as Session, sleep } from './session';
import { runSettle, type SettleRun } from './settle';
import { BENCH_BUILD, buildExtension, type EntrySize, entrySizes } from './size';
import { fmt, median, percentile, type Summary, summarize } from './stats';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (hit === undefined) return undefined;
  return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : '';
};
const smoke = flag('smoke') !== undefined;
const only = new Set((flag('only') ?? 'B1,B2,B3,B4,B5').split(',').map((s) => s.trim().toUpperCase()));
const wants = (b: string) => only.has(b);

const config = smoke
  ? {
      latencyMs: 50,
      iterations: 1,
      bulkSizes: [1_000, 2_000],
      naiveContacts: 50,
      naiveRuns: 1,
      heapRuns: 1,
      rows: 300,
      append: { rows: 100, batch: 50, rounds: 1 },
      routeChanges: 2,
      settleRuns: 1,
    }
  : {
      latencyMs: 50,
      iterations: 5,
      bulkSizes: [1_000, 10_000],
      naiveContacts: 1_000,
      naiveRuns: 3,
      heapRuns: 3,
      rows: 2_000,
      append: { rows: 500, batch: 50, rounds: 5 },
      routeChanges: 10,
      settleRuns: 5,
    };
const num = (name: string): number | undefined => {
  const v = flag(name);
  return v === undefined || v === '' ? undefined : Number(v);
};
config.iterations = num('iterations') ?? config.iterations;
config.naiveRuns = num('naive-runs') ?? config.naiveRuns;
config.latencyMs = num('latency') ?? config.latencyMs;

const load = (): number => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
const log = (text: string) => console.error(`[bench] ${text}`);

interface Row {
  figure: string;
  result: string;
  goal: string;
  holds: 'yes' | 'no' | '—';
  load: string;
}

const rows: Row[] = [];
/** Bulk wall time per contact at the smaller size (median), for the naive comparison. */
let bulkSmallPerContact = Number.NaN;
const loadSpan = (before: number) => `${before}→${load()}`;
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const holds = (ok: boolean, measuring = true): Row['holds'] => (measuring ? (ok ? 'yes' : 'no') : '—');

async function main(): Promise<void> {
  const started = new Date();
  log(`${smoke ? 'smoke' : 'full'} run, ${os.cpus().length} cores, load ${load()}`);
  // On a shared machine: wait (up to 30 min) for the 1-minute load to fall below the given value.
  const quiet = num('wait-quiet');
  if (quiet !== undefined) {
    const until = Date.now() + 30 * 60_000;
    while (load() >= quiet && Date.now() < until) await sleep(10_000);
    log(
      `load ${load()} ${load() < quiet ? `< ${quiet}: starting` : `still ≥ ${quiet} after 30 min: starting anyway`}`,
    );
  }
  const extensionDir =
    flag('extension-dir') ?? (flag('no-build') !== undefined ? BENCH_BUILD : buildExtension());
  const results: Record<string, unknown> = {
    date: started.toISOString(),
    smoke,
    config,
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
    },
    extensionDir,
  };

  if (wants('B3')) {
    const before = load();
    const sizes: EntrySize[] = entrySizes(extensionDir);
    results.B3 = sizes;
    for (const e of sizes) {
      const isContent = e.kind === 'content script';
      rows.push({
        figure: `B3 ${e.entry}`,
        result: `${kb(e.raw)} raw, ${kb(e.gzip)} gzip`,
        goal: isContent ? '≤ 90 KB gzip' : '(report)',
        holds: isContent ? holds(e.gzip <= 90 * 1024) : '—',
        load: loadSpan(before),
      });
    }
  }

  const needsBrowser = ['B1', 'B2', 'B4', 'B5'].some(wants);
  if (needsBrowser) {
    const session = await openSession(extensionDir);
    try {
      if (wants('B1')) await bulkFigures(session, results);
      if (wants('B4')) await heapFigures(session, results);
      if (wants('B5')) await settleFigures(session, results);
      if (wants('B2')) await pageFigures(session, results);
      if (wants('B1') && config.naiveRuns > 0) await naiveFigures(session, results);
    } finally {
      await session.close();
    }
  }

  printTable(started);
  const out = path.resolve('bench-output');
  mkdirSync(out, { recursive: true });
  const file = path.join(
    out,
    `bench-${smoke ? 'smoke-' : ''}${started.toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(file, `${JSON.stringify({ ...results, table: rows }, null, 2)}\n`);
  log(`results: ${path.relative(process.cwd(), file)}`);
}

async function bulkFigures(session: Session, results: Record<string, unknown>) {
  const { latencyMs } = config;
  const [small = 1_000, large = 10_000] = config.bulkSizes;
  const bySize = new Map<number, BulkRun[]>();
  const loads = new Map<number, string>();
  const cpuBySize = new Map<number, BulkRun>();
  // A warm-up run first: the worker's first run pays for starting up, which is not the steady cost.
  log('B1 warm-up');
  await runBulk(session, small, { latencyMs });
  for (const size of [small, large]) {
    const before = load();
    const runs: BulkRun[] = [];
    for (let i = 0; i < config.iterations; i++) {
      const run = await runBulk(session, size, { latencyMs });
      log(
        `B1 ${size}: ${Math.round(run.wallMs)} ms, ${run.reads} reads + ${run.writes} writes, bound ${Math.round(run.boundMs)} ms, ×${run.ratio.toFixed(2)}, added ${run.added}, refused ${run.refused} (load ${load()})`,
      );
      runs.push(run);
    }
    // One more run with the worker profiled: how much of the wall time its own CPU work takes.
    const profiled = await runBulk(session, size, { latencyMs, cpu: true });
    log(
      `B1 ${size} (profiled): worker busy ${Math.round(profiled.workerCpuMs ?? 0)} ms of ${Math.round(profiled.wallMs)} ms`,
    );
    cpuBySize.set(size, profiled);
    bySize.set(size, runs);
    loads.set(size, loadSpan(before));
  }
  results.B1 = {
    latencyMs,
    concurrency: CONCURRENCY,
    zohoCap: ZOHO_CAP,
    runs: Object.fromEntries(bySize),
    profiled: Object.fromEntries(cpuBySize),
  };

  for (const [size, runs] of bySize) {
    const label = size.toLocaleString('en-US');
    const first = runs[0];
    rows.push({
      figure: `B1 ${label} contacts: wall (click → run done)`,
      result: fmt(summarize(runs.map((r) => r.wallMs)), ' ms'),
      goal: '(report)',
      holds: '—',
      load: loads.get(size) ?? '',
    });
    rows.push({
      figure: `B1 ${label}: requests, lower bound`,
      result: first
        ? `${first.reads} Zoho + ${first.writes} Mojo → ${Math.round(first.boundMs)} ms; 429s: ${Math.max(...runs.map((r) => r.refused))}`
        : 'n/a',
      goal: '(report)',
      holds: '—',
      load: loads.get(size) ?? '',
    });
    const profiled = cpuBySize.get(size);
    if (profiled?.workerCpuMs !== undefined) {
      rows.push({
        figure: `B1 ${label}: worker CPU busy (1 profiled run)`,
        result: `${Math.round(profiled.workerCpuMs)} ms of ${Math.round(profiled.wallMs)} ms wall = ${(profiled.workerCpuMs / profiled.boundMs).toFixed(2)}× the bound`,
        goal: '(report)',
        holds: '—',
        load: loads.get(size) ?? '',
      });
    }
    const ratio = summarize(runs.map((r) => r.ratio));
    rows.push({
      figure: `B1 ${label}: wall ÷ bound`,
      result: fmt(ratio, '×', 2),
      goal: '≤ 1.25×',
      holds: holds(ratio.median <= 1.25),
      load: loads.get(size) ?? '',
    });
  }
  bulkSmallPerContact = median((bySize.get(small) ?? []).map((r) => r.wallMs)) / small;
}

/**
 * The naive baseline last: it is 2,000 sequential requests of fixed latency (about 100 s), which the
 * machine's load hardly changes, so it should not take the quiet minutes the other figures need.
 */
async function naiveFigures(session: Session, results: Record<string, unknown>) {
  const small = config.bulkSizes[0] ?? 1_000;
  const naive: NaiveRun[] = [];
  const naiveBefore = load();
  for (let i = 0; i < config.naiveRuns; i++) {
    const run = await runNaive(session.sandbox, config.naiveContacts, config.latencyMs);
    log(
      `B1 naive ${config.naiveContacts}: ${Math.round(run.wallMs)} ms, ${run.requests} requests (load ${load()})`,
    );
    naive.push(run);
  }
  results.B1naive = naive;
  const naiveWall = summarize(naive.map((r) => r.wallMs));
  // Per contact, so a smoke run on a smaller naive set still compares like with like.
  const speedup = naiveWall.median / config.naiveContacts / bulkSmallPerContact;
  rows.push({
    figure: `B1 naive, ${config.naiveContacts.toLocaleString('en-US')} contacts one by one`,
    result: fmt(naiveWall, ' ms'),
    goal: '(report)',
    holds: '—',
    load: loadSpan(naiveBefore),
  });
  rows.push({
    figure: `B1 bulk ${small.toLocaleString('en-US')} vs naive`,
    result: `${speedup.toFixed(0)}× faster (per contact, medians)`,
    goal: '≥ 20×',
    holds: holds(speedup >= 20),
    load: '',
  });
}

/**
 * B4 in runs of its own: sampling the heap costs the worker a little, and the live figure forces
 * a collection every half second, which B1's wall time must not pay for.
 */
async function heapFigures(session: Session, results: Record<string, unknown>) {
  const size = config.bulkSizes[1] ?? 10_000;
  const label = size.toLocaleString('en-US');
  const before = load();
  const used: BulkRun[] = [];
  const live: BulkRun[] = [];
  for (let i = 0; i < config.heapRuns; i++) {
    for (const mode of ['used', 'live'] as const) {
      const run = await runBulk(session, size, { latencyMs: config.latencyMs, heap: mode });
      const h = run.heap;
      log(
        `B4 ${size} (${mode}): peak ${h ? mb(h.peak) : '?'}, end ${h ? mb(h.end) : '?'}, after GC ${h ? mb(h.endAfterGc) : '?'}, ${Math.round(run.wallMs)} ms (load ${load()})`,
      );
      (mode === 'used' ? used : live).push(run);
    }
  }
  results.B4 = { size, used, live };
  const l = loadSpan(before);
  const stat = (runs: BulkRun[], pick: (h: NonNullable<BulkRun['heap']>) => number) =>
    summarize(runs.flatMap((r) => (r.heap ? [pick(r.heap) / 2 ** 20] : [])));
  const peakUsed = stat(used, (h) => h.peak);
  rows.push({
    figure: `B4 worker JS heap, ${label} run: peak used`,
    result: fmt(peakUsed, ' MB', 1),
    goal: '≤ 40 MB',
    holds: holds(peakUsed.median <= 40),
    load: l,
  });
  rows.push({
    figure: `B4 ${label} run: peak live (GC'd every 0.5 s)`,
    result: fmt(
      stat(live, (h) => h.peak),
      ' MB',
      1,
    ),
    goal: '(report)',
    holds: '—',
    load: l,
  });
  rows.push({
    figure: 'B4 idle before / at the end / end after GC',
    result: `${fmt(
      stat(used, (h) => h.baseline),
      ' MB',
      1,
    )} / ${fmt(
      stat(used, (h) => h.end),
      ' MB',
      1,
    )} / ${fmt(
      stat(used, (h) => h.endAfterGc),
      ' MB',
      1,
    )}`,
    goal: '(report)',
    holds: '—',
    load: l,
  });
}

async function settleFigures(
  session: Awaited<ReturnType<typeof openSession>>,
  results: Record<string, unknown>,
) {
  const out: Record<string, SettleRun[]> = {};
  for (const n of [1, 100] as const) {
    const before = load();
    const runs: SettleRun[] = [];
    for (let i = 0; i < config.settleRuns; i++) {
      const run = await runSettle(session, n, config.latencyMs);
      log(`B5 ${n}: ${run.ms} ms (load ${load()})`);
      runs.push(run);
    }
    out[n] = runs;
    rows.push({
      figure: `B5 Send → dialer tab, ${n} contact${n === 1 ? '' : 's'}`,
      result: fmt(summarize(runs.map((r) => r.ms)), ' ms'),
      goal: '(report p50)',
      holds: '—',
      load: loadSpan(before),
    });
  }
  results.B5 = { latencyMs: config.latencyMs, runs: out };
}

async function pageFigures(
  session: Awaited<ReturnType<typeof openSession>>,
  results: Record<string, unknown>,
) {
  const before = load();
  const cost: PageCost = await runPageCost(session, {
    rows: config.rows,
    loads: config.iterations,
    append: config.append,
    routeChanges: config.routeChanges,
  });
  results.B2 = cost;
  const l = loadSpan(before);
  const loadMs = summarize(cost.loads.map((x) => x.scriptMs));
  rows.push({
    figure: `B2 content script at load (${config.rows.toLocaleString('en-US')} rows)`,
    result: fmt(loadMs, ' ms', 1),
    goal: '≤ 10 ms',
    holds: holds(loadMs.median <= 10),
    load: l,
  });
  rows.push({
    figure: '    of which: evaluating the script / page main thread busy',
    result: `${fmt(summarize(cost.loads.map((x) => x.evaluateMs)), ' ms', 1)} / ${fmt(summarize(cost.loads.map((x) => x.pageBusyMs)), ' ms', 0)}`,
    goal: '(report)',
    holds: '—',
    load: l,
  });
  const batch: Summary = summarize(cost.batches);
  rows.push({
    figure: `B2 per mutation batch (${config.append.rows} rows in ${config.append.batch}s)`,
    result: `p50 ${percentile(cost.batches, 50).toFixed(2)} ms, p95 ${batch.p95.toFixed(2)} ms (max ${batch.max.toFixed(2)}, n=${batch.n})`,
    goal: 'p95 ≤ 4 ms',
    holds: holds(batch.p95 <= 4),
    load: l,
  });
  const whole = summarize(cost.wholeBatches);
  rows.push({
    figure: `B2 one ${config.append.rows}-row batch`,
    result: fmt(whole, ' ms', 2),
    goal: '(report)',
    holds: '—',
    load: l,
  });
  for (const [label, values] of Object.entries(cost.routes)) {
    const s = summarize(values.fromRoute);
    rows.push({
      figure: `B2 SPA route → visible button: ${label}`,
      result: fmt(s, ' ms', 1),
      goal: '≤ 100 ms',
      holds: holds(s.median <= 100),
      load: l,
    });
    rows.push({
      figure: '    of which: page rendered → button / script / main thread busy',
      result: `${fmt(summarize(values.fromRender), ' ms', 1)} / ${fmt(summarize(values.scriptMs), ' ms', 1)} / ${fmt(summarize(values.busyMs), ' ms', 1)}`,
      goal: '(report)',
      holds: '—',
      load: l,
    });
  }
}

function printTable(started: Date): void {
  const head: Row = {
    figure: 'Figure',
    result: 'Median (min–max, n)',
    goal: 'Goal',
    holds: '—',
    load: 'Load (1 min)',
  };
  const all = [head, ...rows];
  const w = {
    figure: Math.max(...all.map((r) => r.figure.length)),
    result: Math.max(...all.map((r) => r.result.length)),
    goal: Math.max(...all.map((r) => r.goal.length)),
  };
  const line = (r: Row, holdsText: string) =>
    `| ${r.figure.padEnd(w.figure)} | ${r.result.padEnd(w.result)} | ${r.goal.padEnd(w.goal)} | ${holdsText.padEnd(5)} | ${r.load} |`;
  console.log(
    `\nMojo Bridge benchmarks — ${started.toISOString()} — ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; latency ${config.latencyMs} ms per request; ` +
      `concurrency Zoho ${CONCURRENCY.zoho} (cap ${ZOHO_CAP}), Mojo ${CONCURRENCY.mojo}\n`,
  );
  console.log(line(head, 'Holds'));
  console.log(
    `|${'-'.repeat(w.figure + 2)}|${'-'.repeat(w.result + 2)}|${'-'.repeat(w.goal + 2)}|-------|------|`,
  );
  // Figures run in the order that spends the quietest minutes best; the table reads B1 to B5.
  const order = (r: Row) => /B(\d)/.exec(r.figure)?.[1] ?? '9';
  let group = '0';
  const sorted = rows
    .map((r) => {
      if (!r.figure.startsWith(' ')) group = order(r);
      return { r, group };
    })
    .sort((a, b) => a.group.localeCompare(b.group))
    .map((x) => x.r);
  for (const r of sorted) console.log(line(r, r.holds));
  console.log('');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('[bench] the harness failed:', err);
    process.exit(1);
  },
);
