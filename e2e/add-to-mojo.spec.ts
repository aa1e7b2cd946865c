/** Add to Mojo from Zoho CRM, end to end: the dialog, the send, the summary, the dialer tab, the data in Mojo. */
import {
  admin,
  chooseGroup,
  connectBoth,
  dialerTab,
  expect,
  openDialog,
  openPage,
  selectRows,
  sendToMojo,
  test,
  ZOHO_CONTACTS,
  ZOHO_WEB,
} from './fixtures';
import { addToGroup, addToNewGroup } from './flows';
import { findMojoContact, SEED_CONTACT_IDS } from './sandbox';

const ids = SEED_CONTACT_IDS;
const apiId = (id: string, module = 'Contacts') => `zoho:${module}:${id}`;

test('one record: the group list, the send, the summary, the dialer tab and the contact in Mojo', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  // Slow Mojo down so the progress bar is there to be seen.
  sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts', latencyMs: 600 });
  const page = await openPage(context, `${ZOHO_WEB}/tab/Contacts/${ids.janeDoe}`);
  const dialog = await openDialog(page);
  await expect(dialog.getByText('Adding: this record')).toBeVisible();
  const group = dialog.getByRole('combobox', { name: 'Group' });
  await expect(group.locator('option', { hasText: 'Spring buyers' })).toHaveCount(1);
  await chooseGroup(dialog, 'Spring buyers');
  await sendToMojo(dialog);
  await expect(dialog.getByRole('progressbar')).toBeVisible();
  await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed');
  await dialerTab(context, 41, 'Spring buyers');

  const c = findMojoContact(sandbox.state, apiId(ids.janeDoe));
  expect(c).toMatchObject({
    full_name: 'Jane Doe',
    first_name: 'Jane',
    last_name: 'Doe',
    address: '12 Main St',
    city: 'Austin',
    state: 'TX',
    zip: '78701',
    source: 'zoho',
  });
  expect(c?.mediainfo_set).toEqual(
    expect.arrayContaining([
      { type: 2, value: '5125550101' },
      { type: 4, value: 'jane@example.com' },
    ]),
  );
  expect(c?.misc).toMatchObject({ 'Lead Source': 'Zillow', Owner: 'Pat Smith' });
  expect(c?.group_ids).toEqual([41]);
});

test('sending again updates, moves the contact to the new group, and never duplicates notes', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const page = await openPage(context, `${ZOHO_WEB}/tab/Contacts/${ids.descriptionOne}`);
  let dialog = await addToGroup(page, 'Spring buyers');
  await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.bringToFront();
  dialog = await addToGroup(page, 'Past clients');
  await expect(dialog.getByRole('status')).toContainText('0 added, 1 updated, 0 failed');
  await expect(dialog.getByRole('status')).toContainText('1 moved from another group');
  const c = findMojoContact(sandbox.state, apiId(ids.descriptionOne));
  expect(c?.group_ids).toEqual([17]);
  expect(c?.notes).toHaveLength(1);
  expect(c?.notes[0]?.text).toContain('Relocating from Chicago');
  // The dialer was focused and re-pointed, not opened twice.
  await dialerTab(context, 17);
  expect(context.pages().filter((p) => p.url().includes('/data-and-dialer')).length).toBe(1);
});

test('selected rows on a list go into a new group', async ({ context, popup, sandbox }) => {
  await connectBoth(popup);
  const page = await openPage(context, ZOHO_CONTACTS);
  await selectRows(page, ['Jane Doe', 'Marcus Whitfield', 'Emily Chen']);
  const dialog = await addToNewGroup(page, 'Open house follow-up', { adding: '3 selected records' });
  await expect(dialog.getByRole('status')).toContainText('3 added, 0 updated, 0 failed');
  const group = sandbox.state.mojo.groups.find((g) => g.name === 'Open house follow-up');
  expect(group).toBeDefined();
  const inGroup = [...sandbox.state.mojo.contacts.values()].filter((c) =>
    c.group_ids.includes(group?.id ?? -1),
  );
  expect(inGroup.map((c) => c.full_name).sort()).toEqual(['Emily Chen', 'Jane Doe', 'Marcus Whitfield']);
  await dialerTab(context, group?.id ?? -1, 'Open house follow-up');
});

test('no selection sends the whole view, read through the API past 2,000 records with page tokens', async ({
  context,
  popup,
  sandbox,
}) => {
  await admin(sandbox, 'POST', '/zoho/generate', { module: 'Contacts', count: 2_500 });
  await connectBoth(popup);
  const page = await openPage(context, ZOHO_CONTACTS);
  const dialog = await addToGroup(page, 'Spring buyers', {
    adding: 'the whole view: All Contacts (2,514 records)',
  });
  const status = dialog.getByRole('status');
  await expect(status).toContainText('2,513 added, 0 updated, 0 failed', { timeout: 60_000 });
  await expect(status).toContainText('1 excluded');
  await expect(status).toContainText('Walter Kim: Excluded: ');
  expect(sandbox.state.mojo.contacts.size).toBe(2_513);
  const reads = sandbox.requests
    .all()
    .filter((r) => r.host === 'www.zohoapis.com' && r.path === '/crm/v7/Contacts');
  expect(reads.some((r) => r.query.includes('page_token'))).toBe(true);
  const upserts = sandbox.requests.all().filter((r) => r.path === '/api/v1/contacts/upsert');
  expect(upserts.length).toBeGreaterThanOrEqual(26);
  await dialerTab(context, 41);
});

