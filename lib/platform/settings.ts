/**
 * Non-secret settings, versioned so later releases can migrate them. Every read is validated;
 * a damaged value falls back to the defaults instead of breaking the extension.
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { DEFAULT_DIALER_URL_TEMPLATE } from '../connectors/mojo/dialer';

export const Settings = z.object({
  /** How often Mojo's activities are read (minutes); also on browser start and on Sync now. */
  pollMinutes: z.number().int().min(1).max(1440).default(5),
  /** What Send to CRM creates, for CRMs with several record types (Zoho: Leads or Contacts). */
  recordType: z.record(z.string(), z.string()).default({ zoho: 'Leads' }),
  dialerUrlTemplate: z.string().min(1).default(DEFAULT_DIALER_URL_TEMPLATE),
  /** Requests in flight per system. Zoho's edition limits start at 5: 4 leaves room for the user's own tabs. */
  concurrency: z
    .record(z.string(), z.number().int().min(1).max(20))
    .default({ mojo: 4, zoho: 4, wiseagent: 2, cinc: 2 }),
  /** Requests started per second per system: a ceiling against runaway loops. */
  perSecond: z
    .record(z.string(), z.number().int().min(1).max(100))
    .default({ mojo: 40, zoho: 40, wiseagent: 10, cinc: 10 }),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

const settingsItem = storage.defineItem<unknown>('local:settings', { fallback: null, version: 1 });

export async function readSettings(): Promise<Settings> {
  const parsed = Settings.safeParse((await settingsItem.getValue()) ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function writeSettings(next: Settings): Promise<void> {
  await settingsItem.setValue(Settings.parse(next));
}
