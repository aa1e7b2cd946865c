/**
 * Wise Agent end to end, production build against the sandbox: connect with PKCE in the popup, add
 * contacts from the contact page and the contacts list, send again, the Mojo link rules, token
 * expiry and revocation, and pages whose DOM changed.
 */
import { wiseAgentSelectors } from '../lib/connectors/wiseagent/page';
import {
  admin,
  connectMojoFirst,
  dialerTab,
  expect,
  floatingButton,
  openPage,
  selectRows,
  test,
} from './fixtures';
import {
  addToGroup,
  addToNewGroup,
  connectMojoAndWiseAgent,
  connectWiseAgent,
  WISEAGENT_WEB,
  wiseAgentContactPage,
  wiseAgentPanel,
} from './flows';
import { findMojoContact, type Sandbox, WISEAGENT_CLIENT_ID, WISEAGENT_IDS } from './sandbox';

const LIST = `${WISEAGENT_WEB}/secure/client/ClientWelcome.asp`;
const apiId = (id: number) => `wiseagent:contact:${id}`;
const ids = WISEAGENT_IDS;

const refreshGrants = (sandbox: Sandbox) =>
  sandbox.state.wiseagent.tokenRequestLog.filter((r) => r.grant_type === 'refresh_token').length;

test('the popup connects Wise Agent with PKCE and only a Client ID, after Mojo, against the documented getUser', async ({
  popup,
  sandbox,
  extensionId,
}) => {
  const wa = wiseAgentPanel(popup);
  await expect(wa.getByLabel('Client ID')).toBeVisible();
  // The docs give an OAuth client a secret; Wise Agent's own plugin signs in without one: optional.
  await expect(wa.getByLabel('Client secret (if you were given one)')).toBeVisible();
  await expect(wa.getByLabel('Data center')).toHaveCount(0);
  await expect(wa.getByLabel('Redirect URL')).toHaveValue(`https://${extensionId}.chromiumapp.org/`);
  await expect(wa.getByText('Connect Mojo first')).toBeVisible();
  await expect(wa.getByRole('button', { name: 'Connect Wise Agent' })).toBeDisabled();

  await connectMojoAndWiseAgent(popup);
  const auth = sandbox.state.wiseagent.authRequests.at(-1);
  expect(auth?.outcome).toBe('code');
  expect(auth?.params).toMatchObject({
    client_id: WISEAGENT_CLIENT_ID,
    response_type: 'code',
    scope: 'profile contacts calendar team',
    code_challenge_method: 'S256',
  });
  expect(auth?.params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(auth?.params.state?.length).toBeGreaterThan(20);
  expect(auth?.params).not.toHaveProperty('client_secret');
  // The sandbox checked the verifier against that challenge before it handed out tokens.
  expect(sandbox.state.wiseagent.tokenRequestLog).toEqual([
    expect.objectContaining({ grant_type: 'authorization_code', ok: true }),
  ]);
  // getUser answered as documented (a JSON string of [{First, Last, Email}], no id): the account
  // is named by its email.
  expect(sandbox.requests.all().some((r) => r.query.includes('requestType=getUser'))).toBe(true);
  expect(sandbox.state.mojo.links['A-100']?.wiseagent).toMatchObject({
    crm_account_id: 'agent@example.com',
    crm_account_label: 'Pat Smith (agent@example.com)',
  });
  await popup.reload();
  await expect(wiseAgentPanel(popup).getByText('Connected to Pat Smith (agent@example.com)')).toBeVisible();
});

test('a Wise Agent client with a Client secret connects with it; a wrong secret says what to check', async ({
  popup,
  sandbox,
}) => {
  await admin(sandbox, 'POST', '/wiseagent/clients', {
    client_id: 'wa-confidential',
    client_secret: 's3cret',
  });
  await connectMojoFirst(popup);
  await connectWiseAgent(popup, { id: 'wa-confidential', secret: 'wrong' });
  await expect(wiseAgentPanel(popup).getByRole('alert')).toContainText('Client secret does not match');
  await connectWiseAgent(popup, { id: 'wa-confidential', secret: 's3cret' });
  await expect(wiseAgentPanel(popup).getByText('Connected to Pat Smith (agent@example.com)')).toBeVisible();
  expect(sandbox.state.wiseagent.tokenRequestLog.map((r) => [r.client_id, r.ok, r.error])).toEqual([
    ['wa-confidential', false, 'invalid_client'],
    ['wa-confidential', true, null],
  ]);

  // Another client, one without a secret: the saved secret belonged to the old Client ID.
  await wiseAgentPanel(popup).getByRole('button', { name: 'Reset credentials' }).click();
  await wiseAgentPanel(popup).getByRole('button', { name: 'Confirm reset' }).click();
  await connectWiseAgent(popup);
  await expect(wiseAgentPanel(popup).getByText('Connected to Pat Smith (agent@example.com)')).toBeVisible();
  expect(sandbox.state.wiseagent.tokenRequestLog.at(-1)).toMatchObject({
    client_id: WISEAGENT_CLIENT_ID,
    ok: true,
  });
});

test('one contact from its page: the send, the summary, the dialer tab and the contact in Mojo', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const page = await openPage(context, wiseAgentContactPage(ids.marcusWebb));
  await expect(page.locator('#clientActions').getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
  const dialog = await addToGroup(page, 'Spring buyers', { adding: 'this record' });
  await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed');
  await dialerTab(context, 41, 'Spring buyers');

  const c = findMojoContact(sandbox.state, apiId(ids.marcusWebb));
  expect(c).toMatchObject({
    api_contact_id: 'wiseagent:contact:4100002',
    source: 'wiseagent',
    full_name: 'Marcus Webb',
    first_name: 'Marcus',
    last_name: 'Webb',
    address: '4801 Burnet Rd',
    city: 'Austin',
    state: 'TX',
    zip: '78756',
    group_ids: [41],
    misc: { Source: 'Referral', Status: 'Nurture', Rank: 'B', Categories: 'Seller' },
  });
  // The preferred number (a fourth one) first as "other", then home, work (its extension dropped), mobile.
  expect(c?.mediainfo_set).toEqual([
    { type: 5, value: '5125550199' },
    { type: 3, value: '5125550142' },
    { type: 1, value: '5125550143' },
    { type: 2, value: '5125550144' },
    { type: 4, value: 'marcus.webb@example.com' },
  ]);
});

test('selected rows on the contacts list go into a new group', async ({ context, popup, sandbox }) => {
  await connectMojoAndWiseAgent(popup);
  const page = await openPage(context, LIST);
  await selectRows(page, ['Jane Cooper', 'Diego Alvarez', 'Hannah Lee']);
  await expect(page.locator('#clientToolbar').getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
  const dialog = await addToNewGroup(page, 'Wise Agent follow-up', { adding: '3 selected records' });
  await expect(dialog.getByRole('status')).toContainText('3 added, 0 updated, 0 failed');
  const group = sandbox.state.mojo.groups.find((g) => g.name === 'Wise Agent follow-up');
  expect(group).toBeDefined();
  const inGroup = [...sandbox.state.mojo.contacts.values()].filter((c) =>
    c.group_ids.includes(group?.id ?? -1),
  );
  expect(inGroup.map((c) => c.api_contact_id).sort()).toEqual(
    [apiId(ids.janeCooper), apiId(ids.diegoAlvarez), apiId(ids.hannahLee)].sort(),
  );
  // A zip and house number that came as JSON numbers arrive as text.
  expect(findMojoContact(sandbox.state, apiId(ids.hannahLee))).toMatchObject({
    address: '118 Center St',
    zip: '78640',
  });
  await dialerTab(context, group?.id ?? -1);
});

test('with nothing selected the whole list is read through the API, page by page', async ({
  context,
  popup,
  sandbox,
}) => {
  await admin(sandbox, 'POST', '/wiseagent/contacts', { generate: 250 });
  await connectMojoAndWiseAgent(popup);
  const page = await openPage(context, LIST);
  await expect(page.getByRole('checkbox', { name: 'Select Jane Cooper' })).toBeVisible();
  const dialog = await addToGroup(page, 'Spring buyers', { adding: 'the whole view: All Contacts' });
  const status = dialog.getByRole('status');
  await expect(status).toContainText('261 added, 0 updated, 0 failed', { timeout: 60_000 });
  await expect(status).toContainText('1 excluded');
  await expect(status).toContainText('Walter Kim: Excluded: ');
  const reads = sandbox.requests
    .all()
    .filter((r) => r.host === 'sync.thewiseagent.com' && r.query.includes('requestType=getContacts'));
  expect(reads.map((r) => new URLSearchParams(r.query).get('page'))).toEqual(['1', '2', '3']);
  expect(sandbox.state.mojo.contacts.size).toBe(261);
  await dialerTab(context, 41);
});

test('sending again updates, moves the contact to the new group, and never duplicates notes', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const page = await openPage(context, wiseAgentContactPage(ids.janeCooper));
  let dialog = await addToGroup(page, 'Spring buyers');
  await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.bringToFront();
  dialog = await addToGroup(page, 'Past clients');
  await expect(dialog.getByRole('status')).toContainText('0 added, 1 updated, 0 failed');
  await expect(dialog.getByRole('status')).toContainText('1 moved from another group');
  const c = findMojoContact(sandbox.state, apiId(ids.janeCooper));
  expect(c?.group_ids).toEqual([17]);
  expect(c?.address).toBe('1200 Barton Springs Rd Ste 4');
  expect(c?.notes).toHaveLength(1);
  expect(c?.notes[0]).toMatchObject({ api_note_id: 'wiseagent:note:4100001:notes' });
  expect(c?.notes[0]?.text).toContain('Pre-approved to $650k');
  await dialerTab(context, 17);
  expect(context.pages().filter((p) => p.url().includes('/data-and-dialer')).length).toBe(1);
});

test('a Mojo account linked to another Wise Agent account is refused; Reset credentials releases the link', async ({
  popup,
  sandbox,
}) => {
  await admin(sandbox, 'POST', '/mojo/links', {
    account_id: 'A-100',
    crm: 'wiseagent',
    crm_account_id: '7777',
    crm_account_label: 'Other Agent (other@example.com)',
  });
  await connectMojoFirst(popup);
  await connectWiseAgent(popup);
  const alert = wiseAgentPanel(popup).getByRole('alert');
  await expect(alert).toContainText('Other Agent (other@example.com)');
  await expect(alert).toContainText('Reset credentials');
  await expect(wiseAgentPanel(popup).getByText(/^Connected to /)).toHaveCount(0);
  // The tokens of the refused connection were given back.
  await expect
    .poll(() => [...sandbox.state.wiseagent.refreshTokens.values()].every((t) => t.revoked))
    .toBe(true);

  // The other account resets its credentials in Mojo; this one can connect now.
  const link = () => sandbox.state.mojo.links['A-100']?.wiseagent;
  delete sandbox.state.mojo.links['A-100']?.wiseagent;
  await connectWiseAgent(popup);
  await expect(wiseAgentPanel(popup).getByText('Connected to Pat Smith (agent@example.com)')).toBeVisible();
  expect(link()?.crm_account_id).toBe('agent@example.com');

  await wiseAgentPanel(popup).getByRole('button', { name: 'Reset credentials' }).click();
  await wiseAgentPanel(popup).getByRole('button', { name: 'Confirm reset' }).click();
  await expect(wiseAgentPanel(popup).getByRole('button', { name: 'Connect Wise Agent' })).toBeVisible();
  expect(sandbox.state.mojo.links['A-100']?.wiseagent).toBeUndefined();
  await expect
    .poll(() => [...sandbox.state.wiseagent.refreshTokens.values()].every((t) => t.revoked))
    .toBe(true);
  expect([...sandbox.state.wiseagent.accessTokens.values()].every((t) => t.revoked)).toBe(true);
});

test('an expired access token is refreshed exactly once, and the rotated refresh token is kept', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const page = await openPage(context, LIST);
  await selectRows(page, ['Jane Cooper', 'Marcus Webb', 'Priya Raman']);
  sandbox.faults.add({ system: 'wiseagent-api', expireTokens: true });
  let dialog = await addToGroup(page, 'Spring buyers');
  await expect(dialog.getByRole('status')).toContainText('3 added, 0 updated, 0 failed');
  expect(refreshGrants(sandbox)).toBe(1);
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Again: this refresh only works with the refresh token the first one rotated in.
  sandbox.faults.add({ system: 'wiseagent-api', expireTokens: true });
  await page.bringToFront();
  dialog = await addToGroup(page, 'Past clients');
  await expect(dialog.getByRole('status')).toContainText('0 added, 3 updated, 0 failed');
  expect(sandbox.state.wiseagent.tokenRequestLog.map((r) => [r.grant_type, r.ok])).toEqual([
    ['authorization_code', true],
    ['refresh_token', true],
    ['refresh_token', true],
  ]);
});

