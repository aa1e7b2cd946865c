/**
 * Fault 1: Chrome stops the service worker (Chrome DevTools Protocol `ServiceWorker.stopAllWorkers`)
 * in the middle of a 1,000-contact Add to Mojo, and in the middle of a two-way drain. Nothing but
 * the page's own polling wakes it again; everything arrives, nothing arrives twice.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { connectBoth, expect, postActivity, startSync, test } from '../fixtures';
import { callResultsOver, linkZohoContacts } from '../flows';
import {
  activityLines,
  expectNoLoss,
  mojoFigures,
  SPRING_BUYERS,
  sendView,
  stopServiceWorkers,
  writeFigure,
  zohoNoteFigures,
} from './figures';
import { connectWithView } from './runs';

/**
 * Stop the service worker (from the page `on`) each time `arrived()` reaches the next of `marks`;
 * returns what had arrived at each stop.
 */
async function stopWorkerAt(
  context: BrowserContext,
  on: Page,
  arrived: () => number,
  marks: readonly number[],
): Promise<number[]> {
  const arrivedAtStops: number[] = [];
  for (const atLeast of marks) {
    await expect.poll(arrived, { timeout: 60_000, intervals: [50] }).toBeGreaterThanOrEqual(atLeast);
    arrivedAtStops.push(arrived());
    await stopServiceWorkers(context, on);
  }
  return arrivedAtStops;
}

test('the service worker stopped twice in the middle of a 1,000-contact Add to Mojo: all arrive once', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(180_000);
  const started = Date.now();
  // Only generated contacts in the view, so every one of them has a key and must arrive.
  const ids = await connectWithView(popup, sandbox, 1_000);
  // Slow Mojo down so the run is still going when the worker is stopped.
  sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts/upsert', latencyMs: 700 });
  const { page, dialog } = await sendView(context, 1_000);

  const arrivedAtStops = await stopWorkerAt(
    context,
    page,
    () => sandbox.state.mojo.contacts.size,
    [100, 500],
  );
  expect(arrivedAtStops.at(-1)).toBeLessThan(1_000);

  // Nobody restarts it by hand: the open dialog's progress polling wakes the worker.
  await expect(dialog.getByRole('status')).toContainText('1,000 added, 0 updated, 0 failed', {
    timeout: 120_000,
  });
  const f = mojoFigures(sandbox, ids, SPRING_BUYERS);
  expectNoLoss(f);
  const pickedUp = (await activityLines(popup)).filter((l) => l.startsWith('Picked up')).length;
  writeFigure({
    id: 'f1a-sw-stop-add-to-mojo',
    fault: '1. Service worker stopped (CDP)',
    scenario: 'Add to Mojo of a 1,000-contact Zoho view; the worker is stopped twice mid-run',
    ...f,
    evidence: {
      'worker stops': arrivedAtStops.length,
      'arrived at each stop': arrivedAtStops.join(' / '),
      'restarts that picked up unfinished steps': pickedUp,
    },
    test: 'e2e/faults/service-worker.spec.ts',
    durationMs: Date.now() - started,
  });
});

test('the service worker stopped in the middle of a 200-note two-way drain: every note once', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(180_000);
  const started = Date.now();
  await connectBoth(popup);
  // Link three contacts the way a person does, so Mojo's activity has somewhere to go.
  await linkZohoContacts(context, ['Jane Doe', 'Marcus Whitfield', 'Emily Chen']);

  const linked = [...sandbox.state.mojo.contacts.values()];
  const ids = Array.from({ length: 200 }, (_, i) => `act-sw-${i}`);
  await postActivity(sandbox, {
    activities: callResultsOver(ids, linked, (i) => ({ result: 'No Answer', notes: `call ${i}` })),
  });
  sandbox.faults.add({ system: 'zoho-api', pathPrefix: '/crm/v7/Notes', latencyMs: 250 });
  await startSync(popup);

  const arrivedAtStops = await stopWorkerAt(context, popup, () => sandbox.state.zoho.notes.length, [20, 90]);
  expect(arrivedAtStops.at(-1)).toBeLessThan(200);

  // The popup's own polling wakes the worker; the drain carries on from the outbox.
  await expect.poll(() => zohoNoteFigures(sandbox, ids).arrived, { timeout: 120_000 }).toBe(200);
  // Let anything still in flight land before counting duplicates.
  await popup.waitForTimeout(1_500);
  const f = zohoNoteFigures(sandbox, ids);
  expectNoLoss(f);
  writeFigure({
    id: 'f1b-sw-stop-two-way',
    fault: '1. Service worker stopped (CDP)',
    scenario: 'Mojo → Zoho drain of 200 call results as notes; the worker is stopped twice mid-drain',
    ...f,
    evidence: {
      'worker stops': arrivedAtStops.length,
      'arrived at each stop': arrivedAtStops.join(' / '),
    },
    test: 'e2e/faults/service-worker.spec.ts',
    durationMs: Date.now() - started,
  });
});
