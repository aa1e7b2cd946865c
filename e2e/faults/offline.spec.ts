/**
 * Fault 6: the network goes away in the middle of an Add to Mojo and comes back. While offline the
 * queue waits (nothing is given up on, nothing is lost), and when the browser is online again it
 * drains by itself.
 */
import { expect, test } from '../fixtures';
import { ask, expectNoLoss, mojoFigures, SPRING_BUYERS, sendView, writeFigure } from './figures';
import { connectWithView } from './runs';

test('offline in the middle of a 1,000-contact Add to Mojo, then online: the queue waits, then drains', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(150_000);
  const started = Date.now();
  const N = 1_000;
  const ids = await connectWithView(popup, sandbox, N);
  sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts/upsert', latencyMs: 600 });
  const { dialog } = await sendView(context, N);
  await expect
    .poll(() => sandbox.state.mojo.contacts.size, { timeout: 30_000, intervals: [50] })
    .toBeGreaterThanOrEqual(100);

  await context.setOffline(true);
  const offlineAt = Date.now();
  // Whatever was in flight lands or fails; then nothing more can reach the sandbox.
  await popup.waitForTimeout(1_000);
  const arrivedOffline = sandbox.state.mojo.contacts.size;
  const requestsOffline = sandbox.requests.all().length;
  await popup.waitForTimeout(5_000);
  expect(sandbox.requests.all().length).toBe(requestsOffline);
  // The queue waits: steps are still held (not failed, not dropped) while nothing can leave.
  const health = (await ask(popup, 'getQueueHealth')) as { res?: { pending: number; deadLetters: number } };
  const waiting = health.res?.pending ?? 0;
  expect(waiting).toBeGreaterThan(0);
  expect(health.res?.deadLetters).toBe(0);

  await context.setOffline(false);
  const onlineAt = Date.now();
  await expect(dialog.getByRole('status')).toContainText(
    `${N.toLocaleString('en-US')} added, 0 updated, 0 failed`,
    {
      timeout: 90_000,
    },
  );
  const firstAfter = sandbox.requests.all()[requestsOffline];
  const f = mojoFigures(sandbox, ids, SPRING_BUYERS);
  expectNoLoss(f);
  writeFigure({
    id: 'f6-offline-online',
    fault: '6. Offline, then online',
    scenario: `Add to Mojo of ${N.toLocaleString('en-US')} contacts; the browser goes offline mid-run for ${Math.round((onlineAt - offlineAt) / 1000)} s, then online`,
    ...f,
    evidence: {
      'arrived before going offline': arrivedOffline,
      'steps waiting while offline': waiting,
      'ms from online to the first request': firstAfter ? firstAfter.t - onlineAt : -1,
      failed: 0,
    },
    test: 'e2e/faults/offline.spec.ts',
    durationMs: Date.now() - started,
  });
});
