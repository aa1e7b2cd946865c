/**
 * What goes back from Mojo to a CRM, in the product's words: a call result becomes a note, an
 * edit becomes a patch, an event becomes a task or call-list entry. Pure: the sync layer feeds it
 * Mojo's activities and hands the results to a connector.
 *
 * The data-safety rules live here (sync-rules.md): a blank never erases, deletes never
 * propagate, and a value equal to what we ourselves last wrote is an echo and goes nowhere.
 */
import { stableHash } from './hash';
import { MediaType, type Phone, type PhoneKind } from './models';
import { normalizePhone } from './phone';
import { squish } from './text';

/** Scalar contact fields a CRM can be updated with. */
export const PATCH_FIELDS = ['firstName', 'lastName', 'address', 'city', 'state', 'zip'] as const;
export type PatchField = (typeof PATCH_FIELDS)[number];

export interface ContactPatch {
  set: Partial<Record<PatchField, string>>;
  /** Phones and emails are only ever added: a removal in Mojo never deletes in the CRM. */
  addPhones: Phone[];
  addEmails: string[];
}

/** Mojo's field names in `contact_updated` changes → ours. */
const MOJO_FIELD: Record<string, PatchField> = {
  first_name: 'firstName',
  last_name: 'lastName',
  address: 'address',
  city: 'city',
  state: 'state',
  zip: 'zip',
};

const KIND_BY_MEDIA: Record<number, PhoneKind> = {
  [MediaType.work]: 'work',
  [MediaType.mobile]: 'mobile',
  [MediaType.home]: 'home',
  [MediaType.other]: 'other',
};

export interface MojoChanges {
  mediainfo_set?: { added: { type: number; value: string }[]; removed: { type: number; value: string }[] };
  [field: string]: unknown;
}

function newValue(change: unknown): string | null {
  if (change && typeof change === 'object' && 'new' in change) {
    const v = (change as { new: unknown }).new;
    return typeof v === 'string' ? v : null;
  }
  return null;
}

