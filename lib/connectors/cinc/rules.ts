/**
 * CINC's objects for the options page, and the default field mappings that reproduce what
 * `cincToContact` does, so the mapping table shows today's behaviour. CINC's API has no call that
 * lists a lead's fields: the documented lead shape (crm-facts.md) plus the assumed fields
 * (contact.ts, CINC_ASSUMED_FIELDS) are the list. Field names are paths into the lead as the API
 * sends it ("info.contact.first_name").
 *
 * Where a rule cannot say all the connector does, the rules are the plainer version: prices are
 * sent as CINC holds them (450000, not "$450,000"); "Lead Type" (buyer, seller or both, derived
 * from two flags) has no rule, the flags can be mapped instead; `postal_or_zip` is not read when
 * `zip` is empty.
 */
import { type FieldRule, fieldRule } from '../../core/rules/model';
import { CINC_LEAD_MODULE } from './contact';

export const CINC_OBJECTS = [{ id: CINC_LEAD_MODULE, label: 'Leads' }];

const rule = fieldRule;

const LEAD_RULES: readonly FieldRule[] = [
  rule('info.contact.first_name', 'first_name', 'name'),
  rule('info.contact.last_name', 'last_name', 'name'),
  rule('info.contact.email', 'email', 'email'),
  rule('info.contact.phone_numbers.cell_phone', 'phone_mobile', 'phone'),
  rule('info.contact.phone_numbers.home_phone', 'phone_home', 'phone'),
  rule('info.contact.phone_numbers.work_phone', 'phone_work', 'phone'),
  rule('info.contact.phone_numbers.office_phone', 'phone_other', 'phone'),
  rule('info.contact.mailing_address.street', 'address'),
  rule('info.contact.mailing_address.city', 'city'),
  rule('info.contact.mailing_address.state', 'state'),
  rule('info.contact.mailing_address.zip', 'zip'),
  rule('info.status', 'misc:Status'),
  rule('info.source', 'misc:Lead Source'),
  rule('info.buyer.median_price', 'misc:Buyer Median Price'),
  rule('info.buyer.average_price', 'misc:Buyer Average Price'),
  rule('info.buyer.timeframe', 'misc:Buyer Timeframe'),
  rule('info.seller.estimated_value', 'misc:Seller Home Value'),
  rule('info.seller.timeframe', 'misc:Seller Timeframe'),
  rule('info.pipeline_stage', 'misc:Pipeline Stage'),
  rule('assigned_agents.primary_agent', 'misc:Agent'),
];

export function cincDefaultFields(object: string): FieldRule[] {
  return object === CINC_LEAD_MODULE ? LEAD_RULES.map((r) => ({ ...r })) : [];
}

const DOCUMENTED: readonly { apiName: string; label: string }[] = [
  { apiName: 'id', label: 'Lead ID' },
  { apiName: 'username', label: 'Username' },
  { apiName: 'info.contact.first_name', label: 'First name' },
  { apiName: 'info.contact.last_name', label: 'Last name' },
  { apiName: 'info.contact.email', label: 'Email' },
  { apiName: 'info.contact.phone_numbers.cell_phone', label: 'Cell phone' },
  { apiName: 'info.contact.phone_numbers.home_phone', label: 'Home phone' },
  { apiName: 'info.contact.phone_numbers.work_phone', label: 'Work phone' },
  { apiName: 'info.contact.phone_numbers.office_phone', label: 'Office phone' },
  { apiName: 'info.contact.mailing_address.street', label: 'Mailing street' },
  { apiName: 'info.contact.mailing_address.city', label: 'Mailing city' },
  { apiName: 'info.contact.mailing_address.state', label: 'Mailing state' },
  { apiName: 'info.contact.mailing_address.zip', label: 'Mailing zip' },
  { apiName: 'info.status', label: 'Status' },
  { apiName: 'info.source', label: 'Source' },
  { apiName: 'info.is_buyer', label: 'Is buyer' },
  { apiName: 'info.is_seller', label: 'Is seller' },
  { apiName: 'info.buyer.median_price', label: 'Buyer median price' },
  { apiName: 'info.buyer.average_price', label: 'Buyer average price' },
  { apiName: 'info.buyer.timeframe', label: 'Buyer timeframe' },
  { apiName: 'info.seller.estimated_value', label: 'Seller home value' },
  { apiName: 'info.seller.timeframe', label: 'Seller timeframe' },
  { apiName: 'info.pipeline_stage', label: 'Pipeline stage' },
  { apiName: 'info.registered_date', label: 'Registered' },
  { apiName: 'info.updated_date', label: 'Updated' },
  { apiName: 'assigned_agents.primary_agent', label: 'Primary agent' },
];

/** CINC's lead fields as documented (crm-facts.md) and assumed (contact.ts). */
export function cincDocumentedFields(object: string): { apiName: string; label: string }[] {
  return object === CINC_LEAD_MODULE ? DOCUMENTED.map((f) => ({ ...f })) : [];
}
