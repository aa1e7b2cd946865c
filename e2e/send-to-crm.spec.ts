/**
 * Send to CRM from Mojo's contact sheet, end to end, and the popup's queue section (Sync now, the
 * failed list, Retry): the buttons on the web app fixture (hashed classes, no hooks), the send, the
 * record in Zoho, the link back.
 */
import type { Locator, Page } from '@playwright/test';
import { connectBoth, connectMojo, connectZoho, expect, test, ZOHO_WEB } from './fixtures';
import { findMojoContact, SEED_CONTACT_IDS } from './sandbox';
import { addMojoContact, type NewMojoContact } from './sandbox/mojo-web';

const MOJO_WEB = 'https://app31.mojosells.com';

const DANA: NewMojoContact = {
  first_name: 'Dana',
  last_name: 'Reyes',
  address: '400 Oak Ave',
  city: 'Austin',
  state: 'TX',
  zip: '78702',
  mediainfo_set: [
    { type: 2, value: '5125550177' },
    { type: 4, value: 'dana@example.com' },
  ],
};

/** Every Send to … button on the page (there must never be more than one set). */
const sendButtons = (page: Page) => page.getByRole('button', { name: /^Send to / });

async function openContact(page: Page, id: number): Promise<void> {
  await page.goto(`${MOJO_WEB}/app/contacts/${id}`);
  await expect(page.getByText('Contact Information', { exact: true })).toBeVisible();
}

/** The queue section of the popup. */
const queue = (popup: Page): Locator => popup.getByRole('region', { name: 'Queue and activity' });

test('Send to Zoho creates a Lead once, then updates it; only connected CRMs get a button', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const contact = addMojoContact(sandbox.state, DANA);
  const page = await context.newPage();
  await openContact(page, contact.id);

  await expect(page.getByRole('button', { name: 'Send to Zoho' })).toBeVisible();
  await expect(sendButtons(page)).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Send to Wise Agent' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send to CINC' })).toHaveCount(0);
  // Found by its heading text alone: the buttons sit right after "Contact Information".
  const placedAfter = await page
    .locator('mojo-bridge-send')
    .evaluate((host) => host.previousElementSibling?.textContent ?? null);
  expect(placedAfter).toBe('Contact Information');

  const leadsBefore = sandbox.state.zoho.records.Leads.length;
  // Slow Zoho down so the busy state is there to be seen.
  const slow = sandbox.faults.add({ system: 'zoho-api', latencyMs: 700 });
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(page.getByRole('button', { name: 'Sending…' })).toBeDisabled();
  await expect(page.getByRole('status').filter({ hasText: 'Sending to Zoho CRM…' })).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: 'in Zoho CRM' });
  await expect(status).toHaveText(/^Created Dana Reyes in Zoho CRM/);
  sandbox.faults.remove(slow);

  const leads = sandbox.state.zoho.records.Leads;
  expect(leads).toHaveLength(leadsBefore + 1);
  const lead = leads.find((r) => r.Last_Name === 'Reyes');
  expect(lead).toMatchObject({
    First_Name: 'Dana',
    Last_Name: 'Reyes',
    Street: '400 Oak Ave',
    City: 'Austin',
    State: 'TX',
    Zip_Code: '78702',
    Email: 'dana@example.com',
  });
  expect(String(lead?.Mobile ?? lead?.Phone ?? '').replace(/\D/g, '')).toContain('5125550177');
  const write = sandbox.state.zoho.writeCalls.at(-1);
  // A plain insert once identification found nothing: never an upsert Zoho would match by Email.
  expect(write).toMatchObject({ op: 'insert', module: 'Leads', trigger: [] });
  expect(write?.duplicate_check_fields).toBeNull();

  const link = page.getByRole('link', { name: 'Open in Zoho CRM' });
  await expect(link).toHaveAttribute('href', `${ZOHO_WEB}/tab/Leads/${lead?.id}`);

  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(status).toHaveText(/^Updated Dana Reyes in Zoho CRM/);
  expect(sandbox.state.zoho.records.Leads).toHaveLength(leadsBefore + 1);
});

