/**
 * The user's rules and settings (options page), one versioned document in extension storage.
 * Every read goes through `migrateRules`: an older copy is upgraded, a damaged one falls back to
 * the defaults (and says so in the activity log) instead of breaking the extension.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_RULES, migrateRules, type Rules } from '../core/rules/model';
import { logActivity } from './activity';

export type Settings = Rules;
export const DEFAULT_SETTINGS: Settings = DEFAULT_RULES;

const rulesItem = storage.defineItem<unknown>('local:rules', { fallback: null });

export async function readSettings(): Promise<Settings> {
  const raw = await rulesItem.getValue();
  if (raw === null) return DEFAULT_SETTINGS;
  const migrated = migrateRules(raw);
  if (migrated.ok) return migrated.rules;
  logActivity('error', 'The saved settings could not be read; the defaults are in use', migrated.reason);
  return DEFAULT_SETTINGS;
}

/** Validate and save; a value that does not validate is refused, leaving the saved one as it was. */
export async function writeSettings(
  next: unknown,
): Promise<{ ok: true; rules: Rules } | { ok: false; reason: string }> {
  const migrated = migrateRules(next);
  if (!migrated.ok) return migrated;
  await rulesItem.setValue(migrated.rules);
  return migrated;
}

/** The storage key other contexts listen on to see changes at once. */
export const SETTINGS_KEY = 'rules';

/** Call back whenever the rules change (here or in another tab); returns the unwatch. */
export function watchSettings(onChange: () => void): () => void {
  return rulesItem.watch(() => onChange());
}
