/**
 * Mojo → CRM, end to end with Zoho CRM: call results become notes (exactly once), edits go back
 * with no echo, events become tasks, Sync now, Retry of a failed step, and a service worker
 * stopped in the middle of a drain.
 */
import { serviceWorker } from './browser';
import { connectBoth, expect, postActivity, syncNow, test } from './fixtures';
import { callResult, callResultsOver, deliverAndSync, deliverTwiceAndSync, linkZohoContacts } from './flows';
import { findMojoContact, findZohoRecord, type Sandbox, SEED_CONTACT_IDS } from './sandbox';

const JANE = SEED_CONTACT_IDS.janeDoe;

function mojoIdOf(sandbox: Sandbox, zohoId: string): number {
  const c = findMojoContact(sandbox.state, `zoho:Contacts:${zohoId}`);
  if (!c) throw new Error(`not in Mojo: ${zohoId}`);
  return c.id;
}

const notesOn = (sandbox: Sandbox, id: string) =>
  sandbox.state.zoho.notes.filter((n) => n.Parent_Id.id === id);

test('a call result becomes exactly one Zoho note, even when Mojo delivers it twice', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await linkZohoContacts(context, ['Jane Doe']);
  const contact = { id: mojoIdOf(sandbox, JANE), api_contact_id: `zoho:Contacts:${JANE}` };
  const call = callResult(contact, {
    id: 'act-call-1',
    at: '2026-11-21T15:04:05Z',
    result: 'Contact',
    phone: '5125550101',
    duration_s: 95,
    notes: 'Wants a CMA',
  });
  await deliverTwiceAndSync(popup, sandbox, call, () => notesOn(sandbox, JANE).length);
  const notes = notesOn(sandbox, JANE);
  expect(notes).toHaveLength(1);
  expect(notes[0]?.Note_Title).toBe('Mojo call: Contact');
  expect(notes[0]?.Note_Content).toContain('Call result: Contact');
  expect(notes[0]?.Note_Content).toContain('Number dialled: (512) 555-0101');
  expect(notes[0]?.Note_Content).toContain('Duration: 1 min 35 s');
  expect(notes[0]?.Note_Content).toContain('Agent: Pat Smith');
  expect(notes[0]?.Note_Content).toContain('Notes: Wants a CMA');
  await expect(popup.getByText('Mojo call: Contact → Zoho CRM: Jane Doe')).toBeVisible();
});

test('an edit in Mojo updates Zoho; our own write does not echo back; a blank never erases', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await linkZohoContacts(context, ['Jane Doe']);
  const contact = { id: mojoIdOf(sandbox, JANE), api_contact_id: `zoho:Contacts:${JANE}` };
  const writesBefore = sandbox.state.zoho.writeCalls.length;
  // The echo of our own Add to Mojo (values we wrote) and a blanked field: nothing to write.
  await deliverAndSync(popup, sandbox, {
    type: 'contact_updated',
    contact,
    changes: { city: { old: '', new: 'Austin' }, zip: { old: '78701', new: '' } },
  });
  await popup.waitForTimeout(1_000);
  expect(sandbox.state.zoho.writeCalls.length).toBe(writesBefore);

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
  await expect.poll(() => findZohoRecord(sandbox.state, 'Contacts', JANE)?.Mailing_City).toBe('Round Rock');
  const jane = findZohoRecord(sandbox.state, 'Contacts', JANE);
  expect(jane?.Home_Phone).toBe('5125550199');
  expect(jane?.Mobile).toBe('(512) 555-0101'); // a removal in Mojo never deletes in the CRM
  expect(jane?.Mailing_Zip).toBe('78701');
  const update = sandbox.state.zoho.writeCalls.at(-1);
  expect(update?.op).toBe('update');
  expect(update?.trigger).toEqual([]);
});

test('a Mojo event becomes a Zoho task on the contact', async ({ context, popup, sandbox }) => {
  await connectBoth(popup);
  await linkZohoContacts(context, ['Jane Doe']);
  const contact = { id: mojoIdOf(sandbox, JANE), api_contact_id: `zoho:Contacts:${JANE}` };
  await deliverAndSync(popup, sandbox, {
    type: 'event_created',
    contact,
    event: {
      id: 5,
      kind: 'follow_up_call',
      title: 'Call back about the CMA',
      start: '2026-11-24T16:00:00Z',
      end: null,
    },
  });
  await expect.poll(() => sandbox.state.zoho.tasks.length).toBe(1);
  const task = sandbox.state.zoho.tasks[0];
  expect(task?.Subject).toBe('Follow-up call: Call back about the CMA');
  expect(task?.Due_Date).toBe('2026-11-24');
  expect(task?.Who_Id).toMatchObject({ id: JANE });
});