test('a revoked refresh token asks to reconnect Wise Agent; after reconnecting the send finishes', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const page = await openPage(context, LIST);
  await selectRows(page, ['Jane Cooper', 'Emily Tran']);
  const dialog = await addToGroup(page, 'Spring buyers', {
    beforeSend: () => {
      // The user removed Mojo Bridge in Wise Agent: the access token dies and the refresh token is refused.
      sandbox.faults.add({ system: 'wiseagent-api', expireTokens: true });
      sandbox.faults.add({ system: 'wiseagent-auth', revokeRefreshTokens: true });
    },
  });
  await expect(dialog.getByRole('alert')).toContainText('Wise Agent needs to be connected again');

  await popup.bringToFront();
  const wa = wiseAgentPanel(popup);
  await expect(wa.getByRole('alert').first()).toContainText('Wise Agent needs to be connected again');
  await expect(wa.getByLabel('Client ID')).toHaveValue(WISEAGENT_CLIENT_ID);
  await wa.getByRole('button', { name: 'Connect Wise Agent' }).click();
  await expect(wa.getByText('Connected to Pat Smith (agent@example.com)')).toBeVisible();

  await page.bringToFront();
  await expect(dialog.getByRole('status')).toContainText('2 added, 0 updated, 0 failed', { timeout: 30_000 });
  expect(sandbox.state.mojo.contacts.size).toBe(2);
});

