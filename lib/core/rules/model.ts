/**
 * The rules a user sets on the options page, as data: per CRM and object, the field mappings with
 * their directions and transforms, the import filter, how an existing record is identified, and
 * what happens when one is found; per CRM, the record type, owner and lead-source rules; and the
 * schedule. Versioned: every stored or imported copy goes through `migrateRules` first.
 */
import { z } from 'zod';
import { CrmId } from '../models';

/** PUSH = CRM → Mojo; PULL = Mojo → CRM (the words of the integrations users know). */
export const Direction = z.enum(['push', 'pull', 'both']);
export type Direction = z.infer<typeof Direction>;

export const MOJO_FIELDS = [
  'first_name',
  'last_name',
  'full_name',
  'address',
  'city',
  'state',
  'zip',
  'phone_mobile',
  'phone_work',
  'phone_home',
  'phone_other',
  'email',
  'note',
] as const;
/** A Mojo field, or `misc:<Label>` for a field Mojo shows as-is. */
export const MojoField = z.union([z.enum(MOJO_FIELDS), z.string().regex(/^misc:[^\s].{0,60}$/)]);
export type MojoField = z.infer<typeof MojoField>;

export const Transform = z.enum(['text', 'phone', 'email', 'note', 'name']);
export type Transform = z.infer<typeof Transform>;

export const FieldRule = z.object({
  crmField: z.string().min(1).max(100),
  mojoField: MojoField,
  direction: Direction,
  transform: Transform.default('text'),
});
export type FieldRule = z.infer<typeof FieldRule>;

/** A default mapping: a CRM field to a Mojo field, both ways (what every connector starts from). */
export const fieldRule = (
  crmField: string,
  mojoField: FieldRule['mojoField'],
  transform: FieldRule['transform'] = 'text',
): FieldRule => ({ crmField, mojoField, direction: 'both', transform });

export const ConditionOp = z.enum([
  'equals',
  'not_equals',
  'contains',
  'is_empty',
  'is_not_empty',
  'in_list',
  'before',
  'after',
]);
export type ConditionOp = z.infer<typeof ConditionOp>;

export const Condition = z.object({
  field: z.string().min(1).max(100),
  op: ConditionOp,
  /** A list for `in_list`, an ISO date for before/after, nothing for the emptiness tests. */
  value: z.union([z.string().max(500), z.array(z.string().max(200)).max(200)]).default(''),
});
export type Condition = z.infer<typeof Condition>;

export const Filter = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(Condition).max(50).default([]),
});
export type Filter = z.infer<typeof Filter>;

export const IdentifyBy = z.enum(['email', 'phone', 'external_id']);
export type IdentifyBy = z.infer<typeof IdentifyBy>;

export const UpdatePolicy = z.enum(['do_not_update', 'overwrite', 'add_only']);
export type UpdatePolicy = z.infer<typeof UpdatePolicy>;

export const ObjectRules = z.object({
  direction: Direction.default('both'),
  fields: z.array(FieldRule).max(200).default([]),
  filter: Filter.default({ match: 'all', conditions: [] }),
  identify: z.array(IdentifyBy).min(1).max(3).default(['email']),
  // Overwrite: an edit made in Mojo is meant (sync rule 6). Blanks never erase under any policy.
  policy: UpdatePolicy.default('overwrite'),
});
export type ObjectRules = z.infer<typeof ObjectRules>;

export const OwnerRule = z.enum(['match_then_connecting_user', 'match_then_none', 'none']);
export const LeadSourceRule = z.object({
  /** The lead source to set on records created from Mojo; empty = none. */
  value: z.string().max(100).default(''),
  /** Create it in the CRM when it is not in the CRM's list (where the API can). */
  createMissing: z.boolean().default(true),
});

export const CrmRules = z.object({
  objects: z.record(z.string(), ObjectRules).default({}),
  /** What Send to CRM creates where the CRM has several record types (Zoho: Leads or Contacts). */
  recordType: z.string().max(64).default(''),
  /** Where call results go: notes, or tasks (Zoho). */
  callLogAs: z.enum(['notes', 'tasks']).default('notes'),
  owner: OwnerRule.default('match_then_connecting_user'),
  leadSource: LeadSourceRule.default({ value: '', createMissing: true }),
});
export type CrmRules = z.infer<typeof CrmRules>;

export const Schedule = z.object({
  pollMinutes: z.number().int().min(1).max(1440).default(5),
  /** Changes made by the user are pushed at once (sync rule 16); off = with the next poll. */
  pushImmediately: z.boolean().default(true),
});

/** The Mojo dialer page with a group preselected (mojo-contract.md); a setting in case Mojo moves it. */
export const DEFAULT_DIALER_URL_TEMPLATE = '{base}/data-and-dialer?group={group}&view=power-dialer';

export const Advanced = z.object({
  dialerUrlTemplate: z
    .string()
    .min(1)
    .max(500)
    .refine((t) => t.includes('{group}'), 'The dialer URL needs {group}')
    .default(DEFAULT_DIALER_URL_TEMPLATE),
  /** Requests in flight per system. Zoho's edition limits start at 5: 4 leaves room for the user's own tabs. */
  concurrency: z
    .record(z.string(), z.number().int().min(1).max(20))
    .default({ mojo: 4, zoho: 4, wiseagent: 2, cinc: 2 }),
  /** Requests started per second per system: a ceiling against runaway loops. */
  perSecond: z
    .record(z.string(), z.number().int().min(1).max(100))
    .default({ mojo: 40, zoho: 40, wiseagent: 10, cinc: 10 }),
});
export type Advanced = z.infer<typeof Advanced>;

export const RulesV1 = z.object({
  version: z.literal(1),
  crms: z.partialRecord(CrmId, CrmRules).default({}),
  schedule: Schedule.default({ pollMinutes: 5, pushImmediately: true }),
  advanced: Advanced.default(() => Advanced.parse({})),
});
export type Rules = z.infer<typeof RulesV1>;

export const RULES_VERSION = 1;

/**
 * Any stored or imported rules → the current version, or a reason it cannot be read. Unknown
 * future versions are refused rather than guessed at.
 */
export function migrateRules(raw: unknown): { ok: true; rules: Rules } | { ok: false; reason: string } {
  if (raw === null || typeof raw !== 'object')
    return { ok: false, reason: 'This is not a Mojo Bridge settings file.' };
  const version = (raw as { version?: unknown }).version;
  if (version === undefined)
    return { ok: false, reason: 'The file has no version: it is not a Mojo Bridge settings file.' };
  if (typeof version !== 'number' || !Number.isInteger(version))
    return { ok: false, reason: 'The settings version is not a number.' };
  if (version > RULES_VERSION) {
    return {
      ok: false,
      reason: `These settings are from a newer Mojo Bridge (version ${version}). Update the extension first.`,
    };
  }
  const parsed = RulesV1.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      reason: `The settings are not valid${where}: ${issue?.message ?? 'unknown problem'}.`,
    };
  }
  return { ok: true, rules: parsed.data };
}

export const DEFAULT_RULES: Rules = RulesV1.parse({ version: 1 });

/** The rules for one CRM object, defaults filled in when the user has set none. */
export function objectRules(rules: Rules, crm: CrmId, object: string): ObjectRules {
  return rules.crms[crm]?.objects[object] ?? ObjectRules.parse({});
}

export function crmRules(rules: Rules, crm: CrmId): CrmRules {
  return rules.crms[crm] ?? CrmRules.parse({});
}
