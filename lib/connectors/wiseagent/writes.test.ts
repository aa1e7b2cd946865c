import { describe, expect, it } from 'vitest';
import type { ContactPatch } from '../../core/two-way';
import { parseWiseAgentRecord, type WiseAgentRecord, wiseAgentToContact } from './contact';
import { formatArizona } from './time';
import {
  callReason,
  callTypeFor,
  EMPTY_RECORD,
  nextContactAt,
  noteHasMarker,
  noteText,
  patchOfDraft,
  splitAddress,
  wiseAgentContactUrl,
  wiseAgentPatchFields,
} from './writes';

function record(fields: Record<string, unknown>): WiseAgentRecord {
  const parsed = parseWiseAgentRecord({ ClientID: 4100001, CFirst: 'Jane', CLast: 'Cooper', ...fields });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.record;
}

const JANE = record({
  CEmail: 'jane.cooper@example.com',
  MobilePhone: '(512) 555-0131',
  PreferredPhone: '(512) 555-0131',
  AddressNumber: '1200',
  AddressStreet: 'Barton Springs Rd',
  SuiteNo: '4',
  City: 'Austin',
  State: '',
  zip: '78704',
});

const patch = (p: Partial<ContactPatch>): ContactPatch => ({ set: {}, addPhones: [], addEmails: [], ...p });

describe('splitAddress: one Mojo line → AddressNumber, AddressStreet, SuiteNo', () => {
  it.each([
    [
      '1200 Barton Springs Rd Ste 4',
      { AddressNumber: '1200', AddressStreet: 'Barton Springs Rd', SuiteNo: '4' },
    ],
    [
      '300 Cypress Creek Rd Apt 12B',
      { AddressNumber: '300', AddressStreet: 'Cypress Creek Rd', SuiteNo: 'Apt 12B' },
    ],
    ['400 Oak Ave, #12', { AddressNumber: '400', AddressStreet: 'Oak Ave', SuiteNo: '#12' }],
    [
      '123-45 Queens Blvd Unit C',
      { AddressNumber: '123-45', AddressStreet: 'Queens Blvd', SuiteNo: 'Unit C' },
    ],
    ['12B  Main   St', { AddressNumber: '12B', AddressStreet: 'Main St', SuiteNo: '' }],
    // Street names that look like a unit designator are streets.
    ['12 Lot Rd', { AddressNumber: '12', AddressStreet: 'Lot Rd', SuiteNo: '' }],
    ['9 Floor St', { AddressNumber: '9', AddressStreet: 'Floor St', SuiteNo: '' }],
    ['PO Box 55', { AddressNumber: '', AddressStreet: 'PO Box 55', SuiteNo: '' }],
    ['Oak Ave', { AddressNumber: '', AddressStreet: 'Oak Ave', SuiteNo: '' }],
    ['', { AddressNumber: '', AddressStreet: '', SuiteNo: '' }],
  ])('%j', (line, parts) => {
    expect(splitAddress(line)).toEqual(parts);
  });

  it('reads back as the same line through the reader (no rewrite on the next round)', () => {
    for (const line of [
      '1200 Barton Springs Rd Ste 4',
      '300 Cypress Creek Rd Apt 12B',
      '400 Oak Ave #12',
      '77 Rainey St',
      'Oak Ave',
    ]) {
      const back = wiseAgentToContact(record({ ...splitAddress(line) }));
      expect(back.address).toBe(line);
    }
  });
});

