/**
 * A CINC lead, as the public API v2 returns it, turned into the product's `Contact`. The lead's
 * documented core is `{id, username, info:{contact:{…}, status, source}, assigned_agents, notes}`
 * (crm-facts.md). Every other field read here is an assumption, listed in CINC_ASSUMED_FIELDS so
 * there is one place to correct when CINC's real answers are seen. Every field is optional and
 * nullable; a lead that does not fit is reported on its own and never stops the rest of a page.
 */
import { z } from 'zod';
import type { Contact, ContactNote, Phone } from '../../core/models';
import { CINC_LEAD_MODULE } from './refs';

/**
 * The lead fields this module reads beyond crm-facts.md, with where the guess comes from. Public
 * client code (a Pipedream component) sends `info.buyer.{median_price, average_price}`,
 * `info.is_buyer` and `info.is_seller`, and one lead importer sends `mailing_address.postal_or_zip`
 * and `phone_numbers.office_phone`; the rest is invented and marked so.
 */
export const CINC_ASSUMED_FIELDS = {
  'info.is_buyer / info.is_seller': 'booleans: the lead is a buyer / a seller (public client code)',
  'info.buyer.median_price / average_price': 'numbers: the buyer’s price range (public client code)',
  'info.buyer.timeframe': 'string, e.g. "3-6 months" (assumed)',
  'info.seller.estimated_value': 'number: the seller’s home value (assumed)',
  'info.seller.timeframe': 'string (assumed)',
  'info.pipeline_stage': 'string: the lead’s stage in the agent pipeline, e.g. "Showing" (assumed)',
  'info.contact.mailing_address.postal_or_zip': 'read when `zip` is absent (one importer sends it)',
  'info.contact.phone_numbers.office_phone': 'a fourth number, sent to Mojo as "other" (one importer)',
  'notes[].id':
    'each note has an id (a public client reads each note by it), used for the stable Mojo note id',
  'notes[].content': 'may be missing from a list (metadata only): read from GET /site/leads/notes/{id}',
  'GET /site/agents/{id} flat':
    '`{id, first_name, last_name, name?, email}` beside the id (assumed; `info.contact` is what a public client reads)',
  'GET /site/me domain': 'the team’s web app host, for the link Send to CINC shows (assumed)',
  'POST /site/leads partial update': 'keys left out are left alone; an unknown id is refused (assumed)',
} as const;

const Text = z.string().nullish();
/** CINC ids are opaque; a number is read as its decimal string (CINC's own ids are not that long). */
export const CincId = z.union([
  z.string().trim().min(1).max(64),
  z
    .number()
    .int()
    .nonnegative()
    .transform((n) => String(n)),
]);
/** Prices come as numbers in public client code; a string is shown as it came. */
const Amount = z.union([z.number(), z.string()]).nullish();

const PhoneNumbers = z.looseObject({
  cell_phone: Text,
  home_phone: Text,
  work_phone: Text,
  office_phone: Text,
});

const MailingAddress = z.looseObject({
  street: Text,
  city: Text,
  state: Text,
  zip: Text,
  postal_or_zip: Text,
});

const LeadContact = z.looseObject({
  first_name: Text,
  last_name: Text,
  email: Text,
  phone_numbers: PhoneNumbers.nullish(),
  mailing_address: MailingAddress.nullish(),
});

const LeadInfo = z.looseObject({
  contact: LeadContact.nullish(),
  status: Text,
  source: Text,
  is_buyer: z.boolean().nullish(),
  is_seller: z.boolean().nullish(),
  buyer: z.looseObject({ median_price: Amount, average_price: Amount, timeframe: Text }).nullish(),
  seller: z.looseObject({ estimated_value: Amount, timeframe: Text }).nullish(),
  pipeline_stage: Text,
  updated_date: Text,
});

export const CincLead = z.looseObject({
  id: CincId,
  username: Text,
  info: LeadInfo.nullish(),
  assigned_agents: z
    .looseObject({ primary_agent: z.looseObject({ id: CincId.nullish() }).nullish() })
    .nullish(),
  /** Present on a single lead's answer; absent means "ask GET /site/leads/{id}/notes". */
  notes: z.array(z.unknown()).nullish(),
});
export type CincLead = z.infer<typeof CincLead>;

export const CincNote = z.looseObject({
  id: CincId,
  content: Text,
  category: Text,
  is_pinned: z.boolean().nullish(),
  created_date: Text,
});
export type CincNote = z.infer<typeof CincNote>;

const AgentPerson = z.looseObject({ name: Text, first_name: Text, last_name: Text, email: Text });

/**
 * An agent (`GET /site/agents/{id}`), its person under `info.contact` as a public client reads it
 * (RifatSanaullah/Python-AI-Agent:app/services/cinc_service.py), or flat beside its id (assumed);
 * read into one flat shape.
 */
export const CincAgent = AgentPerson.extend({
  id: CincId,
  info: z
    .looseObject({ contact: AgentPerson.nullish().catch(null) })
    .nullish()
    .catch(null),
}).transform(({ id, info, ...flat }) => {
  const person = info?.contact ?? {};
  return {
    id,
    name: flat.name ?? person.name ?? null,
    first_name: flat.first_name ?? person.first_name ?? null,
    last_name: flat.last_name ?? person.last_name ?? null,
    email: flat.email ?? person.email ?? null,
  };
});
export type CincAgent = z.output<typeof CincAgent>;

