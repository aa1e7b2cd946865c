/**
 * The options page's words and checks, as data and pure functions: the labels of Mojo's fields,
 * directions, operators and policies, and the inline reasons a value is not saved. Kept out of the
 * components so the wording is tested without a browser and reads the same everywhere.
 */

import type { z } from 'zod';
import type { CrmId } from '../../lib/core/models';
import {
  Advanced,
  Condition,
  type ConditionOp,
  type Direction,
  FieldRule,
  type IdentifyBy,
  LeadSourceRule,
  type MOJO_FIELDS,
  type OwnerRule,
  Schedule,
  type Transform,
  type UpdatePolicy,
} from '../../lib/core/rules/model';

export const MOJO_FIELD_LABELS: Record<(typeof MOJO_FIELDS)[number], string> = {
  first_name: 'First name',
  last_name: 'Last name',
  full_name: 'Full name',
  address: 'Address',
  city: 'City',
  state: 'State',
  zip: 'Zip',
  phone_mobile: 'Mobile phone',
  phone_work: 'Work phone',
  phone_home: 'Home phone',
  phone_other: 'Other phone',
  email: 'Email',
  note: 'Note',
};

export const MISC_PREFIX = 'misc:';

export const DIRECTION_LABELS: Record<Direction, string> = {
  push: 'PUSH (CRM → Mojo)',
  pull: 'PULL (Mojo → CRM)',
  both: 'PUSH AND PULL',
};
/** Both ways first: it is the default and what most people want. */
export const DIRECTIONS: readonly Direction[] = ['both', 'push', 'pull'];

export const TRANSFORM_LABELS: Record<Transform, string> = {
  text: 'Text',
  name: 'Name',
  phone: 'Phone',
  email: 'Email',
  note: 'Note',
};

export const OPERATOR_LABELS: Record<ConditionOp, string> = {
  equals: 'equals',
  not_equals: 'not equals',
  contains: 'contains',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  in_list: 'in list',
  before: 'before',
  after: 'after',
};

export const IDENTIFY_LABELS: Record<IdentifyBy, string> = {
  email: 'Email',
  phone: 'Phone',
  external_id: 'External id',
};
export const IDENTIFY_ALL: readonly IdentifyBy[] = ['email', 'phone', 'external_id'];

export const POLICY_LABELS: Record<UpdatePolicy, string> = {
  do_not_update: 'Do not update',
  overwrite: 'Overwrite',
  add_only: 'Only add new information',
};
export const POLICIES: readonly UpdatePolicy[] = ['do_not_update', 'overwrite', 'add_only'];

export const OWNER_LABELS: Record<z.infer<typeof OwnerRule>, string> = {
  match_then_connecting_user: "The CRM user with the Mojo agent's email, else the connecting user",
  match_then_none: "The CRM user with the Mojo agent's email, else no owner",
  none: 'No owner',
};

/** Systems with their own request budget (Advanced), in the order the page lists them. */
export const SYSTEMS: readonly { id: 'mojo' | CrmId; label: string }[] = [
  { id: 'mojo', label: 'Mojo' },
  { id: 'zoho', label: 'Zoho CRM' },
  { id: 'wiseagent', label: 'Wise Agent' },
  { id: 'cinc', label: 'CINC' },
];

/**
 * What a CRM lets Send to CRM choose. The integration contract does not say yet, so the page
 * keeps it here; a CRM not listed has one record type and writes call logs as notes.
 */
export const CRM_CHOICES: Partial<
  Record<
    CrmId,
    {
      recordTypes: readonly { id: string; label: string }[];
      callLogs: readonly { id: 'notes' | 'tasks'; label: string }[];
      /** The CRM's API cannot add a value to its lead-source list. */
      leadSourceFixed: boolean;
    }
  >
> = {
  zoho: {
    // The first is what Send to CRM creates when nothing is chosen (the connector's default).
    recordTypes: [
      { id: 'Leads', label: 'Leads' },
      { id: 'Contacts', label: 'Contacts' },
    ],
    callLogs: [
      { id: 'notes', label: 'Notes' },
      { id: 'tasks', label: 'Tasks' },
    ],
    leadSourceFixed: true,
  },
};

