/**
 * A content script speaks only for the CRM whose page it runs on. From the content-script world of a
 * CINC page (as a compromised or confused overlay would), Add to Mojo's messages naming Zoho — a
 * preview of a Zoho view, its count, a send of Zoho records — are refused and reach neither Zoho nor
 * Mojo; the same messages naming CINC are answered.
 */
import { connectBoth, expect, openPage, test } from '../fixtures';
import { cincLeadPage, connectCinc } from '../flows';
import { CINC_SEED_LEADS, SEED_CONTACT_IDS } from '../sandbox';
import { inContentScript, type Reply, sendAllSource } from './extension-world';

const zohoRef = { crm: 'zoho', module: 'Contacts', id: SEED_CONTACT_IDS.janeDoe };
const zohoView = { kind: 'view', crm: 'zoho', module: 'Contacts' };
const cincRef = { crm: 'cinc', module: 'leads', id: CINC_SEED_LEADS.janeDoe };
const REFUSED = { ok: false, error: { code: 'invalid_request' } };

test('a CINC page cannot preview, count or send Zoho records; its own CINC requests are answered', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await connectCinc(popup);
  const page = await openPage(context, cincLeadPage(CINC_SEED_LEADS.janeDoe));
  const world = await inContentScript(context, page);
  const zohoBefore = sandbox.requests.all().filter((r) => r.host === 'www.zohoapis.com').length;

  const foreign = [
    { type: 'previewAddToMojo', data: { crm: 'zoho', target: zohoView } },
    { type: 'countTarget', data: { target: zohoView } },
    { type: 'startAddToMojo', data: { crm: 'zoho', target: zohoView, group: { kind: 'existing', id: 41 } } },
    // Dressed up as CINC's own request, with a Zoho record inside.
    {
      type: 'startAddToMojo',
      data: {
        crm: 'cinc',
        target: { kind: 'records', refs: [cincRef, zohoRef] },
        group: { kind: 'existing', id: 41 },
      },
    },
    { type: 'previewAddToMojo', data: { crm: 'cinc', target: { ...zohoView } } },
  ];
  const replies = JSON.parse(String(await world(sendAllSource(foreign)))) as Reply[];
  expect(replies).toHaveLength(foreign.length);
  for (const reply of replies) expect(reply.reply?.res, reply.type).toMatchObject(REFUSED);

  const own = [
    { type: 'countTarget', data: { target: { kind: 'records', refs: [cincRef] } } },
    { type: 'previewAddToMojo', data: { crm: 'cinc', target: { kind: 'records', refs: [cincRef] } } },
  ];
  const answered = JSON.parse(String(await world(sendAllSource(own)))) as Reply[];
  expect(answered.map((r) => r.reply?.res)).toEqual([
    { ok: true, value: { count: 1 } },
    expect.objectContaining({ ok: true }),
  ]);

  // Nothing was read from Zoho and nothing reached Mojo on the refused requests' behalf.
  expect(sandbox.requests.all().filter((r) => r.host === 'www.zohoapis.com').length).toBe(zohoBefore);
  expect(sandbox.state.mojo.contacts.size).toBe(0);
});
