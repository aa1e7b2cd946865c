/**
 * What a person does in the e2e specs, in their words: connect a CRM in the popup, add what a CRM
 * page shows to a Mojo group, and the Mojo activities the two-way specs deliver. The building
 * blocks (the dialog, the group list, the dialer tab, Sync now) are in fixtures.ts.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import {
  chooseGroup,
  connectMojoFirst,
  expect,
  openDialog,
  openPage,
  postActivity,
  selectRows,
  sendToMojo,
  syncNow,
  ZOHO_CONTACTS,
} from './fixtures';
import { CINC_SEED_CLIENT, CINC_SITE, type Sandbox, WISEAGENT_CLIENT_ID } from './sandbox';

export const CINC_WEB = `https://${CINC_SITE.domain}`;
export const cincLeadPage = (id: string) => `${CINC_WEB}/admin/leads/${id}`;

export const WISEAGENT_WEB = 'https://www.thewiseagent.com';
export const wiseAgentContactPage = (id: number | string, host = WISEAGENT_WEB) =>
  `${host}/secure/client/summary?clientId=${id}`;

export const cincPanel = (popup: Page): Locator => popup.getByRole('region', { name: 'CINC', exact: true });
export const wiseAgentPanel = (popup: Page): Locator => popup.getByRole('region', { name: 'Wise Agent' });

export async function connectCinc(popup: Page, secret: string = CINC_SEED_CLIENT.client_secret) {
  const panel = cincPanel(popup);
  await panel.getByLabel('Client ID').fill(CINC_SEED_CLIENT.client_id);
  await panel.getByLabel('Client secret').fill(secret);
  await panel.getByRole('button', { name: 'Connect CINC' }).click();
}

/** Mojo first, then CINC, as a person would; both show connected. */
export async function connectMojoAndCinc(popup: Page) {
  await connectMojoFirst(popup);
  await connectCinc(popup);
  await expect(popup.getByText(`Connected to ${CINC_SITE.name}`)).toBeVisible();
}

/** The Client secret is optional for Wise Agent: filled only when the client was given one. */
export async function connectWiseAgent(
  popup: Page,
  client: { id: string; secret?: string } = { id: WISEAGENT_CLIENT_ID },
) {
  const panel = wiseAgentPanel(popup);
  await panel.getByLabel('Client ID').fill(client.id);
  if (client.secret !== undefined) await panel.getByLabel('Client secret').fill(client.secret);
  await panel.getByRole('button', { name: 'Connect Wise Agent' }).click();
}

/** Mojo first, then Wise Agent, as a person would; waits until both say they are connected. */
export async function connectMojoAndWiseAgent(popup: Page) {
  await connectMojoFirst(popup);
  await connectWiseAgent(popup);
  await expect(wiseAgentPanel(popup).getByText('Connected to Pat Smith (agent@example.com)')).toBeVisible();
}

interface AddOptions {
  /** What the dialog says it is adding, after "Adding: " ("this record", "3 selected records"). */
  adding?: string;
  /** Runs once the group is chosen, just before Send: faults meant for the send, not the dialog. */
  beforeSend?: () => void;
}

/** Add to Mojo from the page that is open, into an existing group; returns the dialog once sent. */
export async function addToGroup(page: Page, group: string, options: AddOptions = {}): Promise<Locator> {
  const dialog = await openAdding(page, options.adding);
  await chooseGroup(dialog, group);
  options.beforeSend?.();
  await sendToMojo(dialog);
  return dialog;
}

/** Add to Mojo from the page that is open, into a group the dialog creates; returns the dialog once sent. */
export async function addToNewGroup(page: Page, group: string, options: AddOptions = {}): Promise<Locator> {
  const dialog = await openAdding(page, options.adding);
  await dialog.getByRole('combobox', { name: 'Group' }).selectOption({ label: 'Create new group' });
  await dialog.getByLabel('New group name').fill(group);
  options.beforeSend?.();
  await sendToMojo(dialog);
  return dialog;
}

async function openAdding(page: Page, adding: string | undefined): Promise<Locator> {
  const dialog = await openDialog(page);
  if (adding !== undefined) await expect(dialog.getByText(`Adding: ${adding}`)).toBeVisible();
  return dialog;
}

/**
 * Add what a CRM page shows (the rows named in `select`, or else its one record) to Spring buyers,
 * as a person does, so the records are linked for the two-way specs; waits for the summary and
 * closes the page.
 */
export async function linkInMojo(context: BrowserContext, url: string, select: readonly string[] = []) {
  const page = await openPage(context, url);
  await selectRows(page, select);
  const dialog = await addToGroup(page, 'Spring buyers');
  await expect(dialog.getByRole('status')).toContainText(`${select.length || 1} added`);
  await page.close();
}

/** Link these Zoho contacts, ticked by name on the All Contacts list. */
export const linkZohoContacts = (context: BrowserContext, names: readonly string[]) =>
  linkInMojo(context, ZOHO_CONTACTS, names);

/** The Mojo contact an activity is about, as Mojo's feed names it. */
interface ActivityContact {
  id: number;
  api_contact_id: string;
}

/** A call result from Mojo's dialer, made by Pat Smith; `id` is the activity's, when it has one. */
export function callResult(
  contact: ActivityContact | undefined,
  call: { id?: string; at?: string; result: string; phone?: string; duration_s: number; notes: string },
): Record<string, unknown> {
  const { id, at, phone = '5125550101', ...rest } = call;
  return {
    ...(id === undefined ? {} : { id }),
    type: 'call_result',
    ...(at === undefined ? {} : { at }),
    contact: { id: contact?.id, api_contact_id: contact?.api_contact_id },
    call: { ...rest, phone, agent: 'Pat Smith' },
  };
}

/** One call result for each activity id, spread over the linked contacts in turn; `duration_s` is its index. */
export function callResultsOver(
  ids: readonly string[],
  contacts: readonly (ActivityContact | undefined)[],
  call: (i: number) => { result: string; notes: string },
): Record<string, unknown>[] {
  return ids.map((id, i) => callResult(contacts[i % contacts.length], { id, ...call(i), duration_s: i }));
}

/** Mojo delivers an activity, then Sync now. */
export async function deliverAndSync(popup: Page, sandbox: Sandbox, activity: Record<string, unknown>) {
  await postActivity(sandbox, activity);
  await syncNow(popup);
}

/**
 * Mojo delivers the same activity twice (its feed is at-least-once) and Sync now runs twice: waits
 * until `written()` (what the CRM holds for it) is 1, then gives a late second copy time to land.
 */
export async function deliverTwiceAndSync(
  popup: Page,
  sandbox: Sandbox,
  activity: Record<string, unknown>,
  written: () => number,
) {
  await postActivity(sandbox, activity);
  await postActivity(sandbox, activity);
  await syncNow(popup);
  await expect.poll(written).toBe(1);
  await syncNow(popup);
  await popup.waitForTimeout(500);
}
