/**
 * The way back (Mojo → Wise Agent), as Wise Agent field values. Pure: given the contact as Wise
 * Agent holds it, say which fields to write so it gains what Mojo brings — never a blank (a blank
 * never erases), never a value it already holds (no echo, no wasted write), new phones and emails
 * only into empty slots — and how a Mojo event reads on Wise Agent's call list.
 *
 * Choices the docs leave open, kept here:
 * - Address: Mojo holds one line; Wise Agent holds AddressNumber, AddressStreet and SuiteNo. The
 *   line is compared as a whole with the line Mojo Bridge reads from those parts (contact.ts), so a
 *   contact that came from Wise Agent is never rewritten for the way it was split. When it differs,
 *   it is split (`splitAddress`): a leading house number, a trailing unit ("Apt 2B", "#12",
 *   "Ste 4" → "4", the bare form the reader turns back into "Ste 4"), the street in between. The
 *   parts are one value: under overwrite a part the new line lacks is cleared, or an old suite
 *   would hang off a new street. A blank line still never erases anything.
 * - Email: CEmail is one field. The docs never say it takes several, and Wise Agent's own lookup
 *   (`getContacts&email=`, and `webcontact`'s duplicate check) matches it as a whole, so appending
 *   "a@x.com;b@y.com" would hide the contact from both. An email goes in only when CEmail is empty;
 *   others are reported, not written.
 * - Phones: HomePhone, MobilePhone and WorkPhone, the kind's own slot first, then any empty one (a
 *   number in the "wrong" slot still dials; a number left out does not). PreferredPhone is never
 *   written: it says which number to prefer, a choice Mojo does not make.
 */
import type { PhoneKind } from '../../core/models';
import { normalizePhone } from '../../core/phone';
import { applyPolicy } from '../../core/rules/engine';
import type { UpdatePolicy } from '../../core/rules/model';
import { squish, truncate } from '../../core/text';
import type { ContactPatch } from '../../core/two-way';
import type { ContactDraft } from '../types';
import { CALL_REASON_MAX, type WiseAgentContactField, type WiseAgentContactFields } from './api';
import { WISEAGENT_MODULE, type WiseAgentRecord, wiseAgentToContact } from './contact';

/** Wise Agent's contact page (crm-facts.md). */
export function wiseAgentContactUrl(clientId: string): string {
  return `https://thewiseagent.com/secure/client/summary?clientId=${encodeURIComponent(clientId)}`;
}

/** The line that ties a note to the Mojo activity it came from (and makes a repeat detectable). */
export const activityMarker = (key: string) => `Mojo activity ${key}`;

/** The note's text: the body, then the marker as its own last line. */
/**
 * The longest note Mojo Bridge writes to Wise Agent (`addContactNote`'s note), in characters. An
 * assumption: Wise Agent documents no limit; 10,000 is the same cautious size assumed for Mojo.
 */
export const WISEAGENT_NOTE_MAX = 10_000;

export function noteText(body: string, key: string): string {
  return `${body.trimEnd()}\n\n${activityMarker(key)}`;
}

/**
 * Whether a note Wise Agent holds carries the marker of this activity. The marker must be a whole
 * line ("Mojo activity a-1" is not in "Mojo activity a-10"); notes "can contain HTML" (the docs),
 * so line breaks may come back as `<br>` or paragraphs.
 */
export function noteHasMarker(note: string, key: string): boolean {
  const marker = activityMarker(key);
  const text = note
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/gi, ' ');
  return text.split(/\r?\n/).some((line) => squish(line) === marker);
}

// ---------------------------------------------------------------------------------------------
// The call list

/**
 * The call list's CallType for a Mojo event. The docs say only "CallType = string", so these are
 * the words an agent reads there; a kind not listed (a call log sent "as tasks") is a call.
 */
export const CALL_TYPES: Readonly<Record<string, string>> = {
  'Follow-up call': 'Call',
  Appointment: 'Appointment',
  'To-do': 'To-Do',
};
export const DEFAULT_CALL_TYPE = 'Call';

export function callTypeFor(kindLabel: string): string {
  return CALL_TYPES[kindLabel] ?? DEFAULT_CALL_TYPE;
}

/** The subject as a Reason: one line, cut to 100 characters with "…" so the cut shows. */
export function callReason(subject: string): { text: string; truncated: boolean } {
  return truncate(squish(subject), CALL_REASON_MAX, '…');
}

/**
 * When the entry is due: the event's start (ISO, UTC) or, for an event without one, now — the
 * call list is a list of people to contact, and an undated to-do is due at once.
 */
export function nextContactAt(due: string | null, now: number): { at: number; dated: boolean } {
  const at = due === null ? Number.NaN : Date.parse(due);
  return Number.isNaN(at) ? { at: now, dated: false } : { at, dated: true };
}

// ---------------------------------------------------------------------------------------------
// Addresses

export interface AddressParts {
  AddressNumber: string;
  AddressStreet: string;
  SuiteNo: string;
}

