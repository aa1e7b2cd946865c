import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMojo } from './mapping';
import { Contact } from './models';
import {
  callResultNote,
  eventTask,
  isEmptyPatch,
  mergePatches,
  patchFromMojoChanges,
  withoutEcho,
  writtenOf,
  writtenToMojo,
} from './two-way';

describe('patchFromMojoChanges', () => {
  it('turns field changes and added phones and emails into a patch', () => {
    const p = patchFromMojoChanges({
      city: { old: 'Austin', new: 'Round Rock' },
      mediainfo_set: {
        added: [
          { type: 2, value: '5125550199' },
          { type: 4, value: 'Jane.Doe@Example.com ' },
        ],
        removed: [{ type: 3, value: '5125550100' }],
      },
    });
    expect(p).toEqual({
      set: { city: 'Round Rock' },
      addPhones: [{ kind: 'mobile', raw: '5125550199' }],
      addEmails: ['jane.doe@example.com'],
    });
  });

  it('never erases: a blanked field in Mojo is not sent', () => {
    expect(
      isEmptyPatch(patchFromMojoChanges({ city: { old: 'Austin', new: '' }, zip: { old: '1', new: null } })),
    ).toBe(true);
  });

  it('never deletes: removed phones and emails are ignored', () => {
    const p = patchFromMojoChanges({ mediainfo_set: { added: [], removed: [{ type: 4, value: 'a@b.co' }] } });
    expect(isEmptyPatch(p)).toBe(true);
  });

  it('splits a full name, and explicit first/last names win', () => {
    expect(patchFromMojoChanges({ full_name: { old: 'J D', new: 'Mary Ann Smith' } }).set).toEqual({
      firstName: 'Mary Ann',
      lastName: 'Smith',
    });
    expect(
      patchFromMojoChanges({
        full_name: { old: '', new: 'Mary Smith' },
        first_name: { old: '', new: 'Maria' },
      }).set,
    ).toEqual({ firstName: 'Maria', lastName: 'Smith' });
  });

  it('ignores fields it does not know', () => {
    expect(isEmptyPatch(patchFromMojoChanges({ favourite_colour: { old: 'red', new: 'blue' } }))).toBe(true);
  });

  it('property: a blank new value never produces a set', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('first_name', 'last_name', 'address', 'city', 'state', 'zip', 'full_name'),
        fc.constantFrom('', '   ', null),
        (field, blank) => {
          expect(patchFromMojoChanges({ [field]: { old: 'x', new: blank } }).set).toEqual({});
        },
      ),
    );
  });
});

describe('echo guard', () => {
  it('drops values equal to what we last wrote, case and spacing aside', () => {
    const ours = writtenOf({
      set: { city: 'Round Rock' },
      addPhones: [{ kind: 'mobile', raw: '(512) 555-0199' }],
      addEmails: [],
    });
    const incoming = patchFromMojoChanges({
      city: { old: 'Austin', new: 'round  rock' },
      zip: { old: '78701', new: '78664' },
      mediainfo_set: { added: [{ type: 2, value: '5125550199' }], removed: [] },
    });
    expect(withoutEcho(incoming, ours)).toEqual({ set: { zip: '78664' }, addPhones: [], addEmails: [] });
  });

  it('keeps everything when nothing was written', () => {
    const p = patchFromMojoChanges({ city: { old: '', new: 'Austin' } });
    expect(withoutEcho(p, null)).toEqual(p);
  });
});

describe('mergePatches', () => {
  it('collapses queued changes: newer values win, additions accumulate once', () => {
    const a = {
      set: { city: 'Austin' },
      addPhones: [{ kind: 'mobile' as const, raw: '5125550101' }],
      addEmails: ['a@x.co'],
    };
    const b = {
      set: { city: 'Round Rock', zip: '78664' },
      addPhones: [{ kind: 'home' as const, raw: '(512) 555-0101' }],
      addEmails: ['a@x.co', 'b@x.co'],
    };
    expect(mergePatches(a, b)).toEqual({
      set: { city: 'Round Rock', zip: '78664' },
      addPhones: [{ kind: 'mobile', raw: '5125550101' }],
      addEmails: ['a@x.co', 'b@x.co'],
    });
  });
});

