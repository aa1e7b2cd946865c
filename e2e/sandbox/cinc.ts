/**
 * The CINC emulator (crm-facts.md, "CINC"): the integrator OAuth server on authv2.cincapi.com and
 * the public API v2 on public.cincapi.com, plus the hooks the shared fault injector and admin API
 * call for CINC. Where CINC's docs are silent the choice is marked [sandbox]:
 * - OAuth errors are RFC 6749 (`{error, error_description}`, 400/401); the authorize endpoint
 *   redirects an unknown client with `error=invalid_client` (so the extension can say so instead of
 *   leaving a sign-in window open);
 * - codes live 5 minutes and work once; access tokens live `tokenTtlSeconds` (default 3600);
 * - a refresh rotates the refresh token and retires the old one (`rotateRefreshTokens`);
 * - API errors are `{error, message}`; GET /site/leads omits notes (a lead's own GET carries them,
 *   and /site/leads/{id}/notes serves them); `limit` above 100 is served as 100.
 * - POST /site/leads is a partial update: a key the body leaves out is left alone, a key it carries
 *   is written as sent — even "" or null, which clears the field. That is the strict reading, so a
 *   client that sent a blank would be caught erasing. Notes in the body are appended, never replace.
 *   An `id` that names no lead is a 404 (CINC assigns lead ids; a client cannot pick one), so a
 *   write for a deleted lead fails instead of making an empty one. The admin API may pick ids.
 * - The docs say an existing lead's email "cannot be updated" but not what CINC answers when one
 *   tries: the emulator refuses it loudly, 400 `{error:"validation_error", message}` (the shape of
 *   every refusal here), and writes nothing — silently keeping the old email would hide the bug.
 *   A changed `username` is allowed and changes the email too, as the docs say.
 * - Where CINC shows no answer body, every plausible one is served in turn (CINC_SHAPES in
 *   cinc-state.ts): the upsert answers no body, `{}`, `{id}`, `{lead}` or the bare lead; a lead and
 *   an agent come wrapped or bare; notes come as metadata only or in full; /site/me has one shape
 *   per sandbox (`siteShape`). The admin API pins one (`POST /cinc/shapes`).
 */
import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import {
  CINC_SHAPES,
  type CincAccessToken,
  type CincAgent,
  type CincAuthRequest,
  type CincLead,
  type CincNote,
  type CincShapeName,
  type CincShapes,
  type CincState,
  cincIsoTime,
  generateCincLeads,
} from './cinc-state';
import type { HostInfo } from './hosts';
import { now, type SandboxState } from './state';
import { escapeHtml, jsonResponse, readFormAndQuery, readJson, sandboxError } from './util';

type Env = { Bindings: { info: HostInfo } };
type ApiEnv = Env & { Variables: { token: CincAccessToken } };

const CODE_TTL_MS = 5 * 60_000;
const CHROMIUMAPP_REDIRECT = /^https:\/\/[a-z0-9-]+\.chromiumapp\.org\/.*$/;
const SCOPES = new Set(['api:read', 'api:create', 'api:update', 'api:event']);
const MAX_LIMIT = 100;
const LEAD_ID = /^[A-Za-z0-9_-]{1,64}$/;

function cincToken(kind: 'at' | 'rt' | 'code'): string {
  return `cinc_${kind}_${randomBytes(20).toString('base64url')}`;
}

function oauthError(error: string, status: number, description?: string): Response {
  return jsonResponse(
    description === undefined ? { error } : { error, error_description: description },
    status,
  );
}

function apiError(status: number, error: string, message: string): Response {
  return jsonResponse({ error, message }, status);
}

// ---------------------------------------------------------------- OAuth

