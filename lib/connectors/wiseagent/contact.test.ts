import { describe, expect, it } from 'vitest';
import { toMojo } from '../../core/mapping';
import { parseWiseAgentRecord, type WiseAgentRecord, wiseAgentToContact } from './contact';

function record(raw: Record<string, unknown>): WiseAgentRecord {
  const parsed = parseWiseAgentRecord(raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.record;
}

const JANE = {
  ClientID: 4100001,
  CFirst: 'Jane',
  CLast: 'Cooper',
  CEmail: 'jane.cooper@example.com',
  HomePhone: '',
  MobilePhone: '(512) 555-0131',
  WorkPhone: null,
  PreferredPhone: '(512) 555-0131',
  AddressNumber: '1200',
  AddressStreet: 'Barton Springs Rd',
  SuiteNo: '4',
  City: 'Austin',
  State: 'TX',
  zip: '78704',
  Source: 'Zillow',
  Status: 'Hot Lead',
  Rank: 'A',
  Categories: '[{"name":"Buyer"},{"name":"Hot Lead"}]',
  ContactUrl: 'https://thewiseagent.com/secure/client/summary?clientId=4100001',
  Notes: 'Pre-approved to $650k.',
  DateUpdatedUTC: '2026-11-01 15:00:00',
  SomethingNew: { nested: true },
};

describe('wiseAgentToContact', () => {
  it('maps name, address with suite, phones, email, notes and misc', () => {
    expect(wiseAgentToContact(record(JANE))).toEqual({
      ref: { crm: 'wiseagent', module: 'contact', id: '4100001' },
      firstName: 'Jane',
      lastName: 'Cooper',
      fullName: '',
      address: '1200 Barton Springs Rd Ste 4',
      city: 'Austin',
      state: 'TX',
      zip: '78704',
      country: '',
      phones: [{ kind: 'mobile', raw: '(512) 555-0131' }],
      emails: ['jane.cooper@example.com'],
      notes: [{ id: 'wiseagent:note:4100001:notes', text: 'Pre-approved to $650k.' }],
      misc: { Source: 'Zillow', Status: 'Hot Lead', Rank: 'A', Categories: 'Buyer, Hot Lead' },
    });
  });

  it('gives Mojo the api_contact_id wiseagent:contact:<ClientID> and the right media types', () => {
    const mapped = toMojo(
      wiseAgentToContact(
        record({
          ClientID: '4100002',
          CFirst: 'Marcus',
          CLast: 'Webb',
          HomePhone: '512-555-0142',
          WorkPhone: '(512) 555-0143',
          MobilePhone: '512.555.0144',
          CEmail: 'marcus@example.com',
        }),
      ),
    );
    if (!mapped.ok) throw new Error('excluded');
    expect(mapped.contact.api_contact_id).toBe('wiseagent:contact:4100002');
    expect(mapped.contact.source).toBe('wiseagent');
    expect(mapped.contact.mediainfo_set).toEqual([
      { type: 3, value: '5125550142' },
      { type: 1, value: '5125550143' },
      { type: 2, value: '5125550144' },
      { type: 4, value: 'marcus@example.com' },
    ]);
  });

  it('puts the preferred number first: a different one as other, a named one by its kind', () => {
    const phones = (extra: Record<string, unknown>) =>
      wiseAgentToContact(
        record({
          ClientID: 1,
          CFirst: 'A',
          CLast: 'B',
          HomePhone: '512-555-0001',
          MobilePhone: '512-555-0002',
          ...extra,
        }),
      ).phones.map((p) => p.kind);
    expect(phones({})).toEqual(['home', 'mobile']);
    expect(phones({ PreferredPhone: '(512) 555-0002' })).toEqual(['mobile', 'home']);
    expect(phones({ PreferredPhone: '512-555-0999' })).toEqual(['other', 'home', 'mobile']);
    expect(phones({ PreferredPhone: 'Cell' })).toEqual(['mobile', 'home']);
    expect(phones({ PreferredPhone: 'Home' })).toEqual(['home', 'mobile']);
    expect(phones({ PreferredPhone: 'Fax' })).toEqual(['home', 'mobile']);
  });

  it('reads numbers where strings are expected: ids, house numbers, zips (leading zero restored)', () => {
    const c = wiseAgentToContact(
      record({
        ClientID: 77,
        CFirst: 'Zed',
        CLast: 'Y',
        AddressNumber: 118,
        AddressStreet: 'Center St',
        zip: 2134,
      }),
    );
    expect(c).toMatchObject({ ref: { id: '77' }, address: '118 Center St', zip: '02134' });
  });

  it('keeps a suite that names its kind, and reads Categories in every shape', () => {
    const c = (extra: Record<string, unknown>) =>
      wiseAgentToContact(
        record({ ClientID: 1, CFirst: 'A', CLast: 'B', AddressStreet: 'Main St', ...extra }),
      );
    expect(c({ SuiteNo: 'Apt 12B' }).address).toBe('Main St Apt 12B');
    expect(c({ SuiteNo: '#7' }).address).toBe('Main St #7');
    expect(c({ Categories: 'Buyer;Investor' }).misc.Categories).toBe('Buyer, Investor');
    expect(c({ Categories: ['Seller', { name: 'Sphere' }] }).misc.Categories).toBe('Seller, Sphere');
    expect(c({ Categories: '[{"Name":"Past Client"}]' }).misc.Categories).toBe('Past Client');
    expect(c({ Categories: '[not json' }).misc.Categories).toBe('[not json');
    expect(c({ Categories: '[]' }).misc.Categories).toBeUndefined();
  });

  it('keeps markup in a name as text, and notes from a lower-case notes field', () => {
    const c = wiseAgentToContact(
      record({ ClientID: 5, CFirst: 'Mallory', CLast: '<img src=x onerror=alert(1)>', notes: 'hi' }),
    );
    expect(c.lastName).toBe('<img src=x onerror=alert(1)>');
    expect(c.notes).toEqual([{ id: 'wiseagent:note:5:notes', text: 'hi' }]);
  });

  it('splits an email field holding two addresses', () => {
    expect(
      wiseAgentToContact(record({ ClientID: 1, CFirst: 'A', CLast: 'B', CEmail: 'a@x.com; b@x.com' })).emails,
    ).toEqual(['a@x.com', 'b@x.com']);
  });
});

describe('parseWiseAgentRecord', () => {
  it('names the ClientID and the field of a record it cannot read', () => {
    const bad = parseWiseAgentRecord({ ClientID: 4100009, CFirst: { first: 'x' }, CLast: 'Y' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/ClientID 4100009.*CFirst/);
    for (const raw of [{ ClientID: 'abc' }, { ClientID: -3 }, { ClientID: 1.5 }, {}, null, 'x']) {
      expect(parseWiseAgentRecord(raw).ok, JSON.stringify(raw)).toBe(false);
    }
  });
});
