/**
 * Mojo → CINC against the emulator: the connector's Send to CINC (create, update, identification,
 * policies, owner, lead source), Mojo edits, notes and events exactly once; and the emulator's
 * write semantics those rest on (a partial update; an unknown id is a 404).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exchangeCode, refreshSession } from '../../lib/connectors/cinc/auth';
import { cincConnector } from '../../lib/connectors/cinc/index';
import { ApiError } from '../../lib/connectors/http';
import type { ContactDraft, CrmConnector, SendOptions, TokenSource } from '../../lib/connectors/types';
import type { CrmRef } from '../../lib/core/models';
import { CrmRules, ObjectRules } from '../../lib/core/rules/model';
import { cincNotesOf, findCincLead, setCincShapes } from './cinc';
import { CINC_SEED_CLIENT, CINC_SEED_LEADS, type Sandbox, startSandbox } from './index';

let sb: Sandbox;
/** The admin API is a real port: it is called with the real fetch, not the stubbed one. */
const realFetch = globalThis.fetch;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => {
  sb.reset();
  // The connector builds its HTTP client on the global fetch: hand it the sandbox.
  vi.stubGlobal('fetch', sb.fetch);
});
afterEach(() => vi.unstubAllGlobals());

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

async function connector(): Promise<
  Required<Pick<CrmConnector, 'sendContact' | 'updateContact' | 'addNote' | 'addEvent'>> & CrmConnector
> {
  const q = new URLSearchParams({
    client_id: CINC_SEED_CLIENT.client_id,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'api:read api:create api:update api:event',
    state: 's',
  });
  const res = await sb.fetch(`https://authv2.cincapi.com/integrator/authorize?${q}`);
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const settings = { clientId: CINC_SEED_CLIENT.client_id, clientSecret: CINC_SEED_CLIENT.client_secret };
  let session = await exchangeCode({ ...settings, redirectUri: REDIRECT, code }, { fetch: sb.fetch });
  const tokens: TokenSource = {
    current: async () => session,
    refreshAfter: async () => {
      session = await refreshSession({ ...settings, session }, { fetch: sb.fetch });
      return session;
    },
  };
  const c = cincConnector(tokens);
  const { sendContact, updateContact, addNote, addEvent } = c;
  if (!sendContact || !updateContact || !addNote || !addEvent) throw new Error('the way back is missing');
  return { ...c, sendContact, updateContact, addNote, addEvent };
}

const DANA: ContactDraft = {
  firstName: 'Dana',
  lastName: 'Reyes',
  fullName: 'Dana Reyes',
  address: '400 Oak Ave',
  city: 'Austin',
  state: 'TX',
  zip: '78702',
  country: '',
  phones: [{ kind: 'mobile', raw: '5125550177' }],
  emails: ['dana@example.com'],
  notes: [],
  misc: {},
};

function options(
  over: {
    link?: CrmRef | null;
    object?: Partial<ObjectRules>;
    crm?: Partial<CrmRules>;
    agentEmail?: string | null;
  } = {},
): SendOptions {
  return {
    link: over.link ?? null,
    recordType: 'lead',
    object: { ...ObjectRules.parse({}), ...over.object },
    crm: { ...CrmRules.parse({}), ...over.crm },
    agentEmail: over.agentEmail === undefined ? 'agent@example.com' : over.agentEmail,
  };
}

const isLeadListRead = (r: { method: string; path: string }) =>
  r.method === 'GET' && r.path === '/v2/site/leads';

