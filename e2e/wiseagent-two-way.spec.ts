/**
 * Mojo → Wise Agent, end to end, production build against the sandbox: call results become one
 * note each (even delivered twice), edits go back with no echo and never erase, events land on the
 * call list in Arizona time, and Send to Wise Agent on Mojo's contact form creates, then updates.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, MOJO_WEB, test } from './fixtures';
import {
  callResult,
  connectMojoAndWiseAgent,
  deliverAndSync,
  deliverTwiceAndSync,
  linkInMojo,
  wiseAgentContactPage,
} from './flows';
import { findMojoContact, findWiseAgentContact, type Sandbox, WISEAGENT_IDS } from './sandbox';
import { addMojoContact, type NewMojoContact } from './sandbox/mojo-web';

const JANE = WISEAGENT_IDS.janeCooper;
/** Emily Tran in the seed (ClientID 4100007, mobile 512-555-0177). */
const EMILY_TRAN = 4100007;
const contactUrl = (id: number | string) => wiseAgentContactPage(id, 'https://thewiseagent.com');

/** Add a Wise Agent contact to Mojo from its page, so it is linked; returns the Mojo contact. */
async function addToMojo(context: BrowserContext, sandbox: Sandbox, clientId: number) {
  await linkInMojo(context, wiseAgentContactPage(clientId));
  const contact = findMojoContact(sandbox.state, `wiseagent:contact:${clientId}`);
  if (!contact) throw new Error(`not in Mojo: ${clientId}`);
  return contact;
}

const notesOn = (sandbox: Sandbox, id: number) =>
  sandbox.state.wiseagent.notes.filter((n) => n.ClientID === id);
const writes = (sandbox: Sandbox, requestType: string) =>
  sandbox.requests
    .all()
    .filter((r) => r.host === 'sync.thewiseagent.com' && r.query.includes(`requestType=${requestType}`));

test('a call result becomes exactly one Wise Agent note, even when Mojo delivers it twice', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const mojo = await addToMojo(context, sandbox, JANE);
  const call = callResult(mojo, {
    id: 'act-wa-call-1',
    at: '2026-11-21T15:04:05Z',
    result: 'Contact',
    phone: '5125550131',
    duration_s: 95,
    notes: 'Wants a CMA',
  });
  await deliverTwiceAndSync(popup, sandbox, call, () => notesOn(sandbox, JANE).length);
  const notes = notesOn(sandbox, JANE);
  expect(notes).toHaveLength(1);
  expect(notes[0]?.Subject).toBe('Mojo call: Contact');
  const lines = notes[0]?.Note.split('\n') ?? [];
  expect(lines).toEqual(
    expect.arrayContaining([
      'Call result: Contact',
      'Number dialled: (512) 555-0131',
      'Duration: 1 min 35 s',
      'Agent: Pat Smith',
      'Notes: Wants a CMA',
    ]),
  );
  expect(lines.at(-1)).toBe('Mojo activity act-wa-call-1');
  await expect(popup.getByText('Mojo call: Contact → Wise Agent: Jane Cooper')).toBeVisible();
});

test('an edit in Mojo updates Wise Agent; our own write does not echo back; a blank never erases', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const mojo = await addToMojo(context, sandbox, JANE);
  const contact = { id: mojo.id, api_contact_id: mojo.api_contact_id };
  // The echo of our own Add to Mojo (a value we wrote) and a blanked field: nothing to write.
  await deliverAndSync(popup, sandbox, {
    type: 'contact_updated',
    contact,
    changes: { city: { old: '', new: 'Austin' }, zip: { old: '78704', new: '' } },
  });
  await popup.waitForTimeout(1_000);
  expect(writes(sandbox, 'updateContact')).toHaveLength(0);
  expect(findWiseAgentContact(sandbox.state.wiseagent, JANE)?.zip).toBe('78704');

  await deliverAndSync(popup, sandbox, {
    type: 'contact_updated',
    contact,
    changes: {
      city: { old: 'Austin', new: 'Round Rock' },
      zip: { old: '78704', new: '' },
      mediainfo_set: {
        added: [{ type: 3, value: '5125550199' }],
        removed: [{ type: 2, value: '5125550131' }],
      },
    },
  });
  await expect.poll(() => findWiseAgentContact(sandbox.state.wiseagent, JANE)?.City).toBe('Round Rock');
  expect(findWiseAgentContact(sandbox.state.wiseagent, JANE)).toMatchObject({
    HomePhone: '5125550199',
    MobilePhone: '(512) 555-0131', // a removal in Mojo never deletes in the CRM
    zip: '78704', // a blank never erases
    CFirst: 'Jane',
    CLast: 'Cooper',
    AddressNumber: '1200',
    AddressStreet: 'Barton Springs Rd',
    SuiteNo: '4',
  });
  expect(writes(sandbox, 'updateContact')).toHaveLength(1);
  await expect(popup.getByText('Mojo edit → Wise Agent: Jane Cooper')).toBeVisible();
});

test('a Mojo follow-up call lands on the Wise Agent call list, dated in Arizona time', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const mojo = await addToMojo(context, sandbox, JANE);
  await deliverAndSync(popup, sandbox, {
    type: 'event_created',
    contact: { id: mojo.id, api_contact_id: mojo.api_contact_id },
    event: {
      id: 7,
      kind: 'follow_up_call',
      title: 'Call back about the CMA',
      // 03:30 UTC on the 24th is 20:30 on the 23rd in Arizona (UTC−7, no daylight saving).
      start: '2026-11-24T03:30:00Z',
      end: null,
    },
  });
  await expect.poll(() => sandbox.state.wiseagent.calls.length).toBe(1);
  expect(sandbox.state.wiseagent.calls[0]).toMatchObject({
    ClientId: JANE,
    NextContactDate: '2026-11-23 20:30',
    CallType: 'Call',
    Reason: 'Follow-up call: Call back about the CMA',
    FlagImportant: false,
  });
  expect(notesOn(sandbox, JANE)).toHaveLength(0);
});

