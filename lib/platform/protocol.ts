/**
 * Every message between the UI (popup, options, content scripts) and the background, with a zod
 * schema for each payload. The background validates every payload before it acts; no reply ever
 * carries a token or a client secret (AccountsView has no field that could hold one).
 */
import { z } from 'zod';
import { type AddJob, AddTarget, GroupChoice } from '../core/job';
import { CrmId, type MojoGroup } from '../core/models';
import type { Result } from '../core/result';

export const DataCenter = z.enum(['US', 'EU', 'IN', 'AU', 'JP', 'CA', 'SA', 'UK']);
export type DataCenter = z.infer<typeof DataCenter>;

export const MojoCredentials = z.object({
  pin: z.string().trim().min(1, 'Enter your Mojo PIN').max(32),
  login: z.string().trim().min(1, 'Enter your Mojo login').max(254),
  password: z.string().min(1, 'Enter your password').max(256),
});
export type MojoCredentials = z.infer<typeof MojoCredentials>;

/** The "custom configuration" an admin enters for an OAuth CRM (crm-facts.md). */
export const CrmClientConfig = z.object({
  crm: CrmId,
  clientId: z.string().trim().min(1, 'Enter the Client ID').max(200),
  /** Absent for public (PKCE) clients such as Wise Agent. */
  clientSecret: z.string().trim().max(500).optional(),
  dataCenter: DataCenter.optional(),
});
export type CrmClientConfig = z.infer<typeof CrmClientConfig>;

export const MojoAccountView = z.object({
  connected: z.literal(true),
  userName: z.string(),
  userEmail: z.string(),
  accountName: z.string(),
  permissionLevel: z.string(),
});

export const CrmAccountView = z.object({
  crm: CrmId,
  /** Client ID entered (it is not a secret); never the secret itself. */
  clientId: z.string().nullable(),
  hasClientSecret: z.boolean(),
  dataCenter: DataCenter.nullable(),
  redirectUrl: z.string(),
  connected: z.boolean(),
  /** The CRM account's name (Zoho: the org name). */
  accountLabel: z.string().nullable(),
  /** Tokens were revoked or expired beyond refresh: the user must connect again. */
  needsReconnect: z.boolean(),
});
export type CrmAccountView = z.infer<typeof CrmAccountView>;

export const AccountsView = z.object({
  mojo: MojoAccountView.nullable(),
  crms: z.array(CrmAccountView),
});
export type AccountsView = z.infer<typeof AccountsView>;

