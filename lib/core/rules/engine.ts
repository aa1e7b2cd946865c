/**
 * The rules, applied. Pure functions over plain records so every rule is a unit test:
 * direction precedence, import filters, identification, update policies, owner and lead source,
 * and building the contact Mojo gets from a record by the field mappings.
 */
import { normalizeEmail } from '../mapping';
import type { Contact, Phone, PhoneKind } from '../models';
import { normalizePhone } from '../phone';
import { squish } from '../text';
import type { ContactPatch, PatchField } from '../two-way';
import type {
  Condition,
  Direction,
  FieldRule,
  Filter,
  IdentifyBy,
  MojoField,
  ObjectRules,
  UpdatePolicy,
} from './model';

// ------------------------------------------------------------------------------ directions

/**
 * An object-level PUSH-only or PULL-only supersedes every field's direction; object-level
 * PUSH AND PULL honours each field's own (sync rule 14).
 */
export function effectiveDirection(object: Direction, field: Direction): Direction {
  return object === 'both' ? field : object;
}

export function flows(object: ObjectRules, field: FieldRule, way: 'push' | 'pull'): boolean {
  const d = effectiveDirection(object.direction, field.direction);
  return d === 'both' || d === way;
}

export function objectFlows(object: ObjectRules, way: 'push' | 'pull'): boolean {
  return object.direction === 'both' || object.direction === way;
}

// ------------------------------------------------------------------------------ reading values

/** A record's value at a field name or a dotted path ("info.contact.first_name"), as text. */
export function valueAt(record: Record<string, unknown>, path: string): string {
  let v: unknown = path in record ? record[path] : undefined;
  if (v === undefined && path.includes('.')) {
    v = path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        record,
      );
  }
  return asText(v);
}

function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return squish(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(asText).filter(Boolean).join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // Lookups (Zoho's Owner, CINC's agent) are shown by their name.
    return asText(o.name ?? o.full_name ?? o.Name ?? '');
  }
  return '';
}

// ------------------------------------------------------------------------------ filters

const CONDITION_WORDS: Record<Condition['op'], string> = {
  equals: 'is',
  not_equals: 'is not',
  contains: 'contains',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  in_list: 'is one of',
  before: 'is before',
  after: 'is after',
};

export function describeCondition(c: Condition): string {
  const value = Array.isArray(c.value) ? c.value.join(', ') : c.value;
  return c.op === 'is_empty' || c.op === 'is_not_empty'
    ? `${c.field} ${CONDITION_WORDS[c.op]}`
    : `${c.field} ${CONDITION_WORDS[c.op]} ${value}`;
}

export function holds(record: Record<string, unknown>, c: Condition): boolean {
  const actual = valueAt(record, c.field).toLowerCase();
  const wanted = Array.isArray(c.value)
    ? c.value.map((v) => squish(v).toLowerCase())
    : squish(c.value).toLowerCase();
  switch (c.op) {
    case 'equals':
      return actual === wanted;
    case 'not_equals':
      return actual !== wanted;
    case 'contains':
      return typeof wanted === 'string' && actual.includes(wanted);
    case 'is_empty':
      return actual === '';
    case 'is_not_empty':
      return actual !== '';
    case 'in_list':
      return (Array.isArray(wanted) ? wanted : wanted.split(',').map((w) => w.trim())).includes(actual);
    case 'before':
    case 'after': {
      const a = Date.parse(actual);
      const b = Date.parse(String(wanted));
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return c.op === 'before' ? a < b : a > b;
    }
  }
}

/** Inside the filter, or excluded with the reason (records outside are excluded, never deleted). */
export function passesFilter(
  record: Record<string, unknown>,
  filter: Filter,
): { ok: true } | { ok: false; reason: string } {
  if (filter.conditions.length === 0) return { ok: true };
  const results = filter.conditions.map((c) => holds(record, c));
  const ok = filter.match === 'all' ? results.every(Boolean) : results.some(Boolean);
  if (ok) return { ok: true };
  const failed = filter.conditions.filter((_, i) => !results[i]).map(describeCondition);
  const joined =
    filter.match === 'all' ? failed.join('; ') : filter.conditions.map(describeCondition).join(' or ');
  return {
    ok: false,
    reason: `Outside the import filter (${filter.match === 'all' ? 'needs' : 'needs one of'}: ${joined})`,
  };
}

// ------------------------------------------------------------------------------ identification

export interface Keys {
  emails: string[];
  /** Digits, normalised. */
  phones: string[];
  externalId: string | null;
}

export interface Candidate extends Keys {
  id: string;
}

