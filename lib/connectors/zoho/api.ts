/**
 * Zoho CRM's REST API v7 (crm-facts.md): records by id, list views streamed page by page, counts,
 * users, the org, inserts, updates by id, notes and tasks. No upsert: Zoho's upsert
 * matches by its own duplicate-check fields whatever the user's identification rules chose. The wire envelopes are validated here; records become the
 * product's `Contact` through contact.ts. Zoho wants `Authorization: Zoho-oauthtoken <t>` (not
 * Bearer) and a dead token is refreshed once through the TokenSource.
 */
import type { KyInstance } from 'ky';
import { z } from 'zod';
import type { Contact } from '../../core/models';
import {
  ApiError,
  bodyValue,
  createHttp,
  type HttpOptions,
  type JsonBody,
  joinUrl,
  malformed,
  parseWith,
  readJson,
  send,
  statusError,
  withAuth,
} from '../http';
import type { TokenSource } from '../types';
import { parseZohoRecord, zohoToContact } from './contact';
import { isZohoPersonModule, zohoReadFields } from './fields';

/** Zoho reads and writes at most 100 records by id a call, and lists at most 200 a page. */
export const ZOHO_BATCH_MAX = 100;
const PER_PAGE = 200;
/** page × per_page may not pass 2,000; beyond it only `page_token` walks on (crm-facts.md). */
const LAST_NUMBERED_PAGE = 2000 / PER_PAGE;
/** A guard against a server that never says "no more": 10,000 pages is 2 million records. */
const MAX_PAGES = 10_000;
/**
 * Zoho reads at most the first 100,000 records of a view through `page_token` (Get Records:
 * PAGINATION_LIMIT_EXCEEDED), i.e. 500 pages of 200; the rest can't be read this way.
 */
export const ZOHO_VIEW_READ_MAX = 100_000;
const LAST_TOKEN_PAGE = ZOHO_VIEW_READ_MAX / PER_PAGE;
export const viewLimitReached = (module: string) =>
  `Zoho CRM lets an app read only the first ${ZOHO_VIEW_READ_MAX.toLocaleString('en-US')} records of a view; the rest of this ${module} view was not sent. Split the view (by a filter in Zoho CRM) to send the rest.`;

const RECONNECT = 'Zoho CRM needs to be connected again.';

/** What a call needs from Zoho, named for the messages shown when Zoho says it may not. */
interface Need {
  scope: string;
  action: string;
}

// ---------------------------------------------------------------------------------------------
// Wire schemas

const Text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');
// Zoho ids are 19-digit strings; a JSON number would already have lost digits, so only strings count.
const ZohoId = z.string().min(1);

const ErrorEnvelope = z.looseObject({
  code: z.string(),
  message: z.string().optional(),
  details: z.unknown().optional(),
  status: z.string().optional(),
});
type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

const NoPermissionDetails = z.looseObject({ permissions: z.array(z.string()) });

const PageInfo = z.looseObject({
  more_records: z.boolean().default(false),
  next_page_token: z.string().nullish(),
  page: z.number().optional(),
});

const FieldsMeta = z.object({
  fields: z.array(
    z
      .object({
        api_name: z.string(),
        field_label: z.string().nullish(),
        // A picklist value has what users see (display_value) and what the API stores and takes
        // (actual_value); they differ once a value is renamed in Zoho's settings.
        pick_list_values: z
          .array(z.object({ display_value: z.string(), actual_value: z.string().nullish() }).loose())
          .nullish(),
      })
      .loose(),
  ),
});

const RawRecords = z.object({ data: z.array(z.record(z.string(), z.unknown())) });

const NotesPage = z.object({
  data: z.array(z.object({ Note_Title: z.string().nullish(), Note_Content: z.string().nullish() }).loose()),
});

const RecordsPage = z.object({ data: z.array(z.unknown()), info: PageInfo.optional() });

const Org = z.object({
  org: z.array(z.looseObject({ id: ZohoId, company_name: Text, domain_name: Text })).min(1),
});
export interface ZohoOrg {
  id: string;
  company_name: string;
  domain_name: string;
}

const ZohoUser = z.object({ id: ZohoId, email: Text, full_name: Text, status: Text });
export type ZohoUser = z.infer<typeof ZohoUser>;
const UsersPage = z.object({ users: z.array(ZohoUser), info: PageInfo.optional() });

const Count = z.object({ count: z.number().int().nonnegative() });