export function cincAuthApp(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/integrator/authorize', (c) => {
    const cinc = state.cinc;
    const params = Object.fromEntries(new URL(c.req.url).searchParams);
    const record = (outcome: CincAuthRequest['outcome']) =>
      cinc.authRequests.push({ at: cincIsoTime(now(state)), params, outcome });
    const client = cinc.clients.find((x) => x.client_id === params.client_id);
    const redirectUri = params.redirect_uri ?? '';
    const trusted = client?.redirect_uris
      ? client.redirect_uris.includes(redirectUri)
      : CHROMIUMAPP_REDIRECT.test(redirectUri);
    if (!CHROMIUMAPP_REDIRECT.test(redirectUri) || (client !== undefined && !trusted)) {
      // An OAuth server never redirects to an address it does not trust: it shows a page instead.
      record('invalid_redirect_uri');
      return c.html(
        `<!DOCTYPE html><html><head><title>Invalid redirect_uri</title></head><body><h1>Invalid redirect_uri</h1><p>${escapeHtml(redirectUri)}</p></body></html>`,
        400,
      );
    }
    const target = new URL(redirectUri);
    const answer = (fields: Record<string, string>) => {
      for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
      if (params.state !== undefined) target.searchParams.set('state', params.state);
      return c.redirect(target.toString(), 302);
    };
    if (!client) {
      record('invalid_client');
      return answer({ error: 'invalid_client', error_description: 'Unknown client_id' });
    }
    if (params.response_type !== 'code') {
      return answer({ error: 'unsupported_response_type' });
    }
    const scopes = (params.scope ?? '').split(/\s+/).filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !SCOPES.has(s))) {
      record('invalid_scope');
      return answer({
        error: 'invalid_scope',
        error_description: `Allowed scopes: ${[...SCOPES].join(' ')}`,
      });
    }
    if (cinc.denyNextAuth) {
      cinc.denyNextAuth = false;
      record('access_denied');
      return answer({ error: 'access_denied' });
    }
    const code = cincToken('code');
    cinc.codes.set(code, {
      code,
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope: scopes.join(' '),
      expires_at: now(state) + CODE_TTL_MS,
      used: false,
    });
    record('code');
    return answer({ code });
  });

  app.post('/integrator/token', async (c) => {
    const cinc = state.cinc;
    const form = await readFormAndQuery(c.req.raw);
    // RFC 6749 §2.3.1: the client may authenticate with HTTP Basic instead of form fields.
    const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (basic) {
      const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      form.set('client_id', decodeURIComponent(id));
      form.set('client_secret', decodeURIComponent(secret));
    }
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    const t = now(state);
    cinc.tokenRequests++;
    const log = (error: string | null) =>
      cinc.tokenRequestLog.push({
        at: cincIsoTime(t),
        grant_type: grantType,
        client_id: clientId,
        ok: error === null,
        error,
      });
    const fail = (error: string, status: number, description?: string) => {
      log(error);
      return oauthError(error, status, description);
    };

    const client = cinc.clients.find((x) => x.client_id === clientId);
    if (!client || client.client_secret !== form.get('client_secret')) {
      return fail('invalid_client', 401, 'Client authentication failed');
    }
    if (grantType === 'authorization_code') {
      const code = cinc.codes.get(form.get('code') ?? '');
      if (!code || code.used || code.expires_at <= t || code.client_id !== clientId) {
        return fail('invalid_grant', 400, 'The authorization code is invalid, expired or already used');
      }
      if (code.redirect_uri !== form.get('redirect_uri')) {
        return fail('invalid_grant', 400, 'redirect_uri does not match the authorization request');
      }
      code.used = true;
      const refresh = cincToken('rt');
      cinc.refreshTokens.set(refresh, {
        token: refresh,
        client_id: clientId,
        scope: code.scope,
        revoked: false,
      });
      log(null);
      return tokenAnswer(state, refresh, code.scope, true);
    }
    if (grantType === 'refresh_token') {
      const old = cinc.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!old || old.revoked || old.client_id !== clientId) {
        return fail('invalid_grant', 400, 'The refresh token is invalid or revoked');
      }
      let refresh = old.token;
      if (cinc.rotateRefreshTokens) {
        old.revoked = true;
        refresh = cincToken('rt');
        cinc.refreshTokens.set(refresh, {
          token: refresh,
          client_id: clientId,
          scope: old.scope,
          revoked: false,
        });
      }
      log(null);
      return tokenAnswer(state, refresh, old.scope, cinc.rotateRefreshTokens);
    }
    return fail('unsupported_grant_type', 400);
  });

  app.onError(sandboxError);
  app.notFound(() => oauthError('not_found', 404));
  return app;
}

