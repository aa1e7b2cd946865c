/**
 * Fault 2: the browser is closed in the middle of a sync and opened again on the same profile.
 * Nothing is clicked after the restart: the sync resumes by itself (the worker starts with the
 * browser and picks up what the outbox holds) and nothing is lost.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extensionId, launchWithExtension } from '../browser';
import { admin, chooseGroup, connectBoth, expect, openDialog, test, ZOHO_WEB } from '../fixtures';
import { SEED_VIEWS } from '../sandbox';
import { expectNoLoss, mojoFigures, writeFigure } from './figures';

const SPRING_BUYERS = 41;

test('the browser closed in the middle of a 1,000-contact Add to Mojo and reopened: it resumes by itself, 0 lost', async ({
  sandbox,
}) => {
  test.setTimeout(240_000);
  const started = Date.now();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'mojo-bridge-restart-'));
  const first = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules, userDataDir });
  const id = await extensionId(first.context);
  const popup = await first.context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await connectBoth(popup);

  sandbox.state.zoho.records.Contacts.length = 0;
  await admin(sandbox, 'POST', '/zoho/generate', { module: 'Contacts', count: 1_000 });
  const ids = sandbox.state.zoho.records.Contacts.map((r) => `zoho:Contacts:${r.id}`);
  sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts/upsert', latencyMs: 700 });

  const page = await first.context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`);
  const dialog = await openDialog(page);
  await expect(dialog.getByText('(1,000 records)')).toBeVisible();
  await chooseGroup(dialog, 'Spring buyers');
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
  await expect
    .poll(() => sandbox.state.mojo.contacts.size, { timeout: 60_000, intervals: [50] })
    .toBeGreaterThanOrEqual(200);

  const arrivedAtClose = sandbox.state.mojo.contacts.size;
  await first.context.close();
  expect(arrivedAtClose).toBeLessThan(1_000);

  // Same profile, no page opened, nothing clicked.
  const reopenedAt = Date.now();
  const second = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules, userDataDir });
  try {
    expect(await extensionId(second.context)).toBe(id);
    await expect
      .poll(() => mojoFigures(sandbox, ids, SPRING_BUYERS).arrived, { timeout: 150_000 })
      .toBe(1_000);
    const resumedAfterMs =
      (sandbox.requests.all().find((r) => r.t >= reopenedAt)?.t ?? Date.now()) - reopenedAt;
    // The run finishes as a run: its dialer tab opens on the group.
    await expect
      .poll(
        () => second.context.pages().some((p) => p.url().includes(`/data-and-dialer?group=${SPRING_BUYERS}`)),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    const f = mojoFigures(sandbox, ids, SPRING_BUYERS);
    expectNoLoss(f);
    writeFigure({
      id: 'f2-browser-restart',
      fault: '2. Browser closed and reopened',
      scenario:
        'Add to Mojo of a 1,000-contact view; the browser is closed mid-run and reopened on the same profile, nothing clicked',
      ...f,
      evidence: {
        'arrived when the browser closed': arrivedAtClose,
        'ms from reopening to the first request': resumedAfterMs,
      },
      test: 'e2e/faults/browser-restart.spec.ts',
      durationMs: Date.now() - started,
    });
  } finally {
    await second.context.close();
  }
});
