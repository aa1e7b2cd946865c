import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMojo } from '../../core/mapping';
import { Contact } from '../../core/models';
import { parseZohoRecord, type ZohoRecord, zohoToContact } from './contact';
import { zohoReadFields } from './fields';

/** A Contacts record as Zoho CRM v7 answers `GET /Contacts?fields=…`: nulls for empty fields, extras. */
const zohoContact = {
  id: '4876876000000623001',
  First_Name: 'Jane',
  Last_Name: 'Doe',
  Full_Name: 'Jane Doe',
  Email: 'Jane.Doe@Example.com',
  Secondary_Email: null,
  Phone: '(512) 555-0102',
  Mobile: '512-555-0101',
  Home_Phone: null,
  Other_Phone: '',
  Description: 'Met at open house',
  Lead_Source: 'Zillow',
  Owner: { name: 'Pat Smith', id: '4876876000000225013', email: 'pat@example.com' },
  Modified_Time: '2026-11-20T09:15:00-06:00',
  Mailing_Street: '12 Main St',
  Mailing_City: 'Austin',
  Mailing_State: 'TX',
  Mailing_Zip: '78701',
  Mailing_Country: 'United States',
  $approval: { delegate: false, approve: false, reject: false, resubmit: false },
  $editable: true,
  Tag: [],
};

const zohoLead = {
  id: '4876876000000700002',
  First_Name: null,
  Last_Name: 'Lee',
  Full_Name: 'Lee',
  Email: null,
  Secondary_Email: 'lee@example.org',
  Phone: null,
  Mobile: '+44 20 7946 0958',
  Home_Phone: '512 555 0103',
  Other_Phone: '512 555 0104 x7',
  Description: null,
  Lead_Source: null,
  Owner: null,
  Modified_Time: '2026-11-20T09:15:00-06:00',
  Street: '9 Elm Rd',
  City: 'Round Rock',
  State: 'TX',
  Zip_Code: '78664',
  Country: null,
  Company: 'Lee Realty',
  Lead_Status: 'Contact in Future',
};

