import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableHash } from './hash';
import { displayName, MOJO_NOTE_MAX, normalizeEmail, splitName, toMojo } from './mapping';
import { Contact, type CrmRef, MojoContactInput, type PhoneKind } from './models';
import { TRUNCATION_MARKER } from './text';

const ref: CrmRef = { crm: 'zoho', module: 'Contacts', id: '4876876000000623001' };

function contact(fields: Partial<Omit<Contact, 'ref'>> & { ref?: CrmRef }): Contact {
  return Contact.parse({ ref, ...fields });
}

function mapped(c: Contact) {
  const result = toMojo(c);
  if (!result.ok) throw new Error(`expected ok, got excluded: ${result.excluded.reason}`);
  return result;
}

describe('toMojo', () => {
  it('maps a whole contact to the upsert shape of mojo-contract.md', () => {
    const result = toMojo(
      contact({
        firstName: ' Jane ',
        lastName: 'Doe',
        address: '12 Main St\nSuite 4',
        city: ' Austin ',
        state: 'TX',
        zip: '78701',
        country: 'USA',
        phones: [
          { kind: 'mobile', raw: '(512) 555-0101' },
          { kind: 'work', raw: '+1 512 555 0102' },
        ],
        emails: ['Jane@Example.com'],
        notes: [{ id: 'zoho:note:991', text: 'Met at open house' }],
        misc: { 'Lead Source': 'Zillow', Status: 'Hot Lead', Owner: '' },
      }),
    );
    expect(result).toEqual({
      ok: true,
      warnings: [],
      contact: {
        api_contact_id: 'zoho:Contacts:4876876000000623001',
        source: 'zoho',
        full_name: 'Jane Doe',
        first_name: 'Jane',
        last_name: 'Doe',
        address: '12 Main St Suite 4',
        city: 'Austin',
        state: 'TX',
        zip: '78701',
        mediainfo_set: [
          { type: 2, value: '5125550101' },
          { type: 1, value: '5125550102' },
          { type: 4, value: 'jane@example.com' },
        ],
        notes: [{ api_note_id: 'zoho:note:991', text: 'Met at open house' }],
        misc: { 'Lead Source': 'Zillow', Status: 'Hot Lead' },
      },
    });
    if (result.ok) expect(MojoContactInput.safeParse(result.contact).success).toBe(true);
  });

  describe('names', () => {
    it.each([
      [
        { firstName: 'Jane', lastName: 'Doe' },
        { first: 'Jane', last: 'Doe', full: 'Jane Doe' },
      ],
      [
        { firstName: '  Jane  ', lastName: ' van  der   Berg ' },
        { first: 'Jane', last: 'van der Berg', full: 'Jane van der Berg' },
      ],
      [{ fullName: 'Mary Ann Lee' }, { first: 'Mary', last: 'Ann Lee', full: 'Mary Ann Lee' }],
      [{ fullName: '  Cher ' }, { first: 'Cher', last: '', full: 'Cher' }],
      [{ lastName: 'Doe' }, { first: '', last: 'Doe', full: 'Doe' }],
      [{ firstName: 'Jane' }, { first: 'Jane', last: '', full: 'Jane' }],
      [
        { firstName: 'Jane', lastName: 'Doe', fullName: 'Dr. Jane Doe' },
        { first: 'Jane', last: 'Doe', full: 'Dr. Jane Doe' },
      ],
      [
        { lastName: 'Doe', fullName: 'Jane Doe' },
        { first: '', last: 'Doe', full: 'Jane Doe' },
      ],
      [{ fullName: '山田 太郎' }, { first: '山田', last: '太郎', full: '山田 太郎' }],
    ])('%j → %j', (names, expected) => {
      expect(splitName({ firstName: '', lastName: '', fullName: '', ...names })).toEqual(expected);
      const out = mapped(contact({ ...names, phones: [{ kind: 'mobile', raw: '5125550101' }] })).contact;
      expect([out.first_name, out.last_name, out.full_name]).toEqual([
        expected.first,
        expected.last,
        expected.full,
      ]);
    });

    it('passes markup through as text, unchanged (the UI renders it, nobody interprets it)', () => {
      const markup = '<img src=x onerror=alert(1)>';
      const out = mapped(contact({ fullName: markup, emails: ['a@example.com'] })).contact;
      expect(out.full_name).toBe(markup);
      expect(`${out.first_name} ${out.last_name}`).toBe(markup);
    });

    it('keeps accents, emoji and non-Latin scripts intact', () => {
      const out = mapped(
        contact({ firstName: 'Zoë', lastName: 'Ångström 🏡', emails: ['zoe@example.com'] }),
      ).contact;
      expect(out.full_name).toBe('Zoë Ångström 🏡');
      expect(out.last_name).toBe('Ångström 🏡');
      const yamada = mapped(
        contact({ lastName: '山田', firstName: '太郎', emails: ['t@example.jp'] }),
      ).contact;
      expect(yamada.full_name).toBe('太郎 山田');
    });
  });

  describe('phones', () => {
    it('uses Mojo media types for each kind', () => {
      const kinds: [PhoneKind, string, number][] = [
        ['work', '512-555-0101', 1],
        ['mobile', '512-555-0102', 2],
        ['home', '512-555-0103', 3],
        ['other', '512-555-0104', 5],
      ];
      const out = mapped(
        contact({ fullName: 'A B', phones: kinds.map(([kind, raw]) => ({ kind, raw })) }),
      ).contact;
      expect(out.mediainfo_set).toEqual(
        kinds.map(([, raw, type]) => ({ type, value: raw.replaceAll('-', '') })),
      );
    });

    it('sends a number once, as the kind it was first listed as', () => {
      const out = mapped(
        contact({
          fullName: 'A B',
          phones: [
            { kind: 'home', raw: '(512) 555-0101' },
            { kind: 'mobile', raw: '+1 512.555.0101' },
            { kind: 'work', raw: '512 555 0101 x9' },
          ],
        }),
      );
      expect(out.contact.mediainfo_set).toEqual([{ type: 3, value: '5125550101' }]);
      expect(out.warnings).toEqual([]);
    });

    it('skips an invalid phone with a warning and keeps the contact', () => {
      const out = mapped(
        contact({
          fullName: 'A B',
          phones: [
            { kind: 'work', raw: '555-01' },
            { kind: 'mobile', raw: '512-555-0101' },
            { kind: 'home', raw: '   ' },
          ],
        }),
      );
      expect(out.contact.mediainfo_set).toEqual([{ type: 2, value: '5125550101' }]);
      expect(out.warnings).toEqual(["Phone skipped: '555-01' is not a complete phone number"]);
    });

    it('sends foreign numbers with their country code and says when an extension was dropped', () => {
      const out = mapped(
        contact({
          fullName: 'A B',
          phones: [
            { kind: 'work', raw: '+44 20 7946 0958' },
            { kind: 'mobile', raw: '5125550101 x23' },
          ],
        }),
      );
      expect(out.contact.mediainfo_set).toEqual([
        { type: 1, value: '442079460958' },
        { type: 2, value: '5125550101' },
      ]);
      expect(out.warnings).toEqual([
        "Phone '5125550101 x23' was sent without its extension 23 (Mojo has no place for it)",
      ]);
    });
  });

  describe('emails', () => {
    it('lowercases, trims and dedupes; invalid ones become warnings', () => {
      const out = mapped(
        contact({
          fullName: 'A B',
          emails: [' Jane@Example.COM ', 'jane@example.com', 'N/A', 'jane@', '', 'zoë@exämple.de'],
        }),
      );
      expect(out.contact.mediainfo_set).toEqual([
        { type: 4, value: 'jane@example.com' },
        { type: 4, value: 'zoë@exämple.de' },
      ]);
      expect(out.warnings).toEqual([
        "Email skipped: 'N/A' is not a valid email address",
        "Email skipped: 'jane@' is not a valid email address",
      ]);
    });

    it.each([
      ['a@b.co', 'a@b.co'],
      ['first.last+tag@sub.example.org', 'first.last+tag@sub.example.org'],
      ['x@xn--bcher-kva.example', 'x@xn--bcher-kva.example'],
      ['Jane Doe <jane@example.com>', null],
      ['two@a.com, three@b.com', null],
      ['a@@b.com', null],
      ['@b.com', null],
      ['a@b', null],
      ['a@b.c', null],
      ['a@-b.com', null],
      ['.a@b.com', null],
      ['a..b@c.com', null],
      ['a@b..com', null],
      ['a@b.123', null],
      [`${'a'.repeat(65)}@b.com`, null],
    ])('normalizeEmail(%j) → %j', (raw, expected) => {
      expect(normalizeEmail(raw)).toBe(expected);
    });
  });

  describe('notes', () => {
    it(`cuts a note to ${MOJO_NOTE_MAX} characters with a marker and a warning`, () => {
      const long = 'a'.repeat(MOJO_NOTE_MAX + 1);
      const out = mapped(contact({ fullName: 'A B', emails: ['a@b.co'], notes: [{ id: 'n1', text: long }] }));
      const text = out.contact.notes[0]?.text ?? '';
      expect(text.length).toBe(MOJO_NOTE_MAX);
      expect(text.endsWith(TRUNCATION_MARKER)).toBe(true);
      expect(text.startsWith('a'.repeat(MOJO_NOTE_MAX - TRUNCATION_MARKER.length))).toBe(true);
      expect(out.warnings).toEqual(['A note was longer than 10,000 characters and was shortened']);
    });

    it('leaves a note at the limit alone and never splits an emoji', () => {
      const exact = 'b'.repeat(MOJO_NOTE_MAX);
      const emoji = '🏡'.repeat(MOJO_NOTE_MAX);
      const out = mapped(
        contact({
          fullName: 'A B',
          emails: ['a@b.co'],
          notes: [
            { id: 'n1', text: exact },
            { id: 'n2', text: emoji },
          ],
        }),
      );
      expect(out.contact.notes[0]?.text).toBe(exact);
      const cut = out.contact.notes[1]?.text ?? '';
      expect(cut.length).toBeLessThanOrEqual(MOJO_NOTE_MAX);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(cut.replace(TRUNCATION_MARKER, '')).toMatch(/^(?:🏡)+$/u);
    });

    it('drops blank notes and repeats of the same note id', () => {
      const out = mapped(
        contact({
          fullName: 'A B',
          emails: ['a@b.co'],
          notes: [
            { id: 'n1', text: '  first  ' },
            { id: 'n2', text: ' \n ' },
            { id: 'n1', text: 'again' },
          ],
        }),
      );
      expect(out.contact.notes).toEqual([{ api_note_id: 'n1', text: 'first' }]);
    });
  });

  describe('exclusions', () => {
    it('excludes a contact with no usable phone or email ("no key, no create")', () => {
      const c = contact({
        firstName: 'Jane',
        lastName: 'Doe',
        phones: [{ kind: 'mobile', raw: 'N/A' }],
        emails: ['none'],
      });
      expect(toMojo(c)).toEqual({
        ok: false,
        excluded: { ref, name: 'Jane Doe', reason: 'No phone or email to dial or match' },
      });
    });

    it('excludes a contact with no name, naming it by what it has', () => {
      expect(toMojo(contact({ firstName: '  ', emails: ['Jane@Example.com'] }))).toEqual({
        ok: false,
        excluded: { ref, name: 'Jane@Example.com', reason: 'No name' },
      });
    });
  });

  it('displayName falls back from name to email to phone to the record id', () => {
    expect(displayName(contact({ firstName: 'Jane', lastName: 'Doe' }))).toBe('Jane Doe');
    expect(displayName(contact({ emails: [' ', 'x@y.com'] }))).toBe('x@y.com');
    expect(displayName(contact({ phones: [{ kind: 'home', raw: '512 555 0101' }] }))).toBe('512 555 0101');
    expect(displayName(contact({}))).toBe('Contacts 4876876000000623001');
  });

  it('drops empty misc values and tidies labels', () => {
    const out = mapped(
      contact({
        fullName: 'A B',
        emails: ['a@b.co'],
        misc: { ' Lead  Source ': ' Zillow ', Status: '  ', '': 'x' },
      }),
    );
    expect(out.contact.misc).toEqual({ 'Lead Source': 'Zillow' });
  });
});