test('a contact that came from Zoho updates its Contacts record, not a new Lead', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const jane = SEED_CONTACT_IDS.janeDoe;
  const zohoPage = await context.newPage();
  await zohoPage.goto(`${ZOHO_WEB}/tab/Contacts/${jane}`);
  await zohoPage.getByRole('button', { name: 'Add to Mojo' }).click();
  const dialog = zohoPage.getByRole('dialog', { name: 'Add to Mojo' });
  const group = dialog.getByRole('combobox', { name: 'Group' });
  const option = group.locator('option').filter({ hasText: /^Spring buyers/ });
  await group.selectOption((await option.getAttribute('value')) ?? '');
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
  await expect(dialog.getByRole('status')).toContainText('1 added, 0 updated, 0 failed');

  const mojoContact = findMojoContact(sandbox.state, `zoho:Contacts:${jane}`);
  if (!mojoContact) throw new Error('Add to Mojo made no contact');
  // An agent edits the contact in Mojo, then sends it back.
  mojoContact.city = 'Round Rock';
  mojoContact.mediainfo_set.push({ type: 3, value: '5125550188' });

  const leadsBefore = sandbox.state.zoho.records.Leads.length;
  const contactsBefore = sandbox.state.zoho.records.Contacts.length;
  const page = await context.newPage();
  await openContact(page, mojoContact.id);
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in Zoho CRM' })).toHaveText(
    /^Updated Jane Doe in Zoho CRM/,
  );
  await expect(page.getByRole('link', { name: 'Open in Zoho CRM' })).toHaveAttribute(
    'href',
    `${ZOHO_WEB}/tab/Contacts/${jane}`,
  );
  const record = sandbox.state.zoho.records.Contacts.find((r) => r.id === jane);
  expect(record).toMatchObject({
    Mailing_City: 'Round Rock',
    Home_Phone: expect.stringMatching(/555.?0188/),
  });
  expect(sandbox.state.zoho.records.Leads).toHaveLength(leadsBefore);
  expect(sandbox.state.zoho.records.Contacts).toHaveLength(contactsBefore);
  expect(sandbox.state.zoho.writeCalls.at(-1)).toMatchObject({
    op: 'update',
    module: 'Contacts',
    trigger: [],
  });
});

