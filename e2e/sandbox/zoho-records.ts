/**
 * Zoho's record store rules, shared by the API emulator and the web fixture: which records a
 * custom view holds, how a record is cut down to the requested fields, and how inserts, updates
 * and upserts change the store (with Zoho's per-item result envelope).
 */
import { fullName, MODULE_FIELDS, READ_ONLY_FIELDS } from './seed';
import {
  now,
  type SandboxState,
  type ZohoFieldValue,
  type ZohoModule,
  type ZohoRecord,
  type ZohoUser,
  type ZohoView,
} from './state';
import { isJsonObject, type JsonObject, type JsonValue, zohoId, zohoTime } from './util';

export const LEAD_SOURCES = [
  'Zillow',
  'Referral',
  'Website',
  'Open House',
  'Facebook',
  'Past Client',
  'Advertisement',
  'Cold Call',
] as const;
export const LEAD_STATUSES = [
  'Not Contacted',
  'Attempted to Contact',
  'Contacted',
  'Pre-Qualified',
  'Not Qualified',
  'Junk Lead',
] as const;

export function viewsOf(state: SandboxState, module: ZohoModule): ZohoView[] {
  return state.zoho.views.filter((v) => v.module === module);
}

/** The records a view shows; `cvid` null = all records. undefined when the view is unknown. */
export function recordsInView(
  state: SandboxState,
  module: ZohoModule,
  cvid: string | null,
): ZohoRecord[] | undefined {
  const all = state.zoho.records[module];
  if (cvid === null) return all;
  const view = state.zoho.views.find((v) => v.id === cvid && v.module === module);
  if (!view) return undefined;
  const filter = view.filter;
  if (!filter) return all;
  const wanted = filter.equals.toLowerCase();
  return all.filter((r) => {
    const v = r[filter.field];
    return typeof v === 'string' && v.toLowerCase() === wanted;
  });
}

/** `id` plus the requested fields; fields the module lacks are left out, empty ones are null. */
export function pickFields(module: ZohoModule, record: ZohoRecord, fields: string[] | null): ZohoRecord {
  if (fields === null) return { ...record };
  const known = MODULE_FIELDS[module];
  const out: ZohoRecord = { id: record.id };
  for (const f of fields) if (known.includes(f)) out[f] = record[f] ?? null;
  return out;
}

// ---------------------------------------------------------------- writes

export type WriteOp = 'upsert' | 'insert' | 'update';

export interface WriteItemResult {
  ok: boolean;
  /** The envelope item Zoho answers for this input. */
  body: JsonObject;
  /** insert | update | the error code, for the write-call log. */
  outcome: string;
}

const EMAIL_FIELDS = new Set(['Email', 'Secondary_Email']);
/** [sandbox] The modules' own ids, as a DUPLICATE_DATA answer names them. */
const MODULE_IDS: Record<ZohoModule, string> = { Leads: zohoId(2175), Contacts: zohoId(2179) };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function itemError(code: string, details: JsonObject, message: string): WriteItemResult {
  return { ok: false, body: { code, details, message, status: 'error' }, outcome: code };
}

function userRef(u: ZohoUser | undefined): JsonObject {
  return u ? { name: u.full_name, id: u.id } : { name: '', id: '' };
}

/**
 * Applies one write. Validation follows Zoho: a text field must be text, an email must look
 * like one, Last_Name is mandatory, and an Owner must be an active user.
 */
