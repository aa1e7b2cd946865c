/**
 * CINC's public API v2 (crm-facts.md): the site, leads by id and page by page, a lead's notes, the
 * assigned agent, and the lead upsert. Every answer is validated with zod; leads become the
 * product's `Contact` through contact.ts, and one malformed lead is an error entry, not a crash.
 *
 * CINC documents neither its rate limits, nor its paging maximum, nor its error bodies. So: few
 * calls at a time (INNER_CONCURRENCY inside a step, on top of the runner's per-system cap), a
 * small fixed page size, paging that does not trust the page size (see `leadsPage`), and errors
 * judged by status code, with `{error|code, message}` read when present.
 */
import type { KyInstance } from 'ky';
import { z } from 'zod';
import type { Contact } from '../../core/models';
import {
  ApiError,
  createHttp,
  type HttpOptions,
  type JsonBody,
  parseRetryAfter,
  readJson,
  send,
  withAuth,
} from '../http';
import type { ReadPage, TokenSource } from '../types';
import { CINC_RECONNECT } from './auth';
import {
  agentName,
  CincAgent,
  CincId,
  type CincLead,
  type CincNote,
  cincToContact,
  parseCincLead,
  parseCincNotes,
  primaryAgentId,
} from './contact';
import { CINC_API_BASE } from './hosts';

/** Leads per list page: CINC's maximum is unknown, so a modest constant. */
export const CINC_PAGE_SIZE = 50;
/** Leads one read step takes: each is its own GET (CINC has no read-by-ids call). */
export const CINC_READ_BATCH = 10;
/** Calls in flight inside one step; the runner already caps CINC steps (default 2). */
const INNER_CONCURRENCY = 2;
/** A guard against a server that never sends an empty page: 20,000 pages of 50 is a million leads. */
const MAX_PAGES = 20_000;
/** CINC ids (leads, agents) are opaque; only these characters are sent in a path. */
const PATH_ID = /^[A-Za-z0-9_-]{1,64}$/;

const NETWORK_MESSAGE = 'CINC could not be reached. Check your connection; Mojo Bridge will try again.';

// ---------------------------------------------------------------------------------------------
// Wire schemas (assumed shapes are named in contact.ts CINC_ASSUMED_FIELDS and here)

/**
 * `GET /site/me`: no public source shows its body (public clients only check that it answers 200).
 * Read tolerantly: the site bare or wrapped in `site`, named by its `id`, else its `email`, else its
 * `name` (connect must not fail on a missing id when something else identifies the site). `domain`
 * (the team's web app host) is an assumption; without it Send to CINC just has no link to show.
 */
const SiteFields = z.looseObject({
  id: CincId.nullish().catch(null),
  name: z.string().nullish().catch(null),
  email: z.string().nullish().catch(null),
  domain: z.string().nullish().catch(null),
});
const Site = z.union([z.looseObject({ site: SiteFields }).transform((v) => v.site), SiteFields]);

/**
 * `GET /site/leads`: `{leads:[…]}` (PipedreamHQ/pipedream:components/cinc/cinc.app.mjs); a bare
 * array is accepted too, as another public client does (RifatSanaullah/Python-AI-Agent).
 */
const LeadsPage = z.union([
  z.looseObject({ leads: z.array(z.unknown()) }),
  z.array(z.unknown()).transform((leads) => ({ leads })),
]);

/** `GET /site/leads/{id}`: the lead itself; a `{lead:{…}}` wrapper is accepted too. */
const LeadEnvelope = z.looseObject({ lead: z.record(z.string(), z.unknown()) });

/**
 * `GET /site/leads/{id}/notes`: `{notes:[…]}` (a bare array is accepted too). A public client
 * treats the list as metadata and reads each note's content by its id (`GET
 * /site/leads/notes/{note_id}`, answering `{note:{…}}` or the note bare), so a note without
 * content is read before it counts as anything.
 */
const NotesAnswer = z.union([
  z.looseObject({ notes: z.array(z.unknown()) }).transform((v) => v.notes),
  z.array(z.unknown()),
]);

/** A note as listed: an id and perhaps its content. */
const ListedNote = z.looseObject({
  id: CincId.nullish().catch(null),
  content: z.string().nullish().catch(null),
});

/** `GET /site/leads/notes/{note_id}`: `{note:{…}}` or the note bare. */
const NoteAnswer = z.union([
  z.looseObject({ note: z.looseObject({}) }).transform((v) => v.note as unknown),
  z.looseObject({}),
]);