// ---- properties ----

const nanpDigits = fc
  .tuple(
    fc.integer({ min: 200, max: 999 }),
    fc.integer({ min: 200, max: 999 }),
    fc.integer({ min: 0, max: 9999 }),
  )
  .filter(([area, exchange]) => area % 100 !== 11 && exchange % 100 !== 11)
  .map(([a, e, l]) => `${a}${e}${String(l).padStart(4, '0')}`);
const goodPhone = fc.oneof(
  nanpDigits,
  nanpDigits.map((d) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`),
  nanpDigits.map((d) => `+1 ${d} x12`),
  fc.constantFrom('+44 20 7946 0958', '+39 06 1234 5678', '+81 3-1234-5678'),
);
const badPhone = fc.oneof(fc.constantFrom('', '  ', 'N/A', '555-01', 'call me', '123-456-7890'), fc.string());
const anyPhone = fc.record({
  kind: fc.constantFrom<PhoneKind>('work', 'mobile', 'home', 'other'),
  raw: fc.oneof(goodPhone, badPhone),
});
const goodEmail = fc.emailAddress();
const badEmail = fc.oneof(
  fc.constantFrom('', 'N/A', 'jane@', 'a b@c.com'),
  fc.string().filter((s) => !s.includes('@')),
);
const name = fc.oneof(
  fc.constant(''),
  fc.string(),
  fc.constantFrom('Zoë', 'Ångström 🏡', '山田 太郎', '<b>x</b>', '  a  b  '),
);
const text = fc.oneof(fc.constant(''), fc.string());
const ref$ = fc.record({
  crm: fc.constantFrom<CrmRef['crm']>('zoho', 'wiseagent', 'cinc'),
  module: fc.constantFrom('Contacts', 'Leads'),
  id: fc.stringMatching(/^\d{1,19}$/),
});

const contactArb = (phone: fc.Arbitrary<{ kind: PhoneKind; raw: string }>, email: fc.Arbitrary<string>) =>
  fc
    .record({
      ref: ref$,
      firstName: name,
      lastName: name,
      fullName: name,
      address: text,
      city: text,
      state: text,
      zip: text,
      country: text,
      phones: fc.array(phone, { maxLength: 5 }),
      emails: fc.array(email, { maxLength: 3 }),
      notes: fc.array(fc.record({ id: fc.string({ minLength: 1 }), text: fc.string() }), { maxLength: 3 }),
      misc: fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
    })
    .map((c) => Contact.parse(c));

const anyContact = contactArb(anyPhone, fc.oneof(goodEmail, badEmail));

describe('toMojo properties', () => {
  it('only ever sends phones as digits, with valid media types, and a valid upsert shape', () => {
    fc.assert(
      fc.property(anyContact, (c) => {
        const result = toMojo(c);
        if (!result.ok) return;
        expect(MojoContactInput.safeParse(result.contact).success).toBe(true);
        for (const media of result.contact.mediainfo_set) {
          if (media.type === 4) expect(media.value).toContain('@');
          else {
            expect([1, 2, 3, 5]).toContain(media.type);
            expect(media.value).toMatch(/^\d+$/);
          }
        }
        const values = result.contact.mediainfo_set.map((m) => m.value);
        expect(new Set(values).size).toBe(values.length);
        expect(result.contact.full_name).not.toBe('');
        expect(result.contact.full_name).toBe(result.contact.full_name.trim());
        for (const note of result.contact.notes) expect(note.text.length).toBeLessThanOrEqual(MOJO_NOTE_MAX);
      }),
      { numRuns: 500 },
    );
  });

  it('always excludes a contact with no usable phone or email', () => {
    const noKey = contactArb(
      fc.record({
        kind: fc.constantFrom<PhoneKind>('work', 'mobile'),
        raw: fc.constantFrom('', 'N/A', '555-01', 'x'),
      }),
      badEmail,
    );
    fc.assert(
      fc.property(noKey, (c) => {
        expect(toMojo(c)).toEqual({
          ok: false,
          excluded: { ref: c.ref, name: displayName(c), reason: 'No phone or email to dial or match' },
        });
      }),
    );
  });

  it('sends every contact that has a name and a usable phone or email', () => {
    const keyed = contactArb(
      fc.record({ kind: fc.constant<PhoneKind>('mobile'), raw: goodPhone }),
      goodEmail,
    ).filter((c) => c.phones.length + c.emails.length > 0 && splitName(c).full !== '');
    fc.assert(
      fc.property(keyed, (c) => {
        expect(toMojo(c).ok).toBe(true);
      }),
    );
  });

  it('is deterministic: equal contacts give equal output and equal fingerprints', () => {
    fc.assert(
      fc.property(anyContact, (c) => {
        const copy = structuredClone(c);
        expect(toMojo(copy)).toEqual(toMojo(c));
        expect(stableHash(toMojo(copy))).toBe(stableHash(toMojo(c)));
      }),
      { numRuns: 300 },
    );
  });

  it('sends each phone number once, as the first kind it was listed as', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: anyPhone.map((p) => p.kind), raw: nanpDigits }), { maxLength: 8 }),
        (phones) => {
          const doubled = [...phones, ...phones.map((p) => ({ ...p, kind: 'other' as const }))];
          const result = toMojo(contact({ fullName: 'A B', emails: ['a@b.co'], phones: doubled }));
          if (!result.ok) throw new Error('expected ok');
          const sent = result.contact.mediainfo_set.filter((m) => m.type !== 4);
          const firstKinds = new Map<string, PhoneKind>();
          for (const p of phones) if (!firstKinds.has(p.raw)) firstKinds.set(p.raw, p.kind);
          expect(sent.map((m) => m.value)).toEqual([...firstKinds.keys()]);
          const types = { work: 1, mobile: 2, home: 3, other: 5 } as const;
          expect(sent.map((m) => m.type)).toEqual([...firstKinds.values()].map((k) => types[k]));
        },
      ),
    );
  });
});
