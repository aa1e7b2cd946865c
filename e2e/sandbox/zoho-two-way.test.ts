/**
 * Mojo → Zoho against the emulator: Send to Zoho CRM obeys the user's identification keys on the
 * write path (never an upsert Zoho would match by its own key), Do not update writes nothing,
 * lead sources are written by their actual value, tasks hang off their record as Zoho says, and
 * Leads are read with Leads' own fields.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/connectors/http';
import type { ContactDraft, CrmConnector, SendOptions, TokenSource } from '../../lib/connectors/types';
import { zohoConnector } from '../../lib/connectors/zoho/index';
import type { CrmRef } from '../../lib/core/models';
import { CrmRules, ObjectRules } from '../../lib/core/rules/model';
import { findZohoRecord, type Sandbox, startSandbox } from './index';
import { zohoLogin } from './test-client';
import { putRecords } from './zoho-records';

let sb: Sandbox;

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

type TwoWay = Required<Pick<CrmConnector, 'sendContact' | 'addEvent' | 'readRecords'>> & CrmConnector;

async function connector(): Promise<TwoWay> {
  const login = await zohoLogin(sb);
  const tokens: TokenSource = {
    current: async () => ({ accessToken: login.access_token, apiBase: login.api_domain }),
    refreshAfter: async () => ({ accessToken: login.access_token, apiBase: login.api_domain }),
  };
  const c = zohoConnector(tokens);
  const { sendContact, addEvent } = c;
  if (!sendContact || !addEvent) throw new Error('the way back is missing');
  return { ...c, sendContact, addEvent };
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
    recordType?: string;
    object?: Partial<ObjectRules>;
    crm?: Partial<CrmRules>;
  } = {},
): SendOptions {
  return {
    link: over.link ?? null,
    recordType: over.recordType ?? 'Leads',
    object: { ...ObjectRules.parse({}), ...over.object },
    crm: { ...CrmRules.parse({}), owner: 'none', ...over.crm },
    agentEmail: 'agent@example.com',
  };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

const leads = () => sb.state.zoho.records.Leads;
const writes = () => sb.state.zoho.writeCalls;

describe('Send to Zoho CRM: the write path obeys the identification rules', () => {
  it('phone only: a record that merely shares the email is never touched; a new Lead is created', async () => {
    const [other] = putRecords(sb.state, 'Leads', [
      { First_Name: 'Someone', Last_Name: 'Else', Email: 'dana@example.com', Phone: '512-555-0999' },
    ]);
    const c = await connector();
    const sent = await c.sendContact(DANA, options({ object: { identify: ['phone'] } }));
    expect(sent.action).toBe('created');
    expect(sent.ref.id).not.toBe(other?.id);
    expect(findZohoRecord(sb.state, 'Leads', other?.id ?? '')).toMatchObject({
      First_Name: 'Someone',
      Last_Name: 'Else',
      Phone: '512-555-0999',
      Mobile: null,
    });
    expect(findZohoRecord(sb.state, 'Leads', sent.ref.id)).toMatchObject({
      Last_Name: 'Reyes',
      Email: 'dana@example.com',
      Mobile: '5125550177',
    });
    // Zoho was never asked to match by a key of its own.
    expect(writes().map((w) => w.op)).toEqual(['insert']);
    expect(writes()[0]?.trigger).toEqual([]);
  });

  it('a contact with no email is created (no upsert on Phone/Mobile, which Zoho refuses)', async () => {
    const c = await connector();
    const sent = await c.sendContact(
      { ...DANA, emails: [] },
      options({ object: { identify: ['email', 'phone'] } }),
    );
    expect(sent.action).toBe('created');
    expect(findZohoRecord(sb.state, 'Leads', sent.ref.id)).toMatchObject({
      Mobile: '5125550177',
      Email: null,
    });
    expect(writes().map((w) => w.op)).toEqual(['insert']);
  });

  it('a record found by the chosen key is updated by its id', async () => {
    const [mine] = putRecords(sb.state, 'Leads', [{ Last_Name: 'Reyes', Mobile: '(512) 555-0177' }]);
    const c = await connector();
    const sent = await c.sendContact(DANA, options({ object: { identify: ['phone'] } }));
    expect(sent).toMatchObject({ action: 'updated', ref: { id: mine?.id } });
    expect(findZohoRecord(sb.state, 'Leads', mine?.id ?? '')).toMatchObject({ Email: 'dana@example.com' });
    expect(writes().map((w) => w.op)).toEqual(['update']);
  });

  it('a Send repeated after a lost answer finds the record the first one made: no duplicate', async () => {
    const c = await connector();
    const before = leads().length;
    const first = await c.sendContact(DANA, options({ object: { identify: ['phone'] } }));
    const again = await c.sendContact(DANA, options({ object: { identify: ['phone'] } }));
    expect(again.ref.id).toBe(first.ref.id);
    expect(leads().length).toBe(before + 1);
  });

  it('Do not update: a matched record is reported unchanged and nothing is written', async () => {
    const [mine] = putRecords(sb.state, 'Leads', [{ Last_Name: 'Reyes', Email: 'dana@example.com' }]);
    const c = await connector();
    const sent = await c.sendContact(DANA, options({ object: { policy: 'do_not_update' } }));
    expect(sent).toMatchObject({ action: 'unchanged', ref: { id: mine?.id } });
    expect(writes()).toEqual([]);
    expect(findZohoRecord(sb.state, 'Leads', mine?.id ?? '')).toMatchObject({ Mobile: null, City: null });
  });

  it('External id alone is not a key Zoho can search: the user is told what to choose', async () => {
    const c = await connector();
    const error = await refusal(c.sendContact(DANA, options({ object: { identify: ['external_id'] } })));
    expect(error.code).toBe('no_identify_key');
    expect(error.userMessage).toMatch(/turn on Email or Phone/);
    expect(writes()).toEqual([]);
  });

  it('a user-defined unique field Zoho refuses to repeat is reported with the record holding it', async () => {
    sb.state.zoho.uniqueFields.Leads = ['Email'];
    const [holder] = putRecords(sb.state, 'Leads', [{ Last_Name: 'Else', Email: 'dana@example.com' }]);
    const c = await connector();
    const error = await refusal(c.sendContact(DANA, options({ object: { identify: ['phone'] } })));
    expect(error.code).toBe('DUPLICATE_DATA');
    expect(error.userMessage).toContain(
      `Dana Reyes was not created: Zoho CRM Leads ${holder?.id} already has this Email`,
    );
  });
});

describe('Send to Zoho CRM: lead source', () => {
  it("writes the picklist's actual value, not the name the user sees", async () => {
    const c = await connector();
    const sent = await c.sendContact(
      DANA,
      options({ crm: { leadSource: { value: 'Zillow Premier Agent', createMissing: false } } }),
    );
    expect(findZohoRecord(sb.state, 'Leads', sent.ref.id)?.Lead_Source).toBe('Zillow');
  });
});

describe('Zoho tasks and reads', () => {
  it('a task on a Lead names it by What_Id with $se_module; on a Contact by Who_Id', async () => {
    const c = await connector();
    const lead = leads()[0];
    const contact = sb.state.zoho.records.Contacts[0];
    await c.addEvent(
      { crm: 'zoho', module: 'Leads', id: lead?.id ?? '' },
      {
        key: 'ev-1',
        subject: 'Call back',
        due: '2026-12-03T10:00:00Z',
        kindLabel: 'Callback',
        repeat: false,
      },
    );
    await c.addEvent(
      { crm: 'zoho', module: 'Contacts', id: contact?.id ?? '' },
      {
        key: 'ev-2',
        subject: 'Call back',
        due: null,
        kindLabel: 'Callback',
        repeat: false,
      },
    );
    expect(
      sb.state.zoho.tasks.map((t) => [t.What_Id ?? null, t.$se_module ?? null, t.Who_Id ?? null]),
    ).toEqual([
      [{ id: lead?.id }, 'Leads', null],
      [null, null, { id: contact?.id }],
    ]);
  });

  it('reads Leads with Leads’ own fields (the emulator refuses Contacts-only fields)', async () => {
    const c = await connector();
    const ids = leads()
      .slice(0, 2)
      .map((r) => ({ crm: 'zoho' as const, module: 'Leads', id: r.id }));
    const page = await c.readRecords(ids);
    expect(page.errors).toEqual([]);
    expect(page.contacts).toHaveLength(2);
  });
});
