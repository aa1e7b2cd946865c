/**
 * Mojo → CINC, end to end on the production build: a call result becomes exactly one lead note,
 * Mojo edits update the lead with no echo and no erasing, an event becomes a note (CINC's API has
 * no tasks), and Send to CINC on Mojo's contact form creates a lead, then updates it.
 */
import { admin, expect, MOJO_WEB, test } from './fixtures';
import {
  CINC_WEB,
  callResult,
  cincLeadPage,
  connectMojoAndCinc,
  deliverAndSync,
  deliverTwiceAndSync,
  linkInMojo,
} from './flows';
import { CINC_SEED_LEADS, findMojoContact, type Sandbox } from './sandbox';
import { cincNotesOf, findCincLead } from './sandbox/cinc';
import { addMojoContact } from './sandbox/mojo-web';

const JANE = CINC_SEED_LEADS.janeDoe;

function linkedContact(sandbox: Sandbox, leadId: string): { id: number; api_contact_id: string } {
  const api_contact_id = `cinc:lead:${leadId}`;
  const c = findMojoContact(sandbox.state, api_contact_id);
  if (!c) throw new Error(`not in Mojo: ${leadId}`);
  return { id: c.id, api_contact_id };
}

/** The notes Mojo Bridge wrote on a lead (the seed's own notes carry no marker). */
const mojoNotes = (sandbox: Sandbox, leadId: string) =>
  cincNotesOf(sandbox.state, leadId).filter((n) => n.content.includes('Mojo activity '));

test('a call result becomes exactly one CINC note, even when Mojo delivers it twice', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndCinc(popup);
  await linkInMojo(context, cincLeadPage(JANE));
  const call = callResult(linkedContact(sandbox, JANE), {
    id: 'act-cinc-call-1',
    at: '2026-11-21T15:04:05Z',
    result: 'Contact',
    phone: '5125550101',
    duration_s: 95,
    notes: 'Wants a CMA',
  });
  await deliverTwiceAndSync(popup, sandbox, call, () => mojoNotes(sandbox, JANE).length);
  const notes = mojoNotes(sandbox, JANE);
  expect(notes).toHaveLength(1);
  const content = notes[0]?.content ?? '';
  expect(content.split('\n')[0]).toBe('Mojo call: Contact');
  for (const line of [
    'Call result: Contact',
    'Number dialled: (512) 555-0101',
    'Duration: 1 min 35 s',
    'Agent: Pat Smith',
    'Notes: Wants a CMA',
    'Mojo activity act-cinc-call-1',
  ])
    expect(content).toContain(line);
  expect(notes[0]).toMatchObject({ category: 'general', is_pinned: false });
  // The note rode on the lead upsert by id, and no lead field was written with it.
  expect(sandbox.state.cinc.writeCalls.at(-1)).toMatchObject({
    id: JANE,
    matched_by: 'id',
    notes_added: 1,
    fields: [],
  });
  await expect(popup.getByText('Mojo call: Contact → CINC: Jane Doe')).toBeVisible();
});

test('an edit in Mojo updates the CINC lead; our own values do not echo back; a blank never erases', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectMojoAndCinc(popup);
  await linkInMojo(context, cincLeadPage(JANE));
  const contact = linkedContact(sandbox, JANE);
  const writesBefore = sandbox.state.cinc.writeCalls.length;
  // The echo of our own Add to Mojo (values we wrote) and a blanked field: nothing to write.
  await deliverAndSync(popup, sandbox, {
    type: 'contact_updated',
    contact,
    changes: { city: { old: '', new: 'Austin' }, zip: { old: '78701', new: '' } },
  });
  await popup.waitForTimeout(1_000);
  expect(sandbox.state.cinc.writeCalls.length).toBe(writesBefore);

  await deliverAndSync(popup, sandbox, {
    type: 'contact_updated',
    contact,
    changes: {
      city: { old: 'Austin', new: 'Round Rock' },
      mediainfo_set: {
        added: [{ type: 3, value: '5125550199' }],
        removed: [{ type: 2, value: '5125550101' }],
      },
    },
  });
  await expect
    .poll(() => findCincLead(sandbox.state, JANE)?.info.contact.mailing_address.city)
    .toBe('Round Rock');
  const jane = findCincLead(sandbox.state, JANE);
  expect(jane?.info.contact.phone_numbers).toEqual({
    cell_phone: '(512) 555-0101', // a removal in Mojo never deletes in the CRM
    home_phone: '5125550199',
  });
  expect(jane?.info.contact.mailing_address).toMatchObject({ street: '12 Main St', zip: '78701' });
  const update = sandbox.state.cinc.writeCalls.at(-1);
  expect(update).toMatchObject({ id: JANE, matched_by: 'id', notes_added: 0 });
  expect(update?.fields.sort()).toEqual([
    'info.contact.mailing_address.city',
    'info.contact.phone_numbers.home_phone',
  ]);

  // Mojo repeats what CINC now holds: the lead is read, and nothing is written.
  const writesAfter = sandbox.state.cinc.writeCalls.length;
  const requestsAfter = sandbox.requests.all().length;
  await deliverAndSync(popup, sandbox, {
    type: 'contact_updated',
    contact,
    changes: {
      city: { old: 'Austin', new: 'Round Rock' },
      mediainfo_set: { added: [{ type: 3, value: '(512) 555-0199' }], removed: [] },
    },
  });
  const leadReads = () =>
    sandbox.requests
      .all()
      .slice(requestsAfter)
      .filter((r) => r.method === 'GET' && r.path === `/v2/site/leads/${JANE}`).length;
  await expect.poll(leadReads).toBe(1);
  await popup.waitForTimeout(500);
  expect(sandbox.state.cinc.writeCalls.length).toBe(writesAfter);
});

