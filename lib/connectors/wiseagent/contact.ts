/**
 * A Wise Agent contact (the `getContacts` / `getSingleContact` record, crm-facts.md) turned into the
 * product's `Contact`. Wise Agent's answers are loosely typed: ids and house numbers arrive as
 * numbers or strings, empty fields as "" or null, and `Categories` as JSON inside a string. Each
 * field is read leniently, and a record that still does not fit is reported on its own, never
 * stopping the rest of a page.
 *
 * Assumptions (not in the docs), kept here:
 * - `Notes` (or `notes`), when a record carries it, is the contact's free-text note: it becomes one
 *   Mojo note with a stable id, so sending the contact again never repeats it (like Zoho's Description).
 * - `PreferredPhone` is either a number (sent as 'other' when it differs from home, work and mobile)
 *   or the name of one of them ("Mobile", "Cell", "Home", "Work"); either way the preferred number
 *   goes first, so the dialer tries it first.
 * - A bare `SuiteNo` ("4") is written "Ste 4"; one that names its kind ("Apt 2B", "#12") is kept.
 */
import { z } from 'zod';
import type { Contact, Phone } from '../../core/models';
import { WISEAGENT_MODULE } from './refs';

/** Lives in refs.ts (zod-free, for the content script); re-exported for the connector's own code. */
export { WISEAGENT_MODULE };

/** ClientIDs are integers; JSON may carry them as numbers or strings. Only digits are trusted. */
export const ClientId = z
  .union([
    z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    z
      .string()
      .trim()
      .regex(/^\d{1,15}$/, 'not a ClientID'),
  ])
  .transform((value) => String(value));

/** A text field: string, number (house numbers, zips) or nothing; always a trimmed string after. */
const Text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? '' : String(value).trim()));

/** One category: a name, or `{name}` / `{Name}` as the JSON-in-a-string form has it. */
const CategoryItem = z.union([
  z.string(),
  z.looseObject({ name: z.string() }).transform((item) => item.name),
  z.looseObject({ Name: z.string() }).transform((item) => item.Name),
]);

/** Categories: JSON inside a string (`[{"name":"Buyer"}]`), a real array, or a `;`/`,` list. */
const Categories = z
  .union([z.string(), z.array(CategoryItem)])
  .nullish()
  .transform((value): string[] => {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) return categoryNames(value);
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        const parsed = z.array(CategoryItem).safeParse(JSON.parse(text));
        if (parsed.success) return categoryNames(parsed.data);
      } catch {
        // Not JSON after all: read it as a list below rather than lose the contact over it.
      }
    }
    return text
      .split(/[;,]/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  });

function categoryNames(items: readonly string[]): string[] {
  return items.map((name) => name.trim()).filter((name) => name !== '');
}

export const WiseAgentRecord = z.looseObject({
  ClientID: ClientId,
  CFirst: Text,
  CLast: Text,
  CEmail: Text,
  HomePhone: Text,
  MobilePhone: Text,
  WorkPhone: Text,
  PreferredPhone: Text,
  AddressNumber: Text,
  AddressStreet: Text,
  SuiteNo: Text,
  City: Text,
  State: Text,
  zip: Text,
  Zip: Text,
  Country: Text,
  country: Text,
  Source: Text,
  Status: Text,
  Rank: Text,
  Categories,
  ContactUrl: Text,
  Notes: Text,
  notes: Text,
});
export type WiseAgentRecord = z.infer<typeof WiseAgentRecord>;

export type ParsedWiseAgentRecord = { ok: true; record: WiseAgentRecord } | { ok: false; reason: string };

/** The id a raw record claims, for reporting only. */
export function claimedClientId(raw: unknown): string | null {
  const parsed = z.looseObject({ ClientID: z.union([z.string(), z.number()]) }).safeParse(raw);
  return parsed.success ? String(parsed.data.ClientID).slice(0, 64) : null;
}