function tokenAnswer(state: SandboxState, refresh: string, scope: string, includeRefresh: boolean): Response {
  const cinc = state.cinc;
  const access = cincToken('at');
  cinc.accessTokens.set(access, {
    token: access,
    refresh_token: refresh,
    client_id: cinc.refreshTokens.get(refresh)?.client_id ?? '',
    scope,
    expires_at: now(state) + cinc.tokenTtlSeconds * 1000,
    revoked: false,
  });
  return jsonResponse({
    access_token: access,
    token_type: 'Bearer',
    expires_in: cinc.tokenTtlSeconds,
    scope,
    ...(includeRefresh ? { refresh_token: refresh } : {}),
  });
}

// ---------------------------------------------------------------- API v2

const Text = z.string().nullish();
const ContactInput = z.looseObject({
  first_name: Text,
  last_name: Text,
  email: Text,
  phone_numbers: z.looseObject({ cell_phone: Text, home_phone: Text, work_phone: Text }).nullish(),
  mailing_address: z.looseObject({ street: Text, city: Text, state: Text, zip: Text }).nullish(),
});
const LeadInput = z.looseObject({
  id: z.string().regex(LEAD_ID).optional(),
  username: z.string().min(1).optional(),
  info: z
    .looseObject({
      contact: ContactInput.nullish(),
      status: Text,
      source: Text,
      is_buyer: z.boolean().nullish(),
      is_seller: z.boolean().nullish(),
      pipeline_stage: Text,
    })
    .optional(),
  assigned_agents: z.looseObject({ primary_agent: z.object({ id: z.string() }).nullish() }).optional(),
  notes: z
    .array(
      z.object({
        content: z.string().min(1),
        category: z.string().default('general'),
        is_pinned: z.boolean().default(false),
      }),
    )
    .optional(),
});
type LeadInput = z.infer<typeof LeadInput>;

function withNotes(cinc: CincState, lead: CincLead): CincLead & { notes: CincNote[] } {
  return { ...lead, notes: cinc.notes[lead.id] ?? [] };
}

/** The shape to serve for `name`: the pinned one, else the next in turn (deterministic). */
function shapeFor<K extends CincShapeName>(cinc: CincState, name: K): (typeof CINC_SHAPES)[K][number] {
  const pinned = cinc.shapes[name] as CincShapes[K];
  if (pinned !== 'vary') return pinned as (typeof CINC_SHAPES)[K][number];
  const all: readonly (typeof CINC_SHAPES)[K][number][] = CINC_SHAPES[name];
  const pick = all[cinc.served[name] % all.length] ?? all[0];
  cinc.served[name]++;
  if (pick === undefined) throw new Error(`no shape for ${name}`);
  return pick;
}

/** A note as a list serves it: metadata only, or in full. */
function noteView(note: CincNote, shape: 'metadata' | 'full'): Record<string, unknown> {
  if (shape === 'full') return { ...note };
  const { content: _content, ...metadata } = note;
  return metadata;
}

/** A lead as GET /site/leads/{id} serves it: its notes inline, the whole wrapped in `lead` or bare. */
function leadAnswer(cinc: CincState, lead: CincLead): Record<string, unknown> {
  const notes = shapeFor(cinc, 'notesList');
  const body = { ...lead, notes: (cinc.notes[lead.id] ?? []).map((n) => noteView(n, notes)) };
  return shapeFor(cinc, 'leadAnswer') === 'wrapped' ? { lead: body } : body;
}

/** An agent as a public client reads it: the person under `info.contact`, wrapped in `agent` or bare. */
function agentAnswer(cinc: CincState, agent: CincAgent): Record<string, unknown> {
  const { id, ...person } = agent;
  const body = { id, info: { contact: person } };
  return shapeFor(cinc, 'agentAnswer') === 'wrapped' ? { agent: body } : body;
}

/** /site/me in the sandbox's one shape. */
function siteAnswer(cinc: CincState): Record<string, unknown> {
  const { id, name, email, domain } = cinc.site;
  if (cinc.siteShape === 'wrapped') return { site: { id, name, domain } };
  if (cinc.siteShape === 'no-id') return { name, email, domain };
  return { id, name, domain };
}

