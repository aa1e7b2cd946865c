/**
 * One benchmark session: the sandbox, Chromium with the benchmark's own build of the extension,
 * Mojo and Zoho connected through the popup as a person does it, and the helpers every figure
 * needs (the Zoho list, the Add to Mojo dialog, the runs in the worker's IndexedDB).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, expect, type Locator, type Page, type Worker } from '@playwright/test';
import { z } from 'zod';
import { extensionId, launchWithExtension, serviceWorker } from '../e2e/browser';
import { type Sandbox, SEED_VIEWS, startSandbox } from '../e2e/sandbox';
import { generateZohoRecords } from '../e2e/sandbox/seed';

export const ZOHO_WEB = 'https://crm.zoho.com/crm/org60012345';
export const ALL_CONTACTS_LIST = `${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`;
/** The seed's Mojo group the runs go into. */
export const GROUP = { id: 41, name: 'Spring buyers' } as const;

export interface BenchSession {
  sandbox: Sandbox;
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

export async function openSession(extensionDir: string): Promise<BenchSession> {
  const sandbox = await startSandbox();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'mojo-bridge-bench-'));
  const { context } = await launchWithExtension({
    hostResolverRules: sandbox.hostResolverRules,
    extensionDir,
    userDataDir,
    // A raw CDP endpoint besides Playwright's pipe: the worker's heap needs a session on its target.
    args: ['--remote-debugging-port=0'],
  });
  const id = await extensionId(context);
  await connectAccounts(context, id);
  return {
    sandbox,
    context,
    extensionId: id,
    userDataDir,
    worker: () => serviceWorker(context),
    async close() {
      await context.close();
      await sandbox.stop();
    },
  };
}

async function connectAccounts(context: BrowserContext, id: string): Promise<void> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  const mojo = popup.getByRole('region', { name: 'Mojo' });
  await mojo.getByLabel('Mojo PIN').fill('123456');
  await mojo.getByLabel('Mojo login').fill('agent@example.com');
  await mojo.getByLabel('Password', { exact: true }).fill('correct-horse');
  await mojo.getByRole('button', { name: 'Connect Mojo' }).click();
  await expect(popup.getByText('Connected as Pat Smith')).toBeVisible({ timeout: 30_000 });
  const zoho = popup.getByRole('region', { name: 'Zoho CRM' });
  await zoho.getByLabel('Client ID').fill('1000.SANDBOXCLIENT');
  await zoho.getByLabel('Client secret').fill('sandbox-secret');
  await zoho.getByLabel('Data center').selectOption('US');
  await zoho.getByRole('button', { name: 'Connect Zoho' }).click();
  await expect(popup.getByText('Connected to Acme Realty')).toBeVisible({ timeout: 30_000 });
  await popup.close();
}

/**
 * Make Zoho's "All Contacts" hold exactly `count` generated contacts and Mojo hold none, without
 * resetting the sandbox (a reset would revoke the tokens the extension holds).
 */
export function setContacts(sandbox: Sandbox, count: number): void {
  const zoho = sandbox.state.zoho;
  zoho.records.Contacts = [];
  zoho.generated.Contacts = 0;
  zoho.pageTokens.clear();
  generateZohoRecords(zoho, 'Contacts', count);
  clearMojo(sandbox);
}

export function clearMojo(sandbox: Sandbox): void {
  sandbox.state.mojo.contacts.clear();
  sandbox.state.mojo.contactIdsByApiId.clear();
}

export const LIST_ANCHOR = '[data-zcqa="listView_toolbar"]';
export const RECORD_ANCHOR = '[data-zcqa="detailView_actionButtons"]';

/**
 * Click the button once it sits in the page's toolbar: before the page has rendered, it floats,
 * and the dialog then names the view from the URL alone ("Contacts", not "All Contacts").
 */
export async function openDialog(page: Page, anchor: string): Promise<Locator> {
  await page.locator(anchor).getByRole('button', { name: 'Add to Mojo' }).click({ timeout: 30_000 });
  const dialog = page.getByRole('dialog', { name: 'Add to Mojo' });
  await expect(dialog).toBeVisible();
  return dialog;
}

export async function chooseGroup(dialog: Locator, name: string): Promise<void> {
  const group = dialog.getByRole('combobox', { name: 'Group' });
  const option = group.locator('option').filter({ hasText: new RegExp(`^${name}( \\(|$)`) });
  await expect(option).toHaveCount(1, { timeout: 30_000 });
  await group.selectOption((await option.getAttribute('value')) ?? '');
}

const Job = z.object({
  id: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().nullish(),
  phase: z.string(),
  added: z.number(),
  updated: z.number(),
  failed: z.number(),
});
export type Job = z.infer<typeof Job>;

/** The newest Add to Mojo run, read from the worker's IndexedDB (its clock is this machine's). */
export async function latestJob(worker: Worker): Promise<Job | null> {
  const raw = await worker.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('mojo-bridge');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('jobs').objectStore('jobs').getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
        };
      }),
  );
  const jobs = z.array(Job).parse(raw);
  jobs.sort((a, b) => b.startedAt - a.startedAt);
  return jobs[0] ?? null;
}

/** Close every dialer tab, so the next run's "dialer open" is a new tab each time. */
export async function closeDialerTabs(context: BrowserContext): Promise<void> {
  for (const p of context.pages()) if (p.url().includes('/data-and-dialer')) await p.close();
}

/**
 * The fixed latency of every API request (Zoho's API host, Mojo's /api/). Mojo's web pages are
 * left alone: the dialer page's own load is not what B5 measures.
 */
export function injectLatency(sandbox: Sandbox, latencyMs: number): () => void {
  const ids = [
    sandbox.faults.add({ system: 'zoho-api', latencyMs }),
    sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/', latencyMs }),
  ];
  return () => {
    for (const id of ids) sandbox.faults.remove(id);
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
