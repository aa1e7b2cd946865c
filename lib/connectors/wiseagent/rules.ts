/**
 * Wise Agent's objects for the options page, and the default field mappings that reproduce what
 * `wiseAgentToContact` does, so the mapping table shows today's behaviour. Wise Agent has no call
 * that lists a contact's fields: the documented list (crm-facts.md) is the only one.
 *
 * Where a rule cannot say all the connector does, the rules are the plainer version: the address
 * parts are joined as they are (no "Ste" before a bare suite), and the preferred phone is sent as
 * "other" only when it is a number of its own (Mojo keeps the first kind of a repeated number).
 */
import { type FieldRule, fieldRule } from '../../core/rules/model';
import { WISEAGENT_MODULE } from './contact';

export const WISEAGENT_OBJECTS = [{ id: WISEAGENT_MODULE, label: 'Contacts' }];

const rule = fieldRule;

const CONTACT_RULES: readonly FieldRule[] = [
  rule('CFirst', 'first_name', 'name'),
  rule('CLast', 'last_name', 'name'),
  rule('CEmail', 'email', 'email'),
  rule('HomePhone', 'phone_home', 'phone'),
  rule('WorkPhone', 'phone_work', 'phone'),
  rule('MobilePhone', 'phone_mobile', 'phone'),
  rule('PreferredPhone', 'phone_other', 'phone'),
  rule('AddressNumber', 'address'),
  rule('AddressStreet', 'address'),
  rule('SuiteNo', 'address'),
  rule('City', 'city'),
  rule('State', 'state'),
  rule('zip', 'zip'),
  rule('Notes', 'note', 'note'),
  rule('Source', 'misc:Source'),
  rule('Status', 'misc:Status'),
  rule('Rank', 'misc:Rank'),
  rule('Categories', 'misc:Categories'),
];

export function wiseAgentDefaultFields(object: string): FieldRule[] {
  return object === WISEAGENT_MODULE ? CONTACT_RULES.map((r) => ({ ...r })) : [];
}

const DOCUMENTED: readonly { apiName: string; label: string }[] = [
  { apiName: 'ClientID', label: 'Client ID' },
  { apiName: 'CFirst', label: 'First name' },
  { apiName: 'CLast', label: 'Last name' },
  { apiName: 'CEmail', label: 'Email' },
  { apiName: 'HomePhone', label: 'Home phone' },
  { apiName: 'MobilePhone', label: 'Mobile phone' },
  { apiName: 'WorkPhone', label: 'Work phone' },
  { apiName: 'PreferredPhone', label: 'Preferred phone' },
  { apiName: 'AddressNumber', label: 'Address number' },
  { apiName: 'AddressStreet', label: 'Address street' },
  { apiName: 'SuiteNo', label: 'Suite' },
  { apiName: 'City', label: 'City' },
  { apiName: 'State', label: 'State' },
  { apiName: 'zip', label: 'Zip' },
  { apiName: 'Source', label: 'Source' },
  { apiName: 'Status', label: 'Status' },
  { apiName: 'Rank', label: 'Rank' },
  { apiName: 'Categories', label: 'Categories' },
  { apiName: 'ContactUrl', label: 'Contact URL' },
  // Not in the docs' field list; read when a contact carries it (contact.ts).
  { apiName: 'Notes', label: 'Notes' },
];

/** Wise Agent's documented contact fields (crm-facts.md). */
export function wiseAgentDocumentedFields(object: string): { apiName: string; label: string }[] {
  return object === WISEAGENT_MODULE ? DOCUMENTED.map((f) => ({ ...f })) : [];
}