/** The upsert's answer: the status is the documented part; the body is one of the plausible ones. */
function upsertAnswer(cinc: CincState, status: 200 | 201, lead: CincLead): Response {
  const shape = shapeFor(cinc, 'upsertAnswer');
  if (shape === 'none') return new Response(null, { status });
  if (shape === 'empty') return jsonResponse({}, status);
  if (shape === 'id') return jsonResponse({ id: lead.id }, status);
  const body = withNotes(cinc, lead);
  return jsonResponse(shape === 'lead' ? { lead: body } : body, status);
}

/** Copies the keys `patch` names (null included) onto `target`; undefined leaves a value alone. */
function assignDefined<T extends object>(
  target: T,
  patch: Partial<Record<keyof T, unknown>> | null | undefined,
): void {
  if (!patch) return;
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && key in target) Object.assign(target, { [key]: value });
  }
}

function findMatch(
  cinc: CincState,
  input: LeadInput,
): { lead: CincLead; by: 'id' | 'username' | 'email' } | null {
  const lower = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();
  if (input.id !== undefined) {
    const lead = cinc.leads.find((l) => l.id === input.id);
    if (lead) return { lead, by: 'id' };
  }
  if (input.username !== undefined) {
    const lead = cinc.leads.find((l) => l.username !== null && lower(l.username) === lower(input.username));
    if (lead) return { lead, by: 'username' };
  }
  const email = lower(input.info?.contact?.email);
  if (email !== '') {
    const lead = cinc.leads.find((l) => lower(l.info.contact.email) === email);
    if (lead) return { lead, by: 'email' };
  }
  return null;
}

/** The dotted paths of the leaf values a body carries (for the write log). */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([k, v]) =>
    v === undefined ? [] : leafPaths(v, prefix ? `${prefix}.${k}` : k),
  );
}

function upsertLead(state: SandboxState, input: LeadInput): { status: 200 | 201; lead: CincLead } {
  const cinc = state.cinc;
  const at = cincIsoTime(now(state));
  const match = findMatch(cinc, input);
  let lead: CincLead;
  if (match) {
    lead = match.lead;
  } else {
    const id = input.id ?? `L-${cinc.nextId.lead++}`;
    // "the only required field is the lead.username (or lead.info.contact.email) which becomes the
    // username for the lead" (CINC's docs): either one names both.
    const key = input.username ?? input.info?.contact?.email ?? null;
    lead = {
      id,
      username: key,
      info: {
        contact: {
          first_name: null,
          last_name: null,
          email: input.info?.contact?.email ?? key,
          phone_numbers: {},
          mailing_address: { street: null, city: null, state: null, zip: null },
        },
        status: 'Unworked',
        source: null,
        is_buyer: false,
        is_seller: false,
        buyer: null,
        seller: null,
        pipeline_stage: 'New Lead',
        registered_date: at,
        updated_date: at,
      },
      assigned_agents: { primary_agent: null },
    };
    cinc.leads.push(lead);
  }
  const info = input.info;
  const contact = info?.contact;
  assignDefined(lead.info.contact, {
    first_name: contact?.first_name,
    last_name: contact?.last_name,
    email: contact?.email,
  });
  if (contact?.phone_numbers)
    Object.assign(lead.info.contact.phone_numbers, definedOnly(contact.phone_numbers));
  assignDefined(lead.info.contact.mailing_address, contact?.mailing_address);
  assignDefined(lead.info, {
    status: info?.status,
    source: info?.source,
    is_buyer: info?.is_buyer,
    is_seller: info?.is_seller,
    pipeline_stage: info?.pipeline_stage,
  });
  if (input.username !== undefined) {
    // "The lead.username field can be changed, but it will change the lead.info.contact.email field
    // as well" (CINC's docs).
    lead.username = input.username;
    lead.info.contact.email = input.username;
  }
  if (input.assigned_agents?.primary_agent !== undefined) {
    lead.assigned_agents.primary_agent = input.assigned_agents.primary_agent;
  }
  lead.info.updated_date = at;
  const added = (input.notes ?? []).map((n) => ({
    id: `N-${cinc.nextId.note++}`,
    content: n.content,
    category: n.category,
    is_pinned: n.is_pinned,
    created_by: 'integrator',
    created_date: at,
  }));
  if (added.length > 0) cinc.notes[lead.id] = [...(cinc.notes[lead.id] ?? []), ...added];
  const status = match ? 200 : 201;
  cinc.writeCalls.push({
    at,
    status,
    id: lead.id,
    matched_by: match?.by ?? null,
    notes_added: added.length,
    fields: [...leafPaths(input.info, 'info'), ...leafPaths(input.assigned_agents, 'assigned_agents')],
  });
  return { status, lead };
}