export function writeRecord(
  state: SandboxState,
  module: ZohoModule,
  op: WriteOp,
  raw: JsonValue,
  index: number,
  duplicateCheckFields: string[],
): WriteItemResult {
  const path = (f: string) => `$.data[${index}].${f}`;
  if (!isJsonObject(raw))
    return itemError('INVALID_DATA', { expected_data_type: 'jsonobject' }, 'invalid data');
  const known = MODULE_FIELDS[module];
  const changes: Record<string, ZohoFieldValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'id' || key.startsWith('$') || !known.includes(key) || READ_ONLY_FIELDS.has(key)) continue;
    if (key === 'Owner') {
      const ownerId = isJsonObject(value) && typeof value.id === 'string' ? value.id : null;
      const user = state.zoho.users.find((u) => u.id === ownerId);
      if (!user) {
        return itemError(
          'INVALID_DATA',
          { api_name: 'Owner', json_path: path('Owner') },
          'the id given seems to be invalid',
        );
      }
      changes.Owner = { id: user.id, name: user.full_name, email: user.email };
      continue;
    }
    if (value !== null && typeof value !== 'string') {
      return itemError(
        'INVALID_DATA',
        { api_name: key, json_path: path(key), expected_data_type: 'text' },
        'invalid data',
      );
    }
    if (EMAIL_FIELDS.has(key) && value && !EMAIL.test(value)) {
      return itemError('INVALID_DATA', { api_name: key, json_path: path(key) }, 'invalid data');
    }
    changes[key] = value === '' ? null : value;
  }

  const records = state.zoho.records[module];
  let target: ZohoRecord | undefined;
  let duplicateField: string | null = null;
  const givenId = typeof raw.id === 'string' ? raw.id : null;
  if (op === 'update') {
    if (!givenId)
      return itemError('MANDATORY_NOT_FOUND', { api_name: 'id', json_path: path('id') }, 'id not found');
    target = records.find((r) => r.id === givenId);
    if (!target) {
      return itemError(
        'INVALID_DATA',
        { api_name: 'id', json_path: path('id') },
        'the id given seems to be invalid',
      );
    }
  } else if (op === 'upsert') {
    if (givenId) target = records.find((r) => r.id === givenId);
    if (!target) {
      for (const field of duplicateCheckFields) {
        const v = changes[field];
        if (typeof v !== 'string' || v === '') continue;
        const wanted = v.toLowerCase();
        target = records.find((r) => {
          const have = r[field];
          return typeof have === 'string' && have.toLowerCase() === wanted;
        });
        if (target) {
          duplicateField = field;
          break;
        }
      }
    }
  }

  // A user-defined unique field ("Do not allow duplicate values") refuses a value another record
  // holds, on insert and update alike: DUPLICATE_DATA naming the field and the record holding it.
  for (const field of state.zoho.uniqueFields[module]) {
    const v = changes[field];
    if (typeof v !== 'string' || v === '') continue;
    const holder = records.find(
      (r) =>
        r !== target && typeof r[field] === 'string' && String(r[field]).toLowerCase() === v.toLowerCase(),
    );
    if (holder) {
      const owner = typeof holder.Owner === 'object' && holder.Owner !== null ? holder.Owner : null;
      return itemError(
        'DUPLICATE_DATA',
        {
          api_name: field,
          duplicate_record: {
            Owner: { name: owner?.name ?? '', id: owner?.id ?? '', zuid: '100001' },
            module: { api_name: module, id: MODULE_IDS[module] },
            id: holder.id,
          },
          json_path: path(field),
          more_records: false,
        },
        'duplicate data',
      );
    }
  }

  const t = zohoTime(now(state));
  const actor = userRef(state.zoho.users[0]);
  if (target) {
    const lastName = 'Last_Name' in changes ? changes.Last_Name : target.Last_Name;
    if (!lastName) {
      return itemError(
        'MANDATORY_NOT_FOUND',
        { api_name: 'Last_Name', json_path: path('Last_Name') },
        'required field not found',
      );
    }
    Object.assign(target, changes);
    target.Full_Name = fullName(str(target.First_Name), str(target.Last_Name));
    target.Modified_Time = t;
    const body: JsonObject = {
      code: 'SUCCESS',
      details: {
        Modified_Time: t,
        Modified_By: actor,
        Created_Time: str(target.Created_Time),
        id: target.id,
        Created_By: actor,
      },
      message: 'record updated',
      status: 'success',
    };
    if (op === 'upsert') Object.assign(body, { action: 'update', duplicate_field: duplicateField });
    return { ok: true, body, outcome: 'update' };
  }

  if (!changes.Last_Name) {
    return itemError(
      'MANDATORY_NOT_FOUND',
      { api_name: 'Last_Name', json_path: path('Last_Name') },
      'required field not found',
    );
  }
  const record: ZohoRecord = { id: zohoId(state.zoho.nextId++) };
  for (const f of known) record[f] = changes[f] ?? null;
  const defaultOwner = state.zoho.users[0];
  if (!changes.Owner && defaultOwner) {
    record.Owner = { id: defaultOwner.id, name: defaultOwner.full_name, email: defaultOwner.email };
  }
  record.Full_Name = fullName(str(record.First_Name), str(record.Last_Name));
  record.Created_Time = t;
  record.Modified_Time = t;
  records.push(record);
  const body: JsonObject = {
    code: 'SUCCESS',
    details: {
      Modified_Time: t,
      Modified_By: actor,
      Created_Time: t,
      id: record.id,
      Created_By: actor,
      // Insert Records answers with the record's approval state; an upsert's example has none.
      ...(op === 'insert' ? { $approval_state: 'approved' } : {}),
    },
    message: 'record added',
    status: 'success',
  };
  if (op === 'upsert') Object.assign(body, { action: 'insert', duplicate_field: null });
  return { ok: true, body, outcome: 'insert' };
}