describe('callResultNote', () => {
  it('names the call result, then when, the number, duration, agent and notes', () => {
    const note = callResultNote(
      { result: 'Contact', phone: '5125550101', duration_s: 95, agent: 'Pat Smith', notes: 'Wants a CMA' },
      '2026-11-21T15:04:05Z',
      'America/Chicago',
    );
    expect(note.title).toBe('Mojo call: Contact');
    expect(note.body.split('\n')).toEqual([
      'Call result: Contact',
      'When: Nov 21, 2026, 9:04 AM CST',
      'Number dialled: (512) 555-0101',
      'Duration: 1 min 35 s',
      'Agent: Pat Smith',
      'Notes: Wants a CMA',
    ]);
  });

  it('leaves out what the call did not have', () => {
    const note = callResultNote(
      { result: 'No Answer', phone: '', duration_s: 0, agent: '', notes: ' ' },
      'not a date',
    );
    expect(note.body).toBe('Call result: No Answer\nWhen: not a date\nDuration: 0 s');
  });
});

describe('eventTask', () => {
  it('says what kind of event it was', () => {
    expect(
      eventTask({ kind: 'follow_up_call', title: ' Call back ', start: '2026-11-24T16:00:00Z', end: null }),
    ).toEqual({
      subject: 'Follow-up call: Call back',
      due: '2026-11-24T16:00:00Z',
      kindLabel: 'Follow-up call',
    });
  });
});

describe('writtenToMojo', () => {
  const ref = { crm: 'zoho', module: 'Contacts', id: '1' } as const;
  const sent = (phones: string[], emails: string[] = []) => {
    const mapped = toMojo(
      Contact.parse({
        ref,
        firstName: 'Ann',
        lastName: 'Lee',
        phones: phones.map((raw) => ({ kind: 'mobile', raw })),
        emails,
      }),
    );
    if (!mapped.ok) throw new Error('not mapped');
    return mapped.contact;
  };

  it('gives the same fingerprints from the digits toMojo made as from parsing them again', () => {
    const c = sent(
      [
        '(512) 555-0101',
        '+1 416 555 0199',
        '+44 20 7946 0958',
        '+39 06 1234 5678',
        '+49 30 901820',
        '+81 3-1234-5678',
        '+52 55 1234 5678',
        '512-555-0102 x 4',
        '555-1234',
      ],
      ['Ann@Example.com'],
    );
    expect(c.mediainfo_set.length).toBeGreaterThan(6);
    expect(writtenToMojo(c, 'digits')).toEqual(writtenToMojo(c, 'raw'));
    expect(Object.keys(writtenToMojo(c, 'digits'))).toEqual(Object.keys(writtenToMojo(c, 'raw')));
  });

  it('agrees with the parsing path for any number the mapping accepts', () => {
    const nanp = fc
      .tuple(
        fc.integer({ min: 200, max: 999 }),
        fc.integer({ min: 200, max: 999 }),
        fc.integer({ min: 0, max: 9999 }),
      )
      .map(([a, b, c]) => `(${a}) ${b}-${String(c).padStart(4, '0')}`);
    const international = fc
      .tuple(
        fc.constantFrom('+44 20', '+39 06', '+49 30', '+81 3', '+52 55', '+33 1', '+61 2', '+91 22'),
        fc.integer({ min: 1_000_000, max: 99_999_999 }),
      )
      .map(([prefix, n]) => `${prefix} ${n}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(nanp, international), { maxLength: 4 }), (phones) => {
        const c = sent(phones, ['a@example.com']);
        expect(writtenToMojo(c, 'digits')).toEqual(writtenToMojo(c, 'raw'));
      }),
    );
  });
});