function parsed(raw: unknown): ZohoRecord {
  const result = parseZohoRecord(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.record;
}

describe('zohoToContact', () => {
  it('reads a Contacts record', () => {
    const contact = zohoToContact('Contacts', parsed(zohoContact));
    expect(contact).toEqual({
      ref: { crm: 'zoho', module: 'Contacts', id: '4876876000000623001' },
      firstName: 'Jane',
      lastName: 'Doe',
      fullName: 'Jane Doe',
      address: '12 Main St',
      city: 'Austin',
      state: 'TX',
      zip: '78701',
      country: 'United States',
      phones: [
        { kind: 'work', raw: '(512) 555-0102' },
        { kind: 'mobile', raw: '512-555-0101' },
      ],
      emails: ['Jane.Doe@Example.com'],
      notes: [{ id: 'zoho:note:Contacts:4876876000000623001:description', text: 'Met at open house' }],
      misc: { 'Lead Source': 'Zillow', Owner: 'Pat Smith' },
    });
    expect(Contact.safeParse(contact).success).toBe(true);
  });

  it('reads a Leads record: its own address fields, company and status', () => {
    const contact = zohoToContact('Leads', parsed(zohoLead));
    expect(contact).toMatchObject({
      ref: { crm: 'zoho', module: 'Leads', id: '4876876000000700002' },
      firstName: '',
      lastName: 'Lee',
      address: '9 Elm Rd',
      city: 'Round Rock',
      state: 'TX',
      zip: '78664',
      country: '',
      phones: [
        { kind: 'mobile', raw: '+44 20 7946 0958' },
        { kind: 'home', raw: '512 555 0103' },
        { kind: 'other', raw: '512 555 0104 x7' },
      ],
      emails: ['lee@example.org'],
      notes: [],
      misc: { Status: 'Contact in Future', Company: 'Lee Realty' },
    });
  });

  it('goes through toMojo to the upsert of mojo-contract.md', () => {
    const result = toMojo(zohoToContact('Contacts', parsed(zohoContact)));
    expect(result).toEqual({
      ok: true,
      warnings: [],
      contact: {
        api_contact_id: 'zoho:Contacts:4876876000000623001',
        source: 'zoho',
        full_name: 'Jane Doe',
        first_name: 'Jane',
        last_name: 'Doe',
        address: '12 Main St',
        city: 'Austin',
        state: 'TX',
        zip: '78701',
        mediainfo_set: [
          { type: 1, value: '5125550102' },
          { type: 2, value: '5125550101' },
          { type: 4, value: 'jane.doe@example.com' },
        ],
        notes: [
          { api_note_id: 'zoho:note:Contacts:4876876000000623001:description', text: 'Met at open house' },
        ],
        misc: { 'Lead Source': 'Zillow', Owner: 'Pat Smith' },
      },
    });
  });

  it('gives the Description note the same id on every read, whatever its text', () => {
    const a = zohoToContact('Contacts', parsed(zohoContact));
    const b = zohoToContact('Contacts', parsed({ ...zohoContact, Description: 'Edited later' }));
    expect(a.notes[0]?.id).toBe(b.notes[0]?.id);
  });

  it('keeps a markup name as plain text through to Mojo', () => {
    const markup = '<img src=x onerror=alert(1)>';
    const record = parsed({ ...zohoContact, First_Name: null, Last_Name: markup, Full_Name: markup });
    const result = toMojo(zohoToContact('Contacts', record));
    expect(result.ok && result.contact.full_name).toBe(markup);
    expect(result.ok && result.contact.last_name).toBe(markup);
  });

  it('keeps emoji and non-Latin names intact', () => {
    const zoe = toMojo(
      zohoToContact(
        'Contacts',
        parsed({ ...zohoContact, First_Name: 'Zoë', Last_Name: 'Ångström 🏡', Full_Name: 'Zoë Ångström 🏡' }),
      ),
    );
    expect(zoe.ok && [zoe.contact.first_name, zoe.contact.last_name, zoe.contact.full_name]).toEqual([
      'Zoë',
      'Ångström 🏡',
      'Zoë Ångström 🏡',
    ]);
    const yamada = toMojo(
      zohoToContact(
        'Leads',
        parsed({ ...zohoLead, First_Name: null, Last_Name: null, Full_Name: '山田 太郎' }),
      ),
    );
    expect(
      yamada.ok && [yamada.contact.first_name, yamada.contact.last_name, yamada.contact.full_name],
    ).toEqual(['山田', '太郎', '山田 太郎']);
  });

  it('reads a record with only an id (every other field null or missing)', () => {
    const contact = zohoToContact('Contacts', parsed({ id: '1', First_Name: null, Owner: null }));
    expect(contact.phones).toEqual([]);
    expect(contact.misc).toEqual({});
    expect(toMojo(contact)).toMatchObject({
      ok: false,
      excluded: { reason: 'No phone or email to dial or match' },
    });
  });

  it('takes the address a custom module has, never a mix of two', () => {
    const custom = zohoToContact(
      'Buyers',
      parsed({ id: '7', Street: '1 A St', City: 'Waco', Mailing_Zip: null }),
    );
    expect([custom.address, custom.city]).toEqual(['1 A St', 'Waco']);
    const both = zohoToContact('Buyers', parsed({ id: '8', Street: '1 A St', Mailing_City: 'Austin' }));
    expect([both.address, both.city]).toEqual(['', 'Austin']);
  });
});

describe('parseZohoRecord', () => {
  it('accepts the fields we ask for, as Zoho returns them, for both modules', () => {
    for (const record of [zohoContact, zohoLead]) expect(parseZohoRecord(record).ok).toBe(true);
    expect(zohoReadFields('Contacts').every((field) => field in zohoContact)).toBe(true);
    expect(zohoReadFields('Leads').every((field) => field in zohoLead)).toBe(true);
  });

  it.each([
    [null, 'record'],
    ['a string', 'record'],
    [{}, 'id'],
    [{ id: 42 }, 'id'],
    [{ id: '' }, 'id'],
    [{ id: '1', Phone: 5125550101 }, 'Phone'],
    [{ id: '1', Owner: 'Pat' }, 'Owner'],
  ])('turns %j into a reason naming %s, without throwing', (raw, where) => {
    const result = parseZohoRecord(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(/^Zoho sent a record we could not read/);
      expect(result.reason).toContain(`${where}:`);
    }
  });

  it('names the record in the reason when it has an id', () => {
    const result = parseZohoRecord({ id: '42', Email: 7 });
    expect(!result.ok && result.reason).toContain('(id 42)');
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const result = parseZohoRecord(raw);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('every parsed record becomes a valid Contact', () => {
    const nullableText = fc.option(fc.string(), { nil: null });
    const record = fc.record(
      {
        id: fc.stringMatching(/^\d{1,19}$/),
        First_Name: nullableText,
        Last_Name: nullableText,
        Full_Name: nullableText,
        Email: nullableText,
        Phone: nullableText,
        Mobile: nullableText,
        Description: nullableText,
        Lead_Source: nullableText,
        Lead_Status: nullableText,
        Company: nullableText,
        Owner: fc.option(fc.record({ id: fc.string(), name: nullableText, email: nullableText }), {
          nil: null,
        }),
        Mailing_City: nullableText,
        City: nullableText,
      },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(record, fc.constantFrom('Contacts', 'Leads', 'Buyers'), (raw, module) => {
        const contact = zohoToContact(module, parsed(raw));
        expect(Contact.safeParse(contact).success).toBe(true);
        expect(contact.ref).toEqual({ crm: 'zoho', module, id: raw.id });
      }),
    );
  });
});