// A unit at the end of the line: "#12", or a designator with a value that has a digit or is one
// letter ("Apt 2B", "Unit C"), so a street named "Lot Rd" or "Floor St" is not taken for a unit.
const UNIT =
  /^(.*?)[\s,]+(#\s*[\w-]+|(?:ste|suite|apt|apartment|unit|bldg|building|fl|floor|rm|room|lot|spc|space)\.?\s+(?:[\w-]*\d[\w-]*|[a-z]))$/i;
// A house number: digits, optionally with a letter or a range ("1200", "12B", "123-45").
const HOUSE_NUMBER = /^(\d+[a-z]?(?:-\d+[a-z]?)?)\s+(.+)$/i;

/** A one-line address as Wise Agent's parts. */
export function splitAddress(line: string): AddressParts {
  let rest = squish(line);
  let suite = '';
  const unit = UNIT.exec(rest);
  if (unit?.[1] && unit[2]) {
    rest = unit[1].replace(/,\s*$/, '');
    suite = squish(unit[2]);
    // "Ste 4" is how the reader shows a bare SuiteNo "4": store it bare so it reads back the same.
    const ste = /^ste\.?\s+(.+)$/i.exec(suite);
    if (ste?.[1]) suite = ste[1];
  }
  const number = HOUSE_NUMBER.exec(rest);
  if (number?.[1] && number[2]) return { AddressNumber: number[1], AddressStreet: number[2], SuiteNo: suite };
  return { AddressNumber: '', AddressStreet: rest, SuiteNo: suite };
}

// ---------------------------------------------------------------------------------------------
// Patches

const PHONE_SLOTS: Record<PhoneKind, readonly ('HomePhone' | 'MobilePhone' | 'WorkPhone')[]> = {
  mobile: ['MobilePhone', 'HomePhone', 'WorkPhone'],
  home: ['HomePhone', 'MobilePhone', 'WorkPhone'],
  work: ['WorkPhone', 'MobilePhone', 'HomePhone'],
  other: ['HomePhone', 'MobilePhone', 'WorkPhone'],
};

const digits = (raw: string): string => {
  const n = normalizePhone(raw);
  return n.ok ? n.digits : raw.replace(/\D/g, '');
};

export interface WiseAgentWrite {
  fields: WiseAgentContactFields;
  /** What could not be written, for the activity log ("No empty phone field for 512-555-0199"). */
  skipped: string[];
}

/** A contact Wise Agent has never held: what a create starts from. */
export const EMPTY_RECORD: WiseAgentRecord = {
  ClientID: '0',
  CFirst: '',
  CLast: '',
  CEmail: '',
  HomePhone: '',
  MobilePhone: '',
  WorkPhone: '',
  PreferredPhone: '',
  AddressNumber: '',
  AddressStreet: '',
  SuiteNo: '',
  City: '',
  State: '',
  zip: '',
  Zip: '',
  Country: '',
  country: '',
  Source: '',
  Status: '',
  Rank: '',
  Categories: [],
  ContactUrl: '',
  Notes: '',
  notes: '',
};

/** The fields to write so that `current` gains what `patch` brings under `policy`, and nothing else. */
export function wiseAgentPatchFields(
  current: WiseAgentRecord,
  patch: ContactPatch,
  policy: UpdatePolicy = 'overwrite',
): WiseAgentWrite {
  const skipped: string[] = [];
  if (policy === 'do_not_update') return { fields: {}, skipped };
  // Compared as Mojo Bridge reads the contact (joined address, zip with its leading zero back),
  // so a value that came from Wise Agent in the first place is recognised as already there.
  const seen = wiseAgentToContact({ ...current, ClientID: current.ClientID || '0' });
  const now: Record<string, string> = {
    CFirst: seen.firstName,
    CLast: seen.lastName,
    address: seen.address,
    City: seen.city,
    State: seen.state,
    zip: seen.zip,
  };
  const incoming: Record<string, string> = {};
  const set = patch.set;
  if (set.firstName) incoming.CFirst = set.firstName;
  if (set.lastName) incoming.CLast = set.lastName;
  if (set.address) incoming.address = set.address;
  if (set.city) incoming.City = set.city;
  if (set.state) incoming.State = set.state;
  if (set.zip) incoming.zip = set.zip;
  const decided = applyPolicy(now, incoming, policy);

  const fields: WiseAgentContactFields = {};
  for (const [name, value] of Object.entries(decided)) {
    if (name !== 'address') fields[name as WiseAgentContactField] = value;
  }
  if (decided.address !== undefined) {
    const parts = splitAddress(decided.address);
    for (const part of ['AddressNumber', 'AddressStreet', 'SuiteNo'] as const) {
      if (parts[part] !== current[part]) fields[part] = parts[part];
    }
  }

  const taken = new Set<string>();
  const held = new Set(
    [current.HomePhone, current.MobilePhone, current.WorkPhone, current.PreferredPhone]
      .map(digits)
      .filter(Boolean),
  );
  for (const phone of patch.addPhones) {
    const d = digits(phone.raw);
    if (!d || held.has(d)) continue;
    const slot = PHONE_SLOTS[phone.kind].find((s) => current[s] === '' && !taken.has(s));
    if (slot) {
      fields[slot] = phone.raw.trim();
      taken.add(slot);
      held.add(d);
    } else skipped.push(`No empty phone field for ${phone.raw}`);
  }

  const emails = new Set(
    current.CEmail.split(/[;,]/)
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const raw of patch.addEmails) {
    const email = raw.trim().toLowerCase();
    if (!email || emails.has(email)) continue;
    if (current.CEmail === '' && fields.CEmail === undefined) {
      fields.CEmail = email;
      emails.add(email);
    } else
      skipped.push(`Wise Agent keeps one email (${fields.CEmail ?? current.CEmail}); ${email} was not added`);
  }
  return { fields, skipped };
}

/** A whole contact from Mojo as a patch (Send to CRM), blanks left for the policy to drop. */
export function patchOfDraft(draft: ContactDraft): ContactPatch {
  return {
    set: {
      firstName: draft.firstName,
      lastName: draft.lastName,
      address: draft.address,
      city: draft.city,
      state: draft.state,
      zip: draft.zip,
    },
    addPhones: draft.phones,
    addEmails: draft.emails,
  };
}

/** The ref of a Wise Agent contact. */
export function wiseAgentRef(clientId: string) {
  return { crm: 'wiseagent' as const, module: WISEAGENT_MODULE, id: clientId };
}
