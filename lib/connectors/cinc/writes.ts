/**
 * Mojo → CINC, as data: what goes into `POST /site/leads` so a lead gains what a Mojo edit or a
 * Send to CINC brings — and nothing else — and the text of the notes Mojo's calls and events
 * become. Pure, so every policy is a unit test.
 *
 * CINC's upsert is assumed to be a partial update: a key we leave out is left alone, a key we send
 * is written as sent (the sandbox emulates exactly that). So the one way to honour "a blank never
 * erases" is to never send a key whose value is blank, and the one way to honour the update policy
 * is to decide per field against the lead as read just before.
 */

import type { PhoneKind } from '../../core/models';
import { normalizePhone } from '../../core/phone';
import { applyPolicy, type Candidate, keysOf } from '../../core/rules/engine';
import type { UpdatePolicy } from '../../core/rules/model';
import { squish } from '../../core/text';
import { type ContactPatch, formatWhen, type PatchField } from '../../core/two-way';
import type { ContactDraft } from '../types';
import type { CincLead } from './contact';

/** The phone slots a lead has that we write. */
type PhoneSlot = 'cell_phone' | 'home_phone' | 'work_phone';
type AddressPart = 'street' | 'city' | 'state' | 'zip';

/** The contact part of a lead body: only the keys that carry a value we mean to write. */
export interface CincContactWrite {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone_numbers?: Partial<Record<PhoneSlot, string>>;
  mailing_address?: Partial<Record<AddressPart, string>>;
}

export interface CincWrite {
  /** null when there is nothing to write (no call is made then). */
  contact: CincContactWrite | null;
  /** What could not be written, in the user's words (Send to CINC shows them; nothing fails over them). */
  skipped: string[];
}

/**
 * A phone's own slot first, then any free one, so a number is not lost while the lead has room.
 * `office_phone` (an assumed fourth slot, contact.ts) is read to avoid a duplicate but never
 * written: if CINC does not know it, the number would vanish without a word. Cell comes last for
 * landlines because agents text cell numbers.
 */
const PHONE_SLOTS: Record<PhoneKind, PhoneSlot[]> = {
  mobile: ['cell_phone', 'home_phone', 'work_phone'],
  home: ['home_phone', 'work_phone', 'cell_phone'],
  work: ['work_phone', 'home_phone', 'cell_phone'],
  other: ['home_phone', 'work_phone', 'cell_phone'],
};
const READ_PHONE_SLOTS = ['cell_phone', 'home_phone', 'work_phone', 'office_phone'] as const;

/** Our patch fields → the lead's flat key (names are unique across contact and mailing address). */
const FLAT: Record<PatchField, 'first_name' | 'last_name' | AddressPart> = {
  firstName: 'first_name',
  lastName: 'last_name',
  address: 'street',
  city: 'city',
  state: 'state',
  zip: 'zip',
};

const digits = (raw: string): string => {
  const n = normalizePhone(raw);
  return n.ok ? n.digits : raw.replace(/\D/g, '');
};

/** The lead's values as flat text, blanks as ''. */
function currentOf(lead: CincLead | null): Record<string, string> {
  const contact = lead?.info?.contact;
  const mailing = contact?.mailing_address;
  const numbers = contact?.phone_numbers;
  const out: Record<string, string> = {
    first_name: squish(contact?.first_name),
    last_name: squish(contact?.last_name),
    email: squish(contact?.email).toLowerCase(),
    street: squish(mailing?.street),
    city: squish(mailing?.city),
    state: squish(mailing?.state),
    // A lead that keeps its zip under `postal_or_zip` has one: add-only must not write over it.
    zip: squish(mailing?.zip) || squish(mailing?.postal_or_zip),
  };
  for (const slot of READ_PHONE_SLOTS) out[slot] = squish(numbers?.[slot]);
  return out;
}

/**
 * The body that makes `lead` (null: a new lead) gain what `patch` brings under `policy`: never a
 * blank, never a value the lead already holds, only empty fields under add-only, nothing under
 * do-not-update. Phones and emails are only ever added, into empty slots.
 */
