/**
 * The Mojo emulator, exactly as mojo-contract.md fixes the wire format: the login server
 * (tokens) and the account server (integration links, groups, contact upsert, activities, the
 * dialer page). Where the contract is silent the choice is marked [sandbox] so it can be checked
 * against the real partner API later.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { HostInfo } from './hosts';
import { mojoWebApp } from './mojo-web';
import {
  type MojoActivity,
  type MojoContact,
  type MojoLink,
  type MojoMedia,
  type MojoState,
  type MojoUser,
  now,
  type SandboxState,
} from './state';
import {
  escapeHtml,
  isoTime,
  type JsonObject,
  jsonResponse,
  randomToken,
  readJson,
  sandboxError,
} from './util';

type MojoEnv = { Bindings: { info: HostInfo }; Variables: { user: MojoUser } };

const GROUP_PAGE_SIZE = 50;
const MAX_UPSERT = 100;
const CRMS = new Set(['cinc', 'wiseagent', 'zoho']);

const err = (error: string, status: number, extra: Record<string, unknown> = {}) =>
  jsonResponse({ error, ...extra }, status);

// ---------------------------------------------------------------- login server

const TokenRequest = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('password'),
    pin: z.string(),
    login: z.string(),
    password: z.string(),
    client_id: z.string().optional(),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    refresh_token: z.string(),
    client_id: z.string().optional(),
  }),
]);

export function mojoLoginApp(state: SandboxState): Hono<MojoEnv> {
  const app = new Hono<MojoEnv>();

  app.post('/api/v1/auth/token', async (c) => {
    const mojo = state.mojo;
    mojo.tokenRequests++;
    const parsed = TokenRequest.safeParse(await readJson(c.req.raw));
    if (!parsed.success)
      return err('invalid_request', 400, { message: parsed.error.issues[0]?.message ?? '' });
    const body = parsed.data;
    if (body.grant_type === 'password') {
      const login = body.login.trim().toLowerCase();
      const user = mojo.users.find((u) => u.login.toLowerCase() === login && u.pin === body.pin.trim());
      // A locked account is refused before the password is looked at (seed: "any" password).
      if (user?.locked) return err('account_locked', 423);
      if (!user || user.password !== body.password) return err('invalid_credentials', 401);
      return jsonResponse(issueMojoTokens(state, user));
    }
    const old = mojo.refreshTokens.get(body.refresh_token);
    const user = old && !old.revoked ? mojo.users.find((u) => u.id === old.user_id) : undefined;
    // [sandbox] The contract names no refresh error; OAuth's `invalid_grant` is the usual word.
    if (!old || !user) return err('invalid_grant', 401);
    if (user.locked) return err('account_locked', 423);
    // Rotation: the old refresh token dies, so a client that keeps using it is caught.
    old.revoked = true;
    return jsonResponse(issueMojoTokens(state, user));
  });

  app.post('/api/v1/auth/revoke', async (c) => {
    const body = await readJson(c.req.raw);
    const token = z.object({ token: z.string() }).safeParse(body);
    if (!token.success) return err('invalid_request', 400);
    revokeMojoToken(state.mojo, token.data.token);
    // As RFC 7009: revoking an unknown token is not an error.
    return jsonResponse({ revoked: true });
  });

  app.onError(sandboxError);
  app.notFound(() => err('not_found', 404));
  return app;
}

export function issueMojoTokens(state: SandboxState, user: MojoUser) {
  const mojo = state.mojo;
  const account = mojo.accounts.find((a) => a.id === user.account_id);
  const refresh = randomToken('mrt_');
  const access = randomToken('mat_');
  mojo.refreshTokens.set(refresh, { token: refresh, user_id: user.id, revoked: false });
  mojo.accessTokens.set(access, {
    token: access,
    user_id: user.id,
    expires_at: now(state) + mojo.tokenTtlSeconds * 1000,
    refresh_token: refresh,
    revoked: false,
  });
  return {
    access_token: access,
    refresh_token: refresh,
    expires_in: mojo.tokenTtlSeconds,
    account: account ?? { id: user.account_id, base_url: 'https://app31.mojosells.com', name: '' },
    user: { id: user.id, email: user.login, name: user.name, permission_level: user.permission_level },
  };
}

function linksOf(mojo: MojoState, accountId: string): Record<string, MojoLink> {
  let links = mojo.links[accountId];
  if (!links) {
    links = {};
    mojo.links[accountId] = links;
  }
  return links;
}

function revokeMojoToken(mojo: MojoState, token: string): void {
  const access = mojo.accessTokens.get(token);
  if (access) access.revoked = true;
  const refresh = mojo.refreshTokens.get(token);
  if (refresh) {
    refresh.revoked = true;
    for (const a of mojo.accessTokens.values()) if (a.refresh_token === token) a.revoked = true;
  }
}

// ---------------------------------------------------------------- account server

const LinkBody = z.object({ crm_account_id: z.string().min(1), crm_account_label: z.string().optional() });
const GroupBody = z.object({ name: z.string().trim().min(1).max(100) });

const UpsertBody = z.object({ group_id: z.number().int(), contacts: z.array(z.unknown()) });

const optionalText = z.string().nullish();
const UpsertItem = z.object({
  api_contact_id: z.string().trim().min(1),
  source: optionalText,
  full_name: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  address: optionalText,
  city: optionalText,
  state: optionalText,
  zip: optionalText,
  mediainfo_set: z.array(z.object({ type: z.number().int(), value: z.string() })).nullish(),
  notes: z.array(z.object({ api_note_id: z.string().nullish(), text: z.string() })).nullish(),
  misc: z.record(z.string(), z.string()).nullish(),
});
type UpsertItem = z.infer<typeof UpsertItem>;

type ItemError = { code: string; message: string };
interface UpsertResult {
  api_contact_id: string | null;
  contact_id: number | null;
  action: 'created' | 'updated' | null;
  moved_from_group_id: number | null;
  error: ItemError | null;
}

const PHONE_DIGITS = /^\d{7,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function mojoAccountApp(state: SandboxState): Hono<MojoEnv> {
  const app = new Hono<MojoEnv>();

  app.use('/api/*', async (c, next) => {
    const mojo = state.mojo;
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const record = mojo.accessTokens.get(token);
    const user =
      record && !record.revoked && record.expires_at > now(state)
        ? mojo.users.find((u) => u.id === record.user_id)
        : undefined;
    if (!user) {
      return mojo.answerStyle.deadToken === 403
        ? jsonResponse({ detail: 'Invalid access_token' }, 403)
        : err('invalid_token', 401);
    }
    c.set('user', user);
    await next();
  });

  app.put('/api/v1/integrations/:crm', async (c) => {
    const crm = c.req.param('crm');
    if (!CRMS.has(crm)) return err('unknown_crm', 404);
    const body = LinkBody.safeParse(await readJson(c.req.raw));
    if (!body.success) return err('invalid_request', 400, { message: 'crm_account_id is required' });
    const accountId = c.get('user').account_id;
    const links = linksOf(state.mojo, accountId);
    const current = links[crm];
    if (current && current.crm_account_id !== body.data.crm_account_id) {
      return err('linked_to_other_account', 409, { linked_account_label: current.crm_account_label });
    }
    links[crm] = {
      crm,
      crm_account_id: body.data.crm_account_id,
      crm_account_label: body.data.crm_account_label ?? current?.crm_account_label ?? '',
      linked_at: current?.linked_at ?? isoTime(now(state)),
    };
    return jsonResponse({ linked: true });
  });

  app.delete('/api/v1/integrations/:crm', (c) => {
    const crm = c.req.param('crm');
    if (!CRMS.has(crm)) return err('unknown_crm', 404);
    const links = state.mojo.links[c.get('user').account_id];
    if (links) delete links[crm];
    return new Response(null, { status: 204 });
  });

  app.get('/api/v1/groups', (c) => {
    const pageParam = c.req.query('page') ?? '1';
    const page = Number(pageParam);
    if (!Number.isInteger(page) || page < 1)
      return err('invalid_request', 400, { message: 'page must be ≥ 1' });
    const groups = state.mojo.groups.filter((g) => g.account_id === c.get('user').account_id);
    const counts = new Map<number, number>();
    for (const contact of state.mojo.contacts.values()) {
      for (const g of contact.group_ids) counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    const start = (page - 1) * GROUP_PAGE_SIZE;
    const results = groups
      .slice(start, start + GROUP_PAGE_SIZE)
      .map((g) => ({ id: g.id, name: g.name, contact_count: counts.get(g.id) ?? 0 }));
    const next_page = start + GROUP_PAGE_SIZE < groups.length ? page + 1 : null;
    return jsonResponse({ results, next_page });
  });

  app.post('/api/v1/groups', async (c) => {
    const body = GroupBody.safeParse(await readJson(c.req.raw));
    if (!body.success) return err('invalid_request', 400, { message: 'name is required (1–100 characters)' });
    const accountId = c.get('user').account_id;
    const name = body.data.name;
    const taken = state.mojo.groups.find(
      (g) => g.account_id === accountId && g.name.toLowerCase() === name.toLowerCase(),
    );
    if (taken) return err('group_exists', 409, { id: taken.id });
    const group = { id: state.mojo.nextIds.group++, account_id: accountId, name };
    state.mojo.groups.push(group);
    return jsonResponse({ id: group.id, name: group.name }, 201);
  });

  app.post('/api/v1/contacts/upsert', async (c) => {
    const body = UpsertBody.safeParse(await readJson(c.req.raw));
    if (!body.success) {
      return err('invalid_request', 400, { message: 'expected { group_id: number, contacts: [] }' });
    }
    if (body.data.contacts.length > MAX_UPSERT) {
      return err('too_many_contacts', 400, { message: `at most ${MAX_UPSERT} contacts a call` });
    }
    const user = c.get('user');
    const group = state.mojo.groups.find(
      (g) => g.id === body.data.group_id && g.account_id === user.account_id,
    );
    if (!group) return err('group_not_found', 404);
    for (const raw of body.data.contacts) {
      const id =
        typeof raw === 'object' &&
        raw !== null &&
        'api_contact_id' in raw &&
        typeof raw.api_contact_id === 'string'
          ? raw.api_contact_id
          : null;
      if (id !== null) state.mojo.upsertsReceived.set(id, (state.mojo.upsertsReceived.get(id) ?? 0) + 1);
    }
    const style = state.mojo.answerStyle;
    if (style.busyOnce > 0) {
      // Nothing is written: Mojo refuses the whole request while an earlier one runs.
      style.busyOnce--;
      return jsonResponse({
        errors: ['Previous request was not finished or was interrupted.'],
        result: null,
      });
    }
    const results = body.data.contacts.map((raw) => upsertOne(state, user.account_id, group.id, raw));
    if (style.upsert === 'bulk') return jsonResponse(bulkAnswer(results));
    return jsonResponse({ results });
  });

  app.get('/api/v1/contacts/:id', (c) => {
    const id = Number(c.req.param('id'));
    const contact = state.mojo.contacts.get(id);
    if (!contact || contact.account_id !== c.get('user').account_id) return err('contact_not_found', 404);
    return jsonResponse(contactView(contact));
  });

  app.get('/api/v1/activities', (c) => {
    const since = c.req.query('since') ?? '';
    const offset = since === '' ? 0 : Number(/^c-(\d+)$/.exec(since)?.[1] ?? Number.NaN);
    if (!Number.isInteger(offset) || offset < 0) return err('invalid_cursor', 400);
    const limit = Number(c.req.query('limit') ?? '200');
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      return err('invalid_request', 400, { message: 'limit must be 1–200' });
    }
    const results = state.mojo.activities.slice(offset, offset + limit);
    // The cursor always comes back, so the poller can ask again from where it stands.
    return jsonResponse({ results, next_cursor: `c-${offset + results.length}` });
  });

  app.get('/data-and-dialer', (c) => {
    const groupId = Number(c.req.query('group'));
    const group = state.mojo.groups.find((g) => g.id === groupId);
    const name = group ? group.name : 'none selected';
    const view = c.req.query('view') ?? '';
    const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Mojo — Data &amp; Dialer</title></head>
<body data-view="${escapeHtml(view)}" data-group-id="${group ? group.id : ''}">
<h1>Data &amp; Dialer</h1>
<p>Power dialer — group: <b>${escapeHtml(name)}</b></p>
</body></html>`;
    return c.html(html);
  });

  // The web app's contact pages (the Send to CRM buttons' home), outside the token-checked /api/.
  app.route('/', mojoWebApp(state));

  app.onError(sandboxError);
  app.notFound(() => err('not_found', 404));
  return app;
}

/**
 * The same outcome in the shape of the partner API's `bulk_create` answer (RealGeeks/mojo-go
 * `mojo_test.go`): HTTP 200 always; only the contacts written are in `result`, with their ids and
 * nothing about created, updated or moved; a refused contact is only a sentence in `errors`.
 */