/** Validate one record; a bad one becomes a reason, not an exception. */
export function parseWiseAgentRecord(raw: unknown): ParsedWiseAgentRecord {
  const parsed = WiseAgentRecord.safeParse(raw);
  if (parsed.success) return { ok: true, record: parsed.data };
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'record'}: ${issue.message}`)
    .join('; ');
  const id = claimedClientId(raw);
  return {
    ok: false,
    reason: `Wise Agent sent a contact we could not read${id ? ` (ClientID ${id})` : ''}: ${problems}`,
  };
}

/** The note id for a contact's Notes field: stable, so sending the contact again never repeats it. */
export function wiseAgentNotesNoteId(clientId: string): string {
  return `wiseagent:note:${clientId}:notes`;
}

const digits = (value: string) => value.replace(/\D/g, '');

type PhoneKind = Phone['kind'];

/** "Mobile", "cell phone", "Home" → the kind it names; null for anything else. */
function namedKind(label: string): PhoneKind | null {
  const l = label.toLowerCase();
  if (/\b(mobile|cell)/.test(l)) return 'mobile';
  if (/\bhome/.test(l)) return 'home';
  if (/\b(work|office|business)/.test(l)) return 'work';
  return null;
}

function phonesOf(record: WiseAgentRecord): Phone[] {
  const phones: Phone[] = [
    { kind: 'home', raw: record.HomePhone },
    { kind: 'work', raw: record.WorkPhone },
    { kind: 'mobile', raw: record.MobilePhone },
  ].filter((p): p is Phone => p.raw !== '');
  const preferred = record.PreferredPhone;
  if (preferred === '') return phones;
  let first: PhoneKind | null = null;
  if (digits(preferred).length >= 7) {
    const match = phones.find((p) => digits(p.raw) === digits(preferred));
    if (match) {
      first = match.kind;
    } else {
      phones.push({ kind: 'other', raw: preferred });
      first = 'other';
    }
  } else {
    first = namedKind(preferred);
  }
  if (first === null) return phones;
  // The preferred number first: the mapping keeps the first kind of a repeated number, and the
  // dialer tries numbers in order.
  return [...phones.filter((p) => p.kind === first), ...phones.filter((p) => p.kind !== first)];
}

const UNIT_DESIGNATOR =
  /^(#|ste\b|suite\b|apt\b|apartment\b|unit\b|bldg\b|building\b|fl\b|floor\b|rm\b|room\b|lot\b|spc\b|space\b|po box\b)/i;

function addressOf(record: WiseAgentRecord): string {
  const suite =
    record.SuiteNo === '' || UNIT_DESIGNATOR.test(record.SuiteNo) ? record.SuiteNo : `Ste ${record.SuiteNo}`;
  return [record.AddressNumber, record.AddressStreet, suite]
    .filter((part) => part !== '')
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** A zip Wise Agent sent as a number lost its leading zero (02134 → 2134); US zips have five digits. */
function zipOf(record: WiseAgentRecord): string {
  const zip = record.zip || record.Zip;
  return /^\d{3,4}$/.test(zip) ? zip.padStart(5, '0') : zip;
}

export function wiseAgentToContact(record: WiseAgentRecord): Contact {
  const emails = record.CEmail.split(/[;,]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const misc: Record<string, string> = {};
  const addMisc = (label: string, value: string) => {
    if (value !== '') misc[label] = value;
  };
  addMisc('Source', record.Source);
  addMisc('Status', record.Status);
  addMisc('Rank', record.Rank);
  addMisc('Categories', record.Categories.join(', '));
  const notes = record.Notes || record.notes;
  return {
    ref: { crm: 'wiseagent', module: WISEAGENT_MODULE, id: record.ClientID },
    firstName: record.CFirst,
    lastName: record.CLast,
    fullName: '',
    address: addressOf(record),
    city: record.City,
    state: record.State,
    zip: zipOf(record),
    country: record.Country || record.country,
    phones: phonesOf(record),
    emails,
    notes: notes === '' ? [] : [{ id: wiseAgentNotesNoteId(record.ClientID), text: notes }],
    misc,
  };
}