const WriteItem = z.looseObject({
  code: z.string(),
  status: z.string().optional(),
  message: Text,
  action: z.string().optional(),
  details: z.unknown().optional(),
});
const WriteEnvelope = z.object({ data: z.array(WriteItem) });
const WriteDetails = z.looseObject({
  id: ZohoId.optional(),
  api_name: z.string().optional(),
  duplicate_record: z.looseObject({ id: ZohoId }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Public shapes

export interface ZohoRecordError {
  id: string;
  reason: string;
}

/** One page of records: what could be read, and what could not (with why), never a crash. */
export interface ZohoPage {
  records: Contact[];
  errors: ZohoRecordError[];
  /** Each record as Zoho sent it, by id: import filters and field mappings read any field. */
  raws?: Record<string, Record<string, unknown>>;
}

/** Zoho's answer for one record of a write batch. */
export type ZohoWriteResult =
  | { ok: true; id: string; action: 'insert' | 'update' | null; code: string; message: string }
  | {
      ok: false;
      code: string;
      message: string;
      /** DUPLICATE_DATA: the record that already holds the value. */
      id?: string;
      /** INVALID_DATA / MANDATORY_NOT_FOUND: the field Zoho named. */
      field?: string;
    };

// ---------------------------------------------------------------------------------------------
// Errors

function envelopeOf(body: JsonBody): ErrorEnvelope | null {
  if (!body.ok) return null;
  const parsed = ErrorEnvelope.safeParse(body.value);
  return parsed.success ? parsed.data : null;
}

/** A Zoho error answer as an ApiError, in words that say what the user can do about it. */
function zohoError(response: Response, body: JsonBody, need: Need): ApiError {
  const envelope = envelopeOf(body);
  const code = envelope?.code ?? null;
  const message = envelope?.message ?? null;
  const status = response.status;
  const detail = [message, code].filter((part) => part !== null).join(' · ') || `HTTP ${status}`;
  if (code === 'OAUTH_SCOPE_MISMATCH') {
    // Zoho answers 401 for this, but a refresh cannot add a scope: only a new consent can.
    return new ApiError({
      system: 'zoho',
      kind: 'permanent',
      status,
      code,
      userMessage: `This Zoho CRM connection lacks the ${need.scope} permission, which Mojo Bridge needs to ${need.action}. Connect Zoho CRM again and allow every permission it asks for.`,
      detail,
    });
  }
  if (code === 'NO_PERMISSION') {
    const details = NoPermissionDetails.safeParse(envelope?.details);
    const missing =
      details.success && details.data.permissions.length > 0
        ? ` (${details.data.permissions.join(', ')})`
        : '';
    return new ApiError({
      system: 'zoho',
      kind: 'permanent',
      status,
      code,
      userMessage: `Your Zoho CRM user may not ${need.action}${missing}. Ask your Zoho CRM administrator for that permission.`,
      detail,
    });
  }
  if (status === 401) {
    // INVALID_TOKEN (the API) or INVALID_OAUTHTOKEN (the accounts server) or no body at all: the
    // token is dead; withAuth refreshes once.
    return new ApiError({ system: 'zoho', kind: 'auth', status, code, userMessage: RECONNECT, detail });
  }
  if (code === 'LIMIT_REACHED') {
    return new ApiError({
      system: 'zoho',
      kind: 'retry',
      status,
      code,
      userMessage: "Zoho CRM's API allowance for the day is used up; Mojo Bridge will try again later.",
      detail,
    });
  }
  if (status === 429 || code === 'TOO_MANY_REQUESTS') {
    // Zoho documents no Retry-After; honour one if it ever comes, else the runner backs off itself.
    return statusError({
      system: 'zoho',
      status: 429,
      headers: response.headers,
      code: code ?? 'TOO_MANY_REQUESTS',
      message,
      userMessage: 'Zoho CRM is limiting requests right now; Mojo Bridge will slow down and try again.',
    });
  }
  return statusError({
    system: 'zoho',
    status,
    headers: response.headers,
    code,
    message,
    ...(status >= 400 && status < 500 && status !== 408
      ? { userMessage: `Zoho CRM refused the request: ${message ?? code ?? `HTTP ${status}`}.` }
      : {}),
  });
}

/** The id a raw record claims, for reporting only (a number is shown, never trusted). */
function recordIdOf(raw: unknown): string {
  const parsed = z.looseObject({ id: z.union([z.string(), z.number()]) }).safeParse(raw);
  return parsed.success ? String(parsed.data.id) : '?';
}

/** Only person modules have a field list to read; anything else is a caller's mistake, said plainly. */
function readFields(module: string): string {
  if (!isZohoPersonModule(module)) {
    throw new ApiError({
      system: 'zoho',
      kind: 'permanent',
      code: 'unsupported_module',
      userMessage: `Mojo Bridge cannot read Zoho CRM ${module} records; it reads Contacts and Leads.`,
    });
  }
  return zohoReadFields(module).join(',');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function writeResult(item: z.infer<typeof WriteItem>): ZohoWriteResult {
  const details = WriteDetails.safeParse(item.details);
  const d = details.success ? details.data : {};
  if (item.code === 'SUCCESS' && d.id !== undefined) {
    const action = item.action === 'insert' || item.action === 'update' ? item.action : null;
    return { ok: true, id: d.id, action, code: item.code, message: item.message };
  }
  const failed: ZohoWriteResult = { ok: false, code: item.code, message: item.message };
  const duplicate = d.duplicate_record?.id ?? (item.code === 'DUPLICATE_DATA' ? d.id : undefined);
  if (duplicate !== undefined) failed.id = duplicate;
  if (d.api_name !== undefined) failed.field = d.api_name;
  return failed;
}

// ---------------------------------------------------------------------------------------------
// Client

type Method = 'get' | 'post' | 'put';

export class ZohoApi {
  readonly #http: KyInstance;
  readonly #tokens: TokenSource;

  constructor(tokens: TokenSource, options: HttpOptions = {}) {
    this.#tokens = tokens;
    this.#http = createHttp(options);
  }

  /**
   * One authorised call under `/crm/v7`. A 401 is thrown inside withAuth (so a dead token is
   * refreshed once); every other answer comes back with its body read, for the caller to judge.
   */
  #request(
    method: Method,
    path: string,
    need: Need,
    init: { searchParams?: Record<string, string>; json?: unknown } = {},
  ): Promise<{ response: Response; body: JsonBody }> {
    return withAuth(this.#tokens, async ({ accessToken, apiBase }) => {
      const response = await send(this.#http, 'zoho', joinUrl(apiBase, `/crm/v7/${path}`), {
        method,
        headers: { authorization: `Zoho-oauthtoken ${accessToken}`, accept: 'application/json' },
        ...(init.searchParams === undefined ? {} : { searchParams: init.searchParams }),
        ...(init.json === undefined ? {} : { json: init.json }),
      });
      const body = await readJson('zoho', response);
      if (response.status === 401) throw zohoError(response, body, need);
      return { response, body };
    });
  }

  /** A GET whose 2xx body must match `schema`; null for 204 (Zoho's "nothing"). */
  async #get<S extends z.ZodType>(
    path: string,
    schema: S,
    need: Need,
    searchParams: Record<string, string>,
  ): Promise<z.output<S> | null> {
    const { response, body } = await this.#request('get', path, need, { searchParams });
    if (response.status === 204) return null;
    if (!response.ok) throw zohoError(response, body, need);
    const value = bodyValue('zoho', response.status, body);
    if (value === undefined) return null;
    return parseWith('zoho', schema, value, response.status, `GET ${path}`);
  }

  #toPage(module: string, raws: readonly unknown[]): ZohoPage & { seen: Set<string> } {
    const records: Contact[] = [];
    const errors: ZohoRecordError[] = [];
    const seen = new Set<string>();
    const byId: Record<string, Record<string, unknown>> = {};
    for (const raw of raws) {
      // Zoho sends every field asked for, null when empty, and Last_Name is mandatory: a record
      // without that key is an answer mangled on the way, not a contact with no name or phone.
      // Read again rather than call its contacts "excluded: no phone or email".
      if (typeof raw === 'object' && raw !== null && !('Last_Name' in raw)) {
        throw malformed(
          'zoho',
          200,
          `${module}: record ${recordIdOf(raw)} came without the fields asked for`,
        );
      }
      const id = recordIdOf(raw);
      seen.add(id);
      if (raw && typeof raw === 'object') byId[id] = raw as Record<string, unknown>;
      const parsed = parseZohoRecord(raw);
      if (!parsed.ok) {
        errors.push({ id, reason: parsed.reason });
        continue;
      }
      try {
        records.push(zohoToContact(module, parsed.record));
      } catch (error) {
        // One odd record must not sink the page it came with.
        errors.push({ id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { records, errors, seen, raws: byId };
  }

  /** The connected organization (its id and domain name make the CRM's deep links). */
  async org(): Promise<ZohoOrg> {
    const answer = await this.#get(
      'org',
      Org,
      { scope: 'ZohoCRM.org.READ', action: 'read the organization' },
      {},
    );
    const first = answer?.org[0];
    if (first === undefined) throw malformed('zoho', 204, 'GET org answered with no organization');
    return { id: first.id, company_name: first.company_name, domain_name: first.domain_name };
  }

  /**
   * Reads the given records in batches of 100, one page per batch. Ids Zoho does not return
   * (deleted, or hidden from this user) and records that cannot be read are reported in `errors`.
   */
  async *getRecords(module: string, ids: readonly string[]): AsyncGenerator<ZohoPage> {
    const need = { scope: 'ZohoCRM.modules.ALL', action: `read ${module}` };
    const fields = readFields(module);
    const unique = [...new Set(ids)];
    const valid = unique.filter((id) => /^\d+$/.test(id));
    const invalid = unique.filter((id) => !/^\d+$/.test(id));
    if (invalid.length > 0) {
      yield { records: [], errors: invalid.map((id) => ({ id, reason: 'Not a Zoho CRM record id.' })) };
    }
    for (const batch of chunks(valid, ZOHO_BATCH_MAX)) {
      const answer = await this.#get(encodeURIComponent(module), RecordsPage, need, {
        ids: batch.join(','),
        fields,
      });
      const { records, errors, seen, raws } = this.#toPage(module, answer?.data ?? []);
      for (const id of batch) {
        if (!seen.has(id))
          errors.push({ id, reason: 'Not found in Zoho CRM (deleted, or hidden from this user).' });
      }
      yield { records, errors, raws };
    }
  }

  /**
   * One page of a list view (`cvid` undefined = the module's default). The cursor is opaque to
   * callers and survives a restart: `p:<n>` for pages 1–10 by number, then `t<n>:<page_token>`
   * (page n by the token; `t:<token>` from older runs is still read), since Zoho refuses
   * page × per_page beyond 2,000. `next` is null after the last page, and also at Zoho's
   * 100,000-record limit, where `cutShort` says why the rest of the view was not read.
   */
  async viewPage(
    module: string,
    cvid: string | undefined,
    cursor: string | null,
  ): Promise<ZohoPage & { next: string | null; cutShort?: string }> {
    const need = { scope: 'ZohoCRM.modules.ALL', action: `read ${module}` };
    const searchParams: Record<string, string> = { fields: readFields(module), per_page: String(PER_PAGE) };
    if (cvid !== undefined) searchParams.cvid = cvid;
    const at = cursor ?? 'p:1';
    const numbered = /^p:(\d+)$/.exec(at);
    const tokened = /^t(\d*):(.+)$/.exec(at);
    const page = numbered ? Number(numbered[1]) : tokened?.[1] ? Number(tokened[1]) : null;
    if (numbered && page !== null && page >= 1) searchParams.page = String(page);
    else if (tokened?.[2]) searchParams.page_token = tokened[2];
    else throw new RangeError(`Not a Zoho view cursor: ${at}`);
    const answer = await this.#get(encodeURIComponent(module), RecordsPage, need, searchParams);
    if (answer === null) return { records: [], errors: [], next: null };
    const { records, errors, raws } = this.#toPage(module, answer.data);
    if (answer.info?.more_records !== true) return { records, errors, raws, next: null };
    if (numbered && page !== null && page < LAST_NUMBERED_PAGE)
      return { records, errors, raws, next: `p:${page + 1}` };
    if (page !== null && page >= LAST_TOKEN_PAGE) {
      return { records, errors, raws, next: null, cutShort: viewLimitReached(module) };
    }
    const token = answer.info.next_page_token ?? null;
    if (token === null || token === tokened?.[2]) {
      throw malformed('zoho', 200, `GET ${module}: more_records without a new next_page_token after ${at}`);
    }
    return { records, errors, raws, next: `t${page === null ? '' : page + 1}:${token}` };
  }

  /**
   * The cursors of a view's pages that can be named before reading it, for a view of `total`
   * records: the pages within Zoho's 2,000-record numbered window. Past it only the page token of
   * page 10 leads on, so the last cursor returned is the one whose `next` continues the view.
   */
  static cursorsUpFront(total: number): string[] {
    const pages = Math.min(LAST_NUMBERED_PAGE, Math.max(1, Math.ceil(total / PER_PAGE)));
    return Array.from({ length: pages }, (_, i) => `p:${i + 1}`);
  }

  /** Streams a whole list view page by page; only one page is held at a time. */
  async *listView(module: string, cvid: string | undefined): AsyncGenerator<ZohoPage> {
    let cursor: string | null = null;
    for (let fetched = 0; fetched < MAX_PAGES; fetched++) {
      const { records, errors, next } = await this.viewPage(module, cvid, cursor);
      if (records.length > 0 || errors.length > 0) yield { records, errors };
      if (next === null) return;
      cursor = next;
    }
    throw malformed('zoho', 200, `GET ${module}: paging did not end after ${MAX_PAGES} pages`);
  }

  /** How many records a view holds, without reading them. */
  async countView(module: string, cvid: string | undefined): Promise<number> {
    const answer = await this.#get(
      `${encodeURIComponent(module)}/actions/count`,
      Count,
      { scope: 'ZohoCRM.modules.ALL', action: `count ${module}` },
      cvid === undefined ? {} : { cvid },
    );
    return answer?.count ?? 0;
  }

  /** Active users, for matching record owners by email. */
  async users(): Promise<ZohoUser[]> {
    const need = { scope: 'ZohoCRM.users.READ', action: 'read the list of users' };
    const users: ZohoUser[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await this.#get('users', UsersPage, need, {
        type: 'ActiveUsers',
        per_page: String(PER_PAGE),
        page: String(page),
      });
      if (answer === null) return users;
      users.push(...answer.users);
      if (answer.info?.more_records !== true) return users;
    }
    return users;
  }

  /** Adds a note to a record; returns the note's id. */
  async addNote(module: string, id: string, title: string, content: string): Promise<string> {
    const need = { scope: 'ZohoCRM.modules.notes.ALL', action: 'add notes' };
    const { response, body } = await this.#request('post', 'Notes', need, {
      // No `trigger` here: Zoho's workflow rules do not run on Notes.
      json: {
        data: [{ Note_Title: title, Note_Content: content, Parent_Id: { module: { api_name: module }, id } }],
      },
    });
    const [item] = this.#writeItems(response, body, need, 'POST Notes');
    if (item === undefined) throw malformed('zoho', response.status, 'POST Notes answered with no item');
    const result = writeResult(item);
    if (result.ok) return result.id;
    throw new ApiError({
      system: 'zoho',
      kind: 'permanent',
      status: response.status,
      code: result.code,
      userMessage: `Zoho CRM did not add the note: ${result.message || result.code}.`,
      detail: `${module}/${id}: ${result.code}${result.field === undefined ? '' : ` (${result.field})`}`,
    });
  }

  /**
   * Updates records by id (PUT, at most 100), with `trigger: []`: Zoho's workflow rules, approvals and
   * blueprints must not fire on our writes (emails sent, owners reassigned as if a person had edited).
   * Only the fields given change; Zoho leaves the others as they are.
   */
  async update(
    module: string,
    records: readonly ({ id: string } & Record<string, unknown>)[],
  ): Promise<ZohoWriteResult[]> {
    if (records.length > ZOHO_BATCH_MAX) {
      throw new RangeError(`Zoho updates at most ${ZOHO_BATCH_MAX} records a call; got ${records.length}.`);
    }
    if (records.length === 0) return [];
    const need = { scope: 'ZohoCRM.modules.ALL', action: `write ${module}` };
    const { response, body } = await this.#request('put', encodeURIComponent(module), need, {
      json: { data: records, trigger: [] },
    });
    return this.#writeItems(response, body, need, `PUT ${module}`).map(writeResult);
  }

  /**
   * Creates records (POST, at most 100) with `trigger: []`. No duplicate check of Zoho's own: the
   * caller has already decided, by the user's identification rules, that these are new.
   */
  async insert(module: string, records: readonly Record<string, unknown>[]): Promise<ZohoWriteResult[]> {
    if (records.length > ZOHO_BATCH_MAX) {
      throw new RangeError(`Zoho inserts at most ${ZOHO_BATCH_MAX} records a call; got ${records.length}.`);
    }
    if (records.length === 0) return [];
    const need = { scope: 'ZohoCRM.modules.ALL', action: `write ${module}` };
    const { response, body } = await this.#request('post', encodeURIComponent(module), need, {
      json: { data: records, trigger: [] },
    });
    const items = this.#writeItems(response, body, need, `POST ${module}`);
    if (items.length !== records.length) {
      throw malformed(
        'zoho',
        response.status,
        `insert sent ${records.length} records, got ${items.length} answers`,
      );
    }
    return items.map(writeResult);
  }

  /** The module's fields (settings/fields), for the mapping table. */
  async fields(module: string): Promise<{ apiName: string; label: string }[]> {
    const answer = await this.#get(
      'settings/fields',
      FieldsMeta,
      { scope: 'ZohoCRM.settings.fields.READ', action: 'read the list of fields' },
      { module },
    );
    return (answer?.fields ?? []).map((f) => ({ apiName: f.api_name, label: f.field_label ?? f.api_name }));
  }

  /**
   * A picklist field's values ("-None-" left out), e.g. the org's lead sources: the name users see,
   * and the value a write must carry (actual_value, the display value when Zoho leaves it out).
   */
  async picklist(module: string, field: string): Promise<{ display: string; actual: string }[]> {
    const answer = await this.#get(
      'settings/fields',
      FieldsMeta,
      { scope: 'ZohoCRM.settings.fields.READ', action: 'read the list of fields' },
      { module },
    );
    const meta = answer?.fields.find((f) => f.api_name === field);
    return (meta?.pick_list_values ?? [])
      .map((v) => ({ display: v.display_value, actual: v.actual_value ?? v.display_value }))
      .filter((v) => v.actual !== '-None-');
  }

  /** Records whose email (or phone) is this one: candidates for identification. */
  async search(module: string, by: 'email' | 'phone', value: string): Promise<Record<string, unknown>[]> {
    const answer = await this.#get(
      `${encodeURIComponent(module)}/search`,
      RawRecords,
      { scope: 'ZohoCRM.modules.ALL', action: `search ${module}` },
      { [by]: value, fields: readFields(module), per_page: '10' },
    );
    return answer?.data ?? [];
  }

  /** The user who connected Mojo Bridge (the fallback owner). */
  async currentUser(): Promise<ZohoUser | null> {
    const answer = await this.#get(
      'users',
      UsersPage,
      { scope: 'ZohoCRM.users.READ', action: 'read the current user' },
      { type: 'CurrentUser' },
    );
    return answer?.users[0] ?? null;
  }

  /** One record as Zoho holds it (field API names), or null when it is gone. */
  async getRaw(module: string, id: string): Promise<Record<string, unknown> | null> {
    const answer = await this.#get(
      `${encodeURIComponent(module)}/${encodeURIComponent(id)}`,
      RawRecords,
      { scope: 'ZohoCRM.modules.ALL', action: `read ${module}` },
      {},
    );
    return answer?.data[0] ?? null;
  }

  /** The notes on a record (titles and contents), to tell whether a note is already there. */
  async notesOf(module: string, id: string): Promise<{ title: string; content: string }[]> {
    const answer = await this.#get(
      `${encodeURIComponent(module)}/${encodeURIComponent(id)}/Notes`,
      NotesPage,
      { scope: 'ZohoCRM.modules.notes.ALL', action: 'read notes' },
      { fields: 'Note_Title,Note_Content', per_page: '200' },
    );
    return (answer?.data ?? []).map((n) => ({ title: n.Note_Title ?? '', content: n.Note_Content ?? '' }));
  }

  /** Adds a task (Tasks cannot be upserted); returns its id. */
  async addTask(task: Record<string, unknown>): Promise<string> {
    const need = { scope: 'ZohoCRM.modules.ALL', action: 'add tasks' };
    const { response, body } = await this.#request('post', 'Tasks', need, {
      json: { data: [task], trigger: [] },
    });
    const [item] = this.#writeItems(response, body, need, 'POST Tasks');
    if (item === undefined) throw malformed('zoho', response.status, 'POST Tasks answered with no item');
    const result = writeResult(item);
    if (result.ok) return result.id;
    throw new ApiError({
      system: 'zoho',
      kind: 'permanent',
      status: response.status,
      code: result.code,
      userMessage: `Zoho CRM did not add the task: ${result.message || result.code}.`,
    });
  }

  /** The per-item envelope of a write: 2xx (incl. 207), or a 400 whose every item failed. */
  #writeItems(response: Response, body: JsonBody, need: Need, what: string): z.infer<typeof WriteItem>[] {
    if (response.ok) {
      return parseWith('zoho', WriteEnvelope, bodyValue('zoho', response.status, body), response.status, what)
        .data;
    }
    if (response.status === 400 && body.ok) {
      const all = WriteEnvelope.safeParse(body.value);
      if (all.success) return all.data.data;
    }
    throw zohoError(response, body, need);
  }
}
