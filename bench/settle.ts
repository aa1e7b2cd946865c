/**
 * B5, settle: Send to Mojo clicked → the Mojo dialer tab open (its URL committed), for one record
 * (a record page) and for 100 (a list page with every row selected).
 */
import { expect, type Page } from '@playwright/test';
import {
  ALL_CONTACTS_LIST,
  type BenchSession,
  chooseGroup,
  clearMojo,
  closeDialerTabs,
  GROUP,
  injectLatency,
  LIST_ANCHOR,
  openDialog,
  RECORD_ANCHOR,
  setContacts,
  ZOHO_WEB,
} from './session';

export interface SettleRun {
  contacts: number;
  /** Click → the dialer tab's URL committed. */
  ms: number;
}

export async function runSettle(s: BenchSession, contacts: 1 | 100, latencyMs: number): Promise<SettleRun> {
  const { sandbox, context } = s;
  setContacts(sandbox, 100);
  await closeDialerTabs(context);
  const page = await context.newPage();
  const first = sandbox.state.zoho.records.Contacts[0];
  if (!first) throw new Error('No contacts');
  if (contacts === 1) {
    await page.goto(`${ZOHO_WEB}/tab/Contacts/${first.id}`);
  } else {
    await page.goto(ALL_CONTACTS_LIST);
    await page.getByRole('checkbox', { name: 'Select all' }).check();
  }
  const dialog = await openDialog(page, contacts === 1 ? RECORD_ANCHOR : LIST_ANCHOR);
  await expect(
    dialog.getByText(contacts === 1 ? 'Adding: this record' : 'Adding: 100 selected records'),
  ).toBeVisible();
  await chooseGroup(dialog, GROUP.name);
  const send = dialog.getByRole('button', { name: 'Send to Mojo' });
  await expect(send).toBeEnabled();
  const opened = new Promise<Page>((resolve) => {
    const onPage = (p: Page) => {
      context.off('page', onPage);
      resolve(p);
    };
    context.on('page', onPage);
  });
  const removeLatency = injectLatency(sandbox, latencyMs);
  let ms: number;
  try {
    const t0 = Date.now();
    await send.click();
    const tab = await opened;
    await tab.waitForURL(/\/data-and-dialer\?group=/, { waitUntil: 'commit', timeout: 30_000 });
    ms = Date.now() - t0;
  } finally {
    removeLatency();
  }
  await expect(dialog.getByRole('status')).toContainText(`${contacts} added`);
  await page.close();
  await closeDialerTabs(context);
  clearMojo(sandbox);
  return { contacts, ms };
}