test('a step Zoho refuses is listed as failed with its reason, and Retry sends it once fixed', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await linkZohoContacts(context, ['Jane Doe']);
  const contact = { id: mojoIdOf(sandbox, JANE), api_contact_id: `zoho:Contacts:${JANE}` };
  // Jane is deleted in Zoho: the note has nowhere to go, which no retry can fix by itself.
  const records = sandbox.state.zoho.records.Contacts;
  const index = records.findIndex((r) => r.id === JANE);
  const [removed] = records.splice(index, 1);
  await deliverAndSync(
    popup,
    sandbox,
    callResult(contact, { result: 'Voicemail', duration_s: 20, notes: '' }),
  );
  const failed = popup
    .getByRole('list', { name: 'Failed' })
    .getByRole('listitem')
    .filter({ hasText: 'Mojo call: Voicemail for Jane Doe (Zoho CRM)' });
  await expect(failed).toBeVisible({ timeout: 15_000 });
  if (removed) records.splice(index, 0, removed);
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => notesOn(sandbox, JANE).length).toBe(1);
  await expect(failed).toHaveCount(0);
});

test('the service worker stopped in the middle of a drain: every note still arrives exactly once', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await linkZohoContacts(context, ['Jane Doe', 'Marcus Whitfield', 'Emily Chen']);
  const linked = [...sandbox.state.mojo.contacts.values()];
  const ids = Array.from({ length: 30 }, (_, i) => `act-drain-${i}`);
  const calls = callResultsOver(ids, linked, (i) => ({ result: 'No Answer', notes: `call ${i}` }));
  await postActivity(sandbox, { activities: calls });
  sandbox.faults.add({ system: 'zoho-api', pathPrefix: '/crm/v7/Notes', latencyMs: 400 });
  await syncNow(popup);
  await expect.poll(() => sandbox.state.zoho.notes.length, { timeout: 10_000 }).toBeGreaterThan(3);

  // Stop the worker mid-drain, as Chrome does when it decides to.
  const cdp = await context.newCDPSession(popup);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const arrivedAtStop = sandbox.state.zoho.notes.length;
  expect(arrivedAtStop).toBeLessThan(30);

  // Anything wakes it again (here: the popup's next poll); it carries on from the outbox.
  await popup.reload();
  await serviceWorker(context);
  await expect.poll(() => sandbox.state.zoho.notes.length, { timeout: 30_000 }).toBe(30);
  await popup.waitForTimeout(1_000);
  const contents = sandbox.state.zoho.notes.map((n) => n.Note_Content);
  expect(new Set(contents).size).toBe(30);
});

test('the toolbar badge shows how many writes are waiting, and clears when they are done', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await linkZohoContacts(context, ['Jane Doe']);
  const contact = { id: mojoIdOf(sandbox, JANE), api_contact_id: `zoho:Contacts:${JANE}` };
  const ids = Array.from({ length: 6 }, (_, i) => `act-badge-${i}`);
  const calls = callResultsOver(ids, [contact], () => ({ result: 'No Answer', notes: '' }));
  await postActivity(sandbox, { activities: calls });
  sandbox.faults.add({ system: 'zoho-api', pathPrefix: '/crm/v7/Notes', latencyMs: 1_500 });
  // The badge is what a person sees on the toolbar; the popup page can read it like the toolbar does.
  type ActionApi = { action: { getBadgeText(details: object): Promise<string> } };
  const badge = () =>
    popup.evaluate(() => (globalThis as unknown as { chrome: ActionApi }).chrome.action.getBadgeText({}));
  await syncNow(popup);
  await expect.poll(badge, { timeout: 10_000 }).toMatch(/^[1-6]$/);
  await expect.poll(() => notesOn(sandbox, JANE).length, { timeout: 30_000 }).toBe(6);
  await expect.poll(badge, { timeout: 10_000 }).toBe('');
});
