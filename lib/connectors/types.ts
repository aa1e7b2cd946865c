/**
 * The contract every CRM implements. A new CRM is one folder under lib/connectors/ that exports
 * a `CrmConnector` (and a `PageAdapter` for its content script); nothing in lib/core or lib/sync
 * names a CRM.
 */
import type { Contact, CrmId, CrmRef } from '../core/models';
import type { CrmRules, FieldRule, IdentifyBy, ObjectRules, UpdatePolicy } from '../core/rules/model';
import type { ContactPatch } from '../core/two-way';
import type { DataCenter } from '../platform/protocol';

/** Where an OAuth CRM keeps its session; owned by the background only. */
export interface OAuthSession {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch ms; refresh a little before. */
  expiresAt: number;
  /** Zoho: the api_domain the token answer named; others: their fixed API base. */
  apiBase: string;
  /** Zoho: the accounts server the redirect named. */
  accountsServer?: string;
}

/** Gives an API client a valid token, refreshing once for all callers at a time. */
export interface TokenSource {
  /** A token believed valid (refreshes first when it is about to expire). */
  current(): Promise<{ accessToken: string; apiBase: string }>;
  /** The server said `rejected` is dead: refresh (once, shared) and return the new one. */
  refreshAfter(rejected: string): Promise<{ accessToken: string; apiBase: string }>;
}

export interface CrmAccount {
  id: string;
  label: string;
}

/** Records read through the API; a malformed record is an error entry, not a crash. */
export interface ReadPage {
  contacts: Contact[];
  errors: { id: string; reason: string }[];
  /** Each record as the CRM sent it, by id, when the connector has it (filters and mappings read any field). */
  raws?: Record<string, Record<string, unknown>>;
}

export interface CrmConnector {
  id: CrmId;
  /** The CRM account connected, for the Mojo link check and the popup. */
  account(): Promise<CrmAccount>;
  /** How many refs one `readRecords` call takes (the API's batch limit). */
  readBatchSize: number;
  /** Read the given records in one batched API call. Missing records are skipped. */
  readRecords(refs: CrmRef[]): Promise<ReadPage>;
  /**
   * One page of a list view (`viewId` absent = the module's default view). `cursor` null is the
   * first page; `next` null is the end. Page by page, so a run can stop and resume anywhere.
   * `cutShort`: the CRM will not give the rest of the view (Zoho: 100,000 records), in words for
   * the run's summary, so a larger view is never truncated silently.
   */
  readViewPage?(
    module: string,
    viewId: string | undefined,
    cursor: string | null,
  ): Promise<ReadPage & { next: string | null; cutShort?: string }>;
  /** How many records a view holds, when the API can say without reading them. */
  countView?(module: string, viewId: string | undefined): Promise<number | null>;
  /**
   * The cursors of the view pages that can be named before any is read (Zoho: the first 2,000
   * records, by page number), for a view of `total` records. Add to Mojo queues them together and
   * reads them in parallel, the last one continuing the page chain. Absent: one page after another.
   */
  viewCursorsUpFront?(total: number): string[];
  /** What Send to CRM creates when the rules name nothing (Zoho: Leads). */
  defaultRecordType?: string;
  /** The object's fields as the CRM lists them (Zoho settings/fields), for the mapping table. */
  listFields?(object: string): Promise<{ apiName: string; label: string }[]>;

  // The way back (Mojo → CRM). Each write is safe to repeat: keyed by the record, the activity id,
  // or checked against what the record already holds.

  /**
   * Send to CRM: update `link` when the contact is already linked, else find the record by the
   * CRM's own duplicate check (email) and update it, else create one (of `recordType`, when the
   * CRM has several). Blank fields never erase what the CRM holds.
   */
  sendContact?(contact: ContactDraft, options: SendOptions): Promise<SentContact>;
  /**
   * Write a patch to a linked record under the user's update policy: never a value it already
   * holds, never a blank, only empty fields under add-only, nothing under do-not-update.
   */
  updateContact?(ref: CrmRef, patch: ContactPatch, policy: UpdatePolicy): Promise<void>;
  /**
   * A note on the record. `key` (the Mojo activity id) is written into it; when `repeat` is set
   * (an earlier attempt may have landed) the connector first checks for it where the API can.
   */
  addNote?(ref: CrmRef, note: { key: string; title: string; body: string; repeat: boolean }): Promise<void>;
  /**
   * The longest note the CRM takes, in characters, all of it (title and marker lines included).
   * lib/sync/two-way.ts cuts longer bodies to fit, says so in the note and in the activity log.
   */
  noteLimit?: number;
  /** A task / call-list entry for a Mojo event; `key` and `repeat` as for notes. */
  addEvent?(
    ref: CrmRef,
    event: { key: string; subject: string; due: string | null; kindLabel: string; repeat: boolean },
  ): Promise<void>;
}