const leadRef = (id: string): CrmRef => ({ crm: 'cinc', module: 'lead', id });

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('Send to CINC', () => {
  it('creates a lead with the agent as primary agent and the lead source, then updates it through the link', async () => {
    const c = await connector();
    const created = await c.sendContact(
      DANA,
      options({ crm: { leadSource: { value: 'Mojo Dialer', createMissing: true } } }),
    );
    expect(created).toMatchObject({ action: 'created', name: 'Dana Reyes' });
    expect(created.url).toBe(`https://smithteam.cincpro.com/admin/leads/${created.ref.id}`);
    const lead = findCincLead(sb.state, created.ref.id);
    expect(lead?.info.contact).toMatchObject({
      first_name: 'Dana',
      last_name: 'Reyes',
      email: 'dana@example.com',
      phone_numbers: { cell_phone: '5125550177' },
      mailing_address: { street: '400 Oak Ave', city: 'Austin', state: 'TX', zip: '78702' },
    });
    expect(lead?.info.source).toBe('Mojo Dialer');
    // agent@example.com is Pat Smith, A-1 in the seed.
    expect(lead?.assigned_agents.primary_agent).toEqual({ id: 'A-1' });
    expect(created.notes.join(' ')).toContain('agent@example.com');
    expect(sb.state.cinc.writeCalls.at(-1)).toMatchObject({ status: 201, matched_by: null });

    const writes = sb.state.cinc.writeCalls.length;
    const requests = sb.requests.all().length;
    const again = await c.sendContact({ ...DANA, city: 'Round Rock' }, options({ link: created.ref }));
    expect(again).toMatchObject({ action: 'updated', ref: created.ref });
    expect(findCincLead(sb.state, created.ref.id)?.info.contact.mailing_address.city).toBe('Round Rock');
    expect(sb.state.cinc.writeCalls).toHaveLength(writes + 1);
    expect(sb.state.cinc.writeCalls.at(-1)).toMatchObject({
      status: 200,
      matched_by: 'id',
      fields: ['info.contact.mailing_address.city'],
    });
    // Linked: no scan of the lead list (one read, one write, the site for the link).
    expect(sb.requests.all().slice(requests).filter(isLeadListRead)).toEqual([]);
  });

  it('matches the source case-insensitively to one in use, and leaves one out when creating is off', async () => {
    const c = await connector();
    const matched = await c.sendContact(
      DANA,
      options({ crm: { leadSource: { value: ' zillow ', createMissing: false } } }),
    );
    expect(findCincLead(sb.state, matched.ref.id)?.info.source).toBe('Zillow');
    const other = { ...DANA, emails: ['other@example.com'], phones: [] };
    const left = await c.sendContact(
      other,
      options({ crm: { leadSource: { value: 'Mojo', createMissing: false } } }),
    );
    expect(findCincLead(sb.state, left.ref.id)?.info.source).toBeNull();
    expect(left.notes.join(' ')).toContain('Lead source "Mojo"');
  });

  it('an unlinked contact with a lead’s email updates that lead, under the update policy', async () => {
    const c = await connector();
    const jane: ContactDraft = {
      ...DANA,
      firstName: 'Janet',
      lastName: 'Doe',
      city: 'Round Rock',
      zip: '',
      phones: [{ kind: 'home', raw: '512-555-0190' }],
      emails: ['JANE@example.com'],
    };
    const sent = await c.sendContact(jane, options({ object: { policy: 'add_only' } }));
    expect(sent).toMatchObject({ action: 'updated', ref: leadRef(CINC_SEED_LEADS.janeDoe) });
    const lead = findCincLead(sb.state, CINC_SEED_LEADS.janeDoe);
    // Add-only: the name and city stay; the empty home phone is filled; the zip is not erased.
    expect(lead?.info.contact).toMatchObject({
      first_name: 'Jane',
      phone_numbers: { cell_phone: '(512) 555-0101', home_phone: '512-555-0190' },
      mailing_address: { city: 'Austin', zip: '78701' },
    });
    const written = await c.sendContact(jane, options({ object: { policy: 'overwrite' } }));
    expect(written.action).toBe('updated');
    expect(findCincLead(sb.state, CINC_SEED_LEADS.janeDoe)?.info.contact).toMatchObject({
      first_name: 'Janet',
      mailing_address: { city: 'Round Rock', zip: '78701' },
    });
  });

  it('do-not-update finds the lead, writes nothing and says it is unchanged', async () => {
    const c = await connector();
    const writes = sb.state.cinc.writeCalls.length;
    const sent = await c.sendContact(
      { ...DANA, emails: ['jane@example.com'], city: 'Elsewhere' },
      options({ object: { policy: 'do_not_update' } }),
    );
    expect(sent.action).toBe('unchanged');
    expect(sb.state.cinc.writeCalls).toHaveLength(writes);
  });

  it('two leads with the phone is needs review, never a guess', async () => {
    const c = await connector();
    await realFetch(`${sb.adminUrl}/cinc/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        leads: [
          {
            id: 'L-9001',
            info: { contact: { last_name: 'One', phone_numbers: { cell_phone: '512-555-0150' } } },
          },
          {
            id: 'L-9002',
            info: { contact: { last_name: 'Two', phone_numbers: { home_phone: '5125550150' } } },
          },
        ],
      }),
    });
    const writes = sb.state.cinc.writeCalls.length;
    const error = await refusal(
      c.sendContact(
        { ...DANA, emails: ['new@example.com'], phones: [{ kind: 'mobile', raw: '(512) 555-0150' }] },
        options({ object: { identify: ['phone', 'email'] } }),
      ),
    );
    expect(error.kind).toBe('permanent');
    expect(error.userMessage).toMatch(/^Needs review: 2 CINC leads have this phone/);
    expect(sb.state.cinc.writeCalls).toHaveLength(writes);
  });

  it('reads the lead list once per 50 leads to identify', async () => {
    // An answer naming the new lead's id: no second pass to find it again (see the bodiless 201 below).
    setCincShapes(sb.state, { upsertAnswer: 'id' });
    const c = await connector();
    await realFetch(`${sb.adminUrl}/cinc/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 120 }),
    });
    const before = sb.requests.all().length;
    await c.sendContact(DANA, options());
    const pages = sb.requests.all().slice(before).filter(isLeadListRead);
    // 132 leads: three pages with leads and the empty one that ends the list.
    expect(pages).toHaveLength(4);
  });

  it('a bodiless 201 costs one more pass over the list, stopping where the new lead is', async () => {
    setCincShapes(sb.state, { upsertAnswer: 'none' });
    const c = await connector();
    await realFetch(`${sb.adminUrl}/cinc/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 120 }),
    });
    const before = sb.requests.all().length;
    const sent = await c.sendContact(DANA, options());
    expect(sent.ref.id).toBe(sb.state.cinc.leads.at(-1)?.id);
    const pages = sb.requests.all().slice(before).filter(isLeadListRead);
    // Four to identify; then the new lead (the 133rd) is on the third page.
    expect(pages).toHaveLength(7);
  });

  it.each(['none', 'empty', 'id', 'lead', 'bare'] as const)(
    'a new lead is created once and linked whatever the upsert answers (%s)',
    async (shape) => {
      setCincShapes(sb.state, { upsertAnswer: shape });
      const c = await connector();
      const writes = sb.state.cinc.writeCalls.length;
      const sent = await c.sendContact(DANA, options());
      expect(sent.action).toBe('created');
      expect(findCincLead(sb.state, sent.ref.id)?.info.contact.email).toBe('dana@example.com');
      expect(sb.state.cinc.writeCalls.slice(writes).map((w) => w.status)).toEqual([201]);
    },
  );

  it("Phone only found nothing, but a lead has the email: needs review, never CINC's merge by email", async () => {
    const c = await connector();
    const writes = sb.state.cinc.writeCalls.length;
    const error = await refusal(
      c.sendContact(
        { ...DANA, emails: ['jane@example.com'], phones: [{ kind: 'mobile', raw: '512-555-0999' }] },
        options({ object: { identify: ['phone'] } }),
      ),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'needs_review' });
    expect(error.userMessage).toContain('Dana Reyes');
    expect(error.userMessage).toContain(CINC_SEED_LEADS.janeDoe);
    expect(sb.state.cinc.writeCalls).toHaveLength(writes);
    // With Email in the rule the same contact is Jane's lead, updated by its id.
    const sent = await c.sendContact(
      { ...DANA, emails: ['jane@example.com'], phones: [{ kind: 'mobile', raw: '512-555-0999' }] },
      options({ object: { identify: ['phone', 'email'], policy: 'add_only' } }),
    );
    expect(sent).toMatchObject({ action: 'updated', ref: leadRef(CINC_SEED_LEADS.janeDoe) });
    expect(sb.state.cinc.writeCalls.at(-1)?.matched_by).toBe('id');
  });

  it('a lead matched by phone keeps its email: another one is never sent (CINC refuses the change)', async () => {
    const c = await connector();
    const sent = await c.sendContact(
      { ...DANA, emails: ['jane.other@example.com'], phones: [{ kind: 'mobile', raw: '(512) 555-0101' }] },
      options({ object: { identify: ['phone'] } }),
    );
    expect(sent).toMatchObject({ action: 'updated', ref: leadRef(CINC_SEED_LEADS.janeDoe) });
    expect(sent.notes.join(' ')).toContain('jane.other@example.com');
    expect(findCincLead(sb.state, CINC_SEED_LEADS.janeDoe)?.info.contact.email).toBe('jane@example.com');
    await c.updateContact(
      leadRef(CINC_SEED_LEADS.janeDoe),
      { set: {}, addPhones: [], addEmails: ['jane.other@example.com'] },
      'overwrite',
    );
    expect(findCincLead(sb.state, CINC_SEED_LEADS.janeDoe)?.info.contact.email).toBe('jane@example.com');
  });

  it('no email: CINC cannot create the lead, and says so', async () => {
    const c = await connector();
    const error = await refusal(c.sendContact({ ...DANA, emails: [] }, options()));
    expect(error.userMessage).toContain('CINC needs an email to create a lead');
    const none = await refusal(c.sendContact({ ...DANA, emails: [], phones: [] }, options()));
    expect(none.code).toBe('no_key');
  });

  it('no CINC agent with the Mojo agent’s email: unassigned, and said so', async () => {
    const c = await connector();
    const sent = await c.sendContact(DANA, options({ agentEmail: 'nobody@example.com' }));
    expect(findCincLead(sb.state, sent.ref.id)?.assigned_agents.primary_agent).toBeNull();
    expect(sent.notes.join(' ')).toContain('no owner is set');
    const ruled = await c.sendContact(
      { ...DANA, emails: ['x@example.com'] },
      options({ crm: { owner: 'none' } }),
    );
    expect(findCincLead(sb.state, ruled.ref.id)?.assigned_agents.primary_agent).toBeNull();
  });

  it('a linked lead deleted in CINC: found again by email or created', async () => {
    const c = await connector();
    const sent = await c.sendContact(DANA, options({ link: leadRef('L-404') }));
    expect(sent.action).toBe('created');
    expect(sent.notes[0]).toContain('deleted');
  });
});

describe('Mojo edits, notes and events', () => {
  const JANE = leadRef(CINC_SEED_LEADS.janeDoe);

  it('an edit writes only what is new; a blank never erases; a removal never deletes', async () => {
    const c = await connector();
    const writes = sb.state.cinc.writeCalls.length;
    await c.updateContact(
      JANE,
      { set: { city: 'Austin', zip: '' }, addPhones: [], addEmails: [] },
      'overwrite',
    );
    expect(sb.state.cinc.writeCalls).toHaveLength(writes);
    await c.updateContact(
      JANE,
      {
        set: { city: 'Round Rock' },
        addPhones: [{ kind: 'home', raw: '5125550199' }],
        addEmails: ['second@example.com'],
      },
      'overwrite',
    );
    expect(sb.state.cinc.writeCalls.at(-1)?.fields.sort()).toEqual([
      'info.contact.mailing_address.city',
      'info.contact.phone_numbers.home_phone',
    ]);
    expect(findCincLead(sb.state, JANE.id)?.info.contact).toMatchObject({
      email: 'jane@example.com',
      phone_numbers: { cell_phone: '(512) 555-0101', home_phone: '5125550199' },
      mailing_address: { street: '12 Main St', city: 'Round Rock', zip: '78701' },
    });
  });

  it('an edit for a lead deleted in CINC is a permanent failure', async () => {
    const c = await connector();
    const error = await refusal(
      c.updateContact(leadRef('L-404'), { set: { city: 'X' }, addPhones: [], addEmails: [] }, 'overwrite'),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'not_found' });
  });

  it.each(['metadata', 'full'] as const)(
    'a note lands once, even when the step runs again (notes listed: %s)',
    async (notesList) => {
      setCincShapes(sb.state, { notesList });
      const c = await connector();
      const before = cincNotesOf(sb.state, JANE.id).length;
      const note = { key: 'act-1', title: 'Mojo call: Contact', body: 'Call result: Contact', repeat: false };
      await c.addNote(JANE, note);
      await c.addNote(JANE, { ...note, repeat: true });
      await c.addNote(JANE, { ...note, key: 'act-10', repeat: true });
      const notes = cincNotesOf(sb.state, JANE.id).slice(before);
      expect(notes.map((n) => n.content)).toEqual([
        'Mojo call: Contact\nCall result: Contact\n\nMojo activity act-1',
        'Mojo call: Contact\nCall result: Contact\n\nMojo activity act-10',
      ]);
      expect(notes[0]).toMatchObject({ category: 'general', is_pinned: false });
      // The note rode on the lead upsert and changed no field.
      expect(sb.state.cinc.writeCalls.at(-1)).toMatchObject({ matched_by: 'id', fields: [], notes_added: 1 });
    },
  );

  it('a note for a deleted lead fails permanently and makes no lead', async () => {
    const c = await connector();
    const leads = sb.state.cinc.leads.length;
    for (const repeat of [false, true]) {
      const error = await refusal(c.addNote(leadRef('L-404'), { key: 'a', title: 't', body: 'b', repeat }));
      expect(error).toMatchObject({ kind: 'permanent', code: 'not_found' });
    }
    expect(sb.state.cinc.leads).toHaveLength(leads);
  });

  it('an event becomes a note naming what is due, once', async () => {
    const c = await connector();
    const before = cincNotesOf(sb.state, JANE.id).length;
    const event = {
      key: 'act-ev',
      subject: 'Follow-up call: Call back',
      due: '2026-11-24T16:00:00Z',
      kindLabel: 'Follow-up call',
      repeat: false,
    };
    await c.addEvent(JANE, event);
    await c.addEvent(JANE, { ...event, repeat: true });
    expect(
      cincNotesOf(sb.state, JANE.id)
        .slice(before)
        .map((n) => n.content),
    ).toEqual(['Follow-up call: Call back — due Nov 24, 2026, 4:00 PM UTC\n\nMojo activity act-ev']);
  });
});

describe('the emulator’s lead upsert', () => {
  it('leaves out keys alone, writes sent keys as sent, and 404s an unknown id', async () => {
    const c = await connector();
    // A connector call gives us a live token; reuse it for raw calls.
    await c.account();
    const token = [...sb.state.cinc.accessTokens.keys()].at(-1) ?? '';
    const post = (body: unknown) =>
      sb.fetch('https://public.cincapi.com/v2/site/leads', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const id = CINC_SEED_LEADS.janeDoe;
    expect((await post({ id, info: { contact: { mailing_address: { zip: '' } } } })).status).toBe(200);
    const jane = findCincLead(sb.state, id);
    expect(jane?.info.contact.mailing_address).toMatchObject({ city: 'Austin', zip: '' });
    expect(jane?.info.contact.first_name).toBe('Jane');
    const unknown = await post({
      id: 'L-404',
      notes: [{ content: 'x', category: 'general', is_pinned: false }],
    });
    expect(unknown.status).toBe(404);
    expect(findCincLead(sb.state, 'L-404')).toBeUndefined();
    const admin = await realFetch(`${sb.adminUrl}/cinc/leads/${id}`);
    expect(await admin.json()).toMatchObject({ id, notes: [{ id: 'N-5001' }, { id: 'N-5002' }] });
  });
});
