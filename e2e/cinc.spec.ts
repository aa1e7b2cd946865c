/**
 * CINC end to end, on the production build: connecting in the popup (custom configuration),
 * where the Add to Mojo button appears on the (fixture) CINC web app, adding a lead, a selection
 * and all leads, re-adding, the Mojo link conflict and Reset credentials, token refresh and a
 * revoked session, a CINC DOM the adapter does not recognise, and Send to CINC under the user's
 * identification rule and update policy (CINC's own upsert keys by email).
 */
import type { BrowserContext } from '@playwright/test';
import { cincSelectors } from '../lib/connectors/cinc/page';
import {
  admin,
  connectMojoFirst,
  dialerTab,
  expect,
  floatingButton,
  MOJO_WEB,
  openDialog,
  openPage,
  selectRows,
  test,
} from './fixtures';
import {
  addToGroup,
  addToNewGroup,
  CINC_WEB,
  cincLeadPage,
  cincPanel,
  connectCinc,
  connectMojoAndCinc,
} from './flows';
import { CINC_SEED_CLIENT, CINC_SEED_LEADS, CINC_SITE, findMojoContact, type Sandbox } from './sandbox';
import { addMojoContact } from './sandbox/mojo-web';

const leads = CINC_SEED_LEADS;
const apiId = (id: string) => `cinc:lead:${id}`;

const refreshCount = (sandbox: Sandbox) =>
  sandbox.state.cinc.tokenRequestLog.filter((r) => r.grant_type === 'refresh_token').length;

test.describe('connecting', () => {
  test('the CINC panel asks for Client ID and secret, shows the Redirect URL, and wants Mojo first', async ({
    popup,
    extensionId,
  }) => {
    const cinc = cincPanel(popup);
    await expect(cinc.getByLabel('Client ID')).toBeVisible();
    await expect(cinc.getByLabel('Client secret')).toBeVisible();
    await expect(cinc.getByLabel('Data center')).toHaveCount(0);
    await expect(cinc.getByLabel('Redirect URL')).toHaveValue(`https://${extensionId}.chromiumapp.org/`);
    await expect(cinc.getByText('Connect Mojo first')).toBeVisible();
    await expect(cinc.getByRole('button', { name: 'Connect CINC' })).toBeDisabled();
  });

  test('Connect CINC runs the OAuth code flow, links the site in Mojo and shows it', async ({
    popup,
    sandbox,
  }) => {
    await connectMojoAndCinc(popup);
    const auth = sandbox.state.cinc.authRequests.at(-1);
    expect(auth?.outcome).toBe('code');
    expect(auth?.params.scope).toBe('api:read api:create api:update api:event');
    expect(auth?.params.state?.length).toBeGreaterThan(20);
    expect(sandbox.state.mojo.links['A-100']?.cinc).toMatchObject({
      crm_account_id: CINC_SITE.id,
      crm_account_label: CINC_SITE.name,
    });
    // The secret went to CINC's token endpoint, never to the page or the popup's DOM.
    expect(await popup.content()).not.toContain(CINC_SEED_CLIENT.client_secret);
  });

  test('a wrong Client secret gets a clear message', async ({ popup }) => {
    await connectMojoFirst(popup);
    await connectCinc(popup, 'not-the-secret');
    const alert = cincPanel(popup).getByRole('alert');
    await expect(alert).toContainText('Client ID and Client secret');
  });

  test('a Mojo account linked to another CINC site is refused with that site named', async ({
    popup,
    sandbox,
  }) => {
    await admin(sandbox, 'POST', '/mojo/links', {
      account_id: 'A-100',
      crm: 'cinc',
      crm_account_id: 'site-12',
      crm_account_label: 'Other Team Realty',
    });
    await connectMojoFirst(popup);
    await connectCinc(popup);
    const alert = cincPanel(popup).getByRole('alert');
    await expect(alert).toContainText('Other Team Realty');
    await expect(alert).toContainText('Reset credentials');
    await expect(popup.getByText(`Connected to ${CINC_SITE.name}`)).toHaveCount(0);
    expect(sandbox.state.mojo.links['A-100']?.cinc?.crm_account_id).toBe('site-12');
  });

  test('Reset credentials releases the Mojo link and forgets the session; connecting again works', async ({
    popup,
    sandbox,
  }) => {
    await connectMojoAndCinc(popup);
    const cinc = cincPanel(popup);
    await cinc.getByRole('button', { name: 'Reset credentials' }).click();
    await cinc.getByRole('button', { name: 'Confirm reset' }).click();
    await expect(cinc.getByRole('button', { name: 'Connect CINC' })).toBeVisible();
    expect(sandbox.state.mojo.links['A-100']?.cinc).toBeUndefined();
    // CINC documents no revoke endpoint: nothing was sent to it, the tokens were only forgotten.
    expect(
      sandbox.requests.all().filter((r) => r.host === 'authv2.cincapi.com' && r.path.includes('revoke')),
    ).toEqual([]);
    // The Client ID stays; the secret is kept too (the field offers to replace it).
    await expect(cinc.getByLabel('Client ID')).toHaveValue(CINC_SEED_CLIENT.client_id);
    await cinc.getByRole('button', { name: 'Connect CINC' }).click();
    await expect(popup.getByText(`Connected to ${CINC_SITE.name}`)).toBeVisible();
    expect(sandbox.state.mojo.links['A-100']?.cinc?.crm_account_id).toBe(CINC_SITE.id);
  });
});