function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Which scope a call needs: reads api:read, writes api:create or api:update. */
function scopeAllows(scope: string, method: string): boolean {
  const scopes = new Set(scope.split(/\s+/));
  if (method === 'GET') return scopes.has('api:read');
  return scopes.has('api:create') || scopes.has('api:update');
}

export function cincApiApp(state: SandboxState): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.use('/v2/*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const value = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const token = value ? state.cinc.accessTokens.get(value) : undefined;
    if (!token || token.revoked || token.expires_at <= now(state)) {
      return apiError(401, 'invalid_token', 'The access token is missing, invalid or expired');
    }
    if (!scopeAllows(token.scope, c.req.method)) {
      return apiError(403, 'insufficient_scope', 'The access token lacks the scope for this call');
    }
    state.cinc.apiCalls++;
    c.set('token', token);
    await next();
  });

  app.get('/v2/site/me', () => jsonResponse(siteAnswer(state.cinc)));

  app.get('/v2/site/leads', (c) => {
    const limit = intParam(c, 'limit', 25);
    const offset = intParam(c, 'offset', 0);
    if (limit === null || limit < 1 || offset === null || offset < 0) {
      return apiError(400, 'invalid_parameter', 'limit must be ≥ 1 and offset ≥ 0');
    }
    const leads = state.cinc.leads.slice(offset, offset + Math.min(limit, MAX_LIMIT));
    return jsonResponse({ leads });
  });

  app.get('/v2/site/leads/notes/:noteId', (c) => {
    const id = c.req.param('noteId');
    const note = Object.values(state.cinc.notes)
      .flat()
      .find((n) => n.id === id);
    if (!note) return apiError(404, 'not_found', 'Note not found');
    return jsonResponse(
      shapeFor(state.cinc, 'noteAnswer') === 'wrapped' ? { note: { ...note } } : { ...note },
    );
  });

  app.get('/v2/site/leads/:id', (c) => {
    const lead = state.cinc.leads.find((l) => l.id === c.req.param('id'));
    if (!lead) return apiError(404, 'not_found', 'Lead not found');
    return jsonResponse(leadAnswer(state.cinc, lead));
  });

  app.get('/v2/site/leads/:id/notes', (c) => {
    const id = c.req.param('id');
    if (!state.cinc.leads.some((l) => l.id === id)) return apiError(404, 'not_found', 'Lead not found');
    const shape = shapeFor(state.cinc, 'notesList');
    return jsonResponse({ notes: (state.cinc.notes[id] ?? []).map((n) => noteView(n, shape)) });
  });

  app.post('/v2/site/leads', async (c) => {
    const raw = await readJson(c.req.raw);
    const input = LeadInput.safeParse(raw);
    if (!input.success) {
      return apiError(
        400,
        'validation_error',
        z.prettifyError(input.error).replace(/\s+/g, ' ').slice(0, 300),
      );
    }
    const hasKey =
      input.data.id !== undefined ||
      input.data.username !== undefined ||
      Boolean(input.data.info?.contact?.email);
    if (!hasKey) return apiError(400, 'validation_error', 'id, username or info.contact.email is required');
    if (input.data.id !== undefined && !state.cinc.leads.some((l) => l.id === input.data.id)) {
      return apiError(404, 'not_found', 'Lead not found');
    }
    const match = findMatch(state.cinc, input.data);
    const email = input.data.info?.contact?.email;
    const lower = (v: string | null | undefined) => (v ?? '').trim().toLowerCase();
    if (match && email !== undefined && lower(email) !== lower(match.lead.info.contact.email)) {
      return apiError(
        400,
        'validation_error',
        `The email of an existing lead cannot be changed (lead ${match.lead.id} has ${match.lead.info.contact.email ?? 'no email'})`,
      );
    }
    const { status, lead } = upsertLead(state, input.data);
    return upsertAnswer(state.cinc, status, lead);
  });

  app.get('/v2/site/agents/:id', (c) => {
    const agent = state.cinc.agents.find((a) => a.id === c.req.param('id'));
    if (!agent) return apiError(404, 'not_found', 'Agent not found');
    return jsonResponse(agentAnswer(state.cinc, agent));
  });

  app.onError(sandboxError);
  app.notFound(() => apiError(404, 'not_found', 'No such endpoint'));
  return app;
}

