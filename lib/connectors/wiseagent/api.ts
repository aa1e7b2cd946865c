/**
 * Wise Agent's API (crm-facts.md): one endpoint, `webconnect.asp?requestType=<name>`, with
 * `Authorization: Bearer`, reads as GET query parameters and writes as form-encoded POSTs. Its
 * answers vary by call (arrays, objects, and JSON inside a JSON string), so every answer is decoded
 * once more when it is a string holding JSON, then validated with zod. A record that does not fit
 * is an error entry for that record; an answer that does not fit at all is 'malformed' (the runner
 * tries again later).
 *
 * Tokens go only to WISEAGENT_API_URL: the session's `apiBase` is never used as an address.
 */
import type { KyInstance, Options } from 'ky';
import { z } from 'zod';
import type { Contact } from '../../core/models';
import { truncate } from '../../core/text';
import {
  ApiError,
  createHttp,
  type HttpOptions,
  type JsonBody,
  malformed,
  send,
  statusError,
  withAuth,
} from '../http';
import type { ReadPage, TokenSource } from '../types';
import { RECONNECT, readBody } from './auth';
import { ClientId, claimedClientId, parseWiseAgentRecord, wiseAgentToContact } from './contact';
import { WISEAGENT_API_URL } from './hosts';
import { formatArizona, formatUtc } from './time';

const SYSTEM = 'wiseagent';

/**
 * There is no documented "get by ids": records are read one `getSingleContact` at a time. Ten per
 * outbox step keeps a retried step cheap; two at a time stays within the runner's cap for Wise
 * Agent (concurrency 2) so a step never floods the API on its own.
 */
export const WISEAGENT_READ_BATCH = 10;
export const WISEAGENT_READ_CONCURRENCY = 2;
/** `getContacts` serves at most 100 a page (crm-facts.md). */
export const WISEAGENT_PAGE_SIZE = 100;
/** A guard against a server that never runs out of pages: 10,000 pages is a million contacts. */
const MAX_PAGES = 10_000;
/** The call list's Reason holds at most 100 characters (crm-facts.md). */
export const CALL_REASON_MAX = 100;

// ---------------------------------------------------------------------------------------------
// Wire schemas

const Flag = z.union([z.boolean(), z.string(), z.number()]);

/** The failure shapes seen on this API: OAuth-style `{error}` and webconnect's `{success:"false"}`. */
const Envelope = z.looseObject({
  success: Flag.optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  message: z.string().optional(),
  Message: z.string().optional(),
});
type Envelope = z.infer<typeof Envelope>;

const Text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? '' : String(value).trim()));

/**
 * `getUser` (the docs): a JSON string holding `[{"First", "Last", "Email"}]`, and no user id. The
 * string is decoded once by answerValue; an array or a bare object is read the same way. The email
 * is the one documented field that is the user's own, so it names the account (lowercased).
 */
const UserAnswer = z.looseObject({
  First: Text,
  Last: Text,
  Email: z
    .string()
    .trim()
    .min(3, 'getUser names no Email: Mojo Bridge cannot tell which Wise Agent account this is'),
});

export interface WiseAgentUser {
  /** The account's email, lowercased: getUser documents no id. */
  id: string;
  name: string;
  email: string;
}

const ContactList = z.union([
  z.array(z.unknown()),
  z.looseObject({ data: z.array(z.unknown()) }).transform((v) => v.data),
]);

/** `webcontact` / `updateContact` / `calls`: `{success, data:{…}}`, sometimes inside a one-item array. */
const WriteAnswer = z.looseObject({
  success: Flag,
  data: z.unknown().optional(),
});
const CreatedData = z.looseObject({
  ClientID: ClientId,
  NewContact: Flag.optional(),
  Message: z.string().optional(),
});
const NoteData = z.looseObject({ NoteID: z.union([z.number(), z.string()]).transform((v) => String(v)) });
const CallData = z.looseObject({ CallID: z.union([z.number(), z.string()]).transform((v) => String(v)) });
const Id = z.union([z.number().int(), z.string().trim().min(1).max(64)]).transform((v) => String(v));

/** A list that may come bare or wrapped (`{data:[…]}`, `{Data:[…]}` as `calls` documents it). */
const List = z.union([
  z.array(z.unknown()),
  z.looseObject({ data: z.array(z.unknown()) }).transform((v) => v.data),
  z.looseObject({ Data: z.array(z.unknown()) }).transform((v) => v.Data),
]);

