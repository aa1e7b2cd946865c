import { describe, expect, it } from 'vitest';
import { identify, keysOf } from '../../core/rules/engine';
import type { ContactPatch } from '../../core/two-way';
import type { ContactDraft } from '../types';
import { type CincLead, parseCincLead } from './contact';
import {
  activityMarker,
  carriesMarker,
  cincCandidate,
  cincNewLeadWrite,
  cincPatchWrite,
  eventNoteContent,
  noteContent,
  patchOfDraft,
} from './writes';

function lead(raw: Record<string, unknown>): CincLead {
  const parsed = parseCincLead({ id: 'L-1', ...raw });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.lead;
}

const JANE = lead({
  username: 'jane@example.com',
  info: {
    contact: {
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'Jane@Example.com',
      phone_numbers: { cell_phone: '(512) 555-0101', home_phone: null },
      mailing_address: { street: '12 Main St', city: 'Austin', state: 'TX', zip: '' },
    },
  },
});

const patch = (p: Partial<ContactPatch>): ContactPatch => ({ set: {}, addPhones: [], addEmails: [], ...p });

describe('cincPatchWrite: a Mojo edit as a lead body', () => {
  it('overwrite writes only what differs, into info.contact and its mailing address', () => {
    const w = cincPatchWrite(JANE, patch({ set: { city: 'Round Rock', firstName: 'Jane', zip: '78664' } }));
    expect(w).toEqual({
      contact: { mailing_address: { city: 'Round Rock', zip: '78664' } },
      skipped: [],
    });
  });

  it('a blank never erases, under any policy', () => {
    for (const policy of ['overwrite', 'add_only'] as const) {
      const w = cincPatchWrite(JANE, patch({ set: { city: '', lastName: '   ', address: '' } }), policy);
      expect(w.contact).toBeNull();
    }
  });

  it('add-only fills empty fields only', () => {
    const w = cincPatchWrite(JANE, patch({ set: { city: 'Round Rock', zip: '78701' } }), 'add_only');
    expect(w.contact).toEqual({ mailing_address: { zip: '78701' } });
  });

  it('add-only does not write a zip over one kept as postal_or_zip', () => {
    const held = lead({ info: { contact: { mailing_address: { postal_or_zip: '78701' } } } });
    expect(cincPatchWrite(held, patch({ set: { zip: '78702' } }), 'add_only').contact).toBeNull();
  });

  it('do-not-update writes nothing at all', () => {
    const w = cincPatchWrite(
      JANE,
      patch({ set: { city: 'Round Rock' }, addPhones: [{ kind: 'home', raw: '5125550199' }] }),
      'do_not_update',
    );
    expect(w).toEqual({ contact: null, skipped: [] });
  });

  it('an added phone goes into its own empty slot, else another empty one; one held already is skipped', () => {
    const w = cincPatchWrite(
      JANE,
      patch({
        addPhones: [
          { kind: 'home', raw: '512-555-0199' },
          { kind: 'mobile', raw: '512 555 0177' }, // cell is taken: the next free slot
          { kind: 'other', raw: '+1 (512) 555-0101' }, // the cell number again
        ],
      }),
    );
    expect(w.contact).toEqual({ phone_numbers: { home_phone: '512-555-0199', work_phone: '512 555 0177' } });
    expect(w.skipped).toEqual([]);
  });

  it('a phone with no free slot is skipped and said so; office_phone is read, never written', () => {
    const full = lead({
      info: {
        contact: {
          phone_numbers: {
            cell_phone: '5125550101',
            home_phone: '5125550102',
            work_phone: '5125550103',
            office_phone: '5125550104',
          },
        },
      },
    });
    const w = cincPatchWrite(
      full,
      patch({
        addPhones: [
          { kind: 'other', raw: '5125550104' },
          { kind: 'mobile', raw: '5125550199' },
        ],
      }),
    );
    expect(w.contact).toBeNull();
    expect(w.skipped).toEqual(['CINC has no empty phone field for 5125550199; not added.']);
  });

  it("an existing lead's email is never sent, not even into an empty one (CINC cannot change it)", () => {
    const same = cincPatchWrite(JANE, patch({ addEmails: ['jane@example.com'] }));
    expect(same).toEqual({ contact: null, skipped: [] });
    const other = cincPatchWrite(JANE, patch({ addEmails: ['jane.doe@work.example'] }));
    expect(other.contact).toBeNull();
    expect(other.skipped).toEqual([
      "CINC does not let an existing lead's email be changed; jane.doe@work.example was not added.",
    ]);
    const none = lead({ info: { contact: { email: null } } });
    const added = cincPatchWrite(none, patch({ addEmails: ['A@Example.com', 'b@example.com'] }), 'add_only');
    expect(added.contact).toBeNull();
    expect(added.skipped).toHaveLength(2);
  });

  it('a new lead gets the first email; a second one is skipped and said so', () => {
    const w = cincPatchWrite(null, patch({ addEmails: ['A@Example.com', 'b@example.com'] }));
    expect(w.contact).toEqual({ email: 'a@example.com' });
    expect(w.skipped).toEqual([
      'CINC keeps one email per lead (a@example.com); b@example.com was not added.',
    ]);
  });

  it('a lead with no info at all gains everything', () => {
    const bare = lead({});
    const w = cincPatchWrite(bare, patch({ set: { firstName: 'Ann', lastName: 'Lee', state: 'TX' } }));
    expect(w.contact).toEqual({ first_name: 'Ann', last_name: 'Lee', mailing_address: { state: 'TX' } });
  });
});

