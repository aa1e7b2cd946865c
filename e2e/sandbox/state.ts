/**
 * The sandbox's whole in-memory world: Mojo's accounts, tokens, groups and contacts, and one Zoho
 * org shared by all data centers. Tests in the same process read and change it directly; the
 * admin API serves a JSON snapshot of it. Reset replaces the contents in place, so a reference to
 * the state object held by a test stays valid.
 */
import { type CincState, cincSnapshot, seedCinc } from './cinc-state';
import type { ZohoDc } from './hosts';
import { seedMojo, seedZoho } from './seed';
import type { JsonObject, JsonValue } from './util';
import { seedWiseAgent, type WiseAgentState, wiseAgentSnapshot } from './wiseagent-state';

// ---------------------------------------------------------------- Mojo

export type MojoPermission = 'owner' | 'admin' | 'agent' | 'dialing_rep';

export interface MojoAccount {
  id: string;
  base_url: string;
  name: string;
}

export interface MojoUser {
  id: string;
  account_id: string;
  pin: string;
  login: string;
  password: string;
  name: string;
  permission_level: MojoPermission;
  /** A locked user gets 423 whatever the password. */
  locked: boolean;
}

export interface MojoAccessToken {
  token: string;
  user_id: string;
  /** Epoch ms on the sandbox clock. */
  expires_at: number;
  /** The refresh token that minted it, so revoking that one kills this too. */
  refresh_token: string | null;
  revoked: boolean;
}

export interface MojoRefreshToken {
  token: string;
  user_id: string;
  revoked: boolean;
}

export interface MojoLink {
  crm: string;
  crm_account_id: string;
  crm_account_label: string;
  linked_at: string;
}

export interface MojoGroup {
  id: number;
  account_id: string;
  name: string;
}

export interface MojoMedia {
  type: number;
  value: string;
}

export interface MojoNote {
  id: number;
  api_note_id: string | null;
  text: string;
  created_at: string;
}

export interface MojoContact {
  id: number;
  account_id: string;
  api_contact_id: string;
  source: string;
  full_name: string;
  first_name: string;
  last_name: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  mediainfo_set: MojoMedia[];
  notes: MojoNote[];
  misc: Record<string, string>;
  /** Mojo's upsert moves a contact, so this holds one group; an array because the API says so. */
  group_ids: number[];
  events: JsonValue[];
  created_at: string;
  updated_at: string;
}

/** One entry of the activity feed the two-way sync polls (mojo-contract.md, "Activities"). */
export type MojoActivity = { id: string; type: string; at: string } & JsonObject;

export interface MojoState {
  accounts: MojoAccount[];
  users: MojoUser[];
  accessTokens: Map<string, MojoAccessToken>;
  refreshTokens: Map<string, MojoRefreshToken>;
  tokenTtlSeconds: number;
  /** Every call to the token endpoint, password and refresh grants alike. */
  tokenRequests: number;
  /** account id → crm → link. */
  links: Record<string, Record<string, MojoLink>>;
  groups: MojoGroup[];
  contacts: Map<number, MojoContact>;
  /** `${account_id}|${api_contact_id}` → contact id: the upsert's idempotency key. */
  contactIdsByApiId: Map<string, number>;
  activities: MojoActivity[];
  /**
   * [sandbox] How many times each api_contact_id arrived in an upsert that reached the emulator:
   * the reliability figures count re-deliveries (harmless, the upsert is keyed) with it.
   */
  upsertsReceived: Map<string, number>;
  /** [sandbox] Contacts Mojo answers with an item error (admin POST /mojo/rejections), to test per-item failures. */
  rejections: Map<string, { code: string; message: string }>;
  /**
   * [sandbox] Mojo publishes no API, so where the public record shows another shape the emulator
   * can answer in it too (admin POST /mojo/answer-style), and the client must read both:
   * - `upsert`: `contract` is our `{results:[…]}`; `bulk` is the partner API's `bulk_create` answer
   *   the public Go client shows (RealGeeks/mojo-go): `{duplicated_api_contact_id, errors, result}`,
   *   HTTP 200, a failed contact only named in `errors`, no created/updated/moved.
   * - `deadToken`: 401 `{error:"invalid_token"}` (contract) or 403 `{detail:"Invalid access_token"}` (public client).
   * - `busyOnce`: the next upsert answers "Previous request was not finished or was interrupted.".
   */
  answerStyle: { upsert: 'contract' | 'bulk'; deadToken: 401 | 403; busyOnce: number };
  nextIds: { contact: number; group: number; note: number; activity: number };
}

// ---------------------------------------------------------------- Zoho

