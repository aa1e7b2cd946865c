/**
 * The sync rules set on the options page, end to end with Zoho CRM, through the UI as a person
 * would: a field mapping changes what Mojo gets; a PULL-only object sends nothing (and says why);
 * an import filter excludes with the reason; the update policy on the way back; the owner and lead
 * source of a record made by Send to CRM; and a preview that counts what the send then does.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { serviceWorker } from './browser';
import {
  admin,
  chooseGroup,
  connectBoth,
  expect,
  MOJO_WEB,
  openDialog,
  openPage,
  selectRows,
  syncNow,
  test,
  ZOHO_CONTACTS,
  ZOHO_WEB,
} from './fixtures';
import { addToGroup } from './flows';
import { findMojoContact, findZohoRecord, type Sandbox, SEED_CONTACT_IDS } from './sandbox';
import { addMojoContact } from './sandbox/mojo-web';

const JANE = SEED_CONTACT_IDS.janeDoe;
/** Sofia Martinez: the seed contact with an Other_Phone. */
const SOFIA = '4876876000000623010';
/** The Zoho users (seed): Pat Smith connected Mojo Bridge; Morgan Lee is another user. */
const PAT = '4876876000000310001';
const MORGAN = '4876876000000310002';

async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.getByRole('heading', { name: 'Mojo Bridge settings' })).toBeVisible();
  return page;
}

/** The Zoho CRM section, with the object's tab selected. */
async function zohoObject(options: Page, object: string): Promise<Locator> {
  const zoho = options.getByRole('region', { name: 'Zoho CRM' });
  await zoho.getByRole('tab', { name: object }).click();
  return zoho.getByRole('tabpanel', { name: object });
}

/** The rules document as the background reads it. */
async function storedRules(context: BrowserContext): Promise<Record<string, unknown> | null> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    const { rules } = await api.storage.local.get('rules');
    return (rules as Record<string, unknown> | undefined) ?? null;
  });
}

/** Waits until the stored rules have `path` equal to `value`, and the page says Saved. */
async function expectSaved(context: BrowserContext, options: Page, path: string[], value: unknown) {
  await expect
    .poll(async () =>
      path.reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], await storedRules(context)),
    )
    .toEqual(value);
  await expect(options.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
}

/** The rows named, ticked on the All Contacts list and sent to Spring buyers; waits for `expectLine`. */
async function addToMojo(context: BrowserContext, names: string[], expectLine: string): Promise<Locator> {
  const page = await openPage(context, ZOHO_CONTACTS);
  await selectRows(page, names);
  const dialog = await addToGroup(page, 'Spring buyers');
  await expect(dialog.getByRole('status')).toContainText(expectLine);
  return dialog;
}

/** Mojo and Zoho connected, and the options page open at Zoho's Contacts. */
async function contactsRules(context: BrowserContext, extensionId: string, popup: Page) {
  await connectBoth(popup);
  const options = await openOptions(context, extensionId);
  return { options, contacts: await zohoObject(options, 'Contacts') };
}

/** Send to Zoho from Mojo's contact form; returns the Lead it made. */
async function sendToZoho(
  context: BrowserContext,
  sandbox: Sandbox,
  person: { first: string; last: string; email: string },
): Promise<Record<string, unknown>> {
  const contact = addMojoContact(sandbox.state, {
    first_name: person.first,
    last_name: person.last,
    mediainfo_set: [{ type: 4, value: person.email }],
  });
  const page = await context.newPage();
  await page.goto(`${MOJO_WEB}/app/contacts/${contact.id}`);
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in Zoho CRM' })).toHaveText(
    new RegExp(`^Created ${person.first} ${person.last} in Zoho CRM`),
  );
  await page.close();
  const lead = sandbox.state.zoho.records.Leads.find((r) => r.Email === person.email);
  if (!lead) throw new Error(`no Lead for ${person.email}`);
  return lead;
}

