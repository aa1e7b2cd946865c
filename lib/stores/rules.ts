/**
 * The options page's copy of the rules document. A change is applied here at once (so the page
 * answers every click) and written through `writeSettings`, one write at a time, always the newest
 * document; the background watches the same storage item and follows at once. When another tab
 * (or an import) changes the stored document, this copy reloads — unless a write of ours is still
 * on its way, in which case ours lands last and is the one that counts.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { CrmId } from '../core/models';
import {
  type Advanced,
  type CrmRules,
  crmRules,
  migrateRules,
  type ObjectRules,
  objectRules,
  type Rules,
} from '../core/rules/model';
import type { CrmFields } from '../platform/protocol';
import { readSettings, watchSettings, writeSettings } from '../platform/settings';
import { type BackgroundClient, backgroundClient, unreachable } from './client';

/** Larger than any real settings document by far; a bigger file is not one of ours. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export const EXPORT_FILE_NAME = 'mojo-bridge-settings.json';

/** Where the document lives; injectable so the store is tested without a browser. */
export interface RulesStorage {
  read(): Promise<Rules>;
  /** Validates; a document that does not validate is refused and nothing changes. */
  write(next: unknown): Promise<{ ok: true; rules: Rules } | { ok: false; reason: string }>;
  /** Calls back whenever the stored document changes, from any context. Returns the unwatch. */
  watch(onChange: () => void): () => void;
}

export const settingsStorage: RulesStorage = {
  read: readSettings,
  write: writeSettings,
  // lib/platform/settings.ts has no watch of its own yet; this is the same item it reads and writes.
  watch: watchSettings,
};

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved' }
  | { status: 'error'; reason: string };

export type ImportState =
  | { status: 'idle' }
  | { status: 'importing' }
  | { status: 'imported' }
  | { status: 'error'; reason: string };

export type FieldsState =
  | { status: 'loading' }
  | ({ status: 'ready' } & CrmFields)
  | { status: 'error'; message: string };

export type ObjectPatch = Partial<ObjectRules>;
export type CrmPatch = Partial<Omit<CrmRules, 'objects'>>;

export interface RulesState {
  /** The document as this page has it (null until loaded). */
  rules: Rules | null;
  loadError: string | null;
  save: SaveState;
  importState: ImportState;
  /** The CRM's fields per `crm:object`, for the mapping table and the filter builder. */
  fields: Record<string, FieldsState>;

  load(): Promise<void>;
  /**
   * Apply a change and save it. Returns why the result is not valid (nothing is changed then),
   * or null when it is on its way to storage.
   */
  change(recipe: (rules: Rules) => Rules): string | null;
  setObject(crm: CrmId, object: string, patch: ObjectPatch): string | null;
  setCrm(crm: CrmId, patch: CrmPatch): string | null;
  setSchedule(patch: Partial<Rules['schedule']>): string | null;
  setAdvanced(patch: Partial<Advanced>): string | null;
  /** Resolves when every change made so far is written (or refused). */
  settled(): Promise<void>;
  /** The document as a settings file. */
  exportText(): string;
  importFile(file: Blob): Promise<void>;
  clearImport(): void;
  loadFields(crm: CrmId, object: string): Promise<void>;
  /** Reload when the stored document changes elsewhere; returns the stop. */
  follow(): () => void;
}

export type RulesClient = Pick<BackgroundClient, 'crmFields'>;
export type RulesStore = UseBoundStore<StoreApi<RulesState>>;

export const fieldsKey = (crm: CrmId, object: string) => `${crm}:${object}`;

const describe = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