function intParam(c: Context<ApiEnv>, name: string, fallback: number): number | null {
  const raw = c.req.query(name);
  if (raw === undefined) return fallback;
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

// ---------------------------------------------------------------- faults (called from faults.ts)

interface Scope {
  system?: string | undefined;
  host?: string | undefined;
}

/** Whether a fault is aimed at CINC alone (so it must not touch Mojo's or Zoho's tokens). */
export function isCincScope(scope: Scope): boolean {
  if (scope.system !== undefined) return scope.system.startsWith('cinc-');
  if (scope.host !== undefined) return /(^|\.)cinc(api|pro)\.com$/.test(scope.host.toLowerCase());
  return false;
}

/** Whether a fault aimed at `scope` concerns CINC (unscoped faults concern everyone). */
export function cincInScope(scope: Scope): boolean {
  if (scope.system === undefined && scope.host === undefined) return true;
  return isCincScope(scope);
}

export function expireCincTokens(state: SandboxState, scope: Scope, past: number): void {
  if (!cincInScope(scope)) return;
  for (const t of state.cinc.accessTokens.values()) t.expires_at = past;
}

export function revokeCincRefreshTokens(state: SandboxState, scope: Scope): void {
  if (!cincInScope(scope)) return;
  for (const t of state.cinc.refreshTokens.values()) t.revoked = true;
}

/** An injected 429/5xx as CINC would send it; null when `system` is not CINC's. */
export function cincFaultResponse(
  system: string,
  status: number,
  headers: Record<string, string>,
): Response | null {
  if (system === 'cinc-web') return new Response('Error', { status, headers });
  if (system === 'cinc-auth') {
    return jsonResponse({ error: status === 429 ? 'slow_down' : 'server_error' }, status, headers);
  }
  if (system === 'cinc-api') {
    return jsonResponse(
      status === 429
        ? { error: 'rate_limited', message: 'Too many requests' }
        : { error: 'server_error', message: 'Internal Server Error' },
      status,
      headers,
    );
  }
  return null;
}

// ---------------------------------------------------------------- admin (mounted by admin.ts)

const AdminClient = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  redirect_uris: z.array(z.string().url()).nullable().optional(),
});
const AdminLeads = z.object({
  leads: z.array(LeadInput.extend({ id: z.string().regex(LEAD_ID) })).min(1),
});
const AdminSeconds = z.object({
  seconds: z
    .number()
    .int()
    .min(1)
    .max(365 * 86400),
});

/** `POST /cinc/…` routes of the admin API. */
export const CINC_ADMIN_ROUTES = [
  'POST /cinc/clients {client_id, client_secret, redirect_uris?}',
  'POST /cinc/leads {leads:[{id, info, notes?…}]} (upsert; notes appended)',
  'GET /cinc/leads/:id (the lead with its notes)',
  'POST /cinc/generate {count}',
  'POST /cinc/token-ttl {seconds}',
  'POST /cinc/deny-next-auth',
  'POST /cinc/rotate-refresh-tokens {rotate}',
  'POST /cinc/shapes {upsertAnswer?, leadAnswer?, agentAnswer?, notesList?, noteAnswer?, siteShape?} (pin or "vary")',
] as const;

