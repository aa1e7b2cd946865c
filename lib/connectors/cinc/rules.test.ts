import { describe, expect, it } from 'vitest';
import { contactByRules, valueAt } from '../../core/rules/engine';
import { ObjectRules } from '../../core/rules/model';
import { cincToContact, parseCincLead, parseCincNotes } from './contact';
import { CINC_OBJECTS, cincDefaultFields, cincDocumentedFields } from './rules';

const LEAD = {
  id: 'L-1002',
  username: 'marcus@example.com',
  info: {
    contact: {
      first_name: 'Marcus',
      last_name: 'Whitfield',
      email: 'marcus@example.com',
      phone_numbers: { cell_phone: '512-555-0101', home_phone: '512-555-0102', work_phone: '512-555-0112' },
      mailing_address: { street: '4801 Burnet Rd', city: 'Austin', state: 'TX', zip: '78756' },
    },
    status: 'Active',
    source: 'Website',
    pipeline_stage: 'Listing Appointment',
    seller: { timeframe: 'Within 3 months' },
  },
  // As the connector hands it over: the agent named beside its id.
  assigned_agents: { primary_agent: { id: 'A-1', name: 'Pat Smith' } },
  notes: [{ id: 'N-1', content: 'Wants a CMA before listing.' }],
};

function base(raw: Record<string, unknown>) {
  const parsed = parseCincLead(raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  return cincToContact(parsed.lead, { notes: parseCincNotes(parsed.lead.notes ?? []), agent: 'Pat Smith' });
}

const byDefaults = (raw: Record<string, unknown>) =>
  contactByRules(base(raw), raw, ObjectRules.parse({ fields: cincDefaultFields('lead') }));

describe('CINC rules for the options page', () => {
  it('has one object, leads, with defaults only for it', () => {
    expect(CINC_OBJECTS).toEqual([{ id: 'lead', label: 'Leads' }]);
    expect(cincDefaultFields('contact')).toEqual([]);
    expect(cincDocumentedFields('contact')).toEqual([]);
  });

  it('maps only documented fields, by paths that exist on a lead', () => {
    const documented = new Set(cincDocumentedFields('lead').map((f) => f.apiName));
    for (const r of cincDefaultFields('lead')) expect(documented, r.crmField).toContain(r.crmField);
    expect(valueAt(LEAD, 'info.contact.phone_numbers.cell_phone')).toBe('512-555-0101');
    expect(valueAt(LEAD, 'assigned_agents.primary_agent')).toBe('Pat Smith');
  });

  it('the defaults give the same contact as the connector for a lead without buyer details', () => {
    expect(byDefaults(LEAD)).toEqual(base(LEAD));
  });

  it('for buyers the defaults are the plainer version: raw prices, no derived lead type', () => {
    const buyer = {
      ...LEAD,
      info: { ...LEAD.info, is_buyer: true, buyer: { median_price: 450000, timeframe: '3-6 months' } },
    };
    const connector = base(buyer);
    const rules = byDefaults(buyer);
    expect(connector.misc).toMatchObject({ 'Lead Type': 'Buyer', 'Buyer Median Price': '$450,000' });
    expect(rules.misc).toMatchObject({ 'Buyer Median Price': '450000', 'Buyer Timeframe': '3-6 months' });
    expect(rules.misc['Lead Type']).toBeUndefined();
    const { misc: _a, ...restRules } = rules;
    const { misc: _b, ...restConnector } = connector;
    expect(restRules).toEqual(restConnector);
  });
});