/** Lives in refs.ts (zod-free, for the content script); re-exported for the connector's own code. */
export { CINC_LEAD_MODULE };

export type ParsedCincLead = { ok: true; lead: CincLead } | { ok: false; id: string; reason: string };

/** The id a raw lead claims, for reporting only. */
export function claimedId(raw: unknown): string {
  const parsed = z.looseObject({ id: z.union([z.string(), z.number()]) }).safeParse(raw);
  return parsed.success ? String(parsed.data.id).slice(0, 64) : '?';
}

/** Validate one lead of an API answer; a bad one becomes a reason, not an exception. */
export function parseCincLead(raw: unknown): ParsedCincLead {
  const parsed = CincLead.safeParse(raw);
  if (parsed.success) return { ok: true, lead: parsed.data };
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'lead'}: ${issue.message}`)
    .join('; ');
  const id = claimedId(raw);
  return {
    ok: false,
    id,
    reason: `CINC sent a lead we could not read${id === '?' ? '' : ` (id ${id})`}: ${problems}`,
  };
}

/** The notes of an answer that could be read; a note without an id cannot be sent once only, so it is left out. */
export function parseCincNotes(raws: readonly unknown[]): CincNote[] {
  const notes: CincNote[] = [];
  for (const raw of raws) {
    const parsed = CincNote.safeParse(raw);
    if (parsed.success) notes.push(parsed.data);
  }
  return notes;
}

/** The Mojo note id of a CINC note: stable, so sending the lead again never repeats it. */
export function cincNoteId(noteId: string): string {
  return `cinc:note:${noteId}`;
}

export function agentName(agent: CincAgent): string {
  const named = agent.name?.trim();
  if (named) return named;
  return [agent.first_name, agent.last_name]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
}

export function primaryAgentId(lead: CincLead): string | null {
  return lead.assigned_agents?.primary_agent?.id ?? null;
}

const PHONE_FIELDS = [
  ['cell_phone', 'mobile'],
  ['home_phone', 'home'],
  ['work_phone', 'work'],
  ['office_phone', 'other'],
] as const satisfies ReadonlyArray<readonly [keyof z.infer<typeof PhoneNumbers>, Phone['kind']]>;

/** "$450,000" for 450000; a value CINC sent as text stays as it is. */
function money(value: number | string | null | undefined): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return null;
    return `$${Math.round(value).toLocaleString('en-US')}`;
  }
  return present(value) ? value.trim() : null;
}

function leadType(info: z.infer<typeof LeadInfo>): string | null {
  const buyer = info.is_buyer === true;
  const seller = info.is_seller === true;
  if (buyer && seller) return 'Buyer & Seller';
  if (buyer) return 'Buyer';
  if (seller) return 'Seller';
  return null;
}

/**
 * The lead as a Contact. `notes` are the lead's notes (from its body or its notes endpoint);
 * `agent` is the primary agent's name when it could be read.
 */
export function cincToContact(
  lead: CincLead,
  extra: { notes?: readonly CincNote[]; agent?: string | null } = {},
): Contact {
  const info = lead.info ?? {};
  const contact = info.contact ?? {};
  const numbers = contact.phone_numbers ?? {};
  const mailing = contact.mailing_address ?? {};

  const phones: Phone[] = [];
  for (const [field, kind] of PHONE_FIELDS) {
    const raw = numbers[field];
    if (present(raw)) phones.push({ kind, raw });
  }

  const notes: ContactNote[] = [];
  for (const note of extra.notes ?? []) {
    if (present(note.content)) notes.push({ id: cincNoteId(note.id), text: note.content });
  }

  const misc: Record<string, string> = {};
  const addMisc = (label: string, value: string | null | undefined): void => {
    if (present(value)) misc[label] = value.trim();
  };
  addMisc('Status', info.status);
  addMisc('Lead Source', info.source);
  addMisc('Lead Type', leadType(info));
  addMisc('Buyer Median Price', money(info.buyer?.median_price));
  addMisc('Buyer Average Price', money(info.buyer?.average_price));
  addMisc('Buyer Timeframe', info.buyer?.timeframe);
  addMisc('Seller Home Value', money(info.seller?.estimated_value));
  addMisc('Seller Timeframe', info.seller?.timeframe);
  addMisc('Pipeline Stage', info.pipeline_stage);
  addMisc('Agent', extra.agent);

  return {
    ref: { crm: 'cinc', module: CINC_LEAD_MODULE, id: lead.id },
    firstName: contact.first_name ?? '',
    lastName: contact.last_name ?? '',
    fullName: '',
    address: mailing.street ?? '',
    city: mailing.city ?? '',
    state: mailing.state ?? '',
    zip: present(mailing.zip) ? mailing.zip : (mailing.postal_or_zip ?? ''),
    country: '',
    phones,
    emails: present(contact.email) ? [contact.email] : [],
    notes,
    misc,
  };
}

function present(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