test('per-contact failures are listed with their reasons; markup in names stays text', async ({
  context,
  popup,
  sandbox,
}) => {
  await admin(sandbox, 'POST', '/mojo/rejections', {
    api_contact_id: apiId(ids.markup),
    code: 'invalid_contact',
    message: 'Mojo refused this contact',
  });
  const alerts: string[] = [];
  await connectBoth(popup);
  const page = await context.newPage();
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  await page.goto(ZOHO_CONTACTS);
  await selectRows(page, ['Jane Doe', 'Walter Kim', 'Mallory <img src=x onerror=alert(1)>']);
  const dialog = await addToGroup(page, 'Spring buyers');
  const status = dialog.getByRole('status');
  await expect(status).toContainText('1 added, 0 updated, 1 failed');
  await expect(status).toContainText('1 excluded');
  await expect(status).toContainText('Mallory <img src=x onerror=alert(1)>: Mojo refused this contact');
  await expect(status).toContainText('Walter Kim: Excluded: No phone or email');
  expect(await page.locator('mojo-bridge-dialog img').count()).toBe(0);
  expect(alerts).toEqual([]);
});

test('an expired Zoho token is refreshed exactly once and the send completes', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const before = sandbox.state.zoho.tokenRequestLog.filter((r) => r.grant_type === 'refresh_token').length;
  sandbox.faults.add({ system: 'zoho-api', expireTokens: true });
  const page = await openPage(context, ZOHO_CONTACTS);
  await selectRows(page, ['Jane Doe', 'Marcus Whitfield']);
  const dialog = await addToGroup(page, 'Spring buyers');
  await expect(dialog.getByRole('status')).toContainText('2 added, 0 updated, 0 failed');
  const refreshes =
    sandbox.state.zoho.tokenRequestLog.filter((r) => r.grant_type === 'refresh_token').length - before;
  expect(refreshes).toBe(1);
});

test('429 with Retry-After and 5xx from Mojo: the send waits, retries and everything arrives once', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  sandbox.faults.add({
    system: 'mojo',
    pathPrefix: '/api/v1/contacts/upsert',
    status429: { count: 1, retryAfterSeconds: 2 },
  });
  sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts/upsert', status5xx: { count: 1 } });
  const page = await openPage(context, `${ZOHO_WEB}/tab/Contacts/${ids.janeDoe}`);
  const dialog = await addToGroup(page, 'Spring buyers');
  await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed', { timeout: 30_000 });
  const upserts = sandbox.requests.all().filter((r) => r.path === '/api/v1/contacts/upsert');
  const first = upserts.find((r) => r.status === 429);
  const next = first ? upserts[upserts.indexOf(first) + 1] : undefined;
  expect(first).toBeDefined();
  expect(next && first ? next.t - first.t : 0).toBeGreaterThanOrEqual(2_000);
  expect(findMojoContact(sandbox.state, apiId(ids.janeDoe))?.notes ?? []).toHaveLength(0);
  expect(sandbox.state.mojo.contacts.size).toBe(1);
});

test('a revoked refresh token pauses the send and asks to reconnect; after reconnecting it finishes', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const page = await openPage(context, ZOHO_CONTACTS);
  await selectRows(page, ['Jane Doe', 'Marcus Whitfield']);
  const dialog = await addToGroup(page, 'Spring buyers', {
    beforeSend: () => {
      // The user revoked Mojo Bridge in Zoho: the access token dies and the refresh token is refused.
      sandbox.faults.add({ system: 'zoho-api', expireTokens: true });
      sandbox.faults.add({ system: 'zoho-accounts', revokeRefreshTokens: true });
    },
  });
  await expect(dialog.getByRole('alert')).toContainText('Zoho CRM needs to be connected again');

  await popup.bringToFront();
  const zoho = popup.getByRole('region', { name: 'Zoho CRM' });
  await expect(zoho.getByRole('alert')).toContainText('needs to be connected again');
  await expect(popup.getByText(/Pending [1-9]/)).toBeVisible();
  await zoho.getByLabel('Client secret').fill('sandbox-secret');
  await zoho.getByRole('button', { name: 'Connect Zoho' }).click();
  await expect(popup.getByText('Connected to Acme Realty')).toBeVisible();

  await page.bringToFront();
  await expect(dialog.getByRole('status')).toContainText('2 added, 0 updated, 0 failed', { timeout: 30_000 });
  expect(sandbox.state.mojo.contacts.size).toBe(2);
});