test('a Mojo event becomes a CINC note saying what is due and when', async ({ context, popup, sandbox }) => {
  await connectMojoAndCinc(popup);
  await linkInMojo(context, cincLeadPage(JANE));
  await deliverAndSync(popup, sandbox, {
    id: 'act-cinc-event-1',
    type: 'event_created',
    contact: linkedContact(sandbox, JANE),
    event: {
      id: 5,
      kind: 'follow_up_call',
      title: 'Call back about the CMA',
      start: '2026-11-24T16:00:00Z',
      end: null,
    },
  });
  await expect.poll(() => mojoNotes(sandbox, JANE).length).toBe(1);
  expect(mojoNotes(sandbox, JANE)[0]?.content).toBe(
    'Follow-up call: Call back about the CMA — due Nov 24, 2026, 4:00 PM UTC\n\nMojo activity act-cinc-event-1',
  );
});

test('Send to CINC on Mojo’s contact form creates a lead, then updates it, though CINC answers with no body', async ({
  context,
  popup,
  sandbox,
}) => {
  // CINC documents the upsert's status only (201 created, 200 updated): the emulator answers
  // both with no body at all, so the new lead must be found again by its email, and never re-sent.
  await admin(sandbox, 'POST', '/cinc/shapes', { upsertAnswer: 'none' });
  await connectMojoAndCinc(popup);
  const contact = addMojoContact(sandbox.state, {
    first_name: 'Dana',
    last_name: 'Reyes',
    address: '400 Oak Ave',
    city: 'Austin',
    state: 'TX',
    zip: '78702',
    mediainfo_set: [
      { type: 2, value: '5125550177' },
      { type: 4, value: 'dana@example.com' },
    ],
  });
  const leadsBefore = sandbox.state.cinc.leads.length;
  const page = await context.newPage();
  await page.goto(`${MOJO_WEB}/app/contacts/${contact.id}`);
  await expect(page.getByText('Contact Information', { exact: true })).toBeVisible();
  const button = page.getByRole('button', { name: 'Send to CINC' });
  await expect(button).toBeVisible();
  await expect(page.getByRole('button', { name: /^Send to / })).toHaveCount(1);

  await button.click();
  const status = page.getByRole('status').filter({ hasText: 'in CINC' });
  await expect(status).toHaveText(/^Created Dana Reyes in CINC/);
  expect(sandbox.state.cinc.leads).toHaveLength(leadsBefore + 1);
  const lead = sandbox.state.cinc.leads.at(-1);
  expect(lead?.info.contact).toEqual({
    first_name: 'Dana',
    last_name: 'Reyes',
    email: 'dana@example.com',
    phone_numbers: { cell_phone: '5125550177' },
    mailing_address: { street: '400 Oak Ave', city: 'Austin', state: 'TX', zip: '78702' },
  });
  // The Mojo agent (agent@example.com) is Pat Smith, agent A-1 in CINC.
  expect(lead?.assigned_agents.primary_agent).toEqual({ id: 'A-1' });
  expect(sandbox.state.cinc.writeCalls.at(-1)).toMatchObject({ status: 201, matched_by: null });
  expect(sandbox.state.cinc.writeCalls).toHaveLength(1);
  await expect(page.getByRole('link', { name: 'Open in CINC' })).toHaveAttribute(
    'href',
    `${CINC_WEB}/admin/leads/${lead?.id}`,
  );

  // An agent edits the contact in Mojo, then sends it again: the linked lead is updated.
  contact.city = 'Round Rock';
  contact.mediainfo_set.push({ type: 3, value: '5125550188' });
  await button.click();
  await expect(status).toHaveText(/^Updated Dana Reyes in CINC/);
  expect(sandbox.state.cinc.leads).toHaveLength(leadsBefore + 1);
  expect(findCincLead(sandbox.state, lead?.id ?? '')?.info.contact).toMatchObject({
    phone_numbers: { cell_phone: '5125550177', home_phone: '5125550188' },
    mailing_address: { city: 'Round Rock', zip: '78702' },
  });
  expect(sandbox.state.cinc.writeCalls.at(-1)).toMatchObject({ status: 200, matched_by: 'id' });
  expect(sandbox.state.cinc.writeCalls).toHaveLength(2);
});