export function cincPatchWrite(
  lead: CincLead | null,
  patch: ContactPatch,
  policy: UpdatePolicy = 'overwrite',
): CincWrite {
  const skipped: string[] = [];
  if (policy === 'do_not_update') return { contact: null, skipped };
  const now = currentOf(lead);
  const incoming: Record<string, string> = {};
  for (const [field, value] of Object.entries(patch.set) as [PatchField, string | undefined][]) {
    if (value) incoming[FLAT[field]] = value;
  }
  const scalars = applyPolicy(now, incoming, policy);

  const contact: CincContactWrite = {};
  const mailing: Partial<Record<AddressPart, string>> = {};
  for (const [key, value] of Object.entries(scalars)) {
    if (key === 'first_name' || key === 'last_name') contact[key] = value;
    else if (key === 'street' || key === 'city' || key === 'state' || key === 'zip') mailing[key] = value;
  }

  const phones: Partial<Record<PhoneSlot, string>> = {};
  const held = new Set(READ_PHONE_SLOTS.map((slot) => digits(now[slot] ?? '')).filter(Boolean));
  for (const phone of patch.addPhones) {
    const d = digits(phone.raw);
    if (!d || held.has(d)) continue;
    const slot = PHONE_SLOTS[phone.kind].find((s) => !now[s] && phones[s] === undefined);
    if (slot) {
      phones[slot] = squish(phone.raw);
      held.add(d);
    } else skipped.push(`CINC has no empty phone field for ${squish(phone.raw)}; not added.`);
  }

  // CINC's docs: "The lead identifier and the email fields cannot be updated", and CINC keys leads by
  // their email. So an existing lead's email is never sent (not even into an empty one: CINC sets it
  // from the username when the lead is created); only a new lead gets one.
  let email = now.email ?? '';
  for (const raw of patch.addEmails) {
    const e = raw.trim().toLowerCase();
    if (!e || e === email) continue;
    if (lead === null && !email) {
      contact.email = e;
      email = e;
    } else if (lead === null) skipped.push(`CINC keeps one email per lead (${email}); ${e} was not added.`);
    else skipped.push(`CINC does not let an existing lead's email be changed; ${e} was not added.`);
  }

  if (Object.keys(phones).length > 0) contact.phone_numbers = phones;
  if (Object.keys(mailing).length > 0) contact.mailing_address = mailing;
  return { contact: Object.keys(contact).length > 0 ? contact : null, skipped };
}

/** A whole Mojo contact as a patch: every field "set", every phone and email "added". */
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

/** A new lead's contact (Send to CINC when no lead matched), blanks left out. */
export function cincNewLeadWrite(draft: ContactDraft): CincWrite {
  const patch = patchOfDraft(draft);
  // A Mojo contact with only a full name still has a name in CINC.
  if (!draft.firstName && !draft.lastName && draft.fullName) patch.set.lastName = draft.fullName;
  return cincPatchWrite(null, patch, 'overwrite');
}

/**
 * A lead as an identification candidate: its email, its username when that is an email (CINC
 * matches leads by username too, and sites use the email as the username), and every phone slot.
 */
export function cincCandidate(lead: CincLead): Candidate {
  const now = currentOf(lead);
  return {
    id: lead.id,
    ...keysOf(
      [now.email ?? '', squish(lead.username)],
      READ_PHONE_SLOTS.map((slot) => now[slot] ?? ''),
      null,
    ),
  };
}

// ------------------------------------------------------------------------------ notes

/** The line that ties a CINC note to the Mojo activity it came from (and makes repeats detectable). */
export const activityMarker = (key: string): string => `Mojo activity ${key}`;

/** Whether a note's text is the one written for `key`: a line of its own, so "act-1" is not "act-10". */
export function carriesMarker(content: string, key: string): boolean {
  const marker = activityMarker(key);
  return content.split(/\r?\n/).some((line) => line.trim() === marker);
}

/** A Mojo note or call result as a CINC note's content: title, body, then the marker line. */
/**
 * The longest note content Mojo Bridge writes to a CINC lead, in characters. An assumption: CINC's
 * API documents no limit; 10,000 is the same cautious size assumed for Mojo's notes.
 */
export const CINC_NOTE_MAX = 10_000;

export function noteContent(title: string, body: string, key: string): string {
  const text = body.trim();
  return [title.trim(), ...(text ? [text] : []), '', activityMarker(key)].join('\n');
}

/**
 * A Mojo event as a CINC note's content ("Follow-up call: Call back — due Nov 24, 2026, 4:00 PM
 * UTC"). CINC's API has no tasks or events that we know of, so the event is kept as a note, where
 * the agent still sees what is due and when.
 */
export function eventNoteContent(
  event: { key: string; subject: string; due: string | null; kindLabel: string },
  timeZone = 'UTC',
): string {
  const subject = event.subject.trim() || event.kindLabel.trim();
  const first = event.due ? `${subject} — due ${formatWhen(event.due, timeZone)}` : subject;
  // A call logged "as a task" hands its whole note over as the label; an event's label is its kind.
  const label = event.kindLabel.trim();
  const extra = label && !subject.startsWith(label) ? [label] : [];
  return [first, ...extra, '', activityMarker(event.key)].join('\n');
}