test('a changed mapping is what the next Add to Mojo sends', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  const { options, contacts } = await contactsRules(context, extensionId, popup);
  // The defaults show until the first change, which saves the whole table.
  await expect(contacts.getByText('These are the defaults')).toBeVisible();
  await contacts.getByRole('combobox', { name: 'Mojo field for Other_Phone' }).selectOption('phone_mobile');
  await expectSaved(
    context,
    options,
    ['crms', 'zoho', 'objects', 'Contacts', 'fields'],
    expect.arrayContaining([
      { crmField: 'Other_Phone', mojoField: 'phone_mobile', direction: 'both', transform: 'phone' },
    ]),
  );
  await contacts.getByRole('textbox', { name: 'Misc label for Lead_Source' }).fill('Source');
  await expectSaved(
    context,
    options,
    ['crms', 'zoho', 'objects', 'Contacts', 'fields'],
    expect.arrayContaining([
      { crmField: 'Lead_Source', mojoField: 'misc:Source', direction: 'both', transform: 'text' },
    ]),
  );

  await addToMojo(context, ['Sofia Martinez'], '1 added, 0 updated, 0 failed');
  const sofia = findMojoContact(sandbox.state, `zoho:Contacts:${SOFIA}`);
  expect(sofia?.mediainfo_set).toEqual(
    expect.arrayContaining([
      { type: 2, value: '7375550110' },
      { type: 2, value: '5125550120' },
    ]),
  );
  expect(sofia?.mediainfo_set).not.toContainEqual(expect.objectContaining({ type: 5 }));
  expect(sofia?.misc).toMatchObject({ Source: 'Zillow' });
  expect(sofia?.misc).not.toHaveProperty('Lead Source');
});

test('a PULL-only object sends nothing to Mojo, and the dialog says why', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  const { options, contacts } = await contactsRules(context, extensionId, popup);
  await contacts.getByRole('radio', { name: 'PULL (Mojo → CRM)' }).check();
  await expectSaved(context, options, ['crms', 'zoho', 'objects', 'Contacts', 'direction'], 'pull');

  const page = await openPage(context, `${ZOHO_WEB}/tab/Contacts/${JANE}`);
  const dialog = await addToGroup(page, 'Spring buyers');
  await expect(dialog.getByRole('alert')).toContainText('PULL only');
  // Still on the group step: nothing started.
  await expect(dialog.getByRole('button', { name: 'Send to Mojo' })).toBeVisible();
  expect(sandbox.state.mojo.contacts.size).toBe(0);
  expect(sandbox.requests.all().filter((r) => r.path === '/api/v1/contacts/upsert')).toHaveLength(0);
});

test('an import filter excludes a record with the reason', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  const { options, contacts } = await contactsRules(context, extensionId, popup);
  await contacts.getByRole('button', { name: 'Add condition' }).click();
  // Half-written: not saved, and the reason is shown.
  await expect(contacts.getByText('Enter a value to compare with.')).toBeVisible();
  await contacts.getByRole('combobox', { name: 'Field for condition 1' }).selectOption('Lead_Source');
  await contacts.getByRole('combobox', { name: 'Operator for condition 1' }).selectOption('equals');
  expect((await storedRules(context)) ?? {}).not.toHaveProperty(
    'crms.zoho.objects.Contacts.filter.conditions.0',
  );
  await contacts.getByRole('textbox', { name: 'Value for condition 1' }).fill('Zillow');
  await expectSaved(context, options, ['crms', 'zoho', 'objects', 'Contacts', 'filter'], {
    match: 'all',
    conditions: [{ field: 'Lead_Source', op: 'equals', value: 'Zillow' }],
  });

  const dialog = await addToMojo(context, ['Jane Doe', 'Marcus Whitfield'], '1 added, 0 updated, 0 failed');
  const status = dialog.getByRole('status');
  await expect(status).toContainText('1 excluded');
  await expect(status).toContainText('Marcus Whitfield: Excluded: Outside the import filter');
  await expect(status).toContainText('Lead_Source is Zillow');
  expect(findMojoContact(sandbox.state, `zoho:Contacts:${JANE}`)).toBeDefined();
  expect(sandbox.state.mojo.contacts.size).toBe(1);
});