export const ZOHO_MODULES = ['Contacts', 'Leads'] as const;
export type ZohoModule = (typeof ZOHO_MODULES)[number];

export function isZohoModule(name: string): name is ZohoModule {
  return (ZOHO_MODULES as readonly string[]).includes(name);
}

export interface ZohoLookup {
  id: string;
  name: string;
  email?: string;
}

export type ZohoFieldValue = string | null | ZohoLookup;

export interface ZohoRecord {
  id: string;
  [field: string]: ZohoFieldValue;
}

export interface ZohoUser {
  id: string;
  email: string;
  full_name: string;
  status: 'active';
}

export interface ZohoView {
  id: string;
  module: ZohoModule;
  name: string;
  system_name: string;
  /** null = every record of the module. Compared case-insensitively, as Zoho's "is" does. */
  filter: { field: string; equals: string } | null;
}

export interface ZohoClient {
  client_id: string;
  client_secret: string;
  /**
   * The Authorized Redirect URI registered in Zoho's API console: only this exact address is
   * accepted. Absent = any chromiumapp.org address ([sandbox]: an extension's id differs per build).
   */
  redirect_uri?: string;
}

export interface ZohoCode {
  code: string;
  client_id: string;
  redirect_uri: string;
  scope: string;
  /** access_type=offline was asked for: the exchange also issues a refresh token. */
  offline: boolean;
  dc: ZohoDc;
  expires_at: number;
  used: boolean;
}

export interface ZohoRefreshToken {
  token: string;
  client_id: string;
  scope: string;
  dc: ZohoDc;
  revoked: boolean;
}

export interface ZohoAccessToken {
  token: string;
  refresh_token: string | null;
  client_id: string;
  scope: string;
  /** A token works only on its own data center's API host, as in real Zoho. */
  dc: ZohoDc;
  expires_at: number;
  revoked: boolean;
}

export interface ZohoAuthRequest {
  at: string;
  host: string;
  dc: ZohoDc;
  params: Record<string, string>;
  outcome: 'code' | 'invalid_client' | 'access_denied' | 'invalid_redirect_uri';
}

export interface ZohoTokenRequest {
  at: string;
  host: string;
  grant_type: string;
  client_id: string;
  ok: boolean;
  error: string | null;
}

export interface ZohoWriteCall {
  at: string;
  op: 'upsert' | 'insert' | 'update';
  module: string;
  /** As sent: `[]` means "fire no workflows" (sync-rules.md, "No echo"); null when absent. */
  trigger: JsonValue;
  duplicate_check_fields: JsonValue;
  count: number;
  /** Per item: insert | update | the error code. */
  results: string[];
}

export interface ZohoNote {
  id: string;
  Note_Title: string | null;
  Note_Content: string;
  Parent_Id: { module: { api_name: string }; id: string };
  Created_Time: string;
}

export type ZohoTask = { id: string; Created_Time: string } & JsonObject;

export interface ZohoPageToken {
  module: ZohoModule;
  cvid: string | null;
  offset: number;
  expires_at: number;
}

export interface ZohoState {
  org: { id: string; company_name: string; domain_name: string };
  users: ZohoUser[];
  clients: ZohoClient[];
  views: ZohoView[];
  records: Record<ZohoModule, ZohoRecord[]>;
  notes: ZohoNote[];
  tasks: ZohoTask[];
  codes: Map<string, ZohoCode>;
  accessTokens: Map<string, ZohoAccessToken>;
  refreshTokens: Map<string, ZohoRefreshToken>;
  pageTokens: Map<string, ZohoPageToken>;
  tokenTtlSeconds: number;
  /** Every call to /oauth/v2/token, successful or not ("refreshed exactly once" tests). */
  tokenRequests: number;
  tokenRequestLog: ZohoTokenRequest[];
  authRequests: ZohoAuthRequest[];
  writeCalls: ZohoWriteCall[];
  /** Calls to the CRM API (each one costs a credit in real Zoho). */
  apiCalls: number;
  /** The next authorize request answers `error=access_denied` (the user clicked Deny). */
  denyNextAuth: boolean;
  limits: {
    /** Concurrent API calls allowed before 429, as Zoho's per-edition cap; null = unlimited. */
    concurrency: number | null;
    /** Real Zoho allows 10 token requests per 10 minutes; off by default so test suites can log in freely. */
    tokenRateLimit: boolean;
  };
  /**
   * User-defined unique fields ("Do not allow duplicate values") per module, beyond the
   * system-defined duplicate-check field Email. An insert or update that repeats a value of one
   * answers DUPLICATE_DATA; only these and Email may be named in an upsert's duplicate_check_fields.
   */
  uniqueFields: Record<ZohoModule, string[]>;
  /** The numeric tail of the next record/note/task id; one counter so ids sort by creation. */
  nextId: number;
  /** How many bulk records were generated per module, so the next batch continues the numbering. */
  generated: Record<ZohoModule, number>;
}

