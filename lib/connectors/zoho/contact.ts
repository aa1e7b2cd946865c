/**
 * A Zoho CRM Contact or Lead record, as the v7 records API returns it, turned into the product's
 * `Contact`. Zoho sends `null` for every empty field, so each field is optional and nullable; a
 * record that does not fit is reported on its own and never stops the rest of a page.
 */
import { z } from 'zod';
import type { Contact, Phone } from '../../core/models';

const ZohoText = z.string().nullish();

export const ZohoOwner = z.object({
  id: z.string(),
  name: ZohoText,
  email: ZohoText,
});

export const ZohoRecord = z.object({
  // Zoho ids are 19-digit strings: a numeric id would already have lost digits in JSON.parse,
  // so only a string is trusted.
  id: z.string().trim().min(1).max(64),
  First_Name: ZohoText,
  Last_Name: ZohoText,
  Full_Name: ZohoText,
  Email: ZohoText,
  Secondary_Email: ZohoText,
  Phone: ZohoText,
  Mobile: ZohoText,
  Home_Phone: ZohoText,
  Other_Phone: ZohoText,
  Description: ZohoText,
  Lead_Source: ZohoText,
  Owner: ZohoOwner.nullish(),
  Modified_Time: ZohoText,
  // Contacts
  Mailing_Street: ZohoText,
  Mailing_City: ZohoText,
  Mailing_State: ZohoText,
  Mailing_Zip: ZohoText,
  Mailing_Country: ZohoText,
  // Leads
  Street: ZohoText,
  City: ZohoText,
  State: ZohoText,
  Zip_Code: ZohoText,
  Country: ZohoText,
  Company: ZohoText,
  Lead_Status: ZohoText,
});
export type ZohoRecord = z.infer<typeof ZohoRecord>;

export type ParsedZohoRecord = { ok: true; record: ZohoRecord } | { ok: false; reason: string };

/** Validate one record of a records-API answer; a bad one becomes a reason, not an exception. */
export function parseZohoRecord(raw: unknown): ParsedZohoRecord {
  const parsed = ZohoRecord.safeParse(raw);
  if (parsed.success) return { ok: true, record: parsed.data };
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'record'}: ${issue.message}`)
    .join('; ');
  const id =
    typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
  return {
    ok: false,
    reason: `Zoho sent a record we could not read${id ? ` (id ${id.slice(0, 64)})` : ''}: ${problems}`,
  };
}

/** The note id for a record's Description: stable, so sending the record again never repeats it. */
export function zohoDescriptionNoteId(module: string, id: string): string {
  return `zoho:note:${module}:${id}:description`;
}

const PHONE_FIELDS = [
  ['Phone', 'work'],
  ['Mobile', 'mobile'],
  ['Home_Phone', 'home'],
  ['Other_Phone', 'other'],
] as const satisfies ReadonlyArray<readonly [keyof ZohoRecord, Phone['kind']]>;

/** `module` is Zoho's API name: 'Contacts', 'Leads', or another person-like module. */
export function zohoToContact(module: string, record: ZohoRecord): Contact {
  const phones: Phone[] = [];
  for (const [field, kind] of PHONE_FIELDS) {
    const raw = record[field];
    if (present(raw)) phones.push({ kind, raw });
  }
  const emails = [record.Email, record.Secondary_Email].filter(present);

  // Leads keep their address in Street/City/…, Contacts in Mailing_*; another person module
  // (a custom one) gets whichever it has.
  const lead = {
    address: record.Street,
    city: record.City,
    state: record.State,
    zip: record.Zip_Code,
    country: record.Country,
  };
  const mailing = {
    address: record.Mailing_Street,
    city: record.Mailing_City,
    state: record.Mailing_State,
    zip: record.Mailing_Zip,
    country: record.Mailing_Country,
  };
  const place = module === 'Leads' ? lead : module === 'Contacts' ? mailing : pickPresent(mailing, lead);

  const misc: Record<string, string> = {};
  const addMisc = (label: string, value: string | null | undefined): void => {
    if (present(value)) misc[label] = value;
  };
  addMisc('Lead Source', record.Lead_Source);
  addMisc('Status', record.Lead_Status);
  addMisc('Owner', record.Owner?.name);
  addMisc('Company', record.Company);

  return {
    ref: { crm: 'zoho', module, id: record.id },
    firstName: record.First_Name ?? '',
    lastName: record.Last_Name ?? '',
    fullName: record.Full_Name ?? '',
    address: place.address ?? '',
    city: place.city ?? '',
    state: place.state ?? '',
    zip: place.zip ?? '',
    country: place.country ?? '',
    phones,
    emails,
    notes: present(record.Description)
      ? [{ id: zohoDescriptionNoteId(module, record.id), text: record.Description }]
      : [],
    misc,
  };
}

function present(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

type Place = Record<'address' | 'city' | 'state' | 'zip' | 'country', string | null | undefined>;

/** The first place that has any part filled in; never a mix of two addresses. */
function pickPresent(first: Place, second: Place): Place {
  return Object.values(first).some(present) ? first : second;
}
