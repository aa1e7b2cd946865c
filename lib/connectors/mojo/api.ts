/**
 * Mojo's account-server API (mojo-contract.md): the CRM link, groups, the contact upsert and the
 * activity feed that flows back to the CRMs. Wire schemas live here and nowhere else; every answer
 * is validated before the rest of the product sees it. Tokens come from a TokenSource, so this runs
 * anywhere `fetch` does.
 */
import type { KyInstance } from 'ky';
import { z } from 'zod';
import { CRM_LABELS, type CrmId, type MojoContactInput, MojoGroup } from '../../core/models';
import {
  ApiError,
  createHttp,
  type HttpOptions,
  joinUrl,
  parseWith,
  readJson,
  send,
  statusError,
  successBody,
  withAuth,
} from '../http';
import type { TokenSource } from '../types';

/** Mojo's upsert takes at most this many contacts a call (mojo-contract.md). */
export const MOJO_UPSERT_MAX = 100;

/** A guard against a server that keeps answering `next_page`: no account has 1,000 pages of groups. */
const MAX_GROUP_PAGES = 1000;

// ---------------------------------------------------------------------------------------------
// Wire schemas

/** Mojo leaves text fields out or null on contacts created in Mojo itself; the product wants ''. */
const Text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

const Media = z.object({ type: z.number().int(), value: z.string() });
export type MojoMedia = z.infer<typeof Media>;

const UpsertResult = z.object({
  api_contact_id: z.string(),
  contact_id: z.number().int().nullable().default(null),
  action: z.enum(['created', 'updated']).nullable().default(null),
  moved_from_group_id: z.number().int().nullable().default(null),
  error: z
    .object({ code: z.string(), message: z.string().default('') })
    .nullable()
    .default(null),
});
export type MojoUpsertResult = z.infer<typeof UpsertResult>;

/**
 * The upsert's answer, read tolerantly. Our contract's `{results:[…]}` carries a result per item.
 * The one public client of Mojo's partner API (RealGeeks/mojo-go, `mojo.go` and `mojo_test.go`) shows
 * the older `bulk_create` answering **HTTP 200** with `{duplicated_api_contact_id:[…], errors:[…],
 * result:[{api_contact_id, contact_id}] | null}`: a 2xx whose `errors` list says what failed. Both are
 * read; `perItem` turns either into one result per contact sent.
 */
const UpsertAnswer = z.looseObject({
  results: z.array(UpsertResult).nullish(),
  result: z.array(UpsertResult).nullish(),
  errors: z.array(z.string()).nullish(),
  duplicated_api_contact_id: z.array(z.string()).nullish(),
});
type UpsertAnswer = z.infer<typeof UpsertAnswer>;

/**
 * Mojo takes one contact write per account at a time and refuses a second one while the first runs
 * with this text (RealGeeks/mojo-go `mojo.go` `isLockedError`): nothing was written, so try again.
 */
export const MOJO_BUSY_TEXT = 'Previous request was not finished or was interrupted.';

/**
 * One result per contact sent, in the order sent. A contact the answer lists is what Mojo said of
 * it; one it names as a duplicate, or leaves out while the answer carries `errors`, failed with
 * Mojo's own words — a 2xx with an `errors` list is never a success for the contacts it does not
 * confirm. One left out of an answer that says nothing at all is missing (the caller names it).
 */
export function perItem(
  answer: UpsertAnswer,
  sent: readonly { api_contact_id: string }[],
): MojoUpsertResult[] {
  const listed = answer.results ?? answer.result ?? [];
  const byId = new Map(listed.map((r) => [r.api_contact_id, r]));
  const errors = (answer.errors ?? []).map((text) => text.trim()).filter((text) => text !== '');
  const duplicated = new Set(answer.duplicated_api_contact_id ?? []);
  const message = errors.join(' ');
  const out: MojoUpsertResult[] = [];
  for (const { api_contact_id } of sent) {
    const result = byId.get(api_contact_id);
    if (result !== undefined) {
      out.push(result);
      continue;
    }
    if (duplicated.has(api_contact_id) || errors.length > 0) {
      out.push({
        api_contact_id,
        contact_id: null,
        action: null,
        moved_from_group_id: null,
        error: {
          code: duplicated.has(api_contact_id) ? 'duplicated_api_contact_id' : 'mojo_refused',
          message: message || `Mojo already has a contact with the id ${api_contact_id}.`,
        },
      });
    }
  }
  return out;
}

