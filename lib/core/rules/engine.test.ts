import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../models';
import {
  applyPolicy,
  chooseLeadSource,
  contactByRules,
  effectiveDirection,
  identify,
  keysOf,
  passesFilter,
  resolveOwner,
  valueAt,
} from './engine';
import { DEFAULT_RULES, Direction, migrateRules, ObjectRules, UpdatePolicy } from './model';

const direction = fc.constantFrom(...Direction.options);

describe('direction precedence', () => {
  it('PUSH-only or PULL-only on the object supersedes every field; PUSH AND PULL honours the field', () => {
    fc.assert(
      fc.property(direction, direction, (object, field) => {
        const d = effectiveDirection(object, field);
        expect(d).toBe(object === 'both' ? field : object);
      }),
    );
  });
});

describe('valueAt', () => {
  it('reads names, dotted paths, lookups and lists as text', () => {
    const r = {
      Status: ' Hot ',
      info: { contact: { first_name: 'Jane' } },
      Owner: { id: '1', name: 'Pat' },
      Tags: ['a', 'b'],
    };
    expect(valueAt(r, 'Status')).toBe('Hot');
    expect(valueAt(r, 'info.contact.first_name')).toBe('Jane');
    expect(valueAt(r, 'Owner')).toBe('Pat');
    expect(valueAt(r, 'Tags')).toBe('a, b');
    expect(valueAt(r, 'Missing')).toBe('');
  });
});

describe('passesFilter', () => {
  const filter = (match: 'all' | 'any', conditions: ObjectRules['filter']['conditions']) => ({
    match,
    conditions,
  });

  it('lets everything through with no conditions', () => {
    expect(passesFilter({}, filter('all', []))).toEqual({ ok: true });
  });

  it('"Status = Customer" excludes other statuses with the reason, case-insensitively', () => {
    const f = filter('all', [{ field: 'Status', op: 'equals', value: 'Customer' }]);
    expect(passesFilter({ Status: 'customer' }, f)).toEqual({ ok: true });
    expect(passesFilter({ Status: 'Lead' }, f)).toEqual({
      ok: false,
      reason: 'Outside the import filter (needs: Status is Customer)',
    });
  });

  it('supports every operator', () => {
    const r = { Sync: 'true', Name: 'Jane Doe', Empty: '', Stage: 'Hot', Modified: '2026-11-01T10:00:00Z' };
    const ok = (op: ObjectRules['filter']['conditions'][number]) => passesFilter(r, filter('all', [op])).ok;
    expect(ok({ field: 'Sync', op: 'equals', value: 'TRUE' })).toBe(true);
    expect(ok({ field: 'Stage', op: 'not_equals', value: 'Cold' })).toBe(true);
    expect(ok({ field: 'Name', op: 'contains', value: 'doe' })).toBe(true);
    expect(ok({ field: 'Empty', op: 'is_empty', value: '' })).toBe(true);
    expect(ok({ field: 'Name', op: 'is_not_empty', value: '' })).toBe(true);
    expect(ok({ field: 'Stage', op: 'in_list', value: ['Warm', 'Hot'] })).toBe(true);
    expect(ok({ field: 'Modified', op: 'before', value: '2026-12-01' })).toBe(true);
    expect(ok({ field: 'Modified', op: 'after', value: '2026-12-01' })).toBe(false);
    expect(ok({ field: 'Name', op: 'after', value: '2026-12-01' })).toBe(false);
  });

  it('combines with AND or OR', () => {
    const conditions = [
      { field: 'Status', op: 'equals' as const, value: 'Customer' },
      { field: 'Sync', op: 'equals' as const, value: 'true' },
    ];
    expect(passesFilter({ Status: 'Lead', Sync: 'true' }, filter('all', conditions)).ok).toBe(false);
    expect(passesFilter({ Status: 'Lead', Sync: 'true' }, filter('any', conditions)).ok).toBe(true);
  });
});