export type Identified =
  | { kind: 'create' }
  | { kind: 'link'; id: string; by: IdentifyBy }
  | { kind: 'review'; ids: string[]; by: IdentifyBy }
  | { kind: 'no_key' };

export function keysOf(emails: string[], phones: string[], externalId: string | null): Keys {
  return {
    emails: [...new Set(emails.map((e) => normalizeEmail(e)).filter((e): e is string => e !== null))].sort(),
    phones: [
      ...new Set(
        phones
          .map((p) => normalizePhone(p))
          .filter((p) => p.ok)
          .map((p) => p.digits),
      ),
    ].sort(),
    externalId: externalId ? squish(externalId) : null,
  };
}

function matches(by: IdentifyBy, mine: Keys, theirs: Keys): boolean {
  if (by === 'email') return mine.emails.some((e) => theirs.emails.includes(e));
  if (by === 'phone') return mine.phones.some((p) => theirs.phones.includes(p));
  return mine.externalId !== null && mine.externalId === theirs.externalId;
}

function hasKey(by: IdentifyBy, k: Keys): boolean {
  return by === 'email' ? k.emails.length > 0 : by === 'phone' ? k.phones.length > 0 : k.externalId !== null;
}

/**
 * Used only when no link exists. In the user's order: the first key that finds exactly one record
 * links to it; a key that finds several stops with "needs review" (never a guess); no matches at
 * all creates; no usable phone, email or id at all is excluded (no key, no create).
 */
export function identify(mine: Keys, candidates: Candidate[], order: IdentifyBy[]): Identified {
  // No key, no create: nothing at all to dial or match by. A contact that has a key of another
  // kind than the order names is created (there is nothing to match it against).
  if (!(['email', 'phone', 'external_id'] as const).some((by) => hasKey(by, mine))) return { kind: 'no_key' };
  for (const by of order) {
    if (!hasKey(by, mine)) continue;
    const found = [...new Set(candidates.filter((c) => matches(by, mine, c)).map((c) => c.id))].sort();
    if (found.length === 1 && found[0] !== undefined) return { kind: 'link', id: found[0], by };
    if (found.length > 1) return { kind: 'review', ids: found, by };
  }
  return { kind: 'create' };
}

// ------------------------------------------------------------------------------ update policies

/**
 * What to write into a record that exists: never a blank (under any policy), nothing under
 * "do not update", only empty fields under "only add new information", and under "overwrite"
 * every value that differs.
 */
export function applyPolicy(
  current: Record<string, string>,
  incoming: Record<string, string>,
  policy: UpdatePolicy,
): Record<string, string> {
  if (policy === 'do_not_update') return {};
  const out: Record<string, string> = {};
  for (const [field, raw] of Object.entries(incoming)) {
    const value = squish(raw);
    if (!value) continue;
    const now = squish(current[field] ?? '');
    if (policy === 'add_only' ? now === '' : now !== value) out[field] = value;
  }
  return out;
}

// ------------------------------------------------------------------------------ owner, lead source

export interface CrmUser {
  id: string;
  email: string;
}

export type OwnerChoice = { ownerId: string; why: string } | { ownerId: null; why: string };

/** The CRM user whose email is the Mojo agent's (case-insensitive); else the fallback the user chose. */
export function resolveOwner(
  agentEmail: string | null,
  users: CrmUser[],
  rule: 'match_then_connecting_user' | 'match_then_none' | 'none',
  connectingUserId: string | null,
): OwnerChoice {
  if (rule === 'none') return { ownerId: null, why: 'No owner is set (rule).' };
  const email = agentEmail?.trim().toLowerCase();
  const match = email ? users.find((u) => u.email.trim().toLowerCase() === email) : undefined;
  if (match)
    return { ownerId: match.id, why: `Owner: the CRM user with the agent's email (${match.email}).` };
  if (rule === 'match_then_connecting_user' && connectingUserId) {
    return {
      ownerId: connectingUserId,
      why: 'No CRM user has the agent’s email: the connecting user owns it.',
    };
  }
  return { ownerId: null, why: 'No CRM user has the agent’s email: no owner is set.' };
}

export type LeadSourceChoice =
  | { kind: 'none' }
  | { kind: 'match'; name: string }
  | { kind: 'create'; name: string }
  | { kind: 'omit'; why: string };

