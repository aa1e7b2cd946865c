/**
 * The product's own words for the data it moves, independent of any one CRM or of Mojo's wire
 * format. Connectors translate their records into `Contact`; `toMojo` (mapping.ts) turns a
 * `Contact` into what Mojo's upsert takes. Types come from these schemas, never written twice.
 */
import { z } from 'zod';

export const CrmId = z.enum(['zoho', 'wiseagent', 'cinc']);
export type CrmId = z.infer<typeof CrmId>;

export { CRM_LABELS } from './constants';

/** A record in a CRM: which CRM, which record type ("module" in Zoho's words), which id. */
export const CrmRef = z.object({
  crm: CrmId,
  module: z.string().min(1).max(64),
  id: z.string().min(1).max(64),
});
export type CrmRef = z.infer<typeof CrmRef>;

/** Mojo's own media types (known from its bulk-create call). */
export const MediaType = { work: 1, mobile: 2, home: 3, email: 4, other: 5 } as const;
export type PhoneKind = 'work' | 'mobile' | 'home' | 'other';

export const Phone = z.object({
  kind: z.enum(['work', 'mobile', 'home', 'other']),
  /** As the CRM holds it; normalised by core/phone.ts on the way out. */
  raw: z.string(),
});
export type Phone = z.infer<typeof Phone>;

export const ContactNote = z.object({
  /** Stable across sends, so Mojo appends a note only once. */
  id: z.string().min(1),
  text: z.string(),
});
export type ContactNote = z.infer<typeof ContactNote>;

/** One contact as the product understands it, whatever CRM it came from. */
export const Contact = z.object({
  ref: CrmRef,
  firstName: z.string().default(''),
  lastName: z.string().default(''),
  /** When the CRM has one full-name field only. */
  fullName: z.string().default(''),
  address: z.string().default(''),
  city: z.string().default(''),
  state: z.string().default(''),
  zip: z.string().default(''),
  country: z.string().default(''),
  phones: z.array(Phone).default([]),
  emails: z.array(z.string()).default([]),
  notes: z.array(ContactNote).default([]),
  /** Extra fields Mojo shows as-is ("misc"): lead source, status, owner, … */
  misc: z.record(z.string(), z.string()).default({}),
});
export type Contact = z.infer<typeof Contact>;

/** What Mojo's upsert takes for one contact (mojo-contract.md, "Contacts"). */
export const MojoContactInput = z.object({
  api_contact_id: z.string().min(1),
  source: CrmId,
  full_name: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  address: z.string(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  mediainfo_set: z.array(z.object({ type: z.number().int().min(1).max(5), value: z.string().min(1) })),
  notes: z.array(z.object({ api_note_id: z.string().min(1), text: z.string() })),
  misc: z.record(z.string(), z.string()),
});
export type MojoContactInput = z.infer<typeof MojoContactInput>;

/** A contact the mapping refused, with a reason a user can act on. */
export interface Excluded {
  ref: CrmRef;
  name: string;
  reason: string;
}

export const MojoGroup = z.object({
  id: z.number().int(),
  name: z.string(),
  contact_count: z.number().int().optional(),
});
export type MojoGroup = z.infer<typeof MojoGroup>;

/** `api_contact_id` = `<crm>:<record type>:<crm record id>` (mojo-contract.md). */
export function apiContactId(ref: CrmRef): string {
  return `${ref.crm}:${ref.module}:${ref.id}`;
}