function str(v: ZohoFieldValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

/** Zoho's status for a batch: all good → `okStatus`, all bad → 400, a mix → 207. */
export function batchStatus(results: { ok: boolean }[], okStatus: 200 | 201): 200 | 201 | 207 | 400 {
  const good = results.filter((r) => r.ok).length;
  if (good === results.length) return okStatus;
  if (good === 0) return 400;
  return 207;
}

// ---------------------------------------------------------------- field metadata

/**
 * Picklist values renamed in Zoho's settings: users see the new name (display_value), records and
 * writes keep the value (actual_value). Varied on purpose, so a client that writes the display
 * value is caught.
 */
const RENAMED: Partial<Record<string, string>> = { Zillow: 'Zillow Premier Agent' };

/** Field metadata for `/settings/fields`, with the picklists a mapping UI needs. */
export function fieldsMeta(module: ZohoModule): JsonObject[] {
  const picklists: Record<string, readonly string[]> = {
    Lead_Source: LEAD_SOURCES,
    ...(module === 'Leads' ? { Lead_Status: LEAD_STATUSES } : {}),
  };
  return MODULE_FIELDS[module].map((api_name) => {
    const values = picklists[api_name];
    const data_type =
      api_name === 'Owner'
        ? 'ownerlookup'
        : api_name.endsWith('_Time')
          ? 'datetime'
          : EMAIL_FIELDS.has(api_name)
            ? 'email'
            : /Phone|Mobile/.test(api_name)
              ? 'phone'
              : api_name === 'Description'
                ? 'textarea'
                : values
                  ? 'picklist'
                  : 'text';
    const meta: JsonObject = {
      api_name,
      field_label: api_name.replace(/_/g, ' '),
      data_type,
      system_mandatory: api_name === 'Last_Name',
      read_only: READ_ONLY_FIELDS.has(api_name),
    };
    if (values) {
      meta.pick_list_values = [
        { display_value: '-None-', actual_value: '-None-' },
        ...values.map((v) => ({ display_value: RENAMED[v] ?? v, actual_value: v })),
      ];
    }
    return meta;
  });
}

// ---------------------------------------------------------------- admin seeding

/**
 * Puts records into the store as given, for tests that need a particular shape: no validation
 * beyond types, an existing id is merged, a new one keeps its id (or gets the next one).
 */
export function putRecords(state: SandboxState, module: ZohoModule, inputs: JsonObject[]): ZohoRecord[] {
  const records = state.zoho.records[module];
  const t = zohoTime(now(state));
  const out: ZohoRecord[] = [];
  for (const input of inputs) {
    const id = typeof input.id === 'string' ? input.id : zohoId(state.zoho.nextId++);
    let record = records.find((r) => r.id === id);
    if (!record) {
      record = { id };
      for (const f of MODULE_FIELDS[module]) record[f] = null;
      const owner = state.zoho.users[0];
      if (owner) record.Owner = { id: owner.id, name: owner.full_name, email: owner.email };
      record.Created_Time = t;
      records.push(record);
    }
    for (const [key, value] of Object.entries(input)) {
      if (key === 'id' || !MODULE_FIELDS[module].includes(key)) continue;
      if (key === 'Owner') {
        const ref = isJsonObject(value) ? value : null;
        const user = state.zoho.users.find((u) => u.id === ref?.id || u.email === ref?.email);
        if (user) record.Owner = { id: user.id, name: user.full_name, email: user.email };
        continue;
      }
      if (value === null || typeof value === 'string') record[key] = value;
    }
    if (!('Full_Name' in input)) record.Full_Name = fullName(str(record.First_Name), str(record.Last_Name));
    if (!('Modified_Time' in input)) record.Modified_Time = t;
    out.push(record);
  }
  return out;
}
