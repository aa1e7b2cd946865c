import { describe, expect, it } from 'vitest';
import { contactByRules } from '../../core/rules/engine';
import { ObjectRules } from '../../core/rules/model';
import { parseWiseAgentRecord, wiseAgentToContact } from './contact';
import { WISEAGENT_OBJECTS, wiseAgentDefaultFields, wiseAgentDocumentedFields } from './rules';

const RAW = {
  ClientID: 4100002,
  CFirst: 'Marcus',
  CLast: 'Webb',
  CEmail: 'marcus@example.com',
  HomePhone: '512-555-0142',
  WorkPhone: '512-555-0143',
  MobilePhone: '512-555-0144',
  AddressNumber: 4801,
  AddressStreet: 'Burnet Rd',
  City: 'Austin',
  State: 'TX',
  zip: '78756',
  Source: 'Referral',
  Status: 'Nurture',
  Rank: 'B',
  Categories: '[{"name":"Seller"},{"name":"Sphere"}]',
};

describe('Wise Agent rules for the options page', () => {
  it('has one object, contacts, with defaults only for it', () => {
    expect(WISEAGENT_OBJECTS).toEqual([{ id: 'contact', label: 'Contacts' }]);
    expect(wiseAgentDefaultFields('lead')).toEqual([]);
    expect(wiseAgentDocumentedFields('lead')).toEqual([]);
  });

  it('maps only documented fields', () => {
    const documented = new Set(wiseAgentDocumentedFields('contact').map((f) => f.apiName));
    for (const r of wiseAgentDefaultFields('contact')) expect(documented, r.crmField).toContain(r.crmField);
  });

  it('the defaults give the same contact as the connector for a plain record', () => {
    const parsed = parseWiseAgentRecord(RAW);
    if (!parsed.ok) throw new Error(parsed.reason);
    const base = wiseAgentToContact(parsed.record);
    const byRules = contactByRules(
      base,
      parsed.record,
      ObjectRules.parse({ fields: wiseAgentDefaultFields('contact') }),
    );
    expect(byRules).toEqual(base);
  });
});