describe('identify', () => {
  const mine = keysOf(['Jane@Example.com'], ['(512) 555-0101'], 'ext-1');
  const jane = { id: 'a', ...keysOf(['jane@example.com'], [], null) };
  const janeByPhone = { id: 'b', ...keysOf([], ['5125550101'], null) };
  const other = { id: 'c', ...keysOf(['x@example.com'], ['5125550199'], 'ext-9') };

  it('links on the first key that finds exactly one record', () => {
    expect(identify(mine, [jane, other], ['email', 'phone'])).toEqual({ kind: 'link', id: 'a', by: 'email' });
    expect(identify(mine, [janeByPhone, other], ['email', 'phone'])).toEqual({
      kind: 'link',
      id: 'b',
      by: 'phone',
    });
  });

  it('two candidates for a key is "needs review", never a guess', () => {
    expect(identify(mine, [jane, { ...jane, id: 'd' }], ['email'])).toEqual({
      kind: 'review',
      ids: ['a', 'd'],
      by: 'email',
    });
  });

  it('no match creates; no usable key at all is excluded', () => {
    expect(identify(mine, [other], ['email', 'phone', 'external_id'])).toEqual({ kind: 'create' });
    expect(identify(keysOf([], ['not a phone'], null), [jane], ['email', 'phone'])).toEqual({
      kind: 'no_key',
    });
    // A phone-only contact under email identification: nothing to match by email, so it is created.
    expect(identify(keysOf([], ['5125550101'], null), [janeByPhone], ['email'])).toEqual({ kind: 'create' });
  });

  it('is deterministic: the order of candidates never changes the answer', () => {
    const candidate = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd'),
      emails: fc.subarray(['jane@example.com', 'x@example.com']),
      phones: fc.subarray(['5125550101', '5125550199']),
      externalId: fc.constantFrom(null, 'ext-1', 'ext-9'),
    });
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 6 }),
        fc.subarray(['email', 'phone', 'external_id'] as const, { minLength: 1 }),
        (cands, order) => {
          const a = identify(mine, cands, [...order]);
          const b = identify(mine, [...cands].reverse(), [...order]);
          expect(b).toEqual(a);
        },
      ),
    );
  });
});

describe('applyPolicy', () => {
  const field = fc.constantFrom('City', 'Zip', 'Phone', 'Email');
  const value = fc.oneof(fc.constant(''), fc.constant('  '), fc.string({ maxLength: 8 }));
  const record = fc.dictionary(field, value);

  it('a blank never erases, under any policy', () => {
    fc.assert(
      fc.property(record, record, fc.constantFrom(...UpdatePolicy.options), (current, incoming, policy) => {
        const out = applyPolicy(current, incoming, policy);
        for (const v of Object.values(out)) expect(v.trim()).not.toBe('');
      }),
    );
  });

  it('"only add new information" never overwrites a non-empty value', () => {
    fc.assert(
      fc.property(record, record, (current, incoming) => {
        const out = applyPolicy(current, incoming, 'add_only');
        for (const f of Object.keys(out)) expect((current[f] ?? '').trim()).toBe('');
      }),
    );
  });

  it('"do not update" writes nothing; "overwrite" writes what differs', () => {
    expect(applyPolicy({ City: 'Austin' }, { City: 'Round Rock' }, 'do_not_update')).toEqual({});
    expect(
      applyPolicy({ City: 'Austin', Zip: '78701' }, { City: 'Round Rock', Zip: '78701' }, 'overwrite'),
    ).toEqual({
      City: 'Round Rock',
    });
  });
});

describe('resolveOwner', () => {
  const users = [
    { id: 'u1', email: 'Agent@Example.com' },
    { id: 'u2', email: 'other@example.com' },
  ];
  it('matches the agent by email, case-insensitively', () => {
    expect(resolveOwner('agent@example.COM', users, 'match_then_connecting_user', 'u9').ownerId).toBe('u1');
  });
  it('falls back to the connecting user, or to none, as chosen', () => {
    expect(resolveOwner('nobody@example.com', users, 'match_then_connecting_user', 'u9').ownerId).toBe('u9');
    expect(resolveOwner('nobody@example.com', users, 'match_then_none', 'u9').ownerId).toBeNull();
    expect(resolveOwner('agent@example.com', users, 'none', 'u9').ownerId).toBeNull();
  });
});