test.describe('pages', () => {
  test('the lead page gets the button among its actions; it follows the app’s navigation', async ({
    context,
  }) => {
    const page = await openPage(context, cincLeadPage(leads.janeDoe));
    const actions = page.locator('[data-testid="lead-actions"]');
    await expect(actions.getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add to Mojo' })).toHaveCount(1);

    await page.locator('[data-testid="next-lead"]').click();
    await expect(page).toHaveURL(`${CINC_WEB}/admin/leads/${leads.marcusSeller}`);
    await expect(actions.getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add to Mojo' })).toHaveCount(1);

    // A tab of the lead page is still the lead page.
    await page.locator('[data-testid="tab-notes"]').click();
    await expect(page).toHaveURL(`${CINC_WEB}/admin/leads/${leads.marcusSeller}/notes`);
    await expect(actions.getByRole('button', { name: 'Add to Mojo' })).toBeVisible();

    await page.locator('[data-testid="back-to-leads"]').click();
    await expect(
      page.locator('[data-testid="leads-bulk-actions"]').getByRole('button', { name: 'Add to Mojo' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add to Mojo' })).toHaveCount(1);

    // Pages that are neither get no button.
    await page.goto(`${CINC_WEB}/admin/settings`);
    await expect(page.getByText('Integrations, users, billing.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add to Mojo' })).toHaveCount(0);
  });

  test('every selector chain’s first choice matches the fixture pages', async ({ context }) => {
    const page = await context.newPage();
    const count = (selector: string) => page.locator(selector).count();
    await page.goto(`${CINC_WEB}/admin/leads/${leads.janeDoe}`);
    await expect(page.locator('[data-testid="lead-name"]')).toHaveText('Jane Doe');
    expect(await count(cincSelectors.leadActions[0])).toBe(1);
    await page.goto(`${CINC_WEB}/admin/leads`);
    await expect(page.locator('[data-testid="leads-grid"]')).toBeVisible();
    expect(await count(cincSelectors.dashboardActions[0])).toBe(1);
    expect(await count(cincSelectors.leadRow[0])).toBe(12);
    expect(await count(`${cincSelectors.leadRow[0]} ${cincSelectors.rowCheckbox[0]}`)).toBe(12);
    await page.getByRole('checkbox', { name: 'Select Jane Doe' }).check();
    expect(await count(cincSelectors.checkedLeads[0])).toBe(1);
  });

  test('an unknown page layout gets a floating button that still works, and the popup says the page was not recognised', async ({
    context,
    popup,
  }) => {
    await connectMojoAndCinc(popup);
    const page = await openPage(context, `${cincLeadPage(leads.janeDoe)}?layout=unknown`);
    await expect(page.getByText('Jane Doe', { exact: true })).toBeVisible();
    const button = await floatingButton(page);
    // The lead comes from the URL, so the button still works.
    await button.click();
    await expect(
      page.getByRole('dialog', { name: 'Add to Mojo' }).getByText('Adding: this record'),
    ).toBeVisible();

    // On a drifted dashboard the selection is still read from the checkboxes' form values.
    await page.goto(`${CINC_WEB}/admin/leads?layout=unknown`);
    await page.getByRole('checkbox', { name: 'Select Sofia Martinez' }).check();
    const floating = page.getByRole('button', { name: 'Add to Mojo' });
    expect(await floating.evaluate((b) => getComputedStyle(b).position)).toBe('fixed');
    const dialog = await openDialog(page);
    await expect(dialog.getByText('Adding: 1 selected record')).toBeVisible();

    await popup.bringToFront();
    await popup.reload();
    // Both drifted pages are reported, each once.
    await expect(
      popup.getByText(`Page not recognised: ${CINC_WEB}/admin/leads/${leads.janeDoe}?layout=unknown`),
    ).toHaveCount(1);
    await expect(popup.getByText(`Page not recognised: ${CINC_WEB}/admin/leads?layout=unknown`)).toHaveCount(
      1,
    );
  });
});

test.describe('Add to Mojo', () => {
  test('one lead from its page: the send, the summary, the dialer tab and the contact in Mojo', async ({
    context,
    popup,
    sandbox,
  }) => {
    await connectMojoAndCinc(popup);
    const page = await openPage(context, cincLeadPage(leads.janeDoe));
    const dialog = await addToGroup(page, 'Spring buyers', { adding: 'this record' });
    await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed');
    await dialerTab(context, 41, 'Spring buyers');

    const c = findMojoContact(sandbox.state, apiId(leads.janeDoe));
    expect(c).toMatchObject({
      api_contact_id: 'cinc:lead:L-1001',
      source: 'cinc',
      full_name: 'Jane Doe',
      first_name: 'Jane',
      last_name: 'Doe',
      address: '12 Main St',
      city: 'Austin',
      state: 'TX',
      zip: '78701',
      group_ids: [41],
    });
    expect(c?.mediainfo_set).toEqual([
      { type: 2, value: '5125550101' },
      { type: 4, value: 'jane@example.com' },
    ]);
    expect(c?.notes.map((n) => [n.api_note_id, n.text])).toEqual([
      ['cinc:note:N-5001', 'Pre-approved up to $500k with Texas Capital.'],
      ['cinc:note:N-5002', 'Prefers Travis Heights or Bouldin Creek.'],
    ]);
    expect(c?.misc).toEqual({
      Status: 'Active',
      'Lead Source': 'Zillow',
      'Lead Type': 'Buyer',
      'Buyer Median Price': '$450,000',
      'Buyer Average Price': '$475,000',
      'Buyer Timeframe': '3-6 months',
      'Pipeline Stage': 'Showing',
      Agent: 'Morgan Lee',
    });
    // Read through the API: the lead (with its notes) and its agent, nothing else.
    const calls = sandbox.requests.all().filter((r) => r.host === 'public.cincapi.com');
    expect(calls.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/v2/site/me', `/v2/site/leads/${leads.janeDoe}`, '/v2/site/agents/A-7']),
    );
  });

  test('selected leads on the dashboard go into a new group; every phone keeps its kind; markup stays text', async ({
    context,
    popup,
    sandbox,
  }) => {
    const alerts: string[] = [];
    await connectMojoAndCinc(popup);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${CINC_WEB}/admin/leads`);
    await selectRows(page, ['Priya Raman', 'Marcus Whitfield', 'Mallory <img src=x onerror=alert(1)>']);
    await expect(
      page.locator('[data-testid="leads-bulk-actions"]').getByRole('button', { name: 'Add to Mojo' }),
    ).toBeVisible();
    const dialog = await addToNewGroup(page, 'Seller follow-up', { adding: '3 selected records' });
    await expect(dialog.getByRole('status')).toContainText('3 added, 0 updated, 0 failed');
    expect(await page.locator('mojo-bridge-dialog img').count()).toBe(0);
    expect(alerts).toEqual([]);

    const group = sandbox.state.mojo.groups.find((g) => g.name === 'Seller follow-up');
    expect(group).toBeDefined();
    await dialerTab(context, group?.id ?? -1);
    const priya = findMojoContact(sandbox.state, apiId(leads.priyaBoth));
    expect(priya?.mediainfo_set).toEqual([
      { type: 2, value: '5125550103' },
      { type: 3, value: '5125550113' },
      { type: 1, value: '5125550123' },
      { type: 4, value: 'priya.raman@example.com' },
    ]);
    expect(priya?.misc).toMatchObject({
      'Lead Type': 'Buyer & Seller',
      'Seller Home Value': '$520,000',
      'Pipeline Stage': 'Under Contract',
      Agent: 'Casey Nguyen',
    });
    const marcus = findMojoContact(sandbox.state, apiId(leads.marcusSeller));
    expect(marcus?.misc).toMatchObject({ 'Lead Type': 'Seller', 'Seller Timeframe': 'Within 3 months' });
    expect(findMojoContact(sandbox.state, apiId(leads.markup))?.last_name).toBe(
      '<img src=x onerror=alert(1)>',
    );
    // The three reads each cost one GET (plus notes and agents); CINC was never written to.
    expect(sandbox.state.cinc.writeCalls).toEqual([]);
  });

  test('no selection sends all leads, read page by page through the API', async ({
    context,
    popup,
    sandbox,
  }) => {
    await admin(sandbox, 'POST', '/cinc/generate', { count: 60 });
    await connectMojoAndCinc(popup);
    const page = await openPage(context, `${CINC_WEB}/admin/leads`);
    await expect(page.locator('[data-testid="leads-grid"]')).toBeVisible();
    const dialog = await addToGroup(page, 'Open house leads', { adding: 'the whole view: All leads' });
    const status = dialog.getByRole('status');
    // Every CINC lead has an email (its username, CINC's docs): none is excluded for want of a key.
    await expect(status).toContainText('72 added, 0 updated, 0 failed', { timeout: 45_000 });
    await expect(status).not.toContainText('excluded');
    expect(sandbox.state.mojo.contacts.size).toBe(72);
    const lists = sandbox.requests.all().filter((r) => r.path === '/v2/site/leads');
    expect(lists.map((r) => new URLSearchParams(r.query).get('offset'))).toEqual(['0', '50', '72']);
    await dialerTab(context, 23);
  });

  test('sending again updates, moves the contact to the new group, and never duplicates notes', async ({
    context,
    popup,
    sandbox,
  }) => {
    await connectMojoAndCinc(popup);
    const page = await openPage(context, cincLeadPage(leads.janeDoe));
    let dialog = await addToGroup(page, 'Spring buyers');
    await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The lead changed in CINC meanwhile: a new note and a new status.
    await admin(sandbox, 'POST', '/cinc/leads', {
      leads: [
        {
          id: leads.janeDoe,
          info: { status: 'Hot' },
          notes: [{ content: 'Wants to see 3 homes Saturday.' }],
        },
      ],
    });
    await page.bringToFront();
    dialog = await addToGroup(page, 'Past clients');
    await expect(dialog.getByRole('status')).toContainText('0 added, 1 updated, 0 failed');
    await expect(dialog.getByRole('status')).toContainText('1 moved from another group');
    const c = findMojoContact(sandbox.state, apiId(leads.janeDoe));
    expect(c?.group_ids).toEqual([17]);
    expect(c?.notes.map((n) => n.text)).toEqual([
      'Pre-approved up to $500k with Texas Capital.',
      'Prefers Travis Heights or Bouldin Creek.',
      'Wants to see 3 homes Saturday.',
    ]);
    expect(c?.misc.Status).toBe('Hot');
    await dialerTab(context, 17);
    expect(context.pages().filter((p) => p.url().includes('/data-and-dialer')).length).toBe(1);
  });

  test('an expired CINC token is refreshed exactly once and the send completes', async ({
    context,
    popup,
    sandbox,
  }) => {
    await connectMojoAndCinc(popup);
    const before = refreshCount(sandbox);
    sandbox.faults.add({ system: 'cinc-api', expireTokens: true });
    const page = await openPage(context, `${CINC_WEB}/admin/leads`);
    await selectRows(page, ['Jane Doe', 'Sofia Martinez', 'David Okafor']);
    const dialog = await addToGroup(page, 'Spring buyers');
    await expect(dialog.getByRole('status')).toContainText('3 added, 0 updated, 0 failed');
    expect(refreshCount(sandbox) - before).toBe(1);
  });

  test('a revoked refresh token pauses the send and asks to reconnect; after reconnecting it finishes', async ({
    context,
    popup,
    sandbox,
  }) => {
    await connectMojoAndCinc(popup);
    const page = await openPage(context, `${CINC_WEB}/admin/leads`);
    await selectRows(page, ['Jane Doe', 'Sofia Martinez']);
    const dialog = await addToGroup(page, 'Spring buyers', {
      beforeSend: () => {
        // The site owner removed the integration in CINC: the access token dies, the refresh is refused.
        sandbox.faults.add({ system: 'cinc-api', expireTokens: true });
        sandbox.faults.add({ system: 'cinc-auth', revokeRefreshTokens: true });
      },
    });
    await expect(dialog.getByRole('alert')).toContainText('CINC needs to be connected again');

    await popup.bringToFront();
    const cinc = cincPanel(popup);
    await expect(cinc.getByRole('alert')).toContainText('CINC needs to be connected again');
    await expect(popup.getByText(/Pending [1-9]/)).toBeVisible();
    await connectCinc(popup);
    await expect(popup.getByText(`Connected to ${CINC_SITE.name}`)).toBeVisible();

    await page.bringToFront();
    await expect(dialog.getByRole('status')).toContainText('2 added, 0 updated, 0 failed', {
      timeout: 30_000,
    });
    expect(sandbox.state.mojo.contacts.size).toBe(2);
  });

  test('429 and 5xx from CINC: the read waits, retries and every lead arrives once', async ({
    context,
    popup,
    sandbox,
  }) => {
    await connectMojoAndCinc(popup);
    sandbox.faults.add({
      system: 'cinc-api',
      pathPrefix: '/v2/site/leads',
      status429: { count: 1, retryAfterSeconds: 1 },
    });
    sandbox.faults.add({ system: 'cinc-api', pathPrefix: '/v2/site/leads', status5xx: { count: 1 } });
    const page = await openPage(context, cincLeadPage(leads.sofia));
    const dialog = await addToGroup(page, 'Spring buyers');
    await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed', {
      timeout: 30_000,
    });
    expect(findMojoContact(sandbox.state, apiId(leads.sofia))?.notes).toHaveLength(1);
    expect(sandbox.state.mojo.contacts.size).toBe(1);
  });
});

test.describe('Send to CINC and the user’s rules', () => {
  /** The CINC Leads rules on the options page. */
  async function leadRules(context: BrowserContext, extensionId: string) {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const cinc = options.getByRole('region', { name: 'CINC' });
    await expect(cinc.getByRole('tab', { name: 'Leads' })).toBeVisible();
    const panel = cinc.getByRole('tabpanel', { name: 'Leads' });
    /** Settings save as you go: wait until the last change is stored. */
    const saved = () =>
      expect(
        options
          .getByRole('status')
          .filter({ hasText: /^Saved$/ })
          .first(),
      ).toBeVisible();
    return { panel, saved };
  }

  test('Phone only found nothing but a lead has the email: needs review, never CINC’s merge by email; Do not update leaves it unchanged', async ({
    context,
    extensionId,
    popup,
    sandbox,
  }) => {
    await connectMojoAndCinc(popup);
    const { panel: rules, saved } = await leadRules(context, extensionId);
    await rules.getByRole('checkbox', { name: 'Phone' }).check();
    await rules.getByRole('checkbox', { name: 'Email' }).uncheck();
    await saved();

    // Jane's email, but a number no lead has.
    const contact = addMojoContact(sandbox.state, {
      first_name: 'Janet',
      last_name: 'Doe',
      address: '',
      city: 'Austin',
      state: 'TX',
      zip: '',
      mediainfo_set: [
        { type: 2, value: '5125550999' },
        { type: 4, value: 'jane@example.com' },
      ],
    });
    const writes = sandbox.state.cinc.writeCalls.length;
    const page = await context.newPage();
    await page.goto(`${MOJO_WEB}/app/contacts/${contact.id}`);
    const button = page.getByRole('button', { name: 'Send to CINC' });
    await button.click();
    await expect(page.getByText(/Needs review: Janet Doe was not found by phone/)).toBeVisible();
    await expect(
      page.getByText(new RegExp(`CINC lead ${leads.janeDoe} has the email jane@example.com`)),
    ).toBeVisible();
    expect(sandbox.state.cinc.writeCalls).toHaveLength(writes);

    // With Email back in the rule and Do not update: matched, and nothing written.
    await rules.getByRole('checkbox', { name: 'Email' }).check();
    await rules.getByRole('radio', { name: 'Do not update' }).check();
    await saved();
    await page.reload();
    await page.getByRole('button', { name: 'Send to CINC' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'in CINC' })).toHaveText(
      /^Matched Janet Doe in CINC; left unchanged \(Do not update\)/,
    );
    expect(sandbox.state.cinc.writeCalls).toHaveLength(writes);
    expect(findCincLeadEmail(sandbox, leads.janeDoe)).toBe('jane@example.com');
  });
});

const findCincLeadEmail = (sandbox: Sandbox, id: string) =>
  sandbox.state.cinc.leads.find((l) => l.id === id)?.info.contact.email;
