/**
 * Fault 3: a strained vendor and a flaky network, each against an Add to Mojo of a 500-contact
 * view: 429 bursts with and without Retry-After, 30% 5xx, timeouts, and the connection reset in
 * the middle of the answer's body. Everything arrives once, and no request to a system goes out
 * before the Retry-After it was given.
 */
import { expect, test } from '../fixtures';
import type { FaultSpec, Sandbox } from '../sandbox';
import {
  type ClientFetch,
  expectNoLoss,
  type Figure,
  mojoFigures,
  recordClientFetches,
  requestsTo,
  retryAfterChecks,
  SPRING_BUYERS,
  sendView,
  writeFigure,
} from './figures';
import { connectWithView } from './runs';

const N = 500;
/** The 5xx run is larger, so 30% is a rate and not a handful. */
const N_5XX = 2_000;
const MOJO_HOST = 'app31.mojosells.com';
const UPSERT = '/api/v1/contacts/upsert';

interface Run {
  id: string;
  scenario: string;
  faults: FaultSpec[];
  evidence: (sandbox: Sandbox, client: ClientFetch[]) => Figure['evidence'];
  timeout?: number;
  /** Contacts in the view (default N). */
  size?: number;
}

const faultsHit = (sandbox: Sandbox, kind: string) =>
  sandbox.requests.all().filter((r) => (r.faults ?? []).some((f) => f === kind || f.startsWith(`${kind}:`)))
    .length;

/**
 * One test: an Add to Mojo of a `size`-contact view with `run.faults` added just before Send; every
 * contact arrives once, and the run's figure is written.
 */
function testWithFaults(title: string, timeoutMs: number, run: Run): void {
  test(title, async ({ context, popup, sandbox }) => {
    test.setTimeout(timeoutMs);
    const started = Date.now();
    const n = run.size ?? N;
    const ids = await connectWithView(popup, sandbox, n);
    const clientLog = await recordClientFetches(context);
    const { dialog } = await sendView(context, n, () => {
      for (const f of run.faults) sandbox.faults.add(f);
    });
    // Every contact was created by this run, however often a batch had to be sent: "added".
    await expect(dialog.getByRole('status')).toContainText(
      `${n.toLocaleString('en-US')} added, 0 updated, 0 failed`,
      {
        timeout: run.timeout ?? 90_000,
      },
    );
    const f = mojoFigures(sandbox, ids, SPRING_BUYERS);
    expectNoLoss(f);
    writeFigure({
      id: run.id,
      fault: '3. Rate limits and a flaky network',
      scenario: run.scenario,
      ...f,
      evidence: run.evidence(sandbox, await clientLog()),
      test: 'e2e/faults/network.spec.ts',
      durationMs: Date.now() - started,
    });
  });
}

const RETRY_AFTER = 2;

testWithFaults(
  '429 bursts with Retry-After: everything arrives once and nothing is sent before its Retry-After',
  120_000,
  {
    id: 'f3a-429-retry-after',
    scenario: `Add to Mojo of ${N} contacts; Mojo answers bursts of 429 with Retry-After: ${RETRY_AFTER}, Zoho with Retry-After: 1`,
    faults: [
      { system: 'mojo', pathPrefix: UPSERT, status429: { count: 3, retryAfterSeconds: RETRY_AFTER } },
      { system: 'zoho-api', status429: { count: 2, retryAfterSeconds: 1 } },
    ],
    evidence: (sb, client) => {
      const checks = [
        ...retryAfterChecks(client, MOJO_HOST),
        ...retryAfterChecks(client, 'www.zohoapis.com'),
      ];
      expect(checks.length).toBeGreaterThan(0);
      // The promise itself, on the client's own clock: after each answer carrying a Retry-After,
      // no request to that host left before it was over.
      for (const c of checks) expect(c.waitedMs).toBeGreaterThanOrEqual(c.askedMs);
      return {
        '429 answered': faultsHit(sb, '429'),
        'Retry-After checks made': checks.length,
        'requests sent early': checks.filter((c) => c.waitedMs < c.askedMs).length,
        'least time waited beyond a Retry-After (ms)': Math.min(...checks.map((c) => c.waitedMs - c.askedMs)),
      };
    },
  },
);

testWithFaults('429 bursts without Retry-After: backoff, and everything arrives once', 120_000, {
  id: 'f3b-429-no-retry-after',
  scenario: `Add to Mojo of ${N} contacts; Mojo and Zoho answer bursts of 429 without Retry-After`,
  faults: [
    { system: 'mojo', pathPrefix: UPSERT, status429: { count: 4 } },
    { system: 'zoho-api', status429: { count: 2 } },
  ],
  evidence: (sb) => ({ '429 answered': faultsHit(sb, '429') }),
});

testWithFaults('30% of Mojo and Zoho answers are 5xx: everything arrives once', 150_000, {
  id: 'f3c-5xx-30pct',
  scenario: `Add to Mojo of ${N_5XX.toLocaleString('en-US')} contacts; 30% of Mojo's and Zoho's API answers are 500/502/503`,
  size: N_5XX,
  faults: [
    { system: 'mojo', pathPrefix: UPSERT, status5xx: { rate: 0.3 } },
    { system: 'zoho-api', status5xx: { rate: 0.3 } },
  ],
  evidence: (sb) => ({
    '5xx answered': faultsHit(sb, '5xx'),
    'Mojo upserts answered in all': requestsTo(sb, MOJO_HOST, UPSERT).length,
  }),
  timeout: 130_000,
});

testWithFaults('the connection reset in the middle of the answer body: everything arrives once', 120_000, {
  id: 'f3e-reset-mid-body',
  scenario: `Add to Mojo of ${N} contacts; answers break off mid-body after the server did the work (3 Mojo, 2 Zoho)`,
  faults: [
    { system: 'mojo', pathPrefix: UPSERT, reset: { count: 3 } },
    { system: 'zoho-api', pathPrefix: '/crm/v7/Contacts', reset: { count: 2 } },
  ],
  evidence: (sb) => ({ 'answers cut off': faultsHit(sb, 'reset') }),
});

// Each hung request costs the client's full 30 s timeout.
testWithFaults(
  'requests that hang until the client gives up (timeouts): everything arrives once @slow',
  240_000,
  {
    id: 'f3d-timeouts',
    scenario: `Add to Mojo of ${N} contacts; 2 Mojo upserts and 1 Zoho read hang until the client's 30 s timeout`,
    faults: [
      { system: 'mojo', pathPrefix: UPSERT, timeout: { count: 2, ms: 120_000 } },
      { system: 'zoho-api', pathPrefix: '/crm/v7/Contacts', timeout: { count: 1, ms: 120_000 } },
    ],
    evidence: (sb) => ({ 'requests timed out': faultsHit(sb, 'timeout') }),
    timeout: 200_000,
  },
);
