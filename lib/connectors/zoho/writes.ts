/**
 * Contacts and patches from Mojo as Zoho field values. Pure: given what the record holds now, say
 * which fields to write — never a blank (a blank never erases), never a value the record already
 * has (no echo, no wasted write), and new phones and emails only into empty slots.
 */

import type { PhoneKind } from '../../core/models';
import { normalizePhone } from '../../core/phone';
import { applyPolicy } from '../../core/rules/engine';
import type { UpdatePolicy } from '../../core/rules/model';
import type { ContactPatch, PatchField } from '../../core/two-way';
import type { ContactDraft } from '../types';

type ZohoModule = 'Contacts' | 'Leads';

/**
 * The longest note Mojo Bridge writes to Zoho (Note_Content, in characters). An assumption: Zoho
 * documents no limit for notes; 32,000 is the largest text field it documents (Multi Line, Large),
 * so a note this long is taken wherever a long text is.
 */
export const ZOHO_NOTE_MAX = 32_000;

const ADDRESS: Record<ZohoModule, Record<'address' | 'city' | 'state' | 'zip', string>> = {
  Contacts: { address: 'Mailing_Street', city: 'Mailing_City', state: 'Mailing_State', zip: 'Mailing_Zip' },
  Leads: { address: 'Street', city: 'City', state: 'State', zip: 'Zip_Code' },
};

/** Where a phone of each kind goes first; Leads have only Phone and Mobile. */
const PHONE_SLOTS: Record<ZohoModule, Record<PhoneKind, string[]>> = {
  Contacts: {
    mobile: ['Mobile', 'Other_Phone', 'Phone', 'Home_Phone'],
    work: ['Phone', 'Other_Phone', 'Mobile', 'Home_Phone'],
    home: ['Home_Phone', 'Other_Phone', 'Phone', 'Mobile'],
    other: ['Other_Phone', 'Phone', 'Mobile', 'Home_Phone'],
  },
  Leads: {
    mobile: ['Mobile', 'Phone'],
    work: ['Phone', 'Mobile'],
    home: ['Phone', 'Mobile'],
    other: ['Phone', 'Mobile'],
  },
};

const EMAIL_SLOTS = ['Email', 'Secondary_Email'];

function fieldFor(module: ZohoModule, f: PatchField): string {
  if (f === 'firstName') return 'First_Name';
  if (f === 'lastName') return 'Last_Name';
  return ADDRESS[module][f];
}

export function asZohoModule(module: string): ZohoModule {
  return module === 'Leads' ? 'Leads' : 'Contacts';
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const digits = (raw: string): string => {
  const n = normalizePhone(raw);
  return n.ok ? n.digits : raw.replace(/\D/g, '');
};

export interface ZohoWrite {
  fields: Record<string, string>;
  /** What could not be written, for the activity log ("no empty phone field for 512-555-0199"). */
  skipped: string[];
}

/** The fields to write so that `current` gains what `patch` brings, and nothing else. */
export function zohoPatchFields(
  moduleName: string,
  current: Record<string, unknown>,
  patch: ContactPatch,
  policy: UpdatePolicy = 'overwrite',
): ZohoWrite {
  const module = asZohoModule(moduleName);
  const skipped: string[] = [];
  if (policy === 'do_not_update') return { fields: {}, skipped };
  const incoming: Record<string, string> = {};
  const now: Record<string, string> = {};
  for (const [f, value] of Object.entries(patch.set) as [PatchField, string | undefined][]) {
    const name = fieldFor(module, f);
    if (value) incoming[name] = value;
    now[name] = text(current[name]);
  }
  const fields = applyPolicy(now, incoming, policy);
  const taken = new Set(Object.keys(fields));
  const held = new Set(
    Object.values(PHONE_SLOTS[module])
      .flat()
      .map((slot) => digits(text(current[slot])))
      .filter(Boolean),
  );
  for (const p of patch.addPhones) {
    const d = digits(p.raw);
    if (!d || held.has(d)) continue;
    const slot = PHONE_SLOTS[module][p.kind].find((s) => !text(current[s]) && !taken.has(s));
    if (slot) {
      fields[slot] = p.raw;
      taken.add(slot);
      held.add(d);
    } else skipped.push(`No empty phone field for ${p.raw}`);
  }
  const emails = new Set(EMAIL_SLOTS.map((s) => text(current[s]).toLowerCase()).filter(Boolean));
  for (const e of patch.addEmails) {
    if (emails.has(e)) continue;
    const slot = EMAIL_SLOTS.find((s) => !text(current[s]) && !taken.has(s));
    if (slot) {
      fields[slot] = e;
      taken.add(slot);
      emails.add(e);
    } else skipped.push(`No empty email field for ${e}`);
  }
  return { fields, skipped };
}

/** A whole contact as a new record's fields (Send to CRM), blanks left out. */
export function zohoRecordFields(moduleName: string, draft: ContactDraft): Record<string, string> {
  const patch: ContactPatch = {
    set: {
      firstName: draft.firstName,
      lastName: draft.lastName || draft.fullName,
      address: draft.address,
      city: draft.city,
      state: draft.state,
      zip: draft.zip,
    },
    addPhones: draft.phones,
    addEmails: draft.emails.map((e) => e.trim().toLowerCase()).filter(Boolean),
  };
  return zohoPatchFields(moduleName, {}, patch).fields;
}