const GroupsPage = z.object({
  results: z.array(MojoGroup),
  next_page: z.number().int().nullable().default(null),
});

export const MOJO_EVENT_KINDS = ['appointment', 'todo', 'follow_up_call'] as const;

const MojoEvent = z.object({
  id: z.number().int(),
  kind: z.enum(MOJO_EVENT_KINDS),
  title: Text,
  start: z.string().nullable().default(null),
  end: z.string().nullable().default(null),
});
export type MojoEvent = z.infer<typeof MojoEvent>;

export const MojoContact = z.object({
  id: z.number().int(),
  api_contact_id: z.string().nullable().default(null),
  full_name: Text,
  first_name: Text,
  last_name: Text,
  address: Text,
  city: Text,
  state: Text,
  zip: Text,
  mediainfo_set: z.array(Media).default([]),
  misc: z.record(z.string(), z.string()).default({}),
  group_ids: z.array(z.number().int()).default([]),
  updated_at: z.string().nullable().default(null),
  notes: z
    .array(
      z.object({
        id: z.number().int(),
        api_note_id: z.string().nullable().default(null),
        text: z.string(),
        created_at: z.string().nullable().default(null),
      }),
    )
    .default([]),
  events: z.array(MojoEvent).default([]),
});
export type MojoContact = z.infer<typeof MojoContact>;

/** Mojo's call results [known]; kept as data, the activity schema accepts any string. */
export const MOJO_CALL_RESULTS = [
  'Contact',
  'No Contact – Next Record',
  'No Contact – Next Number',
  'Bad Number',
  'Drop Voicemail',
  'Voicemail',
  'DNC Contact',
  'DNC Number',
  'Skipped',
  'No Answer',
] as const;

const ActivityContact = z.object({
  id: z.number().int(),
  /** Null for a contact made in Mojo that never came from a CRM: such activity has nowhere to go. */
  api_contact_id: z.string().nullable().default(null),
});

const ActivityBase = { id: z.string().min(1), at: z.string().min(1), contact: ActivityContact };

const FieldChange = z.object({
  old: z.string().nullable().default(null),
  new: z.string().nullable().default(null),
});

export const MojoActivity = z.discriminatedUnion('type', [
  z.object({
    ...ActivityBase,
    type: z.literal('call_result'),
    call: z.object({
      result: z.string(),
      phone: Text,
      duration_s: z.number().nonnegative().default(0),
      agent: Text,
      notes: Text,
    }),
  }),
  z.object({
    ...ActivityBase,
    type: z.literal('contact_updated'),
    // Scalar fields change as {old, new}; phones and emails as lists of what was added or removed.
    changes: z
      .object({
        mediainfo_set: z
          .object({ added: z.array(Media).default([]), removed: z.array(Media).default([]) })
          .optional(),
      })
      .catchall(FieldChange),
  }),
  z.object({
    ...ActivityBase,
    type: z.literal('note_added'),
    note: z.object({ id: z.number().int(), text: z.string() }),
  }),
  z.object({ ...ActivityBase, type: z.literal('event_created'), event: MojoEvent }),
]);
export type MojoActivity = z.infer<typeof MojoActivity>;

const ActivitiesPage = z.object({
  results: z.array(z.unknown()),
  next_cursor: z.string().nullable().default(null),
});

/** An activity this client could not read; logged by the poller, never retried (the cursor moves on). */
export interface SkippedActivity {
  id: string | null;
  type: string | null;
  reason: string;
}

export interface MojoActivitiesPage {
  results: MojoActivity[];
  skipped: SkippedActivity[];
  /** Ask again from here; may equal the cursor sent when nothing new happened. */
  next_cursor: string | null;
}

const ErrorBody = z.looseObject({
  error: z.string().optional(),
  message: z.string().optional(),
  /** Mojo's 403 for a dead token: `{"detail": "Invalid access_token"}` (RealGeeks/mojo-go `mojo_test.go`). */
  detail: z.string().optional(),
  linked_account_label: z.string().optional(),
  id: z.number().int().optional(),
});
type ErrorBody = z.infer<typeof ErrorBody>;

