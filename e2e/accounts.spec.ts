/** Connecting and resetting accounts in the popup, as a person does it, error paths included. */

import { launchWithExtension, extensionId as readExtensionId } from './browser';
import { admin, connectBoth, connectMojo, connectZoho, expect, MOJO, test } from './fixtures';

test('connecting Mojo shows the user and the account; Disconnect Mojo forgets them', async ({
  popup,
  sandbox,
}) => {
  await connectMojo(popup);
  const mojo = popup.getByRole('region', { name: 'Mojo' });
  await expect(mojo.getByText('Connected as Pat Smith (agent@example.com)')).toBeVisible();
  await expect(mojo.getByText('Account: Smith Team')).toBeVisible();
  await mojo.getByRole('button', { name: 'Disconnect Mojo' }).click();
  await expect(mojo.getByLabel('Mojo PIN')).toBeVisible();
  // The refresh token was given back to Mojo.
  await expect.poll(() => [...sandbox.state.mojo.refreshTokens.values()].every((t) => t.revoked)).toBe(true);
});

test('a Dialing Rep is refused with a message naming the role, and nothing is stored', async ({ popup }) => {
  await connectMojo(popup, { ...MOJO, login: 'rep@example.com' });
  const alert = popup.getByRole('region', { name: 'Mojo' }).getByRole('alert');
  await expect(alert).toContainText('Dialing Rep');
  await popup.reload();
  await expect(popup.getByRole('region', { name: 'Mojo' }).getByLabel('Mojo PIN')).toBeVisible();
  await expect(popup.getByText('Connected as')).toHaveCount(0);
});

test('wrong credentials and a locked account each get their own message', async ({ popup }) => {
  const mojo = popup.getByRole('region', { name: 'Mojo' });
  await connectMojo(popup, { ...MOJO, password: 'wrong' });
  await expect(mojo.getByRole('alert')).toContainText('PIN, login or password is not right');
  await connectMojo(popup, { ...MOJO, login: 'locked@example.com' });
  await expect(mojo.getByRole('alert')).toContainText('locked');
});

test('an unreachable Mojo login server gets its own message', async ({ sandbox }) => {
  // Point Mojo's login host at a closed port: the connection is refused, as when offline.
  const rules = sandbox.hostResolverRules.replace(
    /MAP lb11\.mojosells\.com 127\.0\.0\.1:\d+/,
    'MAP lb11.mojosells.com 127.0.0.1:9',
  );
  const { context } = await launchWithExtension({ hostResolverRules: rules });
  try {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${await readExtensionId(context)}/popup.html`);
    await connectMojo(popup);
    await expect(popup.getByRole('region', { name: 'Mojo' }).getByRole('alert')).toContainText(
      'could not be reached',
    );
  } finally {
    await context.close();
  }
});

test('the Zoho panel asks for the custom configuration and shows the Redirect URL to copy', async ({
  popup,
  extensionId,
}) => {
  const zoho = popup.getByRole('region', { name: 'Zoho CRM' });
  await expect(zoho.getByLabel('Client ID')).toBeVisible();
  await expect(zoho.getByLabel('Client secret')).toBeVisible();
  const dcs = await zoho
    .getByLabel('Data center')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(dcs).toEqual(['US', 'EU', 'IN', 'AU', 'JP', 'CA', 'SA', 'UK']);
  await expect(zoho.getByLabel('Redirect URL')).toHaveValue(`https://${extensionId}.chromiumapp.org/`);
  await expect(zoho.getByRole('button', { name: 'Copy' })).toBeVisible();
  // Zoho needs Mojo first.
  await expect(zoho.getByText('Connect Mojo first')).toBeVisible();
});

test('Connect Zoho runs the OAuth code flow and shows the org; Reset credentials releases everything', async ({
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const auth = sandbox.state.zoho.authRequests.at(-1);
  expect(auth?.params.access_type).toBe('offline');
  expect(auth?.params.prompt).toBe('consent');
  expect(auth?.params.state?.length).toBeGreaterThan(20);
  expect(auth?.params.scope).toContain('ZohoCRM.modules.ALL');
  expect(sandbox.state.mojo.links['A-100']?.zoho?.crm_account_label).toBe('Acme Realty');

  const zoho = popup.getByRole('region', { name: 'Zoho CRM' });
  await zoho.getByRole('button', { name: 'Reset credentials' }).click();
  await zoho.getByRole('button', { name: 'Confirm reset' }).click();
  await expect(zoho.getByRole('button', { name: 'Connect Zoho' })).toBeVisible();
  expect(sandbox.state.mojo.links['A-100']?.zoho).toBeUndefined();
  await expect.poll(() => [...sandbox.state.zoho.refreshTokens.values()].every((t) => t.revoked)).toBe(true);
});

test('a Mojo account linked to another Zoho org is refused with the other org named', async ({
  popup,
  sandbox,
}) => {
  await admin(sandbox, 'POST', '/mojo/links', {
    account_id: 'A-100',
    crm: 'zoho',
    crm_account_id: '999',
    crm_account_label: 'Other Realty',
  });
  await connectMojo(popup);
  await expect(popup.getByText('Connected as Pat Smith')).toBeVisible();
  await connectZoho(popup);
  const alert = popup.getByRole('region', { name: 'Zoho CRM' }).getByRole('alert');
  await expect(alert).toContainText('Other Realty');
  await expect(alert).toContainText('Reset credentials');
  await expect(popup.getByText('Connected to Acme Realty')).toHaveCount(0);
});

test('a wrong Client secret gets a clear message', async ({ popup }) => {
  await connectMojo(popup);
  await expect(popup.getByText('Connected as Pat Smith')).toBeVisible();
  const zoho = popup.getByRole('region', { name: 'Zoho CRM' });
  await zoho.getByLabel('Client ID').fill('1000.SANDBOXCLIENT');
  await zoho.getByLabel('Client secret').fill('not-the-secret');
  await zoho.getByRole('button', { name: 'Connect Zoho' }).click();
  await expect(zoho.getByRole('alert')).toContainText('Client secret does not match');
});
