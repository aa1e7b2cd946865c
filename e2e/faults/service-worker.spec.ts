/**
 * Fault 1: Chrome stops the service worker (Chrome DevTools Protocol `ServiceWorker.stopAllWorkers`)
 * in the middle of a 1,000-contact Add to Mojo, and in the middle of a two-way drain. Nothing but
 * the page's own polling wakes it again; everything arrives, nothing arrives twice.
 */
import { admin, chooseGroup, connectBoth, expect, openDialog, test, ZOHO_WEB } from '../fixtures';
import { SEED_VIEWS } from '../sandbox';
import {
  activityLines,
  expectNoLoss,
  mojoFigures,
  stopServiceWorkers,
  writeFigure,
  zohoNoteFigures,
} from './figures';

const SPRING_BUYERS = 41;

test('the service worker stopped twice in the middle of a 1,000-contact Add to Mojo: all arrive once', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(180_000);
  const started = Date.now();
  await connectBoth(popup);
  // Only generated contacts in the view, so every one of them has a key and must arrive.
  sandbox.state.zoho.records.Contacts.length = 0;
  await admin(sandbox, 'POST', '/zoho/generate', { module: 'Contacts', count: 1_000 });
  const ids = sandbox.state.zoho.records.Contacts.map((r) => `zoho:Contacts:${r.id}`);
  // Slow Mojo down so the run is still going when the worker is stopped.
  sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts/upsert', latencyMs: 700 });

  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`);
  const dialog = await openDialog(page);
  await expect(dialog.getByText('(1,000 records)')).toBeVisible();
  await chooseGroup(dialog, 'Spring buyers');
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();

  const arrivedAtStops: number[] = [];
  for (const atLeast of [100, 500]) {
    await expect
      .poll(() => sandbox.state.mojo.contacts.size, { timeout: 60_000, intervals: [50] })
      .toBeGreaterThanOrEqual(atLeast);
    arrivedAtStops.push(sandbox.state.mojo.contacts.size);
    await stopServiceWorkers(context, page);
  }
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
  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`);
  for (const name of ['Jane Doe', 'Marcus Whitfield', 'Emily Chen'])
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  const dialog = await openDialog(page);
  await chooseGroup(dialog, 'Spring buyers');
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
  await expect(dialog.getByRole('status')).toContainText('3 added');
  await page.close();

  const linked = [...sandbox.state.mojo.contacts.values()];
  const ids = Array.from({ length: 200 }, (_, i) => `act-sw-${i}`);
  await admin(sandbox, 'POST', '/mojo/activities', {
    activities: ids.map((id, i) => {
      const c = linked[i % linked.length];
      return {
        id,
        type: 'call_result',
        contact: { id: c?.id, api_contact_id: c?.api_contact_id },
        call: {
          result: 'No Answer',
          phone: '5125550101',
          duration_s: i,
          agent: 'Pat Smith',
          notes: `call ${i}`,
        },
      };
    }),
  });
  sandbox.faults.add({ system: 'zoho-api', pathPrefix: '/crm/v7/Notes', latencyMs: 250 });
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Sync now' }).click();

  const arrivedAtStops: number[] = [];
  for (const atLeast of [20, 90]) {
    await expect
      .poll(() => sandbox.state.zoho.notes.length, { timeout: 60_000, intervals: [50] })
      .toBeGreaterThanOrEqual(atLeast);
    arrivedAtStops.push(sandbox.state.zoho.notes.length);
    await stopServiceWorkers(context, popup);
  }
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
