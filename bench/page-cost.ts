/**
 * B2, page cost, on the Zoho list fixture with `rows` rows (bench-only `?rows=`; `?delay=0` drops
 * the fixture's random render delay so the figures are the page's and the extension's own):
 *  - the main-thread time the content script takes while the page loads (a trace per load);
 *  - its time per mutation batch while rows are appended, as an infinite list does (User Timing
 *    marks from the fixture cut the trace per batch);
 *  - an SPA route change → the button visible in its anchor, timed in the page itself.
 */
import { expect, type Page } from '@playwright/test';
import {
  ALL_CONTACTS_LIST,
  type BenchSession,
  LIST_ANCHOR,
  RECORD_ANCHOR,
  setContacts,
  ZOHO_WEB,
} from './session';
import {
  busyMs,
  evaluateMs,
  marks,
  msWithin,
  scriptIntervals,
  scriptThread,
  type TraceEvent,
  traceAround,
} from './trace';

export interface PageCost {
  /** scriptMs: all of the content script's time; evaluateMs: of it, evaluating the file. */
  loads: { scriptMs: number; evaluateMs: number; pageBusyMs: number }[];
  /** Content-script ms per appended batch (`append.batch` rows each). */
  batches: number[];
  /** Content-script ms per batch of all `append.rows` rows at once. */
  wholeBatches: number[];
  routes: Record<string, RouteTimes>;
}

export interface RouteTimes {
  /** Route change → the button painted in the new page's anchor. */
  fromRoute: number[];
  /** The new page in the DOM (the fixture's render event) → the button painted. */
  fromRender: number[];
  /** Of fromRoute: the content script's own main-thread time (trace). */
  scriptMs: number[];
  /** Of fromRoute: the main thread busy at all (the page's render, style and layout included). */
  busyMs: number[];
}

export interface PageCostOptions {
  rows: number;
  loads: number;
  append: { rows: number; batch: number; rounds: number };
  routeChanges: number;
}

interface FixtureWindow {
  __zohoFixture: {
    navigate(path: string): Promise<void>;
    appendRows(count: number, batch: number, gapMs: number): Promise<number[]>;
  };
}

const BATCH_GAP_MS = 50;
const WHOLE_GAP_MS = 150;

export async function runPageCost(s: BenchSession, opts: PageCostOptions): Promise<PageCost> {
  setContacts(s.sandbox, opts.rows);
  const listUrl = `${ALL_CONTACTS_LIST}?rows=${opts.rows}&delay=0`;
  const scriptUrl = `chrome-extension://${s.extensionId}/content-scripts/zoho.js`;
  const page = await s.context.newPage();
  const cdp = await s.context.newCDPSession(page);
  const result: PageCost = { loads: [], batches: [], wholeBatches: [], routes: {} };

  // Warm the HTTP cache and the renderer once; each measured load is then like a user's reload.
  await page.goto(listUrl);
  await buttonIn(page, LIST_ANCHOR);

  for (let i = 0; i < opts.loads; i++) {
    const events = await traceAround(cdp, async () => {
      await page.goto(listUrl);
      await buttonIn(page, LIST_ANCHOR);
      // Let everything settle: late work (a timer, a build that renders the button with React in
      // scheduler tasks after it is attached) still counts.
      await page.waitForTimeout(1_000);
    });
    const thread = scriptThread(events, scriptUrl);
    if (!thread) throw new Error('The content script did not run in the traced load');
    const start = lastNavigationStart(events, thread.pid);
    const intervals = scriptIntervals(events, scriptUrl, thread);
    const end = Number.POSITIVE_INFINITY;
    result.loads.push({
      scriptMs: msWithin(intervals, start, end),
      evaluateMs: evaluateMs(events, scriptUrl, thread),
      pageBusyMs: busyMs(events, thread, start, end),
    });
  }

  // Mutation batches: `rounds` × (append.rows in batches of append.batch), then rounds × one batch of all.
  const perRound = Math.ceil(opts.append.rows / opts.append.batch);
  const events = await traceAround(cdp, async () => {
    for (let r = 0; r < opts.append.rounds; r++) {
      await page.evaluate(
        ({ rows, batch, gap }) =>
          (window as unknown as FixtureWindow).__zohoFixture.appendRows(rows, batch, gap),
        { rows: opts.append.rows, batch: opts.append.batch, gap: BATCH_GAP_MS },
      );
    }
    for (let r = 0; r < opts.append.rounds; r++) {
      await page.evaluate(
        ({ rows, gap }) => (window as unknown as FixtureWindow).__zohoFixture.appendRows(rows, rows, gap),
        { rows: opts.append.rows, gap: WHOLE_GAP_MS },
      );
    }
  });
  const thread = scriptThread(events, scriptUrl) ?? { pid: -1, tid: -1 };
  const intervals = scriptIntervals(events, scriptUrl, thread);
  const at = marks(events, 'zoho-fixture:append', thread.pid);
  if (at.length !== opts.append.rounds * (perRound + 1)) {
    throw new Error(`Expected ${opts.append.rounds * (perRound + 1)} append marks, found ${at.length}`);
  }
  at.forEach((t, i) => {
    const whole = i >= opts.append.rounds * perRound;
    const ms = msWithin(intervals, t, t + (whole ? WHOLE_GAP_MS : BATCH_GAP_MS) * 1000);
    (whole ? result.wholeBatches : result.batches).push(ms);
  });

  // Route changes: list → record and record → list, alternating, on the same page.
  const first = s.sandbox.state.zoho.records.Contacts[0];
  if (!first) throw new Error('No contacts');
  const recordPath = new URL(`${ZOHO_WEB}/tab/Contacts/${first.id}`).pathname;
  const listPath = new URL(ALL_CONTACTS_LIST).pathname;
  const toRecord: RouteTimes = { fromRoute: [], fromRender: [], scriptMs: [], busyMs: [] };
  const toList: RouteTimes = { fromRoute: [], fromRender: [], scriptMs: [], busyMs: [] };
  await page.goto(listUrl);
  await buttonIn(page, LIST_ANCHOR);
  const routeEvents = await traceAround(cdp, async () => {
    for (let i = 0; i < opts.routeChanges; i++) {
      const a = await routeChange(page, recordPath, RECORD_ANCHOR);
      toRecord.fromRoute.push(a.fromRoute);
      toRecord.fromRender.push(a.fromRender);
      const b = await routeChange(page, listPath, LIST_ANCHOR);
      toList.fromRoute.push(b.fromRoute);
      toList.fromRender.push(b.fromRender);
    }
  });
  // Split each route change's time into the content script's share and the page's.
  const routeThread = scriptThread(routeEvents, scriptUrl);
  if (routeThread) {
    const script = scriptIntervals(routeEvents, scriptUrl, routeThread);
    const starts = marks(routeEvents, 'bench:route', routeThread.pid);
    const ends = marks(routeEvents, 'bench:button', routeThread.pid);
    starts.forEach((from, i) => {
      const to = ends[i] ?? from;
      const into = i % 2 === 0 ? toRecord : toList;
      into.scriptMs.push(msWithin(script, from, to));
      into.busyMs.push(busyMs(routeEvents, routeThread, from, to));
    });
  }
  result.routes['list → record'] = toRecord;
  result.routes[`record → list (${opts.rows.toLocaleString('en-US')} rows)`] = toList;
  await cdp.detach();
  await page.close();
  return result;
}