/** A contact that may not exist in the CRM yet. */
export type ContactDraft = Omit<Contact, 'ref'>;

export interface SendOptions {
  /** The linked record, when the contact is linked: it wins over identification. */
  link: CrmRef | null;
  /** What to create (Zoho: Leads or Contacts); the connector's default when absent. */
  recordType?: string;
  /** The rules of the object written to, and of the CRM (owner, lead source). */
  object: ObjectRules;
  crm: CrmRules;
  /** The Mojo agent's email, for the owner rule. */
  agentEmail: string | null;
}

export interface SentContact {
  ref: CrmRef;
  /**
   * What happened to the CRM record: `unchanged` when it was matched and the object's update policy
   * is Do not update, so nothing was written (the sheet must not say "Updated").
   */
  action: 'created' | 'updated' | 'unchanged';
  name: string;
  /** The record in the CRM's web app, when known. */
  url: string | null;
  /** What the rules decided that the user may want to know (owner, lead source left out, …). */
  notes: string[];
}

/** What the admin enters for an OAuth CRM ("custom configuration"). */
export interface CrmClientSettings {
  clientId: string;
  clientSecret?: string;
  dataCenter?: DataCenter;
}

/** A sign-in in progress: what must be checked when the provider redirects back. */
export interface PendingSignIn {
  state: string;
  /** PKCE code verifier, for public clients. */
  verifier?: string;
}

/**
 * Whether a CRM's OAuth client has a secret the admin must enter: Zoho and CINC always, Wise Agent
 * when Wise Agent issued one (its docs say a client has one; its own plugin signs in without).
 */
export type ClientSecretNeed = 'required' | 'optional' | 'none';

/** One CRM's OAuth strategy and API, as the account service sees it. */
export interface CrmIntegration {
  id: CrmId;
  /** What the custom configuration asks for. */
  needs: { clientSecret: ClientSecretNeed; dataCenter: boolean };
  /** Origins this configuration talks to (sign-in, API, web app): host permissions to hold. */
  origins(settings: CrmClientSettings): string[];
  authorizeUrl(settings: CrmClientSettings, redirectUri: string, pending: PendingSignIn): Promise<string>;
  finishSignIn(
    settings: CrmClientSettings,
    redirectUri: string,
    redirectedTo: string,
    pending: PendingSignIn,
  ): Promise<OAuthSession>;
  /** Throws ApiError kind 'auth' when the refresh token is dead. */
  refresh(settings: CrmClientSettings, session: OAuthSession): Promise<OAuthSession>;
  revoke(settings: CrmClientSettings, session: OAuthSession): Promise<void>;
  connector(tokens: TokenSource): CrmConnector;
  /** The CRM's objects the options page has a tab for. */
  objects: { id: string; label: string }[];
  /**
   * The identification keys the connector can find records by, offered on the options page;
   * absent = all of them. A key with no CRM field behind it is not offered (Zoho: no external id).
   */
  identifyBy?: readonly IdentifyBy[];
  /** The field mappings that reproduce the connector's own mapping: the options page's defaults. */
  defaultFields(object: string): FieldRule[];
  /** The CRM's fields as documented, when the API can't list them. */
  documentedFields(object: string): { apiName: string; label: string }[];
}

export type SelectorChain = readonly string[];

/** What a content script knows about one CRM's web app. Pure: takes a URL and a Document. */
export interface PageAdapter {
  crm: CrmId;
  /** Manifest match patterns. */
  matches: string[];
  kind(url: URL, doc: Document): 'list' | 'record' | null;
  /** The record shown on a record page, from the URL where possible. */
  recordRef(url: URL, doc: Document): CrmRef | null;
  /** The list view shown on a list page (module and view id). */
  listView(url: URL, doc: Document): { module: string; viewId: string | undefined } | null;
  /** The rows the user has selected on a list page. */
  selection(url: URL, doc: Document): CrmRef[];
  /** The list view's visible name, for the dialog ("All Contacts"). */
  viewName?(doc: Document): string | null;
  /** Where the button goes, best first; when none matches the button floats. */
  anchors: { record: SelectorChain; list: SelectorChain };
}