describe('wiseAgentPatchFields under each update policy', () => {
  it('overwrite writes what differs, never a blank, never what the contact already holds', () => {
    const edit = patch({
      set: { city: 'Round Rock', zip: '', firstName: 'Jane', address: '1200 Barton Springs Rd Ste 4' },
    });
    expect(wiseAgentPatchFields(JANE, edit, 'overwrite')).toEqual({
      fields: { City: 'Round Rock' },
      skipped: [],
    });
  });

  it('add-only fills only empty fields', () => {
    const edit = patch({ set: { city: 'Round Rock', state: 'TX', lastName: 'Smith' } });
    expect(wiseAgentPatchFields(JANE, edit, 'add_only').fields).toEqual({ State: 'TX' });
    const bare = record({ CLast: 'Cooper' });
    expect(
      wiseAgentPatchFields(bare, patch({ set: { address: '5 Elm St Apt 3' } }), 'add_only').fields,
    ).toEqual({ AddressNumber: '5', AddressStreet: 'Elm St', SuiteNo: 'Apt 3' });
    // An address already there is not half-replaced.
    expect(wiseAgentPatchFields(JANE, patch({ set: { address: '5 Elm St' } }), 'add_only').fields).toEqual(
      {},
    );
  });

  it('do-not-update writes nothing at all, phones and emails included', () => {
    const edit = patch({
      set: { city: 'Round Rock' },
      addPhones: [{ kind: 'home', raw: '5125550199' }],
      addEmails: ['x@example.com'],
    });
    expect(wiseAgentPatchFields(JANE, edit, 'do_not_update')).toEqual({ fields: {}, skipped: [] });
  });

  it('a new address replaces all its parts: an old suite does not hang off a new street', () => {
    expect(wiseAgentPatchFields(JANE, patch({ set: { address: '4801 Burnet Rd' } })).fields).toEqual({
      AddressNumber: '4801',
      AddressStreet: 'Burnet Rd',
      SuiteNo: '',
    });
    // Only the parts that change are sent.
    expect(
      wiseAgentPatchFields(JANE, patch({ set: { address: '1200 Barton Springs Rd Ste 9' } })).fields,
    ).toEqual({ SuiteNo: '9' });
  });

  it('a zip sent as a number (leading zero lost) is the same zip', () => {
    const boston = record({ zip: 2134 });
    expect(wiseAgentPatchFields(boston, patch({ set: { zip: '02134' } })).fields).toEqual({});
  });

  it('phones go into their own empty slot, then any empty one; numbers held in any format are skipped', () => {
    const edit = patch({
      addPhones: [
        { kind: 'home', raw: '512-555-0199' },
        { kind: 'mobile', raw: '+1 512 555 0131' }, // Jane's mobile already
        { kind: 'mobile', raw: '5125550177' }, // the mobile slot is taken: the work slot is free
        { kind: 'other', raw: '5125550166' }, // no slot left
      ],
    });
    expect(wiseAgentPatchFields(JANE, edit)).toEqual({
      fields: { HomePhone: '512-555-0199', WorkPhone: '5125550177' },
      skipped: ['No empty phone field for 5125550166'],
    });
  });

  it('the preferred number counts as held', () => {
    const marcus = record({ PreferredPhone: '512-555-0199' });
    expect(
      wiseAgentPatchFields(marcus, patch({ addPhones: [{ kind: 'home', raw: '5125550199' }] })).fields,
    ).toEqual({});
  });

  it('one email: into an empty CEmail only; the rest are reported, a held one (any case) is quiet', () => {
    expect(
      wiseAgentPatchFields(record({}), patch({ addEmails: ['new@example.com', 'second@example.com'] })),
    ).toEqual({
      fields: { CEmail: 'new@example.com' },
      skipped: ['Wise Agent keeps one email (new@example.com); second@example.com was not added'],
    });
    expect(wiseAgentPatchFields(JANE, patch({ addEmails: ['JANE.COOPER@example.com'] }))).toEqual({
      fields: {},
      skipped: [],
    });
    expect(wiseAgentPatchFields(JANE, patch({ addEmails: ['jc@example.com'] })).skipped).toEqual([
      'Wise Agent keeps one email (jane.cooper@example.com); jc@example.com was not added',
    ]);
  });

  it('a whole contact from Mojo as the fields of a new contact', () => {
    const draft = {
      firstName: 'Dana',
      lastName: 'Reyes',
      fullName: 'Dana Reyes',
      address: '400 Oak Ave',
      city: 'Austin',
      state: 'TX',
      zip: '78702',
      country: '',
      phones: [{ kind: 'mobile' as const, raw: '5125550177' }],
      emails: ['dana@example.com'],
      notes: [],
      misc: {},
    };
    expect(wiseAgentPatchFields(EMPTY_RECORD, patchOfDraft(draft))).toEqual({
      fields: {
        CFirst: 'Dana',
        CLast: 'Reyes',
        AddressNumber: '400',
        AddressStreet: 'Oak Ave',
        City: 'Austin',
        State: 'TX',
        zip: '78702',
        MobilePhone: '5125550177',
        CEmail: 'dana@example.com',
      },
      skipped: [],
    });
  });
});

