/**
 * The demo: the sandbox with seed data, Chromium with the production build, and the main job done
 * the way a person does it — connect Mojo and Zoho in the popup, open a Zoho list, select rows,
 * Add to Mojo into a group, watch the progress and the summary, land in the Mojo dialer.
 * With a display it leaves the browser open for you; without one (or with --headless) it runs
 * headless and writes a screenshot of each step to demo-output/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { extensionId, launchWithExtension } from '../e2e/browser';
import { connectBoth } from '../e2e/popup';
import { SEED_VIEWS, startSandbox } from '../e2e/sandbox';

const OUT = path.resolve('demo-output');
const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

async function shot(page: Page, name: string): Promise<void> {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`  📸 ${path.relative(process.cwd(), file)}`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const sandbox = await startSandbox({ zohoContacts: 240 });
  console.log(`Sandbox on 127.0.0.1:${sandbox.port} (admin: ${sandbox.adminUrl})`);
  const { context } = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules, headless });
  try {
    const id = await extensionId(context);
    console.log(`Extension loaded: ${id}${headless ? ' (headless)' : ''}`);

    console.log('1. Connect Mojo and Zoho CRM in the popup');
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 420, height: 900 });
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await connectBoth(popup);
    await shot(popup, '1-popup-connected');

    console.log('2. The Add to Mojo button on a Zoho list');
    const page = await context.newPage();
    await page.goto(
      `https://crm.zoho.com/crm/org60012345/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`,
    );
    const button = page
      .locator('[data-zcqa="listView_toolbar"]')
      .getByRole('button', { name: 'Add to Mojo' });
    await expect(button).toBeVisible();
    for (const name of ['Jane Doe', 'Marcus Whitfield', 'Priya Raman', 'Luis Ortega', 'Emily Chen']) {
      await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    }
    await shot(page, '2-button-on-zoho-list');

    console.log('3. The dialog: pick a group');
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Add to Mojo' });
    await expect(dialog.getByText('Adding: 5 selected records')).toBeVisible();
    const group = dialog.getByRole('combobox', { name: 'Group' });
    await expect(group.locator('option', { hasText: 'Spring buyers' })).toHaveCount(1);
    await group.selectOption('group:41');
    await shot(page, '3-dialog');

    console.log('4. Send, with progress');
    // A little latency so the progress is visible, as on a real network.
    sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts', latencyMs: 1_500 });
    await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
    await expect(dialog.getByRole('progressbar')).toBeVisible();
    await shot(page, '4-progress');

    console.log('5. The summary');
    await expect(dialog.getByRole('status')).toContainText('5 added, 0 updated, 0 failed', {
      timeout: 30_000,
    });
    await page.bringToFront();
    await shot(page, '5-summary');

    console.log('6. The Mojo dialer, with the group selected');
    await expect
      .poll(() => context.pages().some((p) => p.url().includes('/data-and-dialer?group=41')))
      .toBe(true);
    const dialer = context.pages().find((p) => p.url().includes('/data-and-dialer?group=41'));
    if (dialer) {
      await dialer.bringToFront();
      await expect(dialer.getByText('Power dialer — group: Spring buyers')).toBeVisible();
      await shot(dialer, '6-dialer-tab');
    }
    console.log("7. Send to Zoho from Mojo's contact form");
    const jane = [...sandbox.state.mojo.contacts.values()].find((c) => c.full_name === 'Jane Doe');
    if (jane) {
      const sheet = await context.newPage();
      await sheet.goto(`https://app31.mojosells.com/app/contacts/${jane.id}`);
      await sheet.getByRole('button', { name: 'Send to Zoho' }).click();
      await expect(sheet.getByRole('status').filter({ hasText: 'Jane Doe in Zoho CRM' })).toBeVisible();
      await shot(sheet, '7-send-to-zoho');

      console.log('8. A call in Mojo comes back to Zoho as a note (Sync now)');
      await fetch(`${sandbox.adminUrl}/mojo/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'call_result',
          contact: { id: jane.id, api_contact_id: jane.api_contact_id },
          call: {
            result: 'Contact',
            phone: '5125550101',
            duration_s: 95,
            agent: 'Pat Smith',
            notes: 'Wants a CMA',
          },
        }),
      });
      await popup.bringToFront();
      await popup.reload();
      await popup.getByRole('button', { name: 'Sync now' }).click();
      await expect(popup.getByText('Mojo call: Contact → Zoho CRM: Jane Doe')).toBeVisible({
        timeout: 15_000,
      });
      await shot(popup, '8-popup-after-sync');
    }
    console.log(
      `Done: ${sandbox.state.mojo.contacts.size} contacts in Mojo; ${sandbox.state.zoho.notes.length} note(s) back in Zoho.`,
    );

    if (!headless) {
      console.log('The browser stays open: try the record pages and the whole view. Ctrl+C to stop.');
      await new Promise<void>((resolve) => {
        process.on('SIGINT', () => resolve());
        context.on('close', () => resolve());
      });
    }
  } finally {
    await context.close().catch(() => undefined);
    await sandbox.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
