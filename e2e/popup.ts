/**
 * Connecting accounts in the popup, as a person does: the e2e tests (through fixtures.ts) and
 * `npm run demo` (scripts/demo-flow.ts) use the same steps. No test fixtures here, so a script
 * outside the test runner can import it.
 */
import { expect, type Page } from '@playwright/test';

export const MOJO = { pin: '123456', login: 'agent@example.com', password: 'correct-horse' } as const;
export const ZOHO_CLIENT = { id: '1000.SANDBOXCLIENT', secret: 'sandbox-secret' } as const;

export async function connectMojo(
  popup: Page,
  creds: { pin: string; login: string; password: string } = MOJO,
) {
  const panel = popup.getByRole('region', { name: 'Mojo' });
  await panel.getByLabel('Mojo PIN').fill(creds.pin);
  await panel.getByLabel('Mojo login').fill(creds.login);
  await panel.getByLabel('Password', { exact: true }).fill(creds.password);
  await panel.getByRole('button', { name: 'Connect Mojo' }).click();
}

export async function connectZoho(popup: Page, dataCenter = 'US') {
  const panel = popup.getByRole('region', { name: 'Zoho CRM' });
  await panel.getByLabel('Client ID').fill(ZOHO_CLIENT.id);
  await panel.getByLabel('Client secret').fill(ZOHO_CLIENT.secret);
  await panel.getByLabel('Data center').selectOption(dataCenter);
  await panel.getByRole('button', { name: 'Connect Zoho' }).click();
}

/** Connect Mojo, as every CRM wants first, and wait until the popup shows it connected. */
export async function connectMojoFirst(popup: Page) {
  await connectMojo(popup);
  await expect(popup.getByText('Connected as Pat Smith')).toBeVisible();
}

/** Connect Mojo and Zoho through the popup, as a person would, and wait until both show connected. */
export async function connectBoth(popup: Page) {
  await connectMojoFirst(popup);
  await connectZoho(popup);
  await expect(popup.getByText('Connected to Acme Realty')).toBeVisible();
}
