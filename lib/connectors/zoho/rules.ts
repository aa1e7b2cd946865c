/**
 * Zoho CRM's objects for the options page, and the default field mappings that reproduce what
 * `zohoToContact` does (so a user who opens the mapping table sees today's behaviour, and the
 * defaults change nothing). The documented field list is the fallback when the API can't list fields.
 */
import { type FieldRule, fieldRule } from '../../core/rules/model';

export const ZOHO_OBJECTS = [
  { id: 'Contacts', label: 'Contacts' },
  { id: 'Leads', label: 'Leads' },
  { id: 'Accounts', label: 'Accounts' },
];

const rule = fieldRule;

const COMMON: FieldRule[] = [
  rule('First_Name', 'first_name', 'name'),
  rule('Last_Name', 'last_name', 'name'),
  rule('Email', 'email', 'email'),
  rule('Secondary_Email', 'email', 'email'),
  rule('Phone', 'phone_work', 'phone'),
  rule('Mobile', 'phone_mobile', 'phone'),
  rule('Description', 'note', 'note'),
  rule('Lead_Source', 'misc:Lead Source'),
  rule('Owner', 'misc:Owner'),
];

export function zohoDefaultFields(object: string): FieldRule[] {
  if (object === 'Leads') {
    return [
      ...COMMON,
      rule('Street', 'address'),
      rule('City', 'city'),
      rule('State', 'state'),
      rule('Zip_Code', 'zip'),
      rule('Lead_Status', 'misc:Status'),
      rule('Company', 'misc:Company'),
    ];
  }
  if (object === 'Accounts') {
    return [
      rule('Account_Name', 'full_name', 'name'),
      rule('Phone', 'phone_work', 'phone'),
      rule('Billing_Street', 'address'),
      rule('Billing_City', 'city'),
      rule('Billing_State', 'state'),
      rule('Billing_Code', 'zip'),
      rule('Description', 'note', 'note'),
    ];
  }
  return [
    ...COMMON,
    rule('Home_Phone', 'phone_home', 'phone'),
    rule('Other_Phone', 'phone_other', 'phone'),
    rule('Mailing_Street', 'address'),
    rule('Mailing_City', 'city'),
    rule('Mailing_State', 'state'),
    rule('Mailing_Zip', 'zip'),
  ];
}

/** Zoho's standard fields by object (its documentation), when settings/fields can't be read. */
export function zohoDocumentedFields(object: string): { apiName: string; label: string }[] {
  const names = new Set(zohoDefaultFields(object).map((r) => r.crmField));
  for (const extra of [
    'Full_Name',
    'Salutation',
    'Title',
    'Department',
    'Mailing_Country',
    'Country',
    'Rating',
    'Industry',
    'Tag',
  ]) {
    names.add(extra);
  }
  return [...names].map((apiName) => ({ apiName, label: apiName.replace(/_/g, ' ') }));
}