const DANA: ContactDraft = {
  firstName: 'Dana',
  lastName: 'Reyes',
  fullName: 'Dana Reyes',
  address: '400 Oak Ave',
  city: 'Austin',
  state: 'TX',
  zip: '',
  country: '',
  phones: [
    { kind: 'mobile', raw: '5125550177' },
    { kind: 'work', raw: '5125550178' },
  ],
  emails: ['dana@example.com'],
  notes: [],
  misc: {},
};

describe('cincNewLeadWrite: a Mojo contact as a new lead', () => {
  it('writes every non-blank field, phones by kind, the first email', () => {
    expect(cincNewLeadWrite(DANA)).toEqual({
      contact: {
        first_name: 'Dana',
        last_name: 'Reyes',
        email: 'dana@example.com',
        phone_numbers: { cell_phone: '5125550177', work_phone: '5125550178' },
        mailing_address: { street: '400 Oak Ave', city: 'Austin', state: 'TX' },
      },
      skipped: [],
    });
  });

  it('a contact with only a full name keeps it as the last name', () => {
    const w = cincNewLeadWrite({ ...DANA, firstName: '', lastName: '', fullName: 'Dana R.' });
    expect(w.contact).toMatchObject({ last_name: 'Dana R.' });
    expect(w.contact?.first_name).toBeUndefined();
  });

  it('the draft as a patch sets every field and adds every phone and email', () => {
    expect(patchOfDraft(DANA)).toEqual({
      set: {
        firstName: 'Dana',
        lastName: 'Reyes',
        address: '400 Oak Ave',
        city: 'Austin',
        state: 'TX',
        zip: '',
      },
      addPhones: DANA.phones,
      addEmails: ['dana@example.com'],
    });
  });
});

describe('cincCandidate: identification among leads', () => {
  it('keys a lead by its email, an email-like username, and every phone slot', () => {
    const c = cincCandidate(
      lead({
        username: 'jane.login@example.com',
        info: {
          contact: {
            email: 'Jane@Example.com',
            phone_numbers: { cell_phone: '(512) 555-0101', office_phone: '512.555.0104' },
          },
        },
      }),
    );
    expect(c).toEqual({
      id: 'L-1',
      emails: ['jane.login@example.com', 'jane@example.com'],
      phones: ['5125550101', '5125550104'],
      externalId: null,
    });
  });

  it('a username that is not an email is not a key', () => {
    const c = cincCandidate(lead({ username: 'janedoe77', info: { contact: { email: null } } }));
    expect(c.emails).toEqual([]);
  });

  it('one match links, two are needs review, none creates', () => {
    const leads = [
      cincCandidate(lead({ id: 'L-1', info: { contact: { email: 'a@example.com' } } })),
      cincCandidate(lead({ id: 'L-2', info: { contact: { phone_numbers: { cell_phone: '5125550199' } } } })),
      cincCandidate(
        lead({ id: 'L-3', info: { contact: { phone_numbers: { home_phone: '512-555-0199' } } } }),
      ),
    ];
    expect(identify(keysOf(['A@example.com'], [], null), leads, ['email'])).toMatchObject({
      kind: 'link',
      id: 'L-1',
    });
    expect(identify(keysOf([], ['(512) 555-0199'], null), leads, ['phone'])).toEqual({
      kind: 'review',
      ids: ['L-2', 'L-3'],
      by: 'phone',
    });
    expect(identify(keysOf(['new@example.com'], [], null), leads, ['email', 'phone'])).toEqual({
      kind: 'create',
    });
  });
});

describe('notes', () => {
  it('a call result note: title, body, then the marker on its own line', () => {
    expect(noteContent('Mojo call: Contact', 'Call result: Contact\nDuration: 5 s', 'act-1')).toBe(
      'Mojo call: Contact\nCall result: Contact\nDuration: 5 s\n\nMojo activity act-1',
    );
    expect(noteContent('Note from Mojo', '  ', 'act-2')).toBe('Note from Mojo\n\nMojo activity act-2');
  });

  it('the marker check is exact: act-1 is not act-10', () => {
    const text = noteContent('t', 'b', 'act-10');
    expect(carriesMarker(text, 'act-10')).toBe(true);
    expect(carriesMarker(text, 'act-1')).toBe(false);
    expect(carriesMarker(`something\r\n${activityMarker('x')}\r\n`, 'x')).toBe(true);
  });

  it('an event is a note naming what is due and when', () => {
    expect(
      eventNoteContent({
        key: 'act-ev',
        subject: 'Follow-up call: Call back',
        due: '2026-11-24T16:00:00Z',
        kindLabel: 'Follow-up call',
      }),
    ).toBe('Follow-up call: Call back — due Nov 24, 2026, 4:00 PM UTC\n\nMojo activity act-ev');
    expect(eventNoteContent({ key: 'k', subject: 'To-do', due: null, kindLabel: 'To-do' })).toBe(
      'To-do\n\nMojo activity k',
    );
  });

  it('a call logged "as a task" keeps its whole text', () => {
    expect(
      eventNoteContent({
        key: 'k',
        subject: 'Mojo call: Voicemail',
        due: null,
        kindLabel: 'Call result: Voicemail\nDuration: 20 s',
      }),
    ).toBe('Mojo call: Voicemail\nCall result: Voicemail\nDuration: 20 s\n\nMojo activity k');
  });
});