test('“Only add new information” leaves a filled CRM field alone; Overwrite changes it', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await addToMojo(context, ['Jane Doe'], '1 added');
  const mojoId = findMojoContact(sandbox.state, `zoho:Contacts:${JANE}`)?.id;
  const contact = { id: mojoId, api_contact_id: `zoho:Contacts:${JANE}` };

  const options = await openOptions(context, extensionId);
  const contacts = await zohoObject(options, 'Contacts');
  const policy = contacts.getByRole('radiogroup', { name: 'When a matching record exists' });
  await policy.getByRole('radio', { name: 'Only add new information' }).check();
  await expectSaved(context, options, ['crms', 'zoho', 'objects', 'Contacts', 'policy'], 'add_only');

  const writes = sandbox.state.zoho.writeCalls.length;
  await admin(sandbox, 'POST', '/mojo/activities', {
    type: 'contact_updated',
    contact,
    changes: { city: { old: 'Austin', new: 'Round Rock' } },
  });
  await syncNow(popup);
  // Let the queued update run: it finds Mailing_City filled and writes nothing.
  await popup.waitForTimeout(1_500);
  expect(findZohoRecord(sandbox.state, 'Contacts', JANE)?.Mailing_City).toBe('Austin');
  expect(sandbox.state.zoho.writeCalls.length).toBe(writes);

  await options.bringToFront();
  await policy.getByRole('radio', { name: 'Overwrite' }).check();
  await expectSaved(context, options, ['crms', 'zoho', 'objects', 'Contacts', 'policy'], 'overwrite');
  await admin(sandbox, 'POST', '/mojo/activities', {
    type: 'contact_updated',
    contact,
    changes: { city: { old: 'Austin', new: 'Georgetown' } },
  });
  await syncNow(popup);
  await expect.poll(() => findZohoRecord(sandbox.state, 'Contacts', JANE)?.Mailing_City).toBe('Georgetown');
});

test('Phone only: Send to Zoho never touches a record that merely shares the email; no email still sends', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const options = await openOptions(context, extensionId);
  const leads = await zohoObject(options, 'Leads');
  // External id has no Zoho field: it is not offered for Zoho.
  await expect(leads.getByRole('checkbox', { name: 'External id' })).toHaveCount(0);
  await leads.getByRole('checkbox', { name: 'Phone' }).check();
  await leads.getByRole('checkbox', { name: 'Email' }).uncheck();
  await expectSaved(context, options, ['crms', 'zoho', 'objects', 'Leads', 'identify'], ['phone']);

  // Someone else in Zoho already has Dana's email (but not her phone).
  await admin(sandbox, 'POST', '/zoho/records', {
    module: 'Leads',
    records: [{ First_Name: 'Someone', Last_Name: 'Else', Email: 'dana@example.com', Phone: '512-555-0999' }],
  });
  const other = sandbox.state.zoho.records.Leads.find((r) => r.Last_Name === 'Else');
  const dana = addMojoContact(sandbox.state, {
    first_name: 'Dana',
    last_name: 'Reyes',
    mediainfo_set: [
      { type: 2, value: '5125550177' },
      { type: 4, value: 'dana@example.com' },
    ],
  });
  const page = await context.newPage();
  await page.goto(`${MOJO_WEB}/app/contacts/${dana.id}`);
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  const status = page.getByRole('status').filter({ hasText: 'in Zoho CRM' });
  await expect(status).toHaveText(/^Created Dana Reyes in Zoho CRM/);
  expect(findZohoRecord(sandbox.state, 'Leads', other?.id ?? '')).toMatchObject({
    First_Name: 'Someone',
    Last_Name: 'Else',
    Phone: '512-555-0999',
    Mobile: null,
  });
  expect(sandbox.state.zoho.writeCalls.map((w) => w.op)).toEqual(['insert']);

  // A contact with a phone and no email is sent, and found again by its phone.
  const noEmail = addMojoContact(sandbox.state, {
    first_name: 'Sam',
    last_name: 'Ortiz',
    mediainfo_set: [{ type: 2, value: '5125550188' }],
  });
  await page.goto(`${MOJO_WEB}/app/contacts/${noEmail.id}`);
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(status).toHaveText(/^Created Sam Ortiz in Zoho CRM/);
  const sam = sandbox.state.zoho.records.Leads.find((r) => r.Last_Name === 'Ortiz');
  expect(String(sam?.Mobile ?? sam?.Phone ?? '').replace(/\D/g, '')).toContain('5125550188');
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(status).toHaveText(/^Updated Sam Ortiz in Zoho CRM/);
  expect(sandbox.state.zoho.records.Leads.filter((r) => r.Last_Name === 'Ortiz')).toHaveLength(1);
});

