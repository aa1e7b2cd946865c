/** Where the Add to Mojo button appears on Zoho CRM pages, across data centers, routes and DOM drift. */

import { connectBoth, expect, floatingButton, openPage, test, ZOHO_WEB } from './fixtures';
import { SEED_CONTACT_IDS, SEED_VIEWS } from './sandbox';

const JANE = SEED_CONTACT_IDS.janeDoe;

test('a record page gets the button in its action area, with or without org<id> in the path', async ({
  context,
}) => {
  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/${JANE}`);
  const actions = page.locator('[data-zcqa="detailView_actionButtons"]');
  await expect(actions.getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add to Mojo' })).toHaveCount(1);

  await page.goto('https://crm.zoho.com/crm/tab/Leads/4876876000000624001');
  await expect(actions.getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
});

test('every data center host gets the button', async ({ context }) => {
  const page = await context.newPage();
  for (const host of ['crm.zoho.eu', 'crm.zoho.in', 'crm.zoho.com.au', 'crm.zohocloud.ca', 'crm.zoho.uk']) {
    await page.goto(`https://${host}/crm/org60012345/tab/Contacts/${JANE}`);
    await expect(page.getByRole('button', { name: 'Add to Mojo' }), host).toBeVisible();
  }
});

test('the button follows single-page route changes and is never duplicated', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/${JANE}`);
  await expect(page.getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
  const first = page.url();
  await page.locator('[data-zcqa="detailView_nextRecord"]').click();
  await expect(page).not.toHaveURL(first);
  const actions = page.locator('[data-zcqa="detailView_actionButtons"]');
  await expect(actions.getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add to Mojo' })).toHaveCount(1);

  // Record → list → record, by the app's own links.
  await page.locator('[data-zcqa="detailView_backToList"]').click();
  await expect(
    page.locator('[data-zcqa="listView_toolbar"]').getByRole('button', { name: 'Add to Mojo' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add to Mojo' })).toHaveCount(1);
  await page.goBack();
  await expect(actions.getByRole('button', { name: 'Add to Mojo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add to Mojo' })).toHaveCount(1);
});

test('list views: the custom view and the default view', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`);
  await expect(
    page.locator('[data-zcqa="listView_toolbar"]').getByRole('button', { name: 'Add to Mojo' }),
  ).toBeVisible();
  await page.goto('https://crm.zoho.com/crm/tab/Leads');
  await expect(
    page.locator('[data-zcqa="listView_toolbar"]').getByRole('button', { name: 'Add to Mojo' }),
  ).toBeVisible();
});

test('an unknown page layout gets a floating button, and the popup says the page was not recognised', async ({
  context,
  popup,
}) => {
  await connectBoth(popup);
  const page = await openPage(context, `${ZOHO_WEB}/tab/Contacts/${JANE}?layout=unknown`);
  const button = await floatingButton(page);
  // It still works: the record comes from the URL.
  await button.click();
  await expect(
    page.getByRole('dialog', { name: 'Add to Mojo' }).getByText('Adding: this record'),
  ).toBeVisible();
  await popup.bringToFront();
  await popup.reload();
  await expect(popup.getByText(/Page not recognised/)).toBeVisible();
});

test('a page that renders late is not reported as unrecognised', async ({ context, popup }) => {
  await connectBoth(popup);
  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`);
  await expect(
    page.locator('[data-zcqa="listView_toolbar"]').getByRole('button', { name: 'Add to Mojo' }),
  ).toBeVisible();
  await page.waitForTimeout(2_500);
  await popup.bringToFront();
  await popup.reload();
  await expect(popup.getByText(/Connected to Acme Realty/)).toBeVisible();
  await expect(popup.getByText(/Page not recognised/)).toHaveCount(0);
});
