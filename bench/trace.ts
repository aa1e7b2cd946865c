/**
 * Reading a Chrome trace for the main-thread time one script costs. Two sources, unioned so
 * nothing is counted twice: the timeline events that name the script (EvaluateScript, v8.compile,
 * FunctionCall — callbacks Blink calls into it, with whatever layout they force), and the V8 CPU
 * profile's samples whose stack holds one of its frames (promise continuations and microtasks,
 * which the timeline does not attribute to a script).
 */
import type { CDPSession } from '@playwright/test';
import { z } from 'zod';

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'toplevel',
];

const TraceEvent = z.object({
  name: z.string(),
  cat: z.string().optional(),
  ph: z.string(),
  pid: z.number(),
  tid: z.number(),
  ts: z.number().optional(),
  dur: z.number().optional(),
  id: z.string().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});
export type TraceEvent = z.infer<typeof TraceEvent>;

const DataWithUrl = z.object({ data: z.object({ url: z.string().optional() }).optional() });
const ProfileStart = z.object({ data: z.object({ startTime: z.number() }) });
const ProfileChunk = z.object({
  data: z.object({
    cpuProfile: z
      .object({
        nodes: z
          .array(
            z.object({
              id: z.number(),
              parent: z.number().optional(),
              callFrame: z.object({ url: z.string().optional() }),
            }),
          )
          .optional(),
        samples: z.array(z.number()).optional(),
      })
      .optional(),
    timeDeltas: z.array(z.number()).optional(),
  }),
});

/** Record a trace around `during` on a page's CDP session. */
export async function traceAround(cdp: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const raw: unknown[] = [];
  const onData = (e: { value: unknown[] }) => {
    raw.push(...e.value);
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: TRACE_CATEGORIES },
    transferMode: 'ReportEvents',
  });
  try {
    await during();
  } finally {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
  }
  const events: TraceEvent[] = [];
  for (const e of raw) {
    const parsed = TraceEvent.safeParse(e);
    if (parsed.success) events.push(parsed.data);
  }
  return events;
}

export type Interval = [start: number, end: number];

function urlOf(e: TraceEvent): string | undefined {
  const parsed = DataWithUrl.safeParse(e.args ?? {});
  return parsed.success ? parsed.data.data?.url : undefined;
}

/** The renderer main thread (pid, tid) that evaluated the script. */
export function scriptThread(events: TraceEvent[], urlPrefix: string): { pid: number; tid: number } | null {
  const hit = events.find((e) => e.name === 'EvaluateScript' && urlOf(e)?.startsWith(urlPrefix));
  if (hit) return { pid: hit.pid, tid: hit.tid };
  const call = events.find((e) => e.name === 'FunctionCall' && urlOf(e)?.startsWith(urlPrefix));
  return call ? { pid: call.pid, tid: call.tid } : null;
}

/** Milliseconds the renderer spent evaluating the script itself (compile and top-level run). */
export function evaluateMs(
  events: TraceEvent[],
  urlPrefix: string,
  thread: { pid: number; tid: number },
): number {
  let us = 0;
  for (const e of events) {
    if (e.pid !== thread.pid || e.tid !== thread.tid || e.name !== 'EvaluateScript') continue;
    if (urlOf(e)?.startsWith(urlPrefix)) us += e.dur ?? 0;
  }
  return us / 1000;
}

/** Every stretch of the main thread spent in the script (µs, trace clock), merged. */
export function scriptIntervals(
  events: TraceEvent[],
  urlPrefix: string,
  thread: { pid: number; tid: number },
): Interval[] {
  const out: Interval[] = [];
  for (const e of events) {
    if (e.pid !== thread.pid || e.tid !== thread.tid || e.ph !== 'X' || e.ts === undefined) continue;
    if (!['EvaluateScript', 'v8.compile', 'FunctionCall'].includes(e.name)) continue;
    if (urlOf(e)?.startsWith(urlPrefix)) out.push([e.ts, e.ts + (e.dur ?? 0)]);
  }
  out.push(...sampledIntervals(events, urlPrefix, thread.pid));
  return merge(out);
}

/** CPU profile samples of the renderer whose stack holds a frame of the script. */
function sampledIntervals(events: TraceEvent[], urlPrefix: string, pid: number): Interval[] {
  const out: Interval[] = [];
  const starts = new Map<string, number>();
  for (const e of events) {
    if (e.name === 'Profile' && e.pid === pid && e.id) {
      const p = ProfileStart.safeParse(e.args ?? {});
      if (p.success) starts.set(e.id, p.data.data.startTime);
    }
  }
  for (const [id, start] of starts) {
    const parent = new Map<number, number | undefined>();
    const own = new Map<number, boolean>();
    const inScript = new Map<number, boolean>();
    const isInScript = (node: number): boolean => {
      const known = inScript.get(node);
      if (known !== undefined) return known;
      const p = parent.get(node);
      const v = (own.get(node) ?? false) || (p !== undefined && isInScript(p));
      inScript.set(node, v);
      return v;
    };
    let t = start;
    let previous: { t: number; node: number } | null = null;
    for (const e of events) {
      if (e.name !== 'ProfileChunk' || e.pid !== pid || e.id !== id) continue;
      const chunk = ProfileChunk.safeParse(e.args ?? {});
      if (!chunk.success) continue;
      const { cpuProfile, timeDeltas = [] } = chunk.data.data;
      for (const n of cpuProfile?.nodes ?? []) {
        parent.set(n.id, n.parent);
        own.set(n.id, n.callFrame.url?.startsWith(urlPrefix) ?? false);
      }
      const samples = cpuProfile?.samples ?? [];
      for (let i = 0; i < samples.length; i++) {
        t += timeDeltas[i] ?? 0;
        const node = samples[i] ?? 0;
        // A sample stands for the time since the one before it.
        if (previous && isInScript(previous.node)) out.push([previous.t, t]);
        previous = { t, node };
      }
    }
  }
  return out;
}

export function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Milliseconds of `intervals` inside [from, to) (trace µs). */
export function msWithin(intervals: Interval[], from: number, to: number): number {
  let us = 0;
  for (const [s, e] of intervals) us += Math.max(0, Math.min(e, to) - Math.max(s, from));
  return us / 1000;
}

/** Top-level task time of one thread in [from, to), ms: how busy the page's main thread was at all. */
export function busyMs(
  events: TraceEvent[],
  thread: { pid: number; tid: number },
  from: number,
  to: number,
): number {
  const tasks: Interval[] = [];
  for (const e of events) {
    if (e.pid !== thread.pid || e.tid !== thread.tid || e.ph !== 'X' || e.ts === undefined) continue;
    if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
      tasks.push([e.ts, e.ts + (e.dur ?? 0)]);
  }
  return msWithin(merge(tasks), from, to);
}

/** Timestamps (trace µs) of a User Timing mark, in order. */
export function marks(events: TraceEvent[], name: string, pid: number): number[] {
  return events
    .filter(
      (e) => e.name === name && e.pid === pid && e.cat?.includes('blink.user_timing') && e.ts !== undefined,
    )
    .map((e) => e.ts ?? 0)
    .sort((a, b) => a - b);
}