/** Matched trimmed and case-insensitively; created where the CRM can; else left out, never failing the record. */
export function chooseLeadSource(
  wanted: string,
  known: string[],
  createMissing: boolean,
  crmCanCreate: boolean,
): LeadSourceChoice {
  const name = squish(wanted);
  if (!name) return { kind: 'none' };
  const found = known.find((k) => squish(k).toLowerCase() === name.toLowerCase());
  if (found) return { kind: 'match', name: found };
  if (createMissing && crmCanCreate) return { kind: 'create', name };
  return {
    kind: 'omit',
    why: crmCanCreate
      ? `Lead source "${name}" is not in the CRM's list; sent without one (creating is off).`
      : `Lead source "${name}" is not in the CRM's list and the CRM's API can't add one; sent without one.`,
  };
}

// ------------------------------------------------------------------------------ mapping by rules

const PHONE_KIND: Partial<Record<string, PhoneKind>> = {
  phone_mobile: 'mobile',
  phone_work: 'work',
  phone_home: 'home',
  phone_other: 'other',
};

/**
 * The contact Mojo gets, built from the record by the object's field rules that flow to Mojo.
 * With no rules the connector's own mapping (`base`) stands: the defaults reproduce it. Notes the
 * connector found stay; a `note` rule adds the field as one more note with a stable id.
 */
export function contactByRules(base: Contact, record: Record<string, unknown>, object: ObjectRules): Contact {
  if (object.fields.length === 0) return base;
  const push = object.fields.filter((f) => flows(object, f, 'push'));
  const out: Contact = {
    ...base,
    firstName: '',
    lastName: '',
    fullName: '',
    address: '',
    city: '',
    state: '',
    zip: '',
    phones: [],
    emails: [],
    misc: {},
  };
  const phones: Phone[] = [];
  for (const f of push) {
    const value = valueAt(record, f.crmField);
    if (!value) continue;
    const kind = PHONE_KIND[f.mojoField];
    if (kind) phones.push({ kind, raw: value });
    else if (f.mojoField === 'email') out.emails.push(value);
    else if (f.mojoField === 'first_name') out.firstName = value;
    else if (f.mojoField === 'last_name') out.lastName = value;
    else if (f.mojoField === 'full_name') out.fullName = value;
    else if (f.mojoField === 'address') out.address = out.address ? `${out.address} ${value}` : value;
    else if (f.mojoField === 'city') out.city = value;
    else if (f.mojoField === 'state') out.state = value;
    else if (f.mojoField === 'zip') out.zip = value;
    else if (f.mojoField === 'note') {
      const id = `${base.ref.crm}:note:${base.ref.module}:${base.ref.id}:${f.crmField}`;
      // The connector may already send this field as a note (under its own id): never twice.
      if (!out.notes.some((n) => n.id === id || n.text === value))
        out.notes = [...out.notes, { id, text: value }];
    } else if (f.mojoField.startsWith('misc:')) out.misc[f.mojoField.slice(5)] = value;
  }
  out.phones = phones;
  return out;
}

/**
 * A contact as a flat record, for filters when the connector did not hand over the CRM's own
 * record: the product's field names plus the misc labels ("Status", "Lead Source").
 */
export function contactAsRecord(c: Contact): Record<string, unknown> {
  return {
    ...c.misc,
    'First Name': c.firstName,
    'Last Name': c.lastName,
    'Full Name': c.fullName,
    Address: c.address,
    City: c.city,
    State: c.state,
    Zip: c.zip,
    Email: c.emails[0] ?? '',
    Phone: c.phones[0]?.raw ?? '',
  };
}

const PATCH_TO_MOJO: Record<PatchField, MojoField> = {
  firstName: 'first_name',
  lastName: 'last_name',
  address: 'address',
  city: 'city',
  state: 'state',
  zip: 'zip',
};

/**
 * What of a Mojo edit may go back to the CRM: nothing when the object is PUSH only; with field
 * rules, only fields whose rule flows Mojo → CRM (with no rules every field may).
 */
export function pullablePatch(patch: ContactPatch, object: ObjectRules): ContactPatch {
  if (!objectFlows(object, 'pull')) return { set: {}, addPhones: [], addEmails: [] };
  if (object.fields.length === 0) return patch;
  const pulls = (mojo: MojoField) =>
    object.fields.some((f) => f.mojoField === mojo && flows(object, f, 'pull'));
  const set: ContactPatch['set'] = {};
  for (const [f, v] of Object.entries(patch.set) as [PatchField, string][])
    if (pulls(PATCH_TO_MOJO[f])) set[f] = v;
  return {
    set,
    addPhones: patch.addPhones.filter((p) => pulls(`phone_${p.kind}` as MojoField)),
    addEmails: pulls('email') ? patch.addEmails : [],
  };
}