test('the buttons follow the app’s routes, never duplicate, float without a sheet, and skip the dialer', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojo(popup);
  await expect(popup.getByText('Connected as Pat Smith')).toBeVisible();
  const first = addMojoContact(sandbox.state, DANA);
  const second = addMojoContact(sandbox.state, { first_name: 'Sam', last_name: 'Ortiz', zip: '78704' });
  const page = await context.newPage();

  // No CRM connected: a contact sheet gets no buttons.
  await openContact(page, first.id);
  await page.waitForTimeout(500);
  await expect(sendButtons(page)).toHaveCount(0);

  await connectZoho(popup);
  await expect(popup.getByText('Connected to Acme Realty')).toBeVisible();

  // Connected CRMs are asked for again on the next route: the list, then a contact, by the app's links.
  await page.bringToFront();
  await page.getByRole('link', { name: 'All contacts' }).click();
  await expect(page).toHaveURL(`${MOJO_WEB}/app/contacts`);
  await expect(page.getByRole('link', { name: 'Sam Ortiz' })).toBeVisible();
  await expect(sendButtons(page)).toHaveCount(0);
  await page.getByRole('link', { name: 'Dana Reyes' }).click();
  await expect(page.getByRole('button', { name: 'Send to Zoho' })).toBeVisible();
  await expect(sendButtons(page)).toHaveCount(1);

  await page.getByRole('link', { name: 'Next contact' }).click();
  await expect(page).toHaveURL(`${MOJO_WEB}/app/contacts/${second.id}`);
  await expect(page.getByRole('textbox', { name: 'Last Name' })).toHaveValue('Ortiz');
  await expect(page.getByRole('button', { name: 'Send to Zoho' })).toBeVisible();
  await expect(sendButtons(page)).toHaveCount(1);
  await page.goBack();
  await expect(page.getByRole('textbox', { name: 'Last Name' })).toHaveValue('Reyes');
  await expect(sendButtons(page)).toHaveCount(1);

  // A contact named only by the URL, on a page without its sheet: the buttons float.
  await page.goto(`${MOJO_WEB}/app/contacts?contact=${second.id}`);
  await expect(page.getByRole('link', { name: 'Sam Ortiz' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send to Zoho' })).toBeVisible();
  expect(await page.locator('mojo-bridge-send').evaluate((host) => host.parentElement?.tagName)).toBe('BODY');

  // The dialer is not a contact form.
  await page.goto(`${MOJO_WEB}/data-and-dialer?group=41&view=power-dialer&contact=${first.id}`);
  await expect(page.getByText('Power dialer — group: Spring buyers')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(sendButtons(page)).toHaveCount(0);
});

test('names from Mojo stay text', async ({ context, popup, sandbox }) => {
  await connectBoth(popup);
  const contact = addMojoContact(sandbox.state, {
    first_name: 'Mallory',
    last_name: '<img src=x onerror=alert(1)>',
    mediainfo_set: [{ type: 4, value: 'mallory@example.com' }],
  });
  const alerts: string[] = [];
  const page = await context.newPage();
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  await openContact(page, contact.id);
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in Zoho CRM' })).toHaveText(
    /^Created Mallory <img src=x onerror=alert\(1\)> in Zoho CRM/,
  );
  expect(await page.locator('mojo-bridge-send img').count()).toBe(0);
  expect(alerts).toEqual([]);
});

test('popup: Sync now reads Mojo and shows when; a failed send is listed and Retry delivers it', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const section = queue(popup);
  await expect(section.getByText('Not synced yet')).toBeVisible();
  await expect(section.getByText(/^Pending \d+$/)).toBeVisible();
  await expect(section.getByText(/^Done \d+$/)).toBeVisible();
  await section.getByRole('button', { name: 'Sync now' }).click();
  await expect(section.getByRole('status')).toHaveText('Synced: 0 new activities');
  await expect(section.getByText('Last sync: just now')).toBeVisible();

  // Zoho refuses a record without a last name: a permanent error, so it is not retried on its own.
  const nameless = [44, 45, 46].map((n) =>
    addMojoContact(sandbox.state, { mediainfo_set: [{ type: 2, value: `51255501${n}` }] }),
  );
  const page = await context.newPage();
  for (const c of nameless) {
    await openContact(page, c.id);
    await page.getByRole('button', { name: 'Send to Zoho' }).click();
    await expect(page.getByRole('alert')).toHaveText('Zoho CRM needs a last name.');
  }

  await popup.bringToFront();
  const failedList = section.getByRole('list', { name: 'Failed' });
  const items = failedList.getByRole('listitem');
  await expect(items).toHaveCount(3);
  await expect(items.first()).toHaveText(/^Send to Zoho CRM — Zoho CRM needs a last name\.\s*Retry$/);
  await expect(section.getByText(/^Failed 3$/)).toBeVisible();

  // The agent adds the missing names in Mojo; Retry puts one back, Retry all the rest.
  const leadsBefore = sandbox.state.zoho.records.Leads.length;
  for (const [i, c] of nameless.entries()) {
    c.last_name = ['Nguyen', 'Okafor', 'Silva'][i] ?? 'Doe';
    c.full_name = c.last_name;
  }
  await items.first().getByRole('button', { name: 'Retry' }).click();
  await expect(items).toHaveCount(2);
  await expect.poll(() => sandbox.state.zoho.records.Leads.length - leadsBefore).toBe(1);
  await section.getByRole('button', { name: 'Retry all' }).click();
  await expect(failedList).toHaveCount(0);
  await expect(section.getByRole('button', { name: 'Retry all' })).toHaveCount(0);
  await expect(section.getByText(/^Failed 0$/)).toBeVisible();
  await expect.poll(() => sandbox.state.zoho.records.Leads.length - leadsBefore).toBe(3);
  expect(sandbox.state.zoho.records.Leads.map((r) => r.Last_Name)).toEqual(
    expect.arrayContaining(['Nguyen', 'Okafor', 'Silva']),
  );
});