async function errorBody(response: Response): Promise<ErrorBody> {
  const body = await readJson('mojo', response);
  if (!body.ok) return {};
  const parsed = ErrorBody.safeParse(body.value);
  return parsed.success ? parsed.data : {};
}

/** A 403 whose detail names the access token is a dead token, not a refused action: refresh once. */
const DEAD_TOKEN = /access[_ ]?token/i;

function mojoError(response: Response, body: ErrorBody): ApiError {
  const deadToken = response.status === 403 && DEAD_TOKEN.test(body.detail ?? '');
  return statusError({
    system: 'mojo',
    status: deadToken ? 401 : response.status,
    headers: response.headers,
    code: body.error ?? null,
    message: body.message ?? body.detail ?? null,
  });
}

// ---------------------------------------------------------------------------------------------
// Client

type Method = 'get' | 'post' | 'put' | 'delete';

export class MojoApi {
  readonly #http: KyInstance;
  readonly #tokens: TokenSource;

  constructor(tokens: TokenSource, options: HttpOptions = {}) {
    this.#tokens = tokens;
    this.#http = createHttp(options);
  }

  /** One authorised call; the answer is returned whatever its status (callers map the errors). */
  #call<T>(
    method: Method,
    path: string,
    init: { json?: unknown; searchParams?: Record<string, string> },
    handle: (response: Response) => Promise<T>,
  ): Promise<T> {
    return withAuth(this.#tokens, async ({ accessToken, apiBase }) => {
      const response = await send(this.#http, 'mojo', joinUrl(apiBase, path), {
        method,
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        ...(init.json === undefined ? {} : { json: init.json }),
        ...(init.searchParams === undefined ? {} : { searchParams: init.searchParams }),
      });
      // 403 too: Mojo says a dead token that way (mojoError tells it from a refused action).
      if (response.status === 401 || response.status === 403) {
        throw mojoError(response, await errorBody(response));
      }
      return handle(response);
    });
  }

  async #json<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    init: { json?: unknown; searchParams?: Record<string, string> } = {},
  ): Promise<z.output<S>> {
    return this.#call(method, path, init, async (response) => {
      if (!response.ok) throw mojoError(response, await errorBody(response));
      return parseWith(
        'mojo',
        schema,
        await successBody('mojo', response),
        response.status,
        `${method} ${path}`,
      );
    });
  }

  /** Links this Mojo account to one CRM account; Mojo allows one account of each CRM kind. */
  async linkCrm(
    crm: CrmId,
    link: { crm_account_id: string; crm_account_label: string },
  ): Promise<{ linked: true }> {
    const path = `/api/v1/integrations/${crm}`;
    return this.#call('put', path, { json: link }, async (response): Promise<{ linked: true }> => {
      if (response.ok) {
        return parseWith(
          'mojo',
          z.object({ linked: z.literal(true) }),
          await successBody('mojo', response),
          response.status,
          'link',
        );
      }
      const body = await errorBody(response);
      if (response.status === 409 && body.error === 'linked_to_other_account') {
        const label = body.linked_account_label ?? 'another account';
        throw new ApiError({
          system: 'mojo',
          kind: 'permanent',
          status: 409,
          code: 'linked_to_other_account',
          linkedAccountLabel: label,
          userMessage: `This Mojo account is connected to another ${CRM_LABELS[crm]} account (${label}). Use Reset credentials on that account in Mojo Bridge (or in Mojo) to release it, then connect again.`,
          detail: `Mojo's ${crm} link belongs to ${label}`,
        });
      }
      throw mojoError(response, body);
    });
  }

  /** Reset Credentials: releases the link. A link already gone is the outcome wanted, not an error. */
  async unlinkCrm(crm: CrmId): Promise<void> {
    await this.#call('delete', `/api/v1/integrations/${crm}`, {}, async (response) => {
      if (response.ok || response.status === 404) return undefined;
      throw mojoError(response, await errorBody(response));
    });
  }

  async listGroups(): Promise<MojoGroup[]> {
    const groups: MojoGroup[] = [];
    let page = 1;
    for (let fetched = 0; fetched < MAX_GROUP_PAGES; fetched++) {
      const answer = await this.#json('get', '/api/v1/groups', GroupsPage, {
        searchParams: { page: String(page) },
      });
      groups.push(...answer.results);
      if (answer.next_page === null) return groups;
      if (answer.next_page <= page) {
        throw new ApiError({
          system: 'mojo',
          kind: 'malformed',
          userMessage: 'Mojo answered in a shape Mojo Bridge does not understand.',
          detail: `groups page ${page} pointed back to page ${answer.next_page}`,
        });
      }
      page = answer.next_page;
    }
    throw new ApiError({
      system: 'mojo',
      kind: 'malformed',
      userMessage: 'Mojo answered in a shape Mojo Bridge does not understand.',
      detail: `groups paging did not end after ${MAX_GROUP_PAGES} pages`,
    });
  }

  /** Creates a group; a name already taken (Mojo compares case-insensitively) yields that group. */
  async createGroup(name: string): Promise<MojoGroup> {
    return this.#call('post', '/api/v1/groups', { json: { name } }, async (response): Promise<MojoGroup> => {
      if (response.ok) {
        return parseWith(
          'mojo',
          MojoGroup,
          await successBody('mojo', response),
          response.status,
          'created group',
        );
      }
      const body = await errorBody(response);
      if (response.status === 409 && body.error === 'group_exists' && body.id !== undefined) {
        return { id: body.id, name };
      }
      throw mojoError(response, body);
    });
  }

  /**
   * Upserts up to 100 contacts into a group. The answer is per item: a 2xx does not mean every
   * contact arrived, so callers must read each result's `error`.
   */
  async upsertContacts(groupId: number, contacts: MojoContactInput[]): Promise<MojoUpsertResult[]> {
    if (contacts.length > MOJO_UPSERT_MAX) {
      throw new RangeError(
        `Mojo upserts at most ${MOJO_UPSERT_MAX} contacts a call; got ${contacts.length}.`,
      );
    }
    if (contacts.length === 0) return [];
    const answer = await this.#json('post', '/api/v1/contacts/upsert', UpsertAnswer, {
      json: { group_id: groupId, contacts },
    });
    if ((answer.errors ?? []).some((text) => text.trim() === MOJO_BUSY_TEXT)) {
      throw new ApiError({
        system: 'mojo',
        kind: 'retry',
        status: 200,
        code: 'previous_request_unfinished',
        userMessage: 'Mojo is still saving an earlier batch; Mojo Bridge will try again shortly.',
        detail: MOJO_BUSY_TEXT,
      });
    }
    if (!answer.results && !answer.result && !answer.errors?.length) {
      // Neither results nor errors: nothing can be said of any contact, and a re-send is safe
      // (the upsert is keyed by api_contact_id), so this is a malformed answer, tried again.
      throw new ApiError({
        system: 'mojo',
        kind: 'malformed',
        status: 200,
        userMessage: 'Mojo answered in a shape Mojo Bridge does not understand.',
        detail: 'upsert answer without results or errors',
      });
    }
    return perItem(answer, contacts);
  }

  async getContact(id: number): Promise<MojoContact> {
    return this.#json('get', `/api/v1/contacts/${encodeURIComponent(String(id))}`, MojoContact);
  }

  /**
   * One page of the activity feed from `since` (null = from the start). Each activity is checked on
   * its own: one Mojo cannot describe to us is reported in `skipped`, and the rest still flow.
   */
  async activities(since: string | null, limit = 200): Promise<MojoActivitiesPage> {
    const searchParams: Record<string, string> = { limit: String(limit) };
    if (since !== null) searchParams.since = since;
    const page = await this.#json('get', '/api/v1/activities', ActivitiesPage, { searchParams });
    const results: MojoActivity[] = [];
    const skipped: SkippedActivity[] = [];
    for (const raw of page.results) {
      const parsed = MojoActivity.safeParse(raw);
      if (parsed.success) {
        results.push(parsed.data);
        continue;
      }
      const head = z.looseObject({ id: z.string().optional(), type: z.string().optional() }).safeParse(raw);
      skipped.push({
        id: head.success ? (head.data.id ?? null) : null,
        type: head.success ? (head.data.type ?? null) : null,
        reason: z.prettifyError(parsed.error),
      });
    }
    return { results, skipped, next_cursor: page.next_cursor };
  }
}
