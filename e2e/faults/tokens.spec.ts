/**
 * Fault 4: tokens. An access token that dies in the middle of a run is refreshed exactly once,
 * however many requests were turned away with it. A refresh token revoked in the middle of a drain
 * pauses the queue and asks for "Reconnect Zoho": nothing is dropped, and after reconnecting the
 * queue drains.
 */
import { connectBoth, expect, postActivity, startSync, test } from '../fixtures';
import { callResultsOver, linkZohoContacts } from '../flows';
import type { Sandbox } from '../sandbox';
import {
  expectNoLoss,
  jobOf,
  mojoFigures,
  SPRING_BUYERS,
  startAddOfRecords,
  writeFigure,
  zohoNoteFigures,
} from './figures';
import { connectWithView } from './runs';

const zohoRefreshes = (sb: Sandbox) =>
  sb.state.zoho.tokenRequestLog.filter((r) => r.grant_type === 'refresh_token').length;
const rejected = (sb: Sandbox, host: string) =>
  sb.requests.all().filter((r) => r.host === host && r.status === 401).length;

test('access tokens expire mid-run: one refresh per system, shared by every request that was refused', async ({
  popup,
  sandbox,
}) => {
  test.setTimeout(120_000);
  const started = Date.now();
  const N = 1_000;
  const ids = await connectWithView(popup, sandbox, N);
  // Slow enough that several requests are in flight with the same token when it dies.
  sandbox.faults.add({ system: 'zoho-api', pathPrefix: '/crm/v7/Contacts', latencyMs: 300 });
  sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts/upsert', latencyMs: 400 });
  const zohoBefore = zohoRefreshes(sandbox);
  // Zoho's token dies before the records are read: a selection is read 100 at a time, several
  // reads at once, all with the token that is now dead.
  sandbox.faults.add({ system: 'zoho-api', expireTokens: true });
  const jobId = await startAddOfRecords(popup, ids);
  // Mojo's dies in the middle of the upserts.
  await expect
    .poll(() => sandbox.state.mojo.contacts.size, { timeout: 30_000, intervals: [50] })
    .toBeGreaterThan(0);
  const mojoBefore = sandbox.state.mojo.tokenRequests;
  sandbox.faults.add({ system: 'mojo', expireTokens: true });
  await expect.poll(async () => (await jobOf(popup, jobId))?.phase, { timeout: 90_000 }).toBe('done');
  expect(await jobOf(popup, jobId)).toMatchObject({ added: N, updated: 0, failed: 0 });

  const zoho = zohoRefreshes(sandbox) - zohoBefore;
  const mojo = sandbox.state.mojo.tokenRequests - mojoBefore;
  const zohoRejected = rejected(sandbox, 'www.zohoapis.com');
  const mojoRejected = rejected(sandbox, 'app31.mojosells.com');
  expect({ zoho, mojo }).toEqual({ zoho: 1, mojo: 1 });
  // "Shared by all callers": more than one request met the dead token, one refresh served them all.
  expect(zohoRejected + mojoRejected).toBeGreaterThan(2);
  const f = mojoFigures(sandbox, ids, SPRING_BUYERS);
  expectNoLoss(f);
  writeFigure({
    id: 'f4a-token-expiry',
    fault: '4. Tokens',
    scenario: `Add to Mojo of ${N.toLocaleString('en-US')} selected contacts; Zoho's access token dies before the reads, Mojo's mid-upserts`,
    ...f,
    evidence: {
      'requests refused with 401 (Zoho / Mojo)': `${zohoRejected} / ${mojoRejected}`,
      'token refreshes (Zoho / Mojo)': `${zoho} / ${mojo}`,
    },
    test: 'e2e/faults/tokens.spec.ts',
    durationMs: Date.now() - started,
  });
});

test('a refresh token revoked mid-drain pauses the queue with "Reconnect Zoho"; nothing dropped; reconnecting drains it', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(150_000);
  const started = Date.now();
  await connectBoth(popup);
  await linkZohoContacts(context, ['Jane Doe', 'Marcus Whitfield']);

  const linked = [...sandbox.state.mojo.contacts.values()];
  const ids = Array.from({ length: 100 }, (_, i) => `act-revoke-${i}`);
  await postActivity(sandbox, {
    activities: callResultsOver(ids, linked, (i) => ({ result: 'Voicemail', notes: `call ${i}` })),
  });
  sandbox.faults.add({ system: 'zoho-api', pathPrefix: '/crm/v7/Notes', latencyMs: 200 });
  await startSync(popup);
  await expect.poll(() => sandbox.state.zoho.notes.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(10);

  // The user removes Mojo Bridge's access in Zoho: the token dies and its refresh token too.
  sandbox.faults.add({ system: 'zoho-api', expireTokens: true });
  sandbox.faults.add({ system: 'zoho-accounts', revokeRefreshTokens: true });
  const zoho = popup.getByRole('region', { name: 'Zoho CRM' });
  await expect(zoho.getByRole('alert')).toContainText('Zoho CRM needs to be connected again', {
    timeout: 30_000,
  });
  await expect(zoho.getByRole('button', { name: 'Reconnect Zoho' })).toBeVisible();
  const arrivedWhenPaused = sandbox.state.zoho.notes.length;
  // Paused, not failing: nothing more is written, nothing is given up on.
  await popup.waitForTimeout(3_000);
  expect(sandbox.state.zoho.notes.length).toBe(arrivedWhenPaused);
  expect(arrivedWhenPaused).toBeLessThan(100);
  await expect(popup.getByText(/Pending [1-9]/)).toBeVisible();
  const deadLettered = await popup.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: { runtime: { sendMessage(m: unknown): Promise<{ res?: unknown[] }> } };
      }
    ).chrome;
    const answer = await api.runtime.sendMessage({
      id: 1,
      type: 'getFailed',
      data: undefined,
      timestamp: Date.now(),
    });
    return Array.isArray(answer.res) ? answer.res.length : -1;
  });
  expect(deadLettered).toBe(0);

  await zoho.getByLabel('Client secret').fill('sandbox-secret');
  await zoho.getByRole('button', { name: 'Reconnect Zoho' }).click();
  await expect(popup.getByText('Connected to Acme Realty')).toBeVisible();
  await expect.poll(() => zohoNoteFigures(sandbox, ids).arrived, { timeout: 60_000 }).toBe(100);
  await popup.waitForTimeout(1_000);
  const f = zohoNoteFigures(sandbox, ids);
  expectNoLoss(f);
  writeFigure({
    id: 'f4b-refresh-revoked',
    fault: '4. Tokens',
    scenario:
      'Mojo → Zoho drain of 100 notes; Zoho access revoked mid-drain, queue paused, then Reconnect Zoho',
    ...f,
    evidence: {
      'arrived before the pause': arrivedWhenPaused,
      'written while paused (3 s)': 0,
      'dead-lettered while paused': deadLettered,
    },
    test: 'e2e/faults/tokens.spec.ts',
    durationMs: Date.now() - started,
  });
});