const AdminShapes = z
  .object({
    upsertAnswer: z.enum([...CINC_SHAPES.upsertAnswer, 'vary']),
    leadAnswer: z.enum([...CINC_SHAPES.leadAnswer, 'vary']),
    agentAnswer: z.enum([...CINC_SHAPES.agentAnswer, 'vary']),
    notesList: z.enum([...CINC_SHAPES.notesList, 'vary']),
    noteAnswer: z.enum([...CINC_SHAPES.noteAnswer, 'vary']),
    siteShape: z.enum(['bare', 'wrapped', 'no-id']),
  })
  .partial();

/** Pins (or frees: `vary`) the answer shapes the emulator serves where CINC documents none. */
export function setCincShapes(state: SandboxState, shapes: z.input<typeof AdminShapes>): void {
  const { siteShape, ...rest } = AdminShapes.parse(shapes);
  if (siteShape !== undefined) state.cinc.siteShape = siteShape;
  state.cinc.shapes = { ...state.cinc.shapes, ...rest };
}

async function parseBody<T>(
  req: Request,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; res: Response }> {
  const parsed = schema.safeParse((await readJson(req)) ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    res: jsonResponse({ error: 'invalid_body', issues: z.treeifyError(parsed.error) }, 400),
  };
}

export function cincAdminRoutes(app: Hono, state: SandboxState): void {
  app.post('/cinc/clients', async (c) => {
    const b = await parseBody(c.req.raw, AdminClient);
    if (!b.ok) return b.res;
    const next = { ...b.value, redirect_uris: b.value.redirect_uris ?? null };
    state.cinc.clients = state.cinc.clients.filter((x) => x.client_id !== next.client_id).concat(next);
    return jsonResponse({ clients: state.cinc.clients.map((x) => x.client_id) });
  });

  app.post('/cinc/leads', async (c) => {
    const b = await parseBody(c.req.raw, AdminLeads);
    if (!b.ok) return b.res;
    const results = b.value.leads.map((input) => {
      const { status, lead } = upsertLead(state, input);
      return { id: lead.id, status };
    });
    return jsonResponse({ leads: results });
  });

  app.get('/cinc/leads/:id', (c) => {
    const lead = findCincLead(state, c.req.param('id'));
    if (!lead) return jsonResponse({ error: 'not_found' }, 404);
    return jsonResponse(withNotes(state.cinc, lead));
  });

  app.post('/cinc/generate', async (c) => {
    const b = await parseBody(c.req.raw, z.object({ count: z.number().int().min(1).max(100_000) }));
    if (!b.ok) return b.res;
    const made = generateCincLeads(state.cinc, b.value.count);
    return jsonResponse({
      generated: made.length,
      first_id: made[0]?.id ?? null,
      total: state.cinc.leads.length,
    });
  });

  app.post('/cinc/token-ttl', async (c) => {
    const b = await parseBody(c.req.raw, AdminSeconds);
    if (!b.ok) return b.res;
    state.cinc.tokenTtlSeconds = b.value.seconds;
    return jsonResponse({ tokenTtlSeconds: b.value.seconds });
  });

  app.post('/cinc/shapes', async (c) => {
    const b = await parseBody(c.req.raw, AdminShapes);
    if (!b.ok) return b.res;
    setCincShapes(state, b.value);
    return jsonResponse({ shapes: state.cinc.shapes, siteShape: state.cinc.siteShape });
  });

  app.post('/cinc/deny-next-auth', () => {
    state.cinc.denyNextAuth = true;
    return jsonResponse({ denyNextAuth: true });
  });

  app.post('/cinc/rotate-refresh-tokens', async (c) => {
    const b = await parseBody(c.req.raw, z.object({ rotate: z.boolean() }));
    if (!b.ok) return b.res;
    state.cinc.rotateRefreshTokens = b.value.rotate;
    return jsonResponse({ rotateRefreshTokens: b.value.rotate });
  });
}

/** In-process lookup for tests. */
export function findCincLead(state: SandboxState, id: string): CincLead | undefined {
  return state.cinc.leads.find((l) => l.id === id);
}

/** A lead's notes, oldest first (in-process, for tests). */
export function cincNotesOf(state: SandboxState, leadId: string): CincNote[] {
  return state.cinc.notes[leadId] ?? [];
}
