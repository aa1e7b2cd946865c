import { describe, expect, it } from 'vitest';
import { toMojo } from '../../core/mapping';
import { agentName, CincAgent, cincNoteId, cincToContact, parseCincLead, parseCincNotes } from './contact';

const lead = {
  id: 'L-1001',
  username: 'jane@example.com',
  info: {
    contact: {
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'jane@example.com',
      phone_numbers: { cell_phone: '(512) 555-0101', home_phone: '512-555-0131', work_phone: '512.555.0141' },
      mailing_address: { street: '12 Main St', city: 'Austin', state: 'TX', zip: '78701' },
    },
    status: 'Active',
    source: 'Zillow',
    is_buyer: true,
    is_seller: true,
    buyer: { median_price: 450000, average_price: 475000.4, timeframe: '3-6 months' },
    seller: { estimated_value: 610000, timeframe: 'ASAP' },
    pipeline_stage: 'Showing',
  },
  assigned_agents: { primary_agent: { id: 'A-7' } },
  notes: [{ id: 'N-1', content: 'Wants a pool', category: 'general', is_pinned: true }],
};

function parsed(raw: unknown) {
  const result = parseCincLead(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.lead;
}

describe('cincToContact', () => {
  it('maps name, mailing address, every phone with its kind, email, notes and the misc fields', () => {
    const l = parsed(lead);
    const contact = cincToContact(l, { notes: parseCincNotes(l.notes ?? []), agent: 'Morgan Lee' });
    expect(contact).toEqual({
      ref: { crm: 'cinc', module: 'lead', id: 'L-1001' },
      firstName: 'Jane',
      lastName: 'Doe',
      fullName: '',
      address: '12 Main St',
      city: 'Austin',
      state: 'TX',
      zip: '78701',
      country: '',
      phones: [
        { kind: 'mobile', raw: '(512) 555-0101' },
        { kind: 'home', raw: '512-555-0131' },
        { kind: 'work', raw: '512.555.0141' },
      ],
      emails: ['jane@example.com'],
      notes: [{ id: 'cinc:note:N-1', text: 'Wants a pool' }],
      misc: {
        Status: 'Active',
        'Lead Source': 'Zillow',
        'Lead Type': 'Buyer & Seller',
        'Buyer Median Price': '$450,000',
        'Buyer Average Price': '$475,000',
        'Buyer Timeframe': '3-6 months',
        'Seller Home Value': '$610,000',
        'Seller Timeframe': 'ASAP',
        'Pipeline Stage': 'Showing',
        Agent: 'Morgan Lee',
      },
    });
  });

  it('becomes cinc:lead:<id> in Mojo, with phones as digits and media types 2, 3, 1', () => {
    const l = parsed(lead);
    const mapped = toMojo(cincToContact(l, { notes: parseCincNotes(l.notes ?? []) }));
    if (!mapped.ok) throw new Error('excluded');
    expect(mapped.contact.api_contact_id).toBe('cinc:lead:L-1001');
    expect(mapped.contact.source).toBe('cinc');
    expect(mapped.contact.mediainfo_set).toEqual([
      { type: 2, value: '5125550101' },
      { type: 3, value: '5125550131' },
      { type: 1, value: '5125550141' },
      { type: 4, value: 'jane@example.com' },
    ]);
    expect(mapped.contact.notes).toEqual([{ api_note_id: 'cinc:note:N-1', text: 'Wants a pool' }]);
  });

  it('reads a sparse lead: nulls, missing blocks, a numeric id and postal_or_zip', () => {
    const contact = cincToContact(
      parsed({
        id: 2002,
        info: {
          contact: {
            first_name: 'Walter',
            last_name: null,
            email: null,
            phone_numbers: null,
            mailing_address: { street: '77 Congress Ave', postal_or_zip: '78701' },
          },
          status: null,
        },
        assigned_agents: null,
      }),
    );
    expect(contact.ref.id).toBe('2002');
    expect(contact).toMatchObject({
      firstName: 'Walter',
      lastName: '',
      zip: '78701',
      phones: [],
      emails: [],
      misc: {},
    });
    // No phone and no email: Mojo could not dial or match it, so it is excluded with a reason.
    const mapped = toMojo(contact);
    expect(mapped.ok).toBe(false);
  });

  it('says buyer or seller alone, and leaves out prices that are not prices', () => {
    const buyer = cincToContact(parsed({ id: 'b', info: { is_buyer: true, buyer: { median_price: 0 } } }));
    expect(buyer.misc).toEqual({ 'Lead Type': 'Buyer' });
    const seller = cincToContact(
      parsed({ id: 's', info: { is_seller: true, seller: { estimated_value: 'about 500k' } } }),
    );
    expect(seller.misc).toEqual({ 'Lead Type': 'Seller', 'Seller Home Value': 'about 500k' });
  });

  it('keeps markup in names as text', () => {
    const contact = cincToContact(
      parsed({
        id: 'm',
        info: { contact: { first_name: 'Mallory', last_name: '<img src=x onerror=alert(1)>' } },
      }),
    );
    expect(contact.lastName).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('parseCincLead', () => {
  it('reports a malformed lead with its id and the fields at fault, never throwing', () => {
    const result = parseCincLead({ id: 'L-9', info: { contact: { first_name: 42, email: ['x'] } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.id).toBe('L-9');
    expect(result.reason).toContain('id L-9');
    expect(result.reason).toContain('info.contact.first_name');
    expect(parseCincLead('nonsense')).toMatchObject({ ok: false, id: '?' });
    expect(parseCincLead({ info: {} })).toMatchObject({ ok: false });
  });
});

describe('notes and agents', () => {
  it('keeps notes with an id and leaves out those without one', () => {
    expect(
      parseCincNotes([{ id: 'N-1', content: 'a' }, { content: 'no id' }, { id: 7, content: 'b' }, 'x']),
    ).toEqual([
      { id: 'N-1', content: 'a' },
      { id: '7', content: 'b' },
    ]);
    expect(cincNoteId('N-1')).toBe('cinc:note:N-1');
  });

  it('an empty note is not sent', () => {
    const contact = cincToContact(parsed({ id: 'x' }), { notes: [{ id: 'N-2', content: '  ' }] });
    expect(contact.notes).toEqual([]);
  });

  it('names an agent by name, else first and last name', () => {
    expect(agentName(CincAgent.parse({ id: 'A-1', name: ' Pat Smith ' }))).toBe('Pat Smith');
    expect(agentName(CincAgent.parse({ id: 'A-2', first_name: 'Morgan', last_name: 'Lee' }))).toBe(
      'Morgan Lee',
    );
    expect(agentName(CincAgent.parse({ id: 'A-3' }))).toBe('');
  });
});