export function createRulesStore(
  store: RulesStorage = settingsStorage,
  client: RulesClient = backgroundClient,
): RulesStore {
  /** A change made here that is not yet handed to storage. */
  let unwritten = false;
  let writing: Promise<void> | null = null;

  return create<RulesState>()((set, get) => {
    const writeAll = async (): Promise<void> => {
      while (unwritten) {
        unwritten = false;
        const doc = get().rules;
        if (doc === null) return;
        set({ save: { status: 'saving' } });
        let result: Awaited<ReturnType<RulesStorage['write']>>;
        try {
          result = await store.write(doc);
        } catch (cause) {
          result = { ok: false, reason: `Couldn't save: ${describe(cause)}` };
        }
        if (!result.ok) {
          set({ save: { status: 'error', reason: result.reason } });
          // Storage kept what it had: show that rather than a document that was never saved.
          if (!unwritten) await reload();
          return;
        }
      }
      set({ save: { status: 'saved' } });
    };

    const kick = (): void => {
      unwritten = true;
      writing ??= writeAll().finally(() => {
        writing = null;
        // A change that arrived while the last write was finishing.
        if (unwritten) kick();
      });
    };

    const reload = async (): Promise<void> => {
      try {
        const rules = await store.read();
        if (JSON.stringify(rules) !== JSON.stringify(get().rules)) set({ rules });
        set({ loadError: null });
      } catch (cause) {
        set({ loadError: `Couldn't read the settings: ${describe(cause)}` });
      }
    };

    const change = (recipe: (rules: Rules) => Rules): string | null => {
      const current = get().rules;
      if (current === null) return 'The settings are still loading.';
      // The recipe gets a copy: nothing it does can touch the document the page is showing.
      const next = migrateRules(recipe(structuredClone(current)));
      if (!next.ok) return next.reason;
      // "Settings imported" (or why not) was about the last import; this is a newer action.
      set({ rules: next.rules, importState: { status: 'idle' } });
      kick();
      return null;
    };

    return {
      rules: null,
      loadError: null,
      save: { status: 'idle' },
      importState: { status: 'idle' },
      fields: {},

      load: reload,

      change,

      setObject: (crm, object, patch) =>
        change((rules) => {
          const crmPart = crmRules(rules, crm);
          const objects = { ...crmPart.objects, [object]: { ...objectRules(rules, crm, object), ...patch } };
          return { ...rules, crms: { ...rules.crms, [crm]: { ...crmPart, objects } } };
        }),

      setCrm: (crm, patch) =>
        change((rules) => ({
          ...rules,
          crms: { ...rules.crms, [crm]: { ...crmRules(rules, crm), ...patch } },
        })),

      setSchedule: (patch) => change((rules) => ({ ...rules, schedule: { ...rules.schedule, ...patch } })),

      setAdvanced: (patch) => change((rules) => ({ ...rules, advanced: { ...rules.advanced, ...patch } })),

      async settled() {
        while (writing) await writing;
      },

      exportText() {
        return `${JSON.stringify(get().rules, null, 2)}\n`;
      },

      async importFile(file) {
        set({ importState: { status: 'importing' } });
        const refuse = (reason: string) => set({ importState: { status: 'error', reason } });
        if (file.size > MAX_IMPORT_BYTES) {
          refuse(
            'The file is larger than 1 MB, so it is not a Mojo Bridge settings file. Nothing was changed.',
          );
          return;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(await file.text());
        } catch (cause) {
          refuse(`The file is not JSON (${describe(cause)}). Nothing was changed.`);
          return;
        }
        // A change still being written would otherwise land after the import and undo part of it.
        await get().settled();
        let result: Awaited<ReturnType<RulesStorage['write']>>;
        try {
          result = await store.write(parsed);
        } catch (cause) {
          result = { ok: false, reason: `Couldn't save: ${describe(cause)}` };
        }
        if (!result.ok) {
          refuse(`${result.reason} Nothing was changed.`);
          return;
        }
        set({ rules: result.rules, importState: { status: 'imported' }, save: { status: 'saved' } });
      },

      clearImport() {
        set({ importState: { status: 'idle' } });
      },

      async loadFields(crm, object) {
        const key = fieldsKey(crm, object);
        const known = get().fields[key];
        if (known && known.status !== 'error') return;
        set((s) => ({ fields: { ...s.fields, [key]: { status: 'loading' } } }));
        let next: FieldsState;
        try {
          const answer = await client.crmFields({ crm, object });
          next = answer.ok
            ? { status: 'ready', ...answer.value }
            : { status: 'error', message: answer.error.message };
        } catch (cause) {
          next = { status: 'error', message: unreachable(cause).message };
        }
        set((s) => ({ fields: { ...s.fields, [key]: next } }));
      },

      follow() {
        return store.watch(() => {
          // Our own write coming back, or one that ours is about to replace: nothing to reload.
          if (unwritten || writing) return;
          void reload();
        });
      },
    };
  });
}

/** The options page's instance. */
export const useRules = createRulesStore();
