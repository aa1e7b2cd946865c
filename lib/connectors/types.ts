/**
 * The contract every CRM implements. A new CRM is one folder under lib/connectors/ that exports
 * a `CrmConnector` (and a `PageAdapter` for its content script); nothing in lib/core or lib/sync
 * names a CRM.
 */
import type { Contact, CrmId, CrmRef } from '../core/models';

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

/** A page of records read through the API: streamed, so 10,000 records never sit in memory. */
export type RecordStream = AsyncIterable<Contact[]>;

export interface CrmConnector {
  id: CrmId;
  /** The CRM account connected, for the Mojo link check and the popup. */
  account(): Promise<CrmAccount>;
  /** Read the given records (batched API reads). Missing records are skipped. */
  getContacts(refs: CrmRef[]): RecordStream;
  /** Read a whole list view; `viewId` absent = the module's default view. */
  listView?(module: string, viewId: string | undefined): RecordStream;
  /** How many records a view holds, when the API can say without reading them. */
  countView?(module: string, viewId: string | undefined): Promise<number | null>;
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
  /** Where the button goes, best first; when none matches the button floats. */
  anchors: { record: SelectorChain; list: SelectorChain };
}
