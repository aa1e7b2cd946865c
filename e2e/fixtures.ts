/** Playwright fixtures: a sandbox per worker, a fresh Chromium profile with the extension per test. */
import { type BrowserContext, test as base, expect, type Locator, type Page } from '@playwright/test';
import { launchWithExtension, extensionId as readExtensionId } from './browser';
import { type Sandbox, SEED_VIEWS, startSandbox } from './sandbox';

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

// Connecting accounts in the popup lives in popup.ts (the demo uses it too, outside the test runner).
export { connectBoth, connectMojo, connectMojoFirst, connectZoho, MOJO, ZOHO_CLIENT } from './popup';
export { expect };

export const ZOHO_WEB = 'https://crm.zoho.com/crm/org60012345';
/** Zoho's "All Contacts" list view. */
export const ZOHO_CONTACTS = `${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`;
export const MOJO_WEB = 'https://app31.mojosells.com';

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

/** Open a page in a new tab of the test's browser. */
export async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Tick the rows of a list by the names their checkboxes carry ("Select Jane Doe"). */
export async function selectRows(page: Page, names: readonly string[]) {
  for (const name of names) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
}

/** The Add to Mojo button of a page layout the adapter does not recognise: one, visible, floating. */
export async function floatingButton(page: Page): Promise<Locator> {
  const button = page.getByRole('button', { name: 'Add to Mojo' });
  await expect(button).toBeVisible();
  expect(await button.evaluate((b) => getComputedStyle(b).position)).toBe('fixed');
  await expect(button).toHaveCount(1);
  return button;
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

export async function sendToMojo(dialog: Locator) {
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
}

/**
 * The Mojo tab a finished Add to Mojo opened on the power dialer for `groupId` (with the default
 * dialer URL); with `groupName`, also that the dialer shows that group.
 */
export async function dialerTab(context: BrowserContext, groupId: number, groupName?: string): Promise<Page> {
  const url = `${MOJO_WEB}/data-and-dialer?group=${groupId}&view=power-dialer`;
  await expect.poll(() => context.pages().map((p) => p.url())).toContain(url);
  const tab = context.pages().find((p) => p.url() === url);
  if (!tab) throw new Error('no dialer tab');
  if (groupName !== undefined)
    await expect(tab.getByText(`Power dialer — group: ${groupName}`)).toBeVisible();
  return tab;
}

/** A Mojo activity (call result, edit, event, note) as Mojo's feed delivers it. */
export async function postActivity(sandbox: Sandbox, activity: Record<string, unknown>): Promise<void> {
  await admin(sandbox, 'POST', '/mojo/activities', activity);
}

/** Press Sync now in the popup without waiting for it to finish. */
export async function startSync(popup: Page): Promise<void> {
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Sync now' }).click();
}

/** Press Sync now in the popup and wait until it says it synced. */
export async function syncNow(popup: Page): Promise<void> {
  await startSync(popup);
  await expect(popup.getByText(/Synced/)).toBeVisible();
}
