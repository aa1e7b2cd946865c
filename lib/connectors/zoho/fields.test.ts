import { describe, expect, it } from 'vitest';
import { ZohoRecord } from './contact';
import { isZohoPersonModule, ZOHO_MAX_FIELDS, ZOHO_PERSON_MODULES, zohoReadFields } from './fields';

describe('zohoReadFields', () => {
  it.each(ZOHO_PERSON_MODULES)('%s asks for at most 50 distinct fields, id first', (module) => {
    const fields = zohoReadFields(module);
    expect(fields.length).toBeLessThanOrEqual(ZOHO_MAX_FIELDS);
    expect(new Set(fields).size).toBe(fields.length);
    expect(fields[0]).toBe('id');
    for (const name of [
      'First_Name',
      'Last_Name',
      'Full_Name',
      'Email',
      'Secondary_Email',
      'Phone',
      'Mobile',
    ]) {
      expect(fields).toContain(name);
    }
    for (const name of ['Description', 'Lead_Source', 'Owner', 'Modified_Time']) {
      expect(fields).toContain(name);
    }
  });

  it('asks Leads only for fields Leads have: no Home_Phone or Other_Phone (Contacts have them)', () => {
    expect(zohoReadFields('Leads')).not.toContain('Home_Phone');
    expect(zohoReadFields('Leads')).not.toContain('Other_Phone');
    expect(zohoReadFields('Contacts')).toEqual(expect.arrayContaining(['Home_Phone', 'Other_Phone']));
  });

  it('reads the mailing address of Contacts, and the address, company and status of Leads', () => {
    expect(zohoReadFields('Contacts')).toEqual(
      expect.arrayContaining([
        'Mailing_Street',
        'Mailing_City',
        'Mailing_State',
        'Mailing_Zip',
        'Mailing_Country',
      ]),
    );
    expect(zohoReadFields('Contacts')).not.toContain('Lead_Status');
    expect(zohoReadFields('Leads')).toEqual(
      expect.arrayContaining(['Street', 'City', 'State', 'Zip_Code', 'Country', 'Company', 'Lead_Status']),
    );
    expect(zohoReadFields('Leads')).not.toContain('Mailing_Street');
  });

  it('asks only for fields the record schema knows how to read', () => {
    const known = Object.keys(ZohoRecord.shape);
    for (const module of ZOHO_PERSON_MODULES) {
      for (const field of zohoReadFields(module)) expect(known).toContain(field);
    }
  });

  it('hands out a fresh array each time', () => {
    const fields = zohoReadFields('Leads');
    fields.push('Custom_Field__c');
    expect(zohoReadFields('Leads')).not.toContain('Custom_Field__c');
  });

  it('knows which modules hold people', () => {
    expect(isZohoPersonModule('Contacts')).toBe(true);
    expect(isZohoPersonModule('Leads')).toBe(true);
    expect(isZohoPersonModule('Deals')).toBe(false);
    expect(isZohoPersonModule('contacts')).toBe(false);
  });
});