function bulkAnswer(results: UpsertResult[]) {
  const written = results.flatMap((r) =>
    r.error === null && r.api_contact_id !== null && r.contact_id !== null
      ? [{ api_contact_id: r.api_contact_id, contact_id: r.contact_id }]
      : [],
  );
  const errors = results.flatMap((r) =>
    r.error === null ? [] : [`${r.api_contact_id ?? 'A contact'}: ${r.error.message}`],
  );
  return { duplicated_api_contact_id: [], errors, result: written.length > 0 ? written : null };
}

function upsertOne(state: SandboxState, accountId: string, groupId: number, raw: unknown): UpsertResult {
  const fail = (apiId: string | null, code: string, message: string): UpsertResult => ({
    api_contact_id: apiId,
    contact_id: null,
    action: null,
    moved_from_group_id: null,
    error: { code, message },
  });
  const parsed = UpsertItem.safeParse(raw);
  if (!parsed.success) {
    const apiId =
      typeof raw === 'object' &&
      raw !== null &&
      'api_contact_id' in raw &&
      typeof raw.api_contact_id === 'string'
        ? raw.api_contact_id
        : null;
    const issue = parsed.error.issues[0];
    return fail(apiId, 'invalid_contact', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const item = parsed.data;
  const problem = state.mojo.rejections.get(item.api_contact_id) ?? validateItem(item);
  if (problem) return fail(item.api_contact_id, problem.code, problem.message);

  const mojo = state.mojo;
  const at = isoTime(now(state));
  const key = `${accountId}|${item.api_contact_id}`;
  const existingId = mojo.contactIdsByApiId.get(key);
  const existing = existingId === undefined ? undefined : mojo.contacts.get(existingId);
  if (!existing) {
    const contact: MojoContact = {
      id: mojo.nextIds.contact++,
      account_id: accountId,
      api_contact_id: item.api_contact_id,
      source: item.source ?? '',
      full_name: item.full_name?.trim() || joinName(item.first_name, item.last_name),
      first_name: item.first_name ?? '',
      last_name: item.last_name ?? '',
      address: item.address ?? '',
      city: item.city ?? '',
      state: item.state ?? '',
      zip: item.zip ?? '',
      mediainfo_set: [],
      notes: [],
      misc: { ...(item.misc ?? {}) },
      group_ids: [groupId],
      events: [],
      created_at: at,
      updated_at: at,
    };
    addMedia(contact, item.mediainfo_set ?? []);
    addNotes(mojo, contact, item.notes ?? [], at);
    mojo.contacts.set(contact.id, contact);
    mojo.contactIdsByApiId.set(key, contact.id);
    return {
      api_contact_id: item.api_contact_id,
      contact_id: contact.id,
      action: 'created',
      moved_from_group_id: null,
      error: null,
    };
  }

  let changed = false;
  const set = (
    field: 'full_name' | 'first_name' | 'last_name' | 'address' | 'city' | 'state' | 'zip',
    v: string,
  ) => {
    // [sandbox] An empty value leaves the stored one: the contract says "updated", not "cleared".
    if (v !== '' && existing[field] !== v) {
      existing[field] = v;
      changed = true;
    }
  };
  set('first_name', item.first_name?.trim() ?? '');
  set('last_name', item.last_name?.trim() ?? '');
  set('full_name', item.full_name?.trim() || joinName(item.first_name, item.last_name));
  set('address', item.address?.trim() ?? '');
  set('city', item.city?.trim() ?? '');
  set('state', item.state?.trim() ?? '');
  set('zip', item.zip?.trim() ?? '');
  if (addMedia(existing, item.mediainfo_set ?? [])) changed = true;
  if (addNotes(mojo, existing, item.notes ?? [], at)) changed = true;
  for (const [k, v] of Object.entries(item.misc ?? {})) {
    if (existing.misc[k] !== v) {
      existing.misc[k] = v;
      changed = true;
    }
  }
  const previous = existing.group_ids[0] ?? null;
  let moved: number | null = null;
  if (previous !== groupId || existing.group_ids.length !== 1) {
    existing.group_ids = [groupId];
    moved = previous !== groupId ? previous : null;
    changed = true;
  }
  if (changed) existing.updated_at = at;
  return {
    api_contact_id: item.api_contact_id,
    contact_id: existing.id,
    action: 'updated',
    moved_from_group_id: moved,
    error: null,
  };
}

function validateItem(item: UpsertItem): ItemError | null {
  const hasName = !!item.full_name?.trim() || !!item.first_name?.trim() || !!item.last_name?.trim();
  if (!hasName) return { code: 'missing_name', message: 'A contact needs full_name or first_name/last_name' };
  for (const m of item.mediainfo_set ?? []) {
    if (m.type < 1 || m.type > 5) {
      return { code: 'invalid_media_type', message: `Media type ${m.type} is not one of 1–5` };
    }
    if (m.type === 4) {
      if (!EMAIL.test(m.value))
        return { code: 'invalid_email', message: `"${m.value}" is not an email address` };
    } else if (!PHONE_DIGITS.test(m.value)) {
      return { code: 'invalid_phone', message: `Phone "${m.value}" must be 7 to 15 digits` };
    }
  }
  return null;
}

function joinName(first: string | null | undefined, last: string | null | undefined): string {
  return [first?.trim() ?? '', last?.trim() ?? ''].filter((s) => s !== '').join(' ');
}

/** Adds phones and emails not yet on the contact (emails case-insensitively); true if any was. */
function addMedia(contact: MojoContact, media: MojoMedia[]): boolean {
  let added = false;
  for (const m of media) {
    const norm = m.type === 4 ? m.value.toLowerCase() : m.value;
    const present = contact.mediainfo_set.some(
      (x) => (x.type === 4) === (m.type === 4) && (x.type === 4 ? x.value.toLowerCase() : x.value) === norm,
    );
    if (!present) {
      contact.mediainfo_set.push({ type: m.type, value: m.value });
      added = true;
    }
  }
  return added;
}

/**
 * Appends notes, once each: by `api_note_id`, or [sandbox] by identical text for a note that
 * carries no id, so resending a batch stays idempotent.
 */
function addNotes(
  mojo: MojoState,
  contact: MojoContact,
  notes: { api_note_id?: string | null; text: string }[],
  at: string,
): boolean {
  let added = false;
  for (const n of notes) {
    const apiNoteId = n.api_note_id ?? null;
    const present = contact.notes.some((x) =>
      apiNoteId !== null ? x.api_note_id === apiNoteId : x.api_note_id === null && x.text === n.text,
    );
    if (!present) {
      contact.notes.push({ id: mojo.nextIds.note++, api_note_id: apiNoteId, text: n.text, created_at: at });
      added = true;
    }
  }
  return added;
}

function contactView(c: MojoContact) {
  return {
    id: c.id,
    api_contact_id: c.api_contact_id,
    source: c.source,
    full_name: c.full_name,
    first_name: c.first_name,
    last_name: c.last_name,
    address: c.address,
    city: c.city,
    state: c.state,
    zip: c.zip,
    mediainfo_set: c.mediainfo_set,
    notes: c.notes,
    misc: c.misc,
    group_ids: c.group_ids,
    events: c.events,
    updated_at: c.updated_at,
    created_at: c.created_at,
  };
}

// ---------------------------------------------------------------- admin helpers

export const MojoUserPatch = z.strictObject({
  login: z.string().min(1),
  pin: z.string().optional(),
  password: z.string().optional(),
  name: z.string().optional(),
  permission_level: z.enum(['owner', 'admin', 'agent', 'dialing_rep']).optional(),
  locked: z.boolean().optional(),
  account_id: z.string().optional(),
});
export type MojoUserPatch = z.input<typeof MojoUserPatch>;

/** Adds a user, or changes the one with this login (e.g. demote the owner to dialing_rep). */
export function upsertMojoUser(state: SandboxState, patch: MojoUserPatch): MojoUser {
  const p = MojoUserPatch.parse(patch);
  const existing = state.mojo.users.find((u) => u.login.toLowerCase() === p.login.toLowerCase());
  if (existing) {
    if (p.pin !== undefined) existing.pin = p.pin;
    if (p.password !== undefined) existing.password = p.password;
    if (p.name !== undefined) existing.name = p.name;
    if (p.permission_level !== undefined) existing.permission_level = p.permission_level;
    if (p.locked !== undefined) existing.locked = p.locked;
    if (p.account_id !== undefined) existing.account_id = p.account_id;
    return existing;
  }
  const user: MojoUser = {
    id: `U-${100 + state.mojo.users.length}`,
    account_id: p.account_id ?? 'A-100',
    pin: p.pin ?? '123456',
    login: p.login,
    password: p.password ?? 'correct-horse',
    name: p.name ?? p.login,
    permission_level: p.permission_level ?? 'agent',
    locked: p.locked ?? false,
  };
  state.mojo.users.push(user);
  return user;
}

export const MojoLinkPreset = z.strictObject({
  crm: z.enum(['cinc', 'wiseagent', 'zoho']),
  crm_account_id: z.string().min(1),
  crm_account_label: z.string().default(''),
  account_id: z.string().default('A-100'),
});
export type MojoLinkPreset = z.input<typeof MojoLinkPreset>;

/** Simulates "this Mojo account is already linked to another CRM account". */
export function presetMojoLink(state: SandboxState, preset: MojoLinkPreset): void {
  const p = MojoLinkPreset.parse(preset);
  const links = linksOf(state.mojo, p.account_id);
  links[p.crm] = {
    crm: p.crm,
    crm_account_id: p.crm_account_id,
    crm_account_label: p.crm_account_label,
    linked_at: isoTime(now(state)),
  };
}

/** Appends to the activity feed; `id` and `at` are filled in when missing. */
export function appendMojoActivities(state: SandboxState, activities: JsonObject[]): MojoActivity[] {
  const added: MojoActivity[] = [];
  for (const a of activities) {
    const id = typeof a.id === 'string' ? a.id : `act-${state.mojo.nextIds.activity++}`;
    const at = typeof a.at === 'string' ? a.at : isoTime(now(state));
    const type = typeof a.type === 'string' ? a.type : 'call_result';
    const activity: MojoActivity = { ...a, id, at, type };
    state.mojo.activities.push(activity);
    added.push(activity);
  }
  return added;
}