/** `getTeam`: `[{InsideTeamId, Name, Phone, Cell, Email, JobTitle}]` (the docs). */
const TeamMemberAnswer = z.looseObject({ InsideTeamId: Id, Name: Text, Email: Text });

/** `getSources`: `[{ID, Name}]` (the docs). */
const SourceAnswer = z.looseObject({ Name: Text });

/** `getContactNotes`: `[{NoteID, ClientID, Subject, Note, NoteDate, …}]`; Note may hold HTML (the docs). */
const ContactNoteAnswer = z.looseObject({ NoteID: Id, Subject: Text, Note: Text });

/** `calls` (GET): `{Data:[{CallId, Reason, NextContactDate, CallType, Completed, …}]}` (the docs). */
const CallAnswer = z.looseObject({ CallId: Id, Reason: Text, NextContactDate: Text, CallType: Text });

/** `updateContact`: `{"Success":"<id> updated"}` or `{"Error":"…"}` (the docs); `{success,…}` is read too. */
const UpdateAnswer = z.looseObject({
  Success: z.unknown().optional(),
  success: Flag.optional(),
  Error: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// Public shapes

/** The documented contact fields a write may set. */
export type WiseAgentContactField =
  | 'CFirst'
  | 'CLast'
  | 'CEmail'
  | 'HomePhone'
  | 'MobilePhone'
  | 'WorkPhone'
  | 'AddressNumber'
  | 'AddressStreet'
  | 'SuiteNo'
  | 'City'
  | 'State'
  | 'zip'
  | 'Source'
  | 'Status'
  | 'Rank'
  | 'Categories'
  | 'AddCategories'
  | 'RemoveCategories'
  /** A team member to assign (`getTeam`'s InsideTeamId); `webcontact` takes it. */
  | 'InsideTeamId';
export type WiseAgentContactFields = Partial<Record<WiseAgentContactField, string>>;

/** `getContacts` filters; the server applies one, by precedence email > phone > categories > nameQuery. */
export type ContactFilter =
  | { email: string }
  | { phone: string }
  | { categories: readonly string[] }
  | { nameQuery: string };

/** A ReadPage that always carries the records as read, by ClientID, for the rules. */
export interface WiseAgentReadPage extends ReadPage {
  raws: Record<string, Record<string, unknown>>;
}

export interface ContactsPage extends WiseAgentReadPage {
  /** How many records the page held (read or not): a full page means there may be more. */
  received: number;
}

export type SingleContact =
  | { found: true; contact: Contact; raw: Record<string, unknown> }
  | { found: false; reason: string };

export interface TeamMember {
  /** InsideTeamId, which `webcontact` assigns by. */
  id: string;
  name: string;
  email: string;
}

export interface ContactNote {
  id: string;
  subject: string;
  note: string;
}

export interface CallListItem {
  id: string;
  reason: string;
  /** As Wise Agent wrote it: Arizona time ("7/20/2020 6:03:36 PM" or "2026-11-21 09:30"). */
  nextContactDate: string;
  callType: string;
}

/** A page of a list read (notes, call list): what could be read, and how many came. */
export interface ListPage<T> {
  items: T[];
  received: number;
}

export interface CallListEntry {
  clientId: string;
  /** When to call (epoch ms); sent as Arizona time. */
  nextContactAt: number;
  callType: string;
  reason: string;
  important: boolean;
}

// ---------------------------------------------------------------------------------------------
// Errors and decoding

function truthy(flag: z.infer<typeof Flag> | undefined): boolean | null {
  if (flag === undefined) return null;
  if (typeof flag === 'boolean') return flag;
  const text = String(flag).trim().toLowerCase();
  if (text === 'true' || text === '1' || text === 'yes') return true;
  if (text === 'false' || text === '0' || text === 'no') return false;
  return null;
}

function envelopeOf(value: unknown): Envelope | null {
  const parsed = Envelope.safeParse(Array.isArray(value) ? value[0] : value);
  return parsed.success ? parsed.data : null;
}

function messageOf(envelope: Envelope | null): string | null {
  if (envelope === null) return null;
  return envelope.error_description ?? envelope.message ?? envelope.Message ?? envelope.error ?? null;
}

/** A refused call, in words that say what the user can do about it. */
function wiseAgentError(response: Response, value: unknown, action: string): ApiError {
  const envelope = envelopeOf(value);
  const code = envelope?.error ?? null;
  const message = messageOf(envelope);
  const status = response.status;
  const detail = [`${action}: HTTP ${status}`, message].filter((part) => part !== null).join(' · ');
  if (status === 401) {
    // A dead or revoked access token (`invalid_grant`): withAuth refreshes once.
    return new ApiError({ system: SYSTEM, kind: 'auth', status, code, userMessage: RECONNECT, detail });
  }
  if (status === 403) {
    // A missing scope: a refresh cannot add one, only a new consent can.
    return new ApiError({
      system: SYSTEM,
      kind: 'permanent',
      status,
      code,
      userMessage: `This Wise Agent connection may not ${action}. Connect Wise Agent again and allow every permission it asks for.`,
      detail,
    });
  }
  if (status === 429 || status === 408 || status >= 500) {
    return statusError({
      system: SYSTEM,
      status,
      headers: response.headers,
      code,
      message: detail,
      userMessage:
        status === 429
          ? 'Wise Agent is limiting requests right now; Mojo Bridge will slow down and try again.'
          : `Wise Agent is busy right now (HTTP ${status}); Mojo Bridge will try again shortly.`,
    });
  }
  return new ApiError({
    system: SYSTEM,
    kind: 'permanent',
    status,
    code: code ?? (status >= 200 && status < 300 ? 'refused' : null),
    userMessage: `Wise Agent refused to ${action}: ${message ?? `HTTP ${status}`}.`,
    detail,
  });
}

/**
 * The value of a 2xx answer: JSON, with one more decoding when it is a string holding JSON (some
 * calls answer `"[{…}]"`). A body that is not JSON, or a string that only looks like JSON, is
 * 'malformed'; an answer saying `success: "false"` is a refusal.
 */
function answerValue(response: Response, body: JsonBody, action: string): unknown {
  if (!body.ok) {
    throw malformed(
      SYSTEM,
      response.status,
      `${action}: ${body.snippet}`,
      body.reason === 'html'
        ? 'Wise Agent answered with a web page instead of data.'
        : 'Wise Agent answered with something that is not valid JSON.',
    );
  }
  let value = body.value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[') || text.startsWith('{')) {
      try {
        value = JSON.parse(text) as unknown;
      } catch {
        throw malformed(
          SYSTEM,
          response.status,
          `${action}: a string that is not JSON: ${text.slice(0, 200)}`,
          'Wise Agent answered with something that is not valid JSON.',
        );
      }
    }
  }
  const envelope = envelopeOf(value);
  if (envelope !== null && truthy(envelope.success) === false) throw wiseAgentError(response, value, action);
  return value;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, status: number, action: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw malformed(
    SYSTEM,
    status,
    `${action}: ${z.prettifyError(parsed.error)}`,
    'Wise Agent answered in a shape Mojo Bridge does not understand.',
  );
}

/** `items` through `run`, at most `limit` at a time, results in input order. The first failure wins. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      const item = items[index];
      if (item === undefined) continue;
      try {
        results[index] = await run(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const NOT_FOUND = 'Not found in Wise Agent (deleted, or not visible to the connected user).';

// ---------------------------------------------------------------------------------------------
// Client

export class WiseAgentApi {
  readonly #http: KyInstance;
  readonly #tokens: TokenSource;

  constructor(tokens: TokenSource, options: HttpOptions = {}) {
    this.#tokens = tokens;
    this.#http = createHttp(options);
  }

  /**
   * One authorised call. A 401 is thrown inside withAuth (so a dead token is refreshed once); any
   * other failure is mapped by wiseAgentError. Returns the decoded 2xx value and its status.
   */
  #call(
    method: 'get' | 'post',
    requestType: string,
    params: Record<string, string>,
    action: string,
  ): Promise<{ value: unknown; status: number }> {
    return withAuth(this.#tokens, async ({ accessToken }) => {
      const init: Options = {
        method,
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      };
      // requestType rides in the query for both: the endpoint dispatches on it before reading a body.
      if (method === 'get') init.searchParams = { requestType, ...params };
      else {
        init.searchParams = { requestType };
        init.body = new URLSearchParams(params);
      }
      const response = await send(
        this.#http,
        SYSTEM,
        WISEAGENT_API_URL,
        init,
        'Wise Agent could not be reached. Check your connection; Mojo Bridge will try again.',
      );
      const body = await readBody(response);
      if (!response.ok) throw wiseAgentError(response, body.ok ? body.value : undefined, action);
      return { value: answerValue(response, body, action), status: response.status };
    });
  }

  /** The connected user: the account the Mojo link names. */
  async user(): Promise<WiseAgentUser> {
    const action = 'read your Wise Agent profile';
    const { value, status } = await this.#call('get', 'getUser', {}, action);
    const user = parse(UserAnswer, Array.isArray(value) ? value[0] : value, status, action);
    const name = [user.First, user.Last].filter((p) => p !== '').join(' ');
    return { id: user.Email.toLowerCase(), name, email: user.Email };
  }

  /** One page of contacts (1-based), 100 a page unless asked for fewer, optionally filtered. */
  async contactsPage(
    page: number,
    options: { filter?: ContactFilter; updatedSince?: number; pageSize?: number } = {},
  ): Promise<ContactsPage> {
    if (!Number.isInteger(page) || page < 1) throw new RangeError(`Not a page number: ${page}`);
    if (page > MAX_PAGES) {
      throw malformed(
        SYSTEM,
        200,
        `getContacts: paging did not end after ${MAX_PAGES} pages`,
        'Wise Agent kept sending full pages of contacts without end; Mojo Bridge stopped reading.',
      );
    }
    const pageSize = Math.min(options.pageSize ?? WISEAGENT_PAGE_SIZE, WISEAGENT_PAGE_SIZE);
    const params: Record<string, string> = { page: String(page), page_size: String(pageSize) };
    const filter = options.filter;
    if (filter !== undefined) {
      if ('email' in filter) params.email = filter.email;
      else if ('phone' in filter) params.phone = filter.phone.replace(/\D/g, '');
      else if ('categories' in filter) params.categories = filter.categories.join(',');
      else params.nameQuery = filter.nameQuery;
    }
    if (options.updatedSince !== undefined) params.DateUpdatedUTC = formatUtc(options.updatedSince);
    const action = 'read contacts';
    const { value, status } = await this.#call('get', 'getContacts', params, action);
    // An empty body or `null` is an empty page, as some calls answer past the last one.
    const raws = value === undefined || value === null ? [] : parse(ContactList, value, status, action);
    const out: ContactsPage = { contacts: [], errors: [], raws: {}, received: raws.length };
    for (const raw of raws) {
      const read = toContact(raw);
      if (read.ok) {
        out.contacts.push(read.contact);
        out.raws[read.contact.ref.id] = read.raw;
      } else out.errors.push({ id: claimedClientId(raw) ?? '?', reason: read.reason });
    }
    return out;
  }

  /** One contact by ClientID. Missing, refused and unreadable records are reasons, not exceptions. */
  async singleContact(clientId: string): Promise<SingleContact> {
    const action = `read contact ${clientId}`;
    let answer: { value: unknown; status: number };
    try {
      answer = await this.#call('get', 'getSingleContact', { clientID: clientId }, action);
    } catch (error) {
      // "No such contact" comes back as a refusal; it concerns this record only.
      if (error instanceof ApiError && error.kind === 'permanent' && error.status !== 403) {
        return { found: false, reason: error.userMessage };
      }
      throw error;
    }
    const { value, status } = answer;
    if (value === undefined || value === null) return { found: false, reason: NOT_FOUND };
    // Usually a one-item array; a bare record object is read the same way.
    const raws: unknown[] = Array.isArray(value) ? value : [parse(z.looseObject({}), value, status, action)];
    const raw =
      raws.find((r) => claimedClientId(r) === clientId) ?? (raws.length === 1 ? raws[0] : undefined);
    if (raw === undefined) return { found: false, reason: NOT_FOUND };
    const read = toContact(raw);
    if (!read.ok) return { found: false, reason: read.reason };
    if (read.contact.ref.id !== clientId) {
      return { found: false, reason: `Wise Agent answered with contact ${read.contact.ref.id} instead.` };
    }
    return { found: true, contact: read.contact, raw: read.raw };
  }

  /**
   * Reads the given contacts, two at a time. Ids that are not ClientIDs are never sent; missing and
   * unreadable contacts are error entries. A busy server or a dead session fails the whole call, so
   * the outbox retries the step (reads are safe to repeat).
   */
  async readContacts(clientIds: readonly string[]): Promise<WiseAgentReadPage> {
    const unique = [...new Set(clientIds)];
    const page: WiseAgentReadPage = { contacts: [], errors: [], raws: {} };
    const valid: string[] = [];
    for (const id of unique) {
      if (/^\d{1,15}$/.test(id)) valid.push(id);
      else page.errors.push({ id, reason: 'Not a Wise Agent ClientID.' });
    }
    const answers = await mapLimit(valid, WISEAGENT_READ_CONCURRENCY, (id) => this.singleContact(id));
    valid.forEach((id, i) => {
      const answer = answers[i];
      if (answer?.found) {
        page.contacts.push(answer.contact);
        page.raws[id] = answer.raw;
      } else page.errors.push({ id, reason: answer?.reason ?? NOT_FOUND });
    });
    return page;
  }

  /**
   * Creates a contact (`webcontact`). Wise Agent does not update an existing contact this way: it
   * answers NewContact false with the existing ClientID, and `created` says which happened.
   */
  async createContact(
    fields: WiseAgentContactFields & { CFirst: string; CLast: string; Source: string },
  ): Promise<{ clientId: string; created: boolean; message: string | null }> {
    for (const required of ['CFirst', 'CLast', 'Source'] as const) {
      if (fields[required].trim() === '') {
        throw new ApiError({
          system: SYSTEM,
          kind: 'permanent',
          code: 'missing_field',
          userMessage: `Wise Agent needs ${required} to create a contact.`,
        });
      }
    }
    const action = 'create a contact';
    const { value, status } = await this.#call('post', 'webcontact', definedOnly(fields), action);
    const data = parse(CreatedData, writeData(value, status, action), status, action);
    return {
      clientId: data.ClientID,
      created: truthy(data.NewContact) !== false,
      message: data.Message ?? null,
    };
  }

  /**
   * Updates the given fields of one contact. The docs answer `{"Success":"<id> updated"}` or
   * `{"Error":"Invalid Field …"}` (HTTP 200 both); an older `{success:"true"}` is read as success.
   */
  async updateContact(clientId: string, fields: WiseAgentContactFields): Promise<void> {
    const action = `update contact ${clientId}`;
    const { value, status } = await this.#call(
      'post',
      'updateContact',
      { clientID: clientId, ...definedOnly(fields) },
      action,
    );
    const answer = parse(UpdateAnswer, Array.isArray(value) ? value[0] : value, status, action);
    if (answer.Error !== undefined) {
      throw new ApiError({
        system: SYSTEM,
        kind: 'permanent',
        status,
        code: 'refused',
        userMessage: `Wise Agent refused to ${action}: ${answer.Error}.`,
        detail: `${action}: ${answer.Error}`,
      });
    }
    if (answer.Success === undefined && truthy(answer.success) !== true) {
      throw malformed(
        SYSTEM,
        status,
        `${action}: neither Success nor Error in the answer`,
        'Wise Agent answered in a shape Mojo Bridge does not understand.',
      );
    }
  }

  /** The account's team members (`getTeam`), whom a new contact can be assigned to. */
  async team(): Promise<TeamMember[]> {
    const action = 'read your Wise Agent team';
    const { value, status } = await this.#call('get', 'getTeam', {}, action);
    const list = value === undefined || value === null ? [] : parse(List, value, status, action);
    return list.flatMap((item) => {
      const m = TeamMemberAnswer.safeParse(item);
      return m.success ? [{ id: m.data.InsideTeamId, name: m.data.Name, email: m.data.Email }] : [];
    });
  }

  /** The lead sources the account already uses (`getSources`), by name. */
  async sources(): Promise<string[]> {
    const action = 'read your Wise Agent sources';
    const { value, status } = await this.#call('get', 'getSources', {}, action);
    const list = value === undefined || value === null ? [] : parse(List, value, status, action);
    return list.flatMap((item) => {
      const source = SourceAnswer.safeParse(item);
      return source.success && source.data.Name !== '' ? [source.data.Name] : [];
    });
  }

  /** One page (1-based) of a contact's notes, newest or oldest first as Wise Agent pleases. */
  async contactNotes(
    clientId: string,
    page: number,
    pageSize = WISEAGENT_PAGE_SIZE,
  ): Promise<ListPage<ContactNote>> {
    const action = `read the notes of contact ${clientId}`;
    const { value, status } = await this.#call(
      'get',
      'getContactNotes',
      { ClientID: clientId, page: String(page), page_size: String(pageSize) },
      action,
    );
    const list = value === undefined || value === null ? [] : parse(List, value, status, action);
    const items = list.flatMap((item) => {
      const n = ContactNoteAnswer.safeParse(item);
      return n.success ? [{ id: n.data.NoteID, subject: n.data.Subject, note: n.data.Note }] : [];
    });
    return { items, received: list.length };
  }

  /** One page (1-based) of a contact's call-list entries (`calls` read with `clientId`). */
  async callsOf(
    clientId: string,
    page: number,
    pageSize = WISEAGENT_PAGE_SIZE,
  ): Promise<ListPage<CallListItem>> {
    const action = `read the call list of contact ${clientId}`;
    const { value, status } = await this.#call(
      'get',
      'calls',
      { clientId, page: String(page), page_size: String(pageSize) },
      action,
    );
    const list = value === undefined || value === null ? [] : parse(List, value, status, action);
    const items = list.flatMap((item) => {
      const c = CallAnswer.safeParse(item);
      return c.success
        ? [
            {
              id: c.data.CallId,
              reason: c.data.Reason,
              nextContactDate: c.data.NextContactDate,
              callType: c.data.CallType,
            },
          ]
        : [];
    });
    return { items, received: list.length };
  }

  /** Adds one note to one or more contacts (one call notes them all); returns the note ids given. */
  async addContactNote(params: {
    clientIds: readonly string[];
    subject: string;
    note: string;
  }): Promise<string[]> {
    if (params.clientIds.length === 0) return [];
    const action = 'add a note';
    const { value, status } = await this.#call(
      'post',
      'addContactNote',
      { clientids: params.clientIds.join(','), subject: params.subject, note: params.note },
      action,
    );
    const data = writeData(value, status, action);
    const list = Array.isArray(data) ? data : data === undefined ? [] : [data];
    return list.flatMap((item) => {
      const note = NoteData.safeParse(item);
      return note.success ? [note.data.NoteID] : [];
    });
  }

  /** Puts a contact on the call list (where Mojo's events land); returns the call's id when given. */
  async addCall(entry: CallListEntry): Promise<string | null> {
    const action = 'add to the call list';
    const { value, status } = await this.#call(
      'post',
      'calls',
      {
        ClientId: entry.clientId,
        NextContactDate: formatArizona(entry.nextContactAt),
        CallType: entry.callType,
        Reason: truncate(entry.reason, CALL_REASON_MAX, '…').text,
        FlagImportant: entry.important ? 'true' : 'false',
      },
      action,
    );
    // The docs answer `{"success": true, "id": 123}`; `{success, data:{CallID}}` is read too.
    const answer = parse(WriteAnswer, Array.isArray(value) ? value[0] : value, status, action);
    const id = Id.safeParse(answer.id);
    if (truthy(answer.success) === true && id.success) return id.data;
    const call = CallData.safeParse(writeData(value, status, action));
    return call.success ? call.data.CallID : null;
  }
}

/** A write's `data`, once its `success` says it worked. */
function writeData(value: unknown, status: number, action: string): unknown {
  const answer = parse(WriteAnswer, Array.isArray(value) ? value[0] : value, status, action);
  if (truthy(answer.success) !== true) {
    throw malformed(
      SYSTEM,
      status,
      `${action}: success=${String(answer.success)}`,
      'Wise Agent answered in a shape Mojo Bridge does not understand.',
    );
  }
  return answer.data;
}

function definedOnly(fields: WiseAgentContactFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * A record read: the Contact, and the record itself for the rules (filters and field mappings read
 * any field by Wise Agent's name). The record is the validated one: text trimmed, numbers as text,
 * Categories decoded from its JSON string into a list.
 */
function toContact(
  raw: unknown,
): { ok: true; contact: Contact; raw: Record<string, unknown> } | { ok: false; reason: string } {
  const parsed = parseWiseAgentRecord(raw);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, contact: wiseAgentToContact(parsed.record), raw: { ...parsed.record } };
  } catch (error) {
    // One odd record must not sink the page it came with.
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