test('Do not update: Send to Zoho matches the record, writes nothing and says so', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const options = await openOptions(context, extensionId);
  const leads = await zohoObject(options, 'Leads');
  const policy = leads.getByRole('radiogroup', { name: 'When a matching record exists' });
  await policy.getByRole('radio', { name: 'Do not update' }).check();
  await expectSaved(context, options, ['crms', 'zoho', 'objects', 'Leads', 'policy'], 'do_not_update');
  await admin(sandbox, 'POST', '/zoho/records', {
    module: 'Leads',
    records: [{ First_Name: 'Dana', Last_Name: 'Reyes', Email: 'dana@example.com' }],
  });
  const dana = addMojoContact(sandbox.state, {
    first_name: 'Dana',
    last_name: 'Reyes',
    city: 'Austin',
    mediainfo_set: [{ type: 4, value: 'dana@example.com' }],
  });
  const page = await context.newPage();
  await page.goto(`${MOJO_WEB}/app/contacts/${dana.id}`);
  await page.getByRole('button', { name: 'Send to Zoho' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in Zoho CRM' })).toHaveText(
    /^Matched Dana Reyes in Zoho CRM; left unchanged \(Do not update\)/,
  );
  expect(sandbox.state.zoho.writeCalls).toEqual([]);
  expect(sandbox.state.zoho.records.Leads.find((r) => r.Email === 'dana@example.com')?.City).toBeNull();
});

test('owner: the Zoho user with the agent’s email, else the connecting user, or none', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  // Give the Mojo agent's email (agent@example.com) to Morgan Lee, who did not connect Mojo Bridge,
  // so the match can be told apart from the fallback.
  const users = sandbox.state.zoho.users;
  const pat = users.find((u) => u.id === PAT);
  const morgan = users.find((u) => u.id === MORGAN);
  if (!pat || !morgan) throw new Error('seed users changed');
  pat.email = 'pat.smith@example.com';
  morgan.email = 'agent@example.com';

  const matched = await sendToZoho(context, sandbox, {
    first: 'Dana',
    last: 'Reyes',
    email: 'dana@example.com',
  });
  expect(matched.Owner).toMatchObject({ id: MORGAN });

  // Nobody has the agent's email: the connecting user (Pat Smith) owns it, and the popup says why.
  morgan.email = 'morgan.lee@example.com';
  const fallback = await sendToZoho(context, sandbox, {
    first: 'Sam',
    last: 'Ortiz',
    email: 'sam@example.com',
  });
  expect(fallback.Owner).toMatchObject({ id: PAT });
  await popup.bringToFront();
  await expect(
    popup.getByText('Sam Ortiz: No CRM user has the agent’s email: the connecting user owns it.'),
  ).toBeVisible();

  // "No owner": Mojo Bridge sets none, even for a matching user (Zoho then makes the API user the owner).
  morgan.email = 'agent@example.com';
  const options = await openOptions(context, extensionId);
  await options
    .getByRole('region', { name: 'Zoho CRM' })
    .getByRole('combobox', { name: 'Owner', exact: true })
    .selectOption('none');
  await expectSaved(context, options, ['crms', 'zoho', 'owner'], 'none');
  const none = await sendToZoho(context, sandbox, { first: 'Lee', last: 'Park', email: 'lee@example.com' });
  expect(none.Owner).not.toMatchObject({ id: MORGAN });
});