describe('notes carry the Mojo activity as their last line', () => {
  it('writes and finds the marker as a whole line', () => {
    const text = noteText('Call result: Contact\nDuration: 5 s\n', 'act-1');
    expect(text).toBe('Call result: Contact\nDuration: 5 s\n\nMojo activity act-1');
    expect(noteHasMarker(text, 'act-1')).toBe(true);
    // A longer id that starts the same is another activity.
    expect(noteHasMarker(noteText('x', 'act-10'), 'act-1')).toBe(false);
    expect(noteHasMarker('Mojo activity act-1 was mentioned here', 'act-1')).toBe(false);
  });

  it('finds it when Wise Agent gives the note back as HTML', () => {
    expect(noteHasMarker('Call result: Contact<br><br>Mojo activity act-1', 'act-1')).toBe(true);
    expect(noteHasMarker('<p>Call result</p><p>Mojo activity&nbsp;act-1</p>', 'act-1')).toBe(true);
  });
});

describe('the call list', () => {
  it('maps the Mojo event kind to a CallType; anything else is a call', () => {
    expect(callTypeFor('Follow-up call')).toBe('Call');
    expect(callTypeFor('Appointment')).toBe('Appointment');
    expect(callTypeFor('To-do')).toBe('To-Do');
    expect(callTypeFor('Call result: Contact\nWhen: …')).toBe('Call');
  });

  it('cuts the Reason to 100 characters and shows the cut', () => {
    const short = callReason('Follow-up call:  Call back\nabout the CMA');
    expect(short).toEqual({ text: 'Follow-up call: Call back about the CMA', truncated: false });
    expect(callReason('x'.repeat(100))).toEqual({ text: 'x'.repeat(100), truncated: false });
    const long = callReason(`Appointment: ${'y'.repeat(150)}`);
    expect(long.truncated).toBe(true);
    expect(long.text).toHaveLength(100);
    expect(long.text.endsWith('…')).toBe(true);
    expect(long.text.startsWith('Appointment: yyy')).toBe(true);
  });

  it('dates the entry in Arizona time, across UTC midnight too', () => {
    const evening = nextContactAt('2026-11-24T03:30:00Z', 0);
    expect(evening.dated).toBe(true);
    expect(formatArizona(evening.at)).toBe('2026-11-23 20:30');
    expect(formatArizona(nextContactAt('2026-11-24T16:00:00.000Z', 0).at)).toBe('2026-11-24 09:00');
    expect(formatArizona(nextContactAt('2026-07-01T06:59:00Z', 0).at)).toBe('2026-06-30 23:59');
  });

  it('an event without a date (or an unreadable one) is due now', () => {
    const now = Date.UTC(2026, 10, 21, 18, 0);
    expect(nextContactAt(null, now)).toEqual({ at: now, dated: false });
    expect(nextContactAt('soon', now)).toEqual({ at: now, dated: false });
  });
});

it('links to the contact page', () => {
  expect(wiseAgentContactUrl('4100001')).toBe(
    'https://thewiseagent.com/secure/client/summary?clientId=4100001',
  );
});