const DANA: NewMojoContact = {
  first_name: 'Dana',
  last_name: 'Reyes',
  address: '400 Oak Ave Apt 2',
  city: 'Austin',
  state: 'TX',
  zip: '78702',
  mediainfo_set: [
    { type: 2, value: '5125550178' },
    { type: 4, value: 'dana@example.com' },
  ],
};

async function openMojoContact(page: Page, id: number): Promise<void> {
  await page.goto(`${MOJO_WEB}/app/contacts/${id}`);
  await expect(page.getByText('Contact Information', { exact: true })).toBeVisible();
}

test('Send to Wise Agent on Mojo’s contact form creates a contact, then updates it', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const mojo = addMojoContact(sandbox.state, DANA);
  const page = await context.newPage();
  await openMojoContact(page, mojo.id);
  const before = sandbox.state.wiseagent.contacts.length;
  const send = page.getByRole('button', { name: 'Send to Wise Agent' });
  await send.click();
  const status = page.getByRole('status').filter({ hasText: 'in Wise Agent' });
  await expect(status).toHaveText(/^Created Dana Reyes in Wise Agent/);

  expect(sandbox.state.wiseagent.contacts).toHaveLength(before + 1);
  const dana = sandbox.state.wiseagent.contacts.find((c) => c.CLast === 'Reyes');
  expect(dana).toMatchObject({
    CFirst: 'Dana',
    CLast: 'Reyes',
    CEmail: 'dana@example.com',
    MobilePhone: '5125550178',
    AddressNumber: '400',
    AddressStreet: 'Oak Ave',
    SuiteNo: 'Apt 2',
    City: 'Austin',
    State: 'TX',
    zip: '78702',
    Source: 'Mojo',
    InsideTeamAssignment: [1],
  });
  await expect(page.getByRole('link', { name: 'Open in Wise Agent' })).toHaveAttribute(
    'href',
    contactUrl(dana?.ClientID ?? 0),
  );

  // The agent edits the contact in Mojo and sends it again: the same contact, updated.
  mojo.city = 'Round Rock';
  mojo.mediainfo_set.push({ type: 3, value: '5125550188' });
  await openMojoContact(page, mojo.id);
  await send.click();
  await expect(status).toHaveText(/^Updated Dana Reyes in Wise Agent/);
  expect(sandbox.state.wiseagent.contacts).toHaveLength(before + 1);
  expect(findWiseAgentContact(sandbox.state.wiseagent, dana?.ClientID ?? 0)).toMatchObject({
    City: 'Round Rock',
    HomePhone: '5125550188',
    MobilePhone: '5125550178',
    zip: '78702',
  });
  expect(writes(sandbox, 'webcontact')).toHaveLength(1);
});

test('Send to Wise Agent never merges into another person’s record: a phone only Emily Tran has is needs review', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  // Identification is by email (the default); Emily Tran (seed) has this mobile number. Wise
  // Agent's webcontact would match her by it and add Dana's email to her record.
  const mojo = addMojoContact(sandbox.state, {
    ...DANA,
    mediainfo_set: [
      { type: 2, value: '5125550177' },
      { type: 4, value: 'dana@example.com' },
    ],
  });
  const emily = structuredClone(findWiseAgentContact(sandbox.state.wiseagent, EMILY_TRAN));
  const page = await context.newPage();
  await openMojoContact(page, mojo.id);
  await page.getByRole('button', { name: 'Send to Wise Agent' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Dana Reyes needs review: Wise Agent already has a contact with this phone number (Emily Tran, ClientID 4100007)',
  );
  expect(writes(sandbox, 'webcontact')).toHaveLength(0);
  expect(findWiseAgentContact(sandbox.state.wiseagent, EMILY_TRAN)).toEqual(emily);
});

test('a contact that came from Wise Agent is sent back to the same contact', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndWiseAgent(popup);
  const mojo = await addToMojo(context, sandbox, JANE);
  // An agent edits the contact in Mojo (even its email), then sends it back: the link wins.
  mojo.city = 'Buda';
  mojo.mediainfo_set = mojo.mediainfo_set.map((m) =>
    m.type === 4 ? { ...m, value: 'jane@new.example.com' } : m,
  );
  const before = sandbox.state.wiseagent.contacts.length;
  const page = await context.newPage();
  await openMojoContact(page, mojo.id);
  await page.getByRole('button', { name: 'Send to Wise Agent' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in Wise Agent' })).toHaveText(
    /^Updated Jane Cooper in Wise Agent/,
  );
  await expect(page.getByRole('link', { name: 'Open in Wise Agent' })).toHaveAttribute(
    'href',
    contactUrl(JANE),
  );
  expect(sandbox.state.wiseagent.contacts).toHaveLength(before);
  expect(findWiseAgentContact(sandbox.state.wiseagent, JANE)).toMatchObject({
    City: 'Buda',
    CEmail: 'jane.cooper@example.com', // one email in Wise Agent: the one it had stays
  });
  expect(writes(sandbox, 'webcontact')).toHaveLength(0);
});
