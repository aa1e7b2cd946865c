/** Playwright fixtures: a sandbox per worker, a fresh Chromium profile with the extension per test. */
import { type BrowserContext, test as base, expect, type Locator, type Page } from '@playwright/test';
import { launchWithExtension, extensionId as readExtensionId } from './browser';
import { type Sandbox, startSandbox } from './sandbox';

interface TestFixtures {
  sandbox: Sandbox;
  context: BrowserContext;
  extensionId: string;
  /** The popup, opened as a tab (the same page the toolbar button shows). */
  popup: Page;
}

export const test = base.extend<TestFixtures, { workerSandbox: Sandbox }>({
  workerSandbox: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
    async ({}, use) => {
      const s = await startSandbox();
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
  sandbox: async ({ workerSandbox }, use) => {
    workerSandbox.reset('default');
    await use(workerSandbox);
  },
  context: async ({ sandbox }, use) => {
    const { context } = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules });
    await use(context);
    await context.close();
  },
  extensionId: async ({ context }, use) => {
    await use(await readExtensionId(context));
  },
  popup: async ({ context, extensionId }, use) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await use(page);
  },
});

export { expect };

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

/** Connect Mojo and Zoho through the popup, as a person would, and wait until both show connected. */
export async function connectBoth(popup: Page) {
  await connectMojo(popup);
  await expect(popup.getByText('Connected as Pat Smith')).toBeVisible();
  await connectZoho(popup);
  await expect(popup.getByText('Connected to Acme Realty')).toBeVisible();
}

export const ZOHO_WEB = 'https://crm.zoho.com/crm/org60012345';

/** Call the sandbox's admin API (the same one the demo and benchmarks use). */
export async function admin(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${sandbox.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

export async function openDialog(page: Page) {
  await page.getByRole('button', { name: 'Add to Mojo' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add to Mojo' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Pick a group by its name, as it reads in the list ("Spring buyers (12)"). */
export async function chooseGroup(dialog: Locator, name: string) {
  const group = dialog.getByRole('combobox', { name: 'Group' });
  const option = group.locator('option').filter({ hasText: new RegExp(`^${name}( \\(|$)`) });
  await expect(option).toHaveCount(1);
  await group.selectOption((await option.getAttribute('value')) ?? '');
}

export async function dialerTab(context: BrowserContext, groupId: number): Promise<Page> {
  await expect
    .poll(
      () =>
        context
          .pages()
          .find((p) => p.url().includes(`/data-and-dialer?group=${groupId}`))
          ?.url() ?? '',
    )
    .toContain(`view=power-dialer`);
  const tab = context.pages().find((p) => p.url().includes(`/data-and-dialer?group=${groupId}`));
  if (!tab) throw new Error('no dialer tab');
  return tab;
}