test('pages whose DOM changed get a floating button that still works; the popup says page not recognised', async ({
  context,
  popup,
}) => {
  await connectMojoAndWiseAgent(popup);
  const page = await openPage(
    context,
    `${wiseAgentContactPage(ids.janeCooper, 'https://thewiseagent.com')}&layout=unknown`,
  );
  const button = await floatingButton(page);
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Add to Mojo' });
  await expect(dialog.getByText('Adding: this record')).toBeVisible();

  // The list without its names and values: the selection is read from each row's contact link.
  await page.goto(`${LIST}?layout=unknown`);
  await selectRows(page, ['Jane Cooper', 'Rosa Martinez']);
  const floating = page.getByRole('button', { name: 'Add to Mojo' });
  expect(await floating.evaluate((b) => getComputedStyle(b).position)).toBe('fixed');
  await floating.click();
  await expect(
    page.getByRole('dialog', { name: 'Add to Mojo' }).getByText('Adding: 2 selected records'),
  ).toBeVisible();

  await popup.bringToFront();
  await popup.reload();
  await expect(popup.getByText(/Page not recognised/).first()).toBeVisible();
});

test('every selector in page.ts matches the fixture pages where it must', async ({ context }) => {
  const page = await context.newPage();
  const count = (selector: string) => page.locator(selector).count();
  await page.goto(wiseAgentContactPage(ids.janeCooper));
  for (const selector of wiseAgentSelectors.recordActions) expect(await count(selector), selector).toBe(1);
  await page.goto(LIST);
  await page.getByRole('checkbox', { name: 'Select Jane Cooper' }).check();
  for (const selector of [...wiseAgentSelectors.listActions, ...wiseAgentSelectors.viewTitle])
    expect(await count(selector), selector).toBe(1);
  for (const selector of wiseAgentSelectors.checkedBoxes) expect(await count(selector), selector).toBe(1);
  expect(await count(`${wiseAgentSelectors.row} ${wiseAgentSelectors.contactLink}`)).toBe(12);
  // The bare host too, and the page name in another letter case (IIS does not mind; the match
  // pattern's /secure/ prefix is case-sensitive, so that part must stay lower-case).
  await page.goto('https://thewiseagent.com/secure/Client/clientwelcome.asp');
  await expect(page.locator('#clientToolbar').getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
});