async function buttonIn(page: Page, anchor: string): Promise<void> {
  await expect(page.locator(anchor).getByRole('button', { name: 'Add to Mojo' })).toBeVisible({
    timeout: 30_000,
  });
}

function lastNavigationStart(events: TraceEvent[], pid: number): number {
  const starts = events
    .filter((e) => e.name === 'navigationStart' && e.pid === pid && e.ts !== undefined)
    .map((e) => e.ts ?? 0);
  return starts.length ? Math.max(...starts) : Number.NEGATIVE_INFINITY;
}

/**
 * Navigate inside the app and time, in the page, until the button stands in the new page's
 * anchor with a layout box, at the next animation frame (when it is painted). Observers, not
 * polling: a polling loop would take the main thread the content script needs.
 */
async function routeChange(
  page: Page,
  path: string,
  anchor: string,
): Promise<{ fromRoute: number; fromRender: number }> {
  // tsx keeps function names by wrapping them in a `__name` helper that the page does not have.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  const timing = await page.evaluate(
    ({ path, anchor }) =>
      new Promise<{ fromRoute: number; fromRender: number }>((resolve, reject) => {
        let rendered: number | null = null;
        const observers: MutationObserver[] = [];
        const watched = new WeakSet<ShadowRoot>();
        const timer = setTimeout(() => {
          for (const o of observers) o.disconnect();
          reject(new Error(`No button in ${anchor} within 10 s`));
        }, 10_000);
        const check = () => {
          const host = document.querySelector(`${anchor} mojo-bridge-button`);
          const root = host?.shadowRoot;
          if (root && !watched.has(root)) {
            // A build that renders the button with React fills the shadow root after the host is
            // attached (the plain-DOM button is there at once): watch it.
            watched.add(root);
            const o = new MutationObserver(check);
            o.observe(root, { childList: true, subtree: true });
            observers.push(o);
          }
          const button = root?.querySelector('button');
          if (rendered === null || !button || button.getBoundingClientRect().width === 0) return;
          for (const o of observers) o.disconnect();
          clearTimeout(timer);
          const renderedAt = rendered;
          requestAnimationFrame(() => {
            performance.mark('bench:button');
            const now = performance.now();
            resolve({ fromRoute: now - t0, fromRender: now - renderedAt });
          });
        };
        addEventListener(
          'zoho-fixture:rendered',
          () => {
            rendered = performance.now();
            check();
          },
          { once: true },
        );
        const o = new MutationObserver(check);
        o.observe(document.body, { childList: true, subtree: true });
        observers.push(o);
        performance.mark('bench:route');
        const t0 = performance.now();
        void (window as unknown as FixtureWindow).__zohoFixture.navigate(path);
      }),
    { path, anchor },
  );
  return timing;
}