describe('chooseLeadSource', () => {
  it('matches trimmed and case-insensitively, creates where it can, else omits with a reason', () => {
    expect(chooseLeadSource(' zillow ', ['Zillow', 'Referral'], true, true)).toEqual({
      kind: 'match',
      name: 'Zillow',
    });
    expect(chooseLeadSource('Mojo Dialer', ['Zillow'], true, true)).toEqual({
      kind: 'create',
      name: 'Mojo Dialer',
    });
    expect(chooseLeadSource('Mojo Dialer', ['Zillow'], true, false).kind).toBe('omit');
    expect(chooseLeadSource('Mojo Dialer', ['Zillow'], false, true).kind).toBe('omit');
    expect(chooseLeadSource('', ['Zillow'], true, true)).toEqual({ kind: 'none' });
  });
});

describe('contactByRules', () => {
  const base: Contact = {
    ref: { crm: 'zoho', module: 'Contacts', id: '1' },
    firstName: 'Jane',
    lastName: 'Doe',
    fullName: '',
    address: '',
    city: 'Austin',
    state: '',
    zip: '',
    country: '',
    phones: [{ kind: 'mobile', raw: '5125550101' }],
    emails: ['jane@example.com'],
    notes: [],
    misc: { 'Lead Source': 'Zillow' },
  };
  const record = {
    First_Name: 'Jane',
    Last_Name: 'Doe',
    Other_Phone: '5125550177',
    Email: 'jane@example.com',
    Status: 'Hot',
  };

  it('keeps the connector mapping when the object has no rules', () => {
    expect(contactByRules(base, record, ObjectRules.parse({}))).toBe(base);
  });

  it('sends a mapped field, and nothing a PULL-only field rule holds', () => {
    const object = ObjectRules.parse({
      fields: [
        { crmField: 'First_Name', mojoField: 'first_name', direction: 'both' },
        { crmField: 'Last_Name', mojoField: 'last_name', direction: 'both' },
        { crmField: 'Other_Phone', mojoField: 'phone_mobile', direction: 'push' },
        { crmField: 'Email', mojoField: 'email', direction: 'pull' },
        { crmField: 'Status', mojoField: 'misc:Status', direction: 'both' },
      ],
    });
    const c = contactByRules(base, record, object);
    expect(c.phones).toEqual([{ kind: 'mobile', raw: '5125550177' }]);
    expect(c.emails).toEqual([]);
    expect(c.misc).toEqual({ Status: 'Hot' });
    expect(c.city).toBe('');
  });
});

describe('migrateRules', () => {
  it('accepts the current version and fills defaults', () => {
    const r = migrateRules({ version: 1, crms: { zoho: { recordType: 'Contacts' } } });
    expect(r.ok && r.rules.crms.zoho?.recordType).toBe('Contacts');
    expect(r.ok && r.rules.schedule.pollMinutes).toBe(5);
  });

  it('refuses wrong versions, bad types and non-settings with a reason', () => {
    expect(migrateRules({ version: 7 })).toEqual({
      ok: false,
      reason: 'These settings are from a newer Mojo Bridge (version 7). Update the extension first.',
    });
    expect(migrateRules({ hello: 1 }).ok).toBe(false);
    expect(migrateRules('nope').ok).toBe(false);
    const bad = migrateRules({ version: 1, schedule: { pollMinutes: 0 } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toContain('schedule.pollMinutes');
  });

  it('has defaults that change nothing', () => {
    expect(DEFAULT_RULES.crms).toEqual({});
    expect(DEFAULT_RULES.schedule).toEqual({ pollMinutes: 5, pushImmediately: true });
    expect(DEFAULT_RULES.advanced.concurrency.zoho).toBe(4);
    expect(DEFAULT_RULES.advanced.dialerUrlTemplate).toBe(
      '{base}/data-and-dialer?group={group}&view=power-dialer',
    );
  });
});