const AgentAnswer = z.union([CincAgent, z.looseObject({ agent: CincAgent }).transform((v) => v.agent)]);

/**
 * `POST /site/leads`: CINC documents the status only (201 created, 200 updated; its example throws
 * the body away). An id in the body, bare or under `lead`, is used when there is one; nothing else
 * in it is relied on, and a body that says nothing never fails a write that happened.
 */
const UpsertAnswer = z.union([
  z.looseObject({ id: CincId }),
  z.looseObject({ lead: z.looseObject({ id: CincId }) }).transform((v) => v.lead),
]);

const ErrorBody = z.looseObject({
  error: z.string().nullish(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  error_description: z.string().nullish(),
});

// ---------------------------------------------------------------------------------------------
// Public shapes

export interface CincSite {
  id: string;
  name: string;
  /** The team's web app host ("smithteam.cincpro.com"), when CINC names it. */
  domain: string | null;
}

/** What goes into `POST /site/leads`; CINC matches an existing lead by id, username or email. */
export interface CincLeadInput {
  id?: string;
  username?: string;
  info?: Record<string, unknown>;
  assigned_agents?: { primary_agent: { id: string } };
  notes?: { content: string; category: 'general'; is_pinned: boolean }[];
}

export interface CincUpsertResult {
  /** The id that was sent, else the one the answer named; null when neither (a bare 201). */
  id: string | null;
  action: 'created' | 'updated';
}

// ---------------------------------------------------------------------------------------------
// Errors

function errorBodyOf(body: JsonBody): { code: string | null; message: string | null } {
  if (!body.ok) return { code: null, message: null };
  const parsed = ErrorBody.safeParse(body.value);
  if (!parsed.success) return { code: null, message: null };
  return {
    code: parsed.data.error ?? parsed.data.code ?? null,
    message: parsed.data.message ?? parsed.data.error_description ?? null,
  };
}

/** A CINC error answer as an ApiError, in words that say what the user can do about it. */
export function cincError(response: Response, body: JsonBody, action: string): ApiError {
  const { status } = response;
  const { code, message } = errorBodyOf(body);
  const detail =
    [`${action}: HTTP ${status}`, message, code, body.ok ? null : body.snippet]
      .filter((part) => part !== null && part !== '')
      .join(' · ') || `HTTP ${status}`;
  if (status === 429 || status === 408 || status >= 500) {
    return new ApiError({
      system: 'cinc',
      kind: 'retry',
      status,
      code,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      userMessage:
        status === 429
          ? 'CINC is limiting requests right now; Mojo Bridge will slow down and try again.'
          : `CINC is having trouble (HTTP ${status}); Mojo Bridge will try again shortly.`,
      detail,
    });
  }
  if (status === 401) {
    return new ApiError({ system: 'cinc', kind: 'auth', status, code, userMessage: CINC_RECONNECT, detail });
  }
  if (status === 403) {
    // A refresh cannot add a permission: the integrator client lacks a scope, or the site refused it.
    return new ApiError({
      system: 'cinc',
      kind: 'permanent',
      status,
      code,
      userMessage: `CINC does not allow this connection to ${action}. Ask CINC to check the integrator client's permissions (api:read, api:create, api:update).`,
      detail,
    });
  }
  return new ApiError({
    system: 'cinc',
    kind: 'permanent',
    status,
    code,
    userMessage: `CINC refused to ${action}${message ? `: ${message}` : ` (HTTP ${status})`}.`,
    detail,
  });
}

/** The lead a write is for is not in CINC (deleted or merged): no retry brings it back. */
export function leadGone(): ApiError {
  return new ApiError({
    system: 'cinc',
    kind: 'permanent',
    status: 404,
    code: 'not_found',
    userMessage: 'The CINC lead no longer exists (deleted or merged in CINC).',
  });
}

function malformedAnswer(status: number, action: string, detail: string, html = false): ApiError {
  return new ApiError({
    system: 'cinc',
    kind: 'malformed',
    status,
    userMessage: html
      ? 'CINC answered with a web page instead of data; Mojo Bridge will try again.'
      : 'CINC answered in a shape Mojo Bridge does not understand.',
    detail: `${action}: ${detail}`,
  });
}

/** The decoded value of a 2xx body; anything that is not JSON is 'malformed'. */
function answerValue(response: Response, body: JsonBody, action: string): unknown {
  if (body.ok) return body.value;
  throw malformedAnswer(response.status, action, body.snippet, body.reason === 'html');
}

function parseAnswer<S extends z.ZodType>(
  schema: S,
  value: unknown,
  status: number,
  action: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw malformedAnswer(status, action, z.prettifyError(parsed.error));
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One iterator shared by every lane: each takes the next item the moment it is free.
  const queue = items.entries();
  // After a failure the whole batch is retried, so the other lanes stop taking work.
  let failed = false;
  const lane = async (): Promise<void> => {
    for (const [index, item] of queue) {
      if (failed) return;
      try {
        results[index] = await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

type LeadRead =
  | { kind: 'contact'; contact: Contact; raw: Record<string, unknown> }
  | { kind: 'error'; id: string; reason: string }
  | { kind: 'missing' };

// ---------------------------------------------------------------------------------------------
// Client

export class CincApi {
  readonly #http: KyInstance;
  readonly #tokens: TokenSource;
  /** Agents by id, for as long as this client lives (one step): agents rarely change. */
  readonly #agents = new Map<string, Promise<CincAgent | null>>();

  constructor(tokens: TokenSource, options: HttpOptions = {}) {
    this.#tokens = tokens;
    this.#http = createHttp(options);
  }

  /**
   * One authorised call under `/v2`. A 401 is thrown inside withAuth, so a dead token is refreshed
   * once; every other answer comes back with its body read, for the caller to judge.
   */
  #request(
    method: 'get' | 'post',
    path: string,
    action: string,
    init: { searchParams?: Record<string, string>; json?: unknown } = {},
  ): Promise<{ response: Response; body: JsonBody }> {
    return withAuth(this.#tokens, async ({ accessToken }) => {
      // The base is a constant, not the session's apiBase: the token goes to CINC's API host only.
      const response = await send(
        this.#http,
        'cinc',
        `${CINC_API_BASE}${path}`,
        {
          method,
          headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
          ...(init.searchParams === undefined ? {} : { searchParams: init.searchParams }),
          ...(init.json === undefined ? {} : { json: init.json }),
        },
        NETWORK_MESSAGE,
      );
      const body = await readJson('cinc', response);
      if (response.status === 401) throw cincError(response, body, action);
      return { response, body };
    });
  }

  /** The connected site: what identifies it and its name (the Mojo link and the popup name it). */
  async site(): Promise<CincSite> {
    const action = 'read the site';
    const { response, body } = await this.#request('get', '/site/me', action);
    if (!response.ok) throw cincError(response, body, action);
    const site = parseAnswer(Site, answerValue(response, body, action), response.status, action);
    const name = site.name?.trim() || null;
    const email = site.email?.trim().toLowerCase() || null;
    const id = site.id ?? email ?? name;
    if (id === null) throw malformedAnswer(response.status, action, 'no id, email or name names the site');
    return { id, name: name ?? email ?? `CINC site ${id}`, domain: site.domain?.trim() || null };
  }

  /**
   * One page of all leads from `offset`. CINC's paging maximum is unknown and a server may send
   * fewer than asked, so the next offset counts what actually came and only an empty page ends.
   */
  async leadsPage(offset: number): Promise<{ raws: unknown[]; next: number | null }> {
    const action = 'read leads';
    const { response, body } = await this.#request('get', '/site/leads', action, {
      searchParams: { limit: String(CINC_PAGE_SIZE), offset: String(offset) },
    });
    if (!response.ok) throw cincError(response, body, action);
    const page = parseAnswer(LeadsPage, answerValue(response, body, action), response.status, action);
    return { raws: page.leads, next: page.leads.length === 0 ? null : offset + page.leads.length };
  }

  /** The raw lead, or null when CINC has no such lead (deleted, or another site's). */
  async leadRaw(id: string): Promise<unknown | null> {
    const action = 'read a lead';
    const { response, body } = await this.#request('get', `/site/leads/${encodeURIComponent(id)}`, action);
    if (response.status === 404) return null;
    if (!response.ok) throw cincError(response, body, action);
    const value = answerValue(response, body, action);
    const wrapped = LeadEnvelope.safeParse(value);
    return wrapped.success ? wrapped.data.lead : value;
  }

  /** The raw notes list of a lead; null when CINC has no such lead (or hides its notes: `forbidden`). */
  async #notesList(leadId: string, forbidden: 'null' | 'throw'): Promise<unknown[] | null> {
    const action = "read a lead's notes";
    const { response, body } = await this.#request(
      'get',
      `/site/leads/${encodeURIComponent(leadId)}/notes`,
      action,
    );
    if (response.status === 404) return null;
    if (response.status === 403 && forbidden === 'null') return null;
    if (!response.ok) throw cincError(response, body, action);
    return parseAnswer(NotesAnswer, answerValue(response, body, action), response.status, action);
  }

  /** One note read by its id; null when it is gone (or hidden, unless `forbidden` says to throw). */
  async #note(noteId: string, forbidden: 'null' | 'throw'): Promise<unknown | null> {
    const action = 'read a note';
    if (!PATH_ID.test(noteId)) return null;
    const { response, body } = await this.#request(
      'get',
      `/site/leads/notes/${encodeURIComponent(noteId)}`,
      action,
    );
    if (response.status === 404) return null;
    if (response.status === 403 && forbidden === 'null') return null;
    if (!response.ok) throw cincError(response, body, action);
    return parseAnswer(NoteAnswer, answerValue(response, body, action), response.status, action);
  }

  /**
   * The notes as listed, each one that came without its content read by its id (a few at a time).
   * A note that cannot be read at all is left out; a failed read fails the whole call.
   */
  async #withContent(raws: readonly unknown[], forbidden: 'null' | 'throw'): Promise<unknown[]> {
    const read = await mapLimit(raws, INNER_CONCURRENCY, async (raw) => {
      const listed = ListedNote.safeParse(raw);
      if (!listed.success) return null;
      if (typeof listed.data.content === 'string') return raw;
      if (listed.data.id === null || listed.data.id === undefined) return null;
      const note = await this.#note(listed.data.id, forbidden);
      return note === null ? null : { ...(raw as object), ...(note as object) };
    });
    return read.filter((note) => note !== null);
  }

  /**
   * The text of every note a lead has (with or without an id), to check whether a note of ours is
   * already there; null when CINC has no such lead. A note listed without its content is read
   * before the check can pass: otherwise ours could be written twice.
   */
  async noteContents(leadId: string): Promise<string[] | null> {
    if (!PATH_ID.test(leadId)) return null;
    // Unlike a read for Mojo, a check that cannot be made must not pass: it would allow a duplicate.
    const raws = await this.#notesList(leadId, 'throw');
    if (raws === null) return null;
    return (await this.#withContent(raws, 'throw')).flatMap((raw) => {
      const note = ListedNote.safeParse(raw);
      return note.success && note.data.content ? [note.data.content] : [];
    });
  }

  /** A lead's notes that can be sent once only (with an id), each with its content. */
  async notes(leadId: string): Promise<CincNote[]> {
    // A lead without a notes list, or notes this connection may not read, still goes to Mojo.
    const raws = await this.#notesList(leadId, 'null');
    return raws === null ? [] : parseCincNotes(await this.#withContent(raws, 'null'));
  }

  /** The agent's display name; null when the agent is gone or hidden (a name is not worth a failure). */
  async agentName(agentId: string): Promise<string | null> {
    const agent = await this.agent(agentId);
    return agent ? agentName(agent) || null : null;
  }

  /** The agent (name and email); null when gone or hidden from this connection. */
  agent(agentId: string): Promise<CincAgent | null> {
    let cached = this.#agents.get(agentId);
    if (cached === undefined) {
      cached = this.#readAgent(agentId);
      // A failed read is not remembered: the retried step asks again.
      cached.catch(() => this.#agents.delete(agentId));
      this.#agents.set(agentId, cached);
    }
    return cached;
  }

  async #readAgent(agentId: string): Promise<CincAgent | null> {
    if (!PATH_ID.test(agentId)) return null;
    const action = 'read an agent';
    const { response, body } = await this.#request(
      'get',
      `/site/agents/${encodeURIComponent(agentId)}`,
      action,
    );
    if (response.status === 404 || response.status === 403) return null;
    if (!response.ok) throw cincError(response, body, action);
    const agent = AgentAnswer.safeParse(answerValue(response, body, action));
    return agent.success ? agent.data : null;
  }

  /**
   * A parsed lead as a Contact, with its notes and agent fetched when the lead did not carry them,
   * and the lead itself for the user's filters and field rules, its agent named there too.
   */
  async #complete(lead: CincLead): Promise<LeadRead> {
    const notes = lead.notes
      ? parseCincNotes(await this.#withContent(lead.notes, 'null'))
      : await this.notes(lead.id);
    const agentId = primaryAgentId(lead);
    const agent = agentId === null ? null : await this.agentName(agentId);
    return {
      kind: 'contact',
      contact: cincToContact(lead, { notes, agent }),
      raw: withAgentName(lead, agent),
    };
  }

  async #fromRaw(raw: unknown): Promise<LeadRead> {
    const parsed = parseCincLead(raw);
    if (!parsed.ok) return { kind: 'error', id: parsed.id, reason: parsed.reason };
    return this.#complete(parsed.lead);
  }

  /**
   * Reads the given leads, one GET each, a few at a time. Leads CINC does not have are left out
   * (the caller reports them as not found); a lead that cannot be read is an error entry.
   * Transport and auth failures propagate, so the whole step is retried.
   */
  async readLeads(ids: readonly string[]): Promise<ReadPage> {
    const unique = [...new Set(ids)];
    const reads = await mapLimit(unique, INNER_CONCURRENCY, async (id): Promise<LeadRead> => {
      if (!PATH_ID.test(id)) return { kind: 'error', id, reason: 'Not a CINC lead id.' };
      const raw = await this.leadRaw(id);
      if (raw === null) return { kind: 'missing' };
      const read = await this.#fromRaw(raw);
      // Report under the id asked for, so the run can match it to the selection.
      return read.kind === 'error' ? { ...read, id } : read;
    });
    return collect(reads);
  }

  /** One page of all leads; `cursor` is the offset (null = the start), `next` null after the last. */
  async viewPage(cursor: string | null): Promise<ReadPage & { next: string | null }> {
    if (cursor !== null && !/^\d{1,15}$/.test(cursor))
      throw new RangeError(`Not a CINC leads cursor: ${cursor}`);
    const offset = cursor === null ? 0 : Number(cursor);
    if (offset >= MAX_PAGES * CINC_PAGE_SIZE) {
      throw malformedAnswer(200, 'read leads', `paging did not end after ${MAX_PAGES} pages`);
    }
    const { raws, next } = await this.leadsPage(offset);
    const reads = await mapLimit(raws, INNER_CONCURRENCY, (raw) => this.#fromRaw(raw));
    return { ...collect(reads), next: next === null ? null : String(next) };
  }

  /**
   * Creates or updates a lead (CINC matches by id, username or email): 201 created, 200 updated.
   * Notes ride in the body as `notes:[{content, category:"general", is_pinned}]`.
   */
  async upsertLead(input: CincLeadInput): Promise<CincUpsertResult> {
    const action = 'save a lead';
    const { response, body } = await this.#request('post', '/site/leads', action, { json: input });
    if (response.status === 404 && input.id !== undefined) throw leadGone();
    if (!response.ok) throw cincError(response, body, action);
    // The status is the answer (CINC's docs); whatever the body says, the write happened, and a
    // write reported as "malformed" would be sent again (notes twice, a second lead).
    const named = body.ok ? UpsertAnswer.safeParse(body.value) : null;
    return {
      id: input.id ?? (named?.success ? named.data.id : null),
      action: response.status === 201 ? 'created' : 'updated',
    };
  }
}

function collect(reads: readonly LeadRead[]): ReadPage & { raws: Record<string, Record<string, unknown>> } {
  const contacts: Contact[] = [];
  const errors: ReadPage['errors'] = [];
  const raws: Record<string, Record<string, unknown>> = {};
  for (const read of reads) {
    if (read.kind === 'contact') {
      contacts.push(read.contact);
      raws[read.contact.ref.id] = read.raw;
    } else if (read.kind === 'error') errors.push({ id: read.id, reason: read.reason });
  }
  return { contacts, errors, raws };
}

/**
 * The lead as CINC sent it, but with the primary agent's name beside its id, so a field rule on
 * `assigned_agents.primary_agent` shows the agent by name (as lookups are shown everywhere).
 */
function withAgentName(lead: CincLead, agent: string | null): Record<string, unknown> {
  const primary = lead.assigned_agents?.primary_agent;
  if (!primary || agent === null) return { ...lead };
  return {
    ...lead,
    assigned_agents: { ...lead.assigned_agents, primary_agent: { ...primary, name: agent } },
  };
}