export const ActivityEntry = z.object({
  at: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string(),
  detail: z.string().optional(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const QueueHealth = z.object({
  pending: z.number().int(),
  failing: z.number().int(),
  deadLetters: z.number().int(),
  /** Writes delivered since the extension was installed. */
  done: z.number().int(),
  /** When Mojo's activities were last read (epoch ms), or null before the first sync. */
  lastSyncAt: z.number().nullable(),
});
export type QueueHealth = z.infer<typeof QueueHealth>;

/** A content script's report of whether it recognised the page (shown in the popup). */
export const PageReport = z.object({
  crm: CrmId,
  url: z.string().max(2048),
  recognised: z.boolean(),
});

export const CrmOnly = z.object({ crm: CrmId });

/** A write that could not be delivered, as the popup lists it (with a Retry button). */
export const FailedItem = z.object({
  id: z.number().int(),
  at: z.number(),
  system: z.string(),
  /** What it was, in the user's words: "Note on Jane Doe (Zoho CRM)". */
  what: z.string(),
  reason: z.string(),
});
export type FailedItem = z.infer<typeof FailedItem>;

export const SendToCrmRequest = z.object({ crm: CrmId, mojoContactId: z.number().int().positive() });
export const SendToCrmResult = z.object({
  action: z.enum(['created', 'updated', 'unchanged']),
  /** "Jane Doe" as the CRM now has it. */
  name: z.string(),
  /** The record in the CRM's web app, when known. */
  recordUrl: z.string().nullable(),
});
export type SendToCrmResult = z.infer<typeof SendToCrmResult>;
export const RetryRequest = z.object({ id: z.number().int().optional() });

export const FieldsRequest = z.object({ crm: CrmId, object: z.string().min(1).max(64) });
export const CrmFields = z.object({
  fields: z.array(z.object({ apiName: z.string(), label: z.string() })),
  /** 'crm' when the CRM listed them, 'documented' for the built-in list (not connected, or no API). */
  source: z.enum(['crm', 'documented']),
});
export type CrmFields = z.infer<typeof CrmFields>;

export const PreviewRequest = z.object({ crm: CrmId, target: AddTarget });
/** What an Add to Mojo would do, before anything is written. */
export const Preview = z.object({
  total: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  excluded: z.number().int(),
  review: z.number().int(),
  /** The first contacts that would not simply be sent, with why (capped). */
  items: z.array(z.object({ name: z.string(), outcome: z.enum(['excluded', 'review']), reason: z.string() })),
  /** True when the preview stopped reading before the end (very large views). */
  partial: z.boolean(),
});
export type Preview = z.infer<typeof Preview>;
export const CountRequest = z.object({ target: AddTarget });
export const StartAddRequest = z.object({ crm: CrmId, target: AddTarget, group: GroupChoice });
export const JobRequest = z.object({ jobId: z.string().min(1).max(64) });

/** Request schemas by message name: the background's dispatcher validates against these. */
export const requestSchemas = {
  getAccounts: z.undefined(),
  connectMojo: MojoCredentials,
  disconnectMojo: z.undefined(),
  saveCrmConfig: CrmClientConfig,
  connectCrm: CrmOnly,
  resetCrm: CrmOnly,
  listGroups: z.undefined(),
  countTarget: CountRequest,
  startAddToMojo: StartAddRequest,
  getJob: JobRequest,
  getActivity: z.undefined(),
  getQueueHealth: z.undefined(),
  reportPage: PageReport,
  connectedCrms: z.undefined(),
  sendToCrm: SendToCrmRequest,
  syncNow: z.undefined(),
  getFailed: z.undefined(),
  retryFailed: RetryRequest,
  crmFields: FieldsRequest,
  previewAddToMojo: PreviewRequest,
} as const;

export interface Protocol {
  getAccounts(): AccountsView;
  connectMojo(data: MojoCredentials): Result<AccountsView>;
  disconnectMojo(): Result<AccountsView>;
  saveCrmConfig(data: CrmClientConfig): Result<AccountsView>;
  connectCrm(data: z.infer<typeof CrmOnly>): Result<AccountsView>;
  resetCrm(data: z.infer<typeof CrmOnly>): Result<AccountsView>;
  listGroups(): Result<MojoGroup[]>;
  /** How many records a target holds (a whole view is counted through the API). */
  countTarget(data: z.infer<typeof CountRequest>): Result<{ count: number | null }>;
  startAddToMojo(data: z.infer<typeof StartAddRequest>): Result<{ jobId: string }>;
  getJob(data: z.infer<typeof JobRequest>): AddJob | null;
  getActivity(): ActivityEntry[];
  getQueueHealth(): QueueHealth;
  reportPage(data: z.infer<typeof PageReport>): void;
  /** The CRMs connected now (for Send to CRM on Mojo's contact form): names only. */
  connectedCrms(): CrmId[];
  /** Send the Mojo contact open on the page to a CRM: create or update the linked record. */
  sendToCrm(data: z.infer<typeof SendToCrmRequest>): Result<SendToCrmResult>;
  /** Read Mojo's activities now (as the schedule would) and queue what goes back. */
  syncNow(): Result<{ activities: number }>;
  getFailed(): FailedItem[];
  /** Put one failed item (or all, without an id) back in the queue. */
  retryFailed(data: z.infer<typeof RetryRequest>): Result<{ retried: number }>;
  /** The fields of a CRM object for the mapping table. */
  crmFields(data: z.infer<typeof FieldsRequest>): Result<CrmFields>;
  /** Dry run of an Add to Mojo: what would be created, updated, excluded, put in review. */
  previewAddToMojo(data: z.infer<typeof PreviewRequest>): Result<Preview>;
}
