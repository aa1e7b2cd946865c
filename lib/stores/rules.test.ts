import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_RULES, migrateRules, type Rules } from '../core/rules/model';
import { createRulesStore, MAX_IMPORT_BYTES, type RulesClient, type RulesStorage } from './rules';

/** Storage as settings.ts behaves: validates on write, refuses bad input, tells watchers. */
function fakeStorage(initial: Rules = DEFAULT_RULES) {
  let stored: Rules = structuredClone(initial);
  const watchers = new Set<() => void>();
  const writes: unknown[] = [];
  let gate: Promise<void> | null = null;
  const storage: RulesStorage = {
    read: async () => structuredClone(stored),
    write: async (next) => {
      writes.push(next);
      if (gate) await gate;
      const migrated = migrateRules(next);
      if (!migrated.ok) return migrated;
      stored = migrated.rules;
      for (const w of watchers) w();
      return migrated;
    },
    watch: (fn) => {
      watchers.add(fn);
      return () => watchers.delete(fn);
    },
  };
  return {
    storage,
    writes,
    stored: () => stored,
    /** Another tab writes. */
    external(next: Rules) {
      stored = structuredClone(next);
      for (const w of watchers) w();
    },
    hold() {
      let release = () => {};
      gate = new Promise((r) => {
        release = r;
      });
      return () => {
        gate = null;
        release();
      };
    },
  };
}

const client: RulesClient = {
  crmFields: async () => ({
    ok: true,
    value: { fields: [{ apiName: 'Email', label: 'Email' }], source: 'crm' },
  }),
};

const file = (text: string) => new Blob([text], { type: 'application/json' });

describe('rules store', () => {
  it('applies a change at once and saves it', async () => {
    const fake = fakeStorage();
    const store = createRulesStore(fake.storage, client);
    await store.getState().load();
    expect(store.getState().setObject('zoho', 'Contacts', { policy: 'add_only' })).toBeNull();
    expect(store.getState().rules?.crms.zoho?.objects.Contacts?.policy).toBe('add_only');
    await store.getState().settled();
    expect(fake.stored().crms.zoho?.objects.Contacts?.policy).toBe('add_only');
    // The rest of the object is filled in with its defaults.
    expect(fake.stored().crms.zoho?.objects.Contacts?.identify).toEqual(['email']);
    expect(store.getState().save).toEqual({ status: 'saved' });
  });

  it('refuses an invalid change with the reason and keeps the document', async () => {
    const fake = fakeStorage();
    const store = createRulesStore(fake.storage, client);
    await store.getState().load();
    const reason = store.getState().setAdvanced({ dialerUrlTemplate: 'https://x/no-group' });
    expect(reason).toContain('{group}');
    expect(store.getState().rules?.advanced.dialerUrlTemplate).toBe(DEFAULT_RULES.advanced.dialerUrlTemplate);
    expect(fake.writes).toHaveLength(0);
  });

  it('writes one at a time and the newest document last', async () => {
    const fake = fakeStorage();
    const store = createRulesStore(fake.storage, client);
    await store.getState().load();
    const release = fake.hold();
    store.getState().setSchedule({ pollMinutes: 7 });
    store.getState().setSchedule({ pollMinutes: 8 });
    store.getState().setSchedule({ pollMinutes: 9 });
    release();
    await store.getState().settled();
    // The first write was in flight; the next two collapse into one write of the newest.
    expect(fake.writes).toHaveLength(2);
    expect(fake.stored().schedule.pollMinutes).toBe(9);
  });

  it('reloads when another tab saves, but not over a write of its own', async () => {
    const fake = fakeStorage();
    const store = createRulesStore(fake.storage, client);
    await store.getState().load();
    const stop = store.getState().follow();
    fake.external({ ...DEFAULT_RULES, schedule: { pollMinutes: 30, pushImmediately: false } });
    await vi.waitFor(() => expect(store.getState().rules?.schedule.pollMinutes).toBe(30));

    const release = fake.hold();
    store.getState().setSchedule({ pollMinutes: 2 });
    fake.external({ ...DEFAULT_RULES, schedule: { pollMinutes: 45, pushImmediately: true } });
    expect(store.getState().rules?.schedule.pollMinutes).toBe(2);
    release();
    await store.getState().settled();
    expect(fake.stored().schedule.pollMinutes).toBe(2);
    stop();
  });

  it('imports a good file and says so', async () => {
    const fake = fakeStorage();
    const store = createRulesStore(fake.storage, client);
    await store.getState().load();
    const doc = { ...DEFAULT_RULES, schedule: { pollMinutes: 12, pushImmediately: true } };
    await store.getState().importFile(file(JSON.stringify(doc)));
    expect(store.getState().importState).toEqual({ status: 'imported' });
    expect(fake.stored().schedule.pollMinutes).toBe(12);
    expect(store.getState().rules?.schedule.pollMinutes).toBe(12);
  });

  it.each([
    ['not JSON', '{"version": 1,', /not JSON/],
    ['a newer version', JSON.stringify({ version: 9 }), /newer Mojo Bridge \(version 9\)/],
    [
      'bad types',
      JSON.stringify({ version: 1, schedule: { pollMinutes: 'often' } }),
      /not valid at schedule\.pollMinutes/,
    ],
    ['no version', JSON.stringify({ crms: {} }), /no version/],
  ])('refuses %s with the reason and changes nothing', async (_, text, reason) => {
    const fake = fakeStorage();
    const store = createRulesStore(fake.storage, client);
    await store.getState().load();
    const before = JSON.stringify(fake.stored());
    await store.getState().importFile(file(text));
    const state = store.getState().importState;
    expect(state.status).toBe('error');
    expect(state.status === 'error' && state.reason).toMatch(reason);
    expect(state.status === 'error' && state.reason).toContain('Nothing was changed');
    expect(JSON.stringify(fake.stored())).toBe(before);
    expect(JSON.stringify(store.getState().rules)).toBe(before);
  });

  it('refuses a file over 1 MB without reading it', async () => {
    const fake = fakeStorage();
    const store = createRulesStore(fake.storage, client);
    await store.getState().load();
    await store.getState().importFile(file(' '.repeat(MAX_IMPORT_BYTES + 1)));
    const state = store.getState().importState;
    expect(state.status === 'error' && state.reason).toMatch(/larger than 1 MB/);
    expect(fake.writes).toHaveLength(0);
  });

  it('exports the document it shows', async () => {
    const fake = fakeStorage();
    const store = createRulesStore(fake.storage, client);
    await store.getState().load();
    store.getState().setCrm('zoho', { owner: 'none' });
    expect(JSON.parse(store.getState().exportText())).toEqual(store.getState().rules);
  });

  it('loads a CRM object’s fields once, and again after an error', async () => {
    const crmFields = vi
      .fn<RulesClient['crmFields']>()
      .mockResolvedValueOnce({ ok: false, error: { code: 'x', message: 'Zoho did not answer' } })
      .mockResolvedValue({ ok: true, value: { fields: [], source: 'documented' } });
    const store = createRulesStore(fakeStorage().storage, { crmFields });
    await store.getState().loadFields('zoho', 'Contacts');
    expect(store.getState().fields['zoho:Contacts']).toEqual({
      status: 'error',
      message: 'Zoho did not answer',
    });
    await store.getState().loadFields('zoho', 'Contacts');
    await store.getState().loadFields('zoho', 'Contacts');
    expect(crmFields).toHaveBeenCalledTimes(2);
    expect(store.getState().fields['zoho:Contacts']).toEqual({
      status: 'ready',
      fields: [],
      source: 'documented',
    });
  });
});
