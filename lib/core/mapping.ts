/**
 * A CRM contact as Mojo's upsert takes it. Pure and deterministic: the same `Contact` always gives
 * the same output, so its hash can serve as the "last written" fingerprint. A contact Mojo could not
 * dial or match is excluded with a reason the user can act on, never sent half-formed; a single bad
 * phone or email only costs that value (with a warning), never the contact.
 */
import { apiContactId, type Contact, type Excluded, MediaType, type MojoContactInput } from './models';
import { normalizePhone } from './phone';
import { quote, squish, truncate } from './text';

/**
 * Assumed, not documented: Mojo publishes no limit for a note's text. 10,000 characters is far
 * above any real CRM description and keeps one contact's payload (and a 100-contact batch) small.
 */
export const MOJO_NOTE_MAX = 10_000;

export const NO_KEY_REASON = 'No phone or email to dial or match';
export const NO_NAME_REASON = 'No name';

export type ToMojoResult =
  | { ok: true; contact: MojoContactInput; warnings: string[] }
  | { ok: false; excluded: Excluded };

type MediaInfo = MojoContactInput['mediainfo_set'][number];

export function toMojo(contact: Contact): ToMojoResult {
  const warnings: string[] = [];

  const phones: MediaInfo[] = [];
  const seenDigits = new Set<string>();
  for (const phone of contact.phones) {
    if (squish(phone.raw) === '') continue;
    const result = normalizePhone(phone.raw);
    if (!result.ok) {
      warnings.push(`Phone skipped: ${result.reason}`);
      continue;
    }
    // The first kind wins: a number listed as both work and mobile is dialled once.
    if (seenDigits.has(result.digits)) continue;
    seenDigits.add(result.digits);
    phones.push({ type: MediaType[phone.kind], value: result.digits });
    if (result.extension !== undefined) {
      warnings.push(
        `Phone ${quote(phone.raw)} was sent without its extension ${result.extension} (Mojo has no place for it)`,
      );
    }
  }

  const emails: MediaInfo[] = [];
  const seenEmails = new Set<string>();
  for (const raw of contact.emails) {
    if (squish(raw) === '') continue;
    const email = normalizeEmail(raw);
    if (email === null) {
      warnings.push(`Email skipped: ${quote(raw)} is not a valid email address`);
      continue;
    }
    if (seenEmails.has(email)) continue;
    seenEmails.add(email);
    emails.push({ type: MediaType.email, value: email });
  }

  if (phones.length === 0 && emails.length === 0) {
    return { ok: false, excluded: { ref: contact.ref, name: displayName(contact), reason: NO_KEY_REASON } };
  }

  const name = splitName(contact);
  if (name.full === '') {
    return { ok: false, excluded: { ref: contact.ref, name: displayName(contact), reason: NO_NAME_REASON } };
  }

  const notes: MojoContactInput['notes'] = [];
  const seenNotes = new Set<string>();
  for (const note of contact.notes) {
    const text = note.text.trim();
    // An empty note adds nothing in Mojo; a repeated id would be dropped there anyway.
    if (text === '' || seenNotes.has(note.id)) continue;
    seenNotes.add(note.id);
    const cut = truncate(text, MOJO_NOTE_MAX);
    if (cut.truncated) {
      warnings.push(
        `A note was longer than ${MOJO_NOTE_MAX.toLocaleString('en-US')} characters and was shortened`,
      );
    }
    notes.push({ api_note_id: note.id, text: cut.text });
  }

  const misc: Record<string, string> = {};
  for (const [key, value] of Object.entries(contact.misc)) {
    const label = squish(key);
    const text = value.trim();
    if (label !== '' && text !== '') misc[label] = text;
  }

  return {
    ok: true,
    warnings,
    contact: {
      api_contact_id: apiContactId(contact.ref),
      source: contact.ref.crm,
      full_name: name.full,
      first_name: name.first,
      last_name: name.last,
      // Mojo's address fields are single lines: a street typed over two lines becomes one.
      address: squish(contact.address),
      city: squish(contact.city),
      state: squish(contact.state),
      zip: squish(contact.zip),
      mediainfo_set: [...phones, ...emails],
      notes,
      misc,
    },
  };
}

/**
 * First, last and full name, whitespace-tidied. When only a full name is known it is split at the
 * first space ("Mary Ann Lee" → "Mary" / "Ann Lee"): a guess, but only about which box the words go
 * in; the full name Mojo shows is the one the CRM holds.
 */
export function splitName(contact: Pick<Contact, 'firstName' | 'lastName' | 'fullName'>): {
  first: string;
  last: string;
  full: string;
} {
  let first = squish(contact.firstName);
  let last = squish(contact.lastName);
  const given = squish(contact.fullName);
  if (first === '' && last === '' && given !== '') {
    const space = given.indexOf(' ');
    first = space === -1 ? given : given.slice(0, space);
    last = space === -1 ? '' : given.slice(space + 1);
  }
  const full = given || [first, last].filter((part) => part !== '').join(' ');
  return { first, last, full };
}

/** What to call a contact in a list or a message: its name, else its email or phone, else its id. */
export function displayName(contact: Contact): string {
  const { full } = splitName(contact);
  if (full !== '') return full;
  const email = contact.emails.map(squish).find((value) => value !== '');
  if (email !== undefined) return email;
  const phone = contact.phones.map((p) => squish(p.raw)).find((value) => value !== '');
  if (phone !== undefined) return phone;
  return `${contact.ref.module} ${contact.ref.id}`;
}

/**
 * The address trimmed and lowercased, or null if it does not look like one. Lowercase because every
 * system we talk to matches addresses case-insensitively, and one spelling keeps the dedupe and the
 * "last written" fingerprints stable. Deliberately a shape check, not RFC 5322: it accepts
 * international addresses ("zoë@exämple.com") and refuses what cannot be delivered ("N/A",
 * "jane@", "two@addresses.com, in@one.com").
 */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > 254) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  const tld = labels[labels.length - 1] ?? '';
  return TOP_LEVEL.test(tld) ? email : null;
}

const LOCAL_PART = /^[^\s@<>()[\]\\,;:"]+$/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;
const TOP_LEVEL = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;