// ---------------------------------------------------------------- the whole

export type SeedName = 'default' | 'empty';

export interface SandboxState {
  mojo: MojoState;
  zoho: ZohoState;
  /** CINC's site, leads and OAuth (cinc-state.ts). */
  cinc: CincState;
  /** Wise Agent's user, contacts, notes, call list and OAuth (wiseagent-state.ts). */
  wiseagent: WiseAgentState;
  /** Added to Date.now(): lets tests age codes and tokens without waiting. */
  clock: { offsetMs: number };
}

export interface SeedOptions {
  seed?: SeedName;
  /** Extra generated Zoho contacts ("Contact 00001", …). */
  zohoContacts?: number;
}

export function createState(opts: SeedOptions = {}): SandboxState {
  const seed = opts.seed ?? 'default';
  return {
    mojo: seedMojo(seed),
    zoho: seedZoho(seed, opts.zohoContacts ?? 0),
    cinc: seedCinc(seed),
    wiseagent: seedWiseAgent(seed),
    clock: { offsetMs: 0 },
  };
}

/** Replaces the contents in place (see the module comment). */
export function resetState(state: SandboxState, opts: SeedOptions = {}): void {
  Object.assign(state, createState(opts));
}

export function now(state: SandboxState): number {
  return Date.now() + state.clock.offsetMs;
}

/** The JSON the admin API serves: secrets and bulky indexes summarised, records in full. */
export function snapshot(state: SandboxState): JsonValue {
  const { mojo, zoho } = state;
  const t = now(state);
  const live = <T extends { revoked: boolean; expires_at: number }>(m: Map<string, T>) =>
    [...m.values()].filter((x) => !x.revoked && x.expires_at > t).length;
  const body = {
    clock: state.clock,
    mojo: {
      accounts: mojo.accounts,
      users: mojo.users,
      tokens: {
        access: mojo.accessTokens.size,
        accessLive: live(mojo.accessTokens),
        refresh: mojo.refreshTokens.size,
        refreshLive: [...mojo.refreshTokens.values()].filter((r) => !r.revoked).length,
      },
      tokenRequests: mojo.tokenRequests,
      tokenTtlSeconds: mojo.tokenTtlSeconds,
      links: mojo.links,
      groups: mojo.groups.map((g) => ({ ...g, contact_count: groupContactCount(mojo, g.id) })),
      contacts: [...mojo.contacts.values()],
      activities: mojo.activities,
    },
    zoho: {
      org: zoho.org,
      users: zoho.users,
      clients: zoho.clients,
      views: zoho.views,
      records: zoho.records,
      notes: zoho.notes,
      tasks: zoho.tasks,
      tokens: {
        access: zoho.accessTokens.size,
        accessLive: live(zoho.accessTokens),
        refresh: zoho.refreshTokens.size,
        refreshLive: [...zoho.refreshTokens.values()].filter((r) => !r.revoked).length,
      },
      tokenRequests: zoho.tokenRequests,
      tokenRequestLog: zoho.tokenRequestLog,
      authRequests: zoho.authRequests,
      writeCalls: zoho.writeCalls,
      apiCalls: zoho.apiCalls,
      tokenTtlSeconds: zoho.tokenTtlSeconds,
      denyNextAuth: zoho.denyNextAuth,
      limits: zoho.limits,
    },
    cinc: cincSnapshot(state.cinc, t),
    wiseagent: wiseAgentSnapshot(state.wiseagent, t),
  };
  return JSON.parse(JSON.stringify(body)) as JsonValue;
}

export function groupContactCount(mojo: MojoState, groupId: number): number {
  let n = 0;
  for (const c of mojo.contacts.values()) if (c.group_ids.includes(groupId)) n++;
  return n;
}

/** In-process lookup for tests: the Mojo contact an upsert made for a CRM record. */
export function findMojoContact(state: SandboxState, apiContactId: string, accountId = 'A-100') {
  const id = state.mojo.contactIdsByApiId.get(`${accountId}|${apiContactId}`);
  return id === undefined ? undefined : state.mojo.contacts.get(id);
}

export function findZohoRecord(state: SandboxState, module: ZohoModule, id: string): ZohoRecord | undefined {
  return state.zoho.records[module].find((r) => r.id === id);
}