/** Split a full name the way people write it: the last word is the last name. */
function splitFull(full: string): { firstName: string; lastName: string } {
  const words = squish(full).split(' ').filter(Boolean);
  if (words.length <= 1) return { firstName: '', lastName: words[0] ?? '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) ?? '' };
}

export function patchFromMojoChanges(changes: MojoChanges): ContactPatch {
  const patch: ContactPatch = { set: {}, addPhones: [], addEmails: [] };
  for (const [field, change] of Object.entries(changes)) {
    if (field === 'mediainfo_set') continue;
    const value = squish(newValue(change));
    // A blank never erases: an emptied field in Mojo leaves the CRM's value alone.
    if (!value) continue;
    const ours = MOJO_FIELD[field];
    if (ours) patch.set[ours] = value;
    else if (field === 'full_name') {
      // Explicit first/last changes in the same activity win over the split full name.
      const { firstName, lastName } = splitFull(value);
      if (firstName && patch.set.firstName === undefined) patch.set.firstName = firstName;
      if (lastName && patch.set.lastName === undefined) patch.set.lastName = lastName;
    }
  }
  for (const m of changes.mediainfo_set?.added ?? []) {
    if (m.type === MediaType.email) {
      const email = m.value.trim().toLowerCase();
      if (email && !patch.addEmails.includes(email)) patch.addEmails.push(email);
    } else {
      const kind = KIND_BY_MEDIA[m.type] ?? 'other';
      if (m.value.trim() && !patch.addPhones.some((p) => p.raw === m.value))
        patch.addPhones.push({ kind, raw: m.value });
    }
  }
  return patch;
}

export function isEmptyPatch(p: ContactPatch): boolean {
  return Object.keys(p.set).length === 0 && p.addPhones.length === 0 && p.addEmails.length === 0;
}

/** Fingerprints of field values, per field: what we last wrote to a side. */
export type Written = Record<string, string>;

const fingerprint = (value: string) => stableHash(squish(value).toLowerCase());

export function writtenOf(patch: ContactPatch): Written {
  const out: Written = {};
  for (const [k, v] of Object.entries(patch.set)) if (v) out[k] = fingerprint(v);
  for (const p of patch.addPhones) out[`phone:${digitsOf(p.raw)}`] = '1';
  for (const e of patch.addEmails) out[`email:${e}`] = '1';
  return out;
}

function digitsOf(raw: string): string {
  const n = normalizePhone(raw);
  return n.ok ? n.digits : raw.replace(/\D/g, '');
}

/**
 * Drop what is an echo of our own write to the other side: a field whose new value is what we
 * last wrote there, a phone or email we put there ourselves.
 */
export function withoutEcho(patch: ContactPatch, lastWritten: Written | null): ContactPatch {
  if (!lastWritten) return patch;
  const set: ContactPatch['set'] = {};
  for (const f of PATCH_FIELDS) {
    const v = patch.set[f];
    if (v !== undefined && lastWritten[f] !== fingerprint(v)) set[f] = v;
  }
  return {
    set,
    addPhones: patch.addPhones.filter((p) => !lastWritten[`phone:${digitsOf(p.raw)}`]),
    addEmails: patch.addEmails.filter((e) => !lastWritten[`email:${e}`]),
  };
}

/** Merge a newer patch into a queued one for the same record (changes collapse). */
export function mergePatches(older: ContactPatch, newer: ContactPatch): ContactPatch {
  const phones = [...older.addPhones];
  for (const p of newer.addPhones)
    if (!phones.some((q) => digitsOf(q.raw) === digitsOf(p.raw))) phones.push(p);
  return {
    set: { ...older.set, ...newer.set },
    addPhones: phones,
    addEmails: [...new Set([...older.addEmails, ...newer.addEmails])],
  };
}

export interface CallResult {
  result: string;
  phone: string;
  duration_s: number;
  agent: string;
  notes: string;
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

function formatPhone(raw: string): string {
  const n = normalizePhone(raw);
  if (!n.ok) return raw;
  const d = n.digits;
  return d.length === 10 ? `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}` : n.e164;
}

/** "Nov 21, 2026, 9:04 AM" in the given time zone (the CRM user's; UTC when unknown). */
export function formatWhen(iso: string, timeZone = 'UTC'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(d);
}

/** The note a CRM gets for one Mojo call: it names the call result first, as agents scan for it. */
export function callResultNote(
  call: CallResult,
  at: string,
  timeZone = 'UTC',
): { title: string; body: string } {
  const lines = [
    `Call result: ${call.result}`,
    `When: ${formatWhen(at, timeZone)}`,
    call.phone ? `Number dialled: ${formatPhone(call.phone)}` : null,
    `Duration: ${formatDuration(call.duration_s)}`,
    call.agent ? `Agent: ${call.agent}` : null,
    call.notes.trim() ? `Notes: ${call.notes.trim()}` : null,
  ].filter((l): l is string => l !== null);
  return { title: `Mojo call: ${call.result}`, body: lines.join('\n') };
}

export interface MojoEventInput {
  kind: 'appointment' | 'todo' | 'follow_up_call';
  title: string;
  start: string | null;
  end: string | null;
}

const EVENT_WORDS: Record<MojoEventInput['kind'], string> = {
  appointment: 'Appointment',
  todo: 'To-do',
  follow_up_call: 'Follow-up call',
};

/** A Mojo event as a CRM task or call-list entry: what it is, when it is due. */
export function eventTask(ev: MojoEventInput): { subject: string; due: string | null; kindLabel: string } {
  const kindLabel = EVENT_WORDS[ev.kind];
  const title = squish(ev.title);
  return { subject: title ? `${kindLabel}: ${title}` : kindLabel, due: ev.start, kindLabel };
}

/** A Mojo contact as Mojo answers for it (only what Send to CRM needs). */
export interface MojoContactData {
  full_name: string;
  first_name: string;
  last_name: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  mediainfo_set: { type: number; value: string }[];
}

/** A contact without a CRM record yet: what Send to CRM writes. */
export interface ContactFields {
  firstName: string;
  lastName: string;
  fullName: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  phones: Phone[];
  emails: string[];
  notes: { id: string; text: string }[];
  misc: Record<string, string>;
}

/** Send to CRM: name, address, phones and emails (sync rule 7). */
export function mojoContactToFields(c: MojoContactData): ContactFields {
  const first = squish(c.first_name);
  const last = squish(c.last_name);
  const split = !first && !last ? splitFull(c.full_name) : { firstName: first, lastName: last };
  const phones: Phone[] = [];
  const emails: string[] = [];
  for (const m of c.mediainfo_set) {
    if (m.type === MediaType.email) {
      const e = m.value.trim().toLowerCase();
      if (e && !emails.includes(e)) emails.push(e);
    } else if (m.value.trim()) phones.push({ kind: KIND_BY_MEDIA[m.type] ?? 'other', raw: m.value.trim() });
  }
  return {
    firstName: split.firstName,
    lastName: split.lastName,
    fullName: squish(c.full_name) || squish(`${first} ${last}`),
    address: squish(c.address),
    city: squish(c.city),
    state: squish(c.state),
    zip: squish(c.zip),
    country: '',
    phones,
    emails,
    notes: [],
    misc: {},
  };
}

/**
 * What an Add to Mojo wrote, per field, for the echo guard on the way back. `phones: 'digits'` when
 * the contact's phones are the digits `toMojo` made (what Add to Mojo sends): those are already the
 * key `normalizePhone` would give, and parsing 10,000 of them again was a fifth of a bulk send's CPU.
 */
export function writtenToMojo(c: MojoContactData, phones: 'raw' | 'digits' = 'raw'): Written {
  const f = mojoContactToFields(c);
  const set = {
    firstName: f.firstName,
    lastName: f.lastName,
    address: f.address,
    city: f.city,
    state: f.state,
    zip: f.zip,
  };
  if (phones === 'raw') return writtenOf({ set, addPhones: f.phones, addEmails: f.emails });
  const out = writtenOf({ set, addPhones: [], addEmails: [] });
  for (const p of f.phones) out[`phone:${p.raw}`] = '1';
  for (const e of f.emails) out[`email:${e}`] = '1';
  return out;
}