test('a lead source is matched to Zoho’s list, or left out with a note', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const options = await openOptions(context, extensionId);
  const zoho = options.getByRole('region', { name: 'Zoho CRM' });
  await expect(zoho.getByRole('combobox', { name: 'Send to CRM creates' })).toHaveValue('Leads');
  await zoho.getByRole('textbox', { name: 'Lead source' }).fill(' zillow ');
  await expectSaved(context, options, ['crms', 'zoho', 'leadSource', 'value'], ' zillow ');

  const matched = await sendToZoho(context, sandbox, {
    first: 'Dana',
    last: 'Reyes',
    email: 'dana@example.com',
  });
  expect(matched.Lead_Source).toBe('Zillow');

  // Zoho shows a renamed value by its new name; the record takes the picklist's actual value.
  await options.bringToFront();
  await zoho.getByRole('textbox', { name: 'Lead source' }).fill('Zillow Premier Agent');
  await expectSaved(context, options, ['crms', 'zoho', 'leadSource', 'value'], 'Zillow Premier Agent');
  const renamed = await sendToZoho(context, sandbox, {
    first: 'Ana',
    last: 'Lima',
    email: 'ana@example.com',
  });
  expect(renamed.Lead_Source).toBe('Zillow');

  await options.bringToFront();
  await zoho.getByRole('textbox', { name: 'Lead source' }).fill('Mojo Dialer');
  await expectSaved(context, options, ['crms', 'zoho', 'leadSource', 'value'], 'Mojo Dialer');
  const omitted = await sendToZoho(context, sandbox, {
    first: 'Sam',
    last: 'Ortiz',
    email: 'sam@example.com',
  });
  expect(omitted.Lead_Source ?? null).toBeNull();
  await popup.bringToFront();
  await expect(
    popup.getByText(/Sam Ortiz: Lead source "Mojo Dialer" is not in the CRM's list/),
  ).toBeVisible();
});

test('the preview counts what the send then does; Cancel sends nothing', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const page = await context.newPage();
  await page.goto(ZOHO_CONTACTS);
  for (const name of ['Jane Doe', 'Marcus Whitfield', 'Walter Kim'])
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  const dialog = await openDialog(page);
  const previewButton = dialog.getByRole('button', { name: 'Preview' });
  await expect(previewButton).toBeDisabled();
  await chooseGroup(dialog, 'Spring buyers');

  // Cancel goes back to the group step and writes nothing.
  await previewButton.click();
  const preview = dialog.getByRole('status', { name: 'Preview' });
  await expect(preview).toContainText('Would create 2 · update 0 · exclude 1 · needs review 0');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Group' })).toBeVisible();
  await expect(preview).toHaveCount(0);
  expect(sandbox.state.mojo.contacts.size).toBe(0);
  expect(sandbox.requests.all().filter((r) => r.path === '/api/v1/contacts/upsert')).toHaveLength(0);

  await previewButton.click();
  await expect(preview).toContainText('Would create 2 · update 0 · exclude 1 · needs review 0');
  await expect(preview).toContainText('Walter Kim: Excluded: No phone or email');
  await expect(preview).not.toContainText('partial');
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
  const status = dialog.getByRole('status');
  await expect(status).toContainText('2 added, 0 updated, 0 failed');
  await expect(status).toContainText('1 excluded');
  expect(sandbox.state.mojo.contacts.size).toBe(2);

  // Sent once, the same selection previews as updates.
  await dialog.getByRole('button', { name: 'Done' }).click();
  const again = await openDialog(page);
  await chooseGroup(again, 'Spring buyers');
  await again.getByRole('button', { name: 'Preview' }).click();
  await expect(again.getByRole('status', { name: 'Preview' })).toContainText(
    'Would create 0 · update 2 · exclude 1 · needs review 0',
  );
});