export function isMisc(mojoField: string): boolean {
  return mojoField.startsWith(MISC_PREFIX);
}

export function mojoFieldLabel(mojoField: string): string {
  if (isMisc(mojoField)) return `Misc: ${mojoField.slice(MISC_PREFIX.length)}`;
  return MOJO_FIELD_LABELS[mojoField as keyof typeof MOJO_FIELD_LABELS] ?? mojoField;
}

/** A CRM field's label for people: the CRM's own when it gave one, else the API name made readable. */
export function crmFieldLabel(
  apiName: string,
  fields: readonly { apiName: string; label: string }[],
): string {
  return fields.find((f) => f.apiName === apiName)?.label ?? apiName.replace(/_/g, ' ');
}

// ------------------------------------------------------------------------------ inline checks

export type Problems = Record<string, string>;

/** The reasons each mapping row can't be saved, keyed `<row>.<column>`. */
export function mappingProblems(rows: readonly FieldRule[]): Problems {
  const out: Problems = {};
  rows.forEach((row, i) => {
    // The schema takes any non-empty text; spaces alone would name no field at all.
    if (row.crmField.trim() === '') out[`${i}.crmField`] = "Enter the CRM field's API name.";
    const parsed = FieldRule.safeParse(row);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const column = String(issue.path[0] ?? 'crmField');
      out[`${i}.${column}`] ??=
        column === 'crmField'
          ? row.crmField.trim() === ''
            ? "Enter the CRM field's API name."
            : 'A CRM field name is at most 100 characters.'
          : column === 'mojoField'
            ? 'A misc label needs 1 to 61 characters and must not start with a space.'
            : issue.message;
    }
  });
  return out;
}

export function opTakesValue(op: ConditionOp): boolean {
  return op !== 'is_empty' && op !== 'is_not_empty';
}

/** The text a condition's value box shows: a list is written comma-separated. */
export function conditionValueText(c: Condition): string {
  return Array.isArray(c.value) ? c.value.join(', ') : c.value;
}

/** What the value box's text means for the operator: a list for "in list", else the text. */
export function conditionValueFrom(op: ConditionOp, text: string): Condition['value'] {
  if (op === 'in_list')
    return text
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  return opTakesValue(op) ? text : '';
}

/** The reasons each condition can't be saved, keyed `<row>.<field|value>`. */
export function filterProblems(conditions: readonly Condition[]): Problems {
  const out: Problems = {};
  conditions.forEach((c, i) => {
    if (c.field.trim() === '') out[`${i}.field`] = 'Choose the field to test.';
    const text = conditionValueText(c).trim();
    if (opTakesValue(c.op) && text === '') out[`${i}.value`] = 'Enter a value to compare with.';
    else if ((c.op === 'before' || c.op === 'after') && Number.isNaN(Date.parse(text)))
      out[`${i}.value`] = 'Enter a date.';
    else {
      const parsed = Condition.safeParse(c);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const column = issue?.path[0] === 'field' ? 'field' : 'value';
        out[`${i}.${column}`] ??=
          column === 'field'
            ? 'A field name is at most 100 characters.'
            : 'The value is too long (500 characters; a list, 200 items of 200).';
      }
    }
  });
  return out;
}

/** The first zod message for a value, or null when it is fine. */
function firstIssue(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'This value is not valid.');
}

/** A whole number in range, from what was typed; the reason when it is not. */
export function wholeNumber(
  text: string,
  min: number,
  max: number,
): { ok: true; value: number } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, reason: `Enter a whole number from ${min} to ${max}.` };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, reason: `Enter a whole number from ${min} to ${max}.` };
  return { ok: true, value };
}

export function pollMinutesProblem(text: string): string | null {
  const n = wholeNumber(text, 1, 1440);
  return n.ok ? firstIssue(Schedule.shape.pollMinutes, n.value) : n.reason;
}

export function dialerUrlProblem(text: string): string | null {
  if (text.trim() === '') return 'Enter the dialer URL. It needs {group} where the group goes.';
  return firstIssue(Advanced.shape.dialerUrlTemplate, text);
}

export function leadSourceProblem(text: string): string | null {
  return firstIssue(LeadSourceRule.shape.value, text) === null
    ? null
    : 'A lead source is at most 100 characters.';
}
