/**
 * The Zoho CRM API v7 emulator (www.zohoapis.<dc>/crm/v7): record reads with Zoho's paging rules
 * (fields required, 2,000-record cap on `page`, `page_token` beyond), custom views, counts,
 * search, upsert/insert/update with per-item envelopes, notes, tasks, users, org and field
 * metadata. Tokens are checked as Zoho does: `Zoho-oauthtoken`, per data center, per scope.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { HostInfo } from './hosts';
import { MODULE_FIELDS } from './seed';
import {
  isZohoModule,
  now,
  type SandboxState,
  type ZohoAccessToken,
  type ZohoModule,
  type ZohoNote,
  type ZohoRecord,
  type ZohoTask,
} from './state';
import {
  isJsonObject,
  isoTime,
  type JsonObject,
  type JsonValue,
  jsonResponse,
  readJson,
  sandboxError,
  zohoId,
  zohoTime,
} from './util';
import {
  batchStatus,
  fieldsMeta,
  pickFields,
  recordsInView,
  viewsOf,
  type WriteOp,
  writeRecord,
} from './zoho-records';

type ApiEnv = { Bindings: { info: HostInfo }; Variables: { token: ZohoAccessToken } };
type ApiContext = Context<ApiEnv>;

const MAX_FIELDS = 50;
const MAX_PER_PAGE = 200;
const DISCRETE_LIMIT = 2000;
const MAX_IDS = 100;
const MAX_WRITE = 100;
const PAGE_TOKEN_TTL_MS = 24 * 3600_000;
const MAX_PAGE_TOKENS = 20_000;
/** page_token walks at most the first 100,000 records (Get Records: PAGINATION_LIMIT_EXCEEDED). */
const PAGE_TOKEN_REACH = 100_000;
const WRITE_MODULES = new Set<string>(['Contacts', 'Leads']);

function zohoError(status: number, code: string, message: string, details: JsonObject = {}): Response {
  return jsonResponse({ code, details, message, status: 'error' }, status);
}

const noContent = () => new Response(null, { status: 204 });

const invalidModule = () =>
  zohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 });

/** Which scope families a path needs; Zoho answers OAUTH_SCOPE_MISMATCH when the token lacks them. */
function scopeAllows(scopeList: string, path: string): boolean {
  const scopes = scopeList
    .split(/[,\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const has = (prefix: string) => scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));
  const rest = path.replace(/^\/crm\/v7\//, '');
  const first = (rest.split('/')[0] ?? '').toLowerCase();
  if (first === 'users') return has('zohocrm.users');
  if (first === 'org') return has('zohocrm.org');
  if (first === 'settings') return has('zohocrm.settings');
  if (first === 'coql') return has('zohocrm.coql');
  if (has('zohocrm.modules.all')) return true;
  if (first === 'notes' || rest.toLowerCase().includes('/notes')) return has('zohocrm.modules.notes');
  return has(`zohocrm.modules.${first}`);
}

export function zohoApiApp(state: SandboxState): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.use('/crm/v7/*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Zoho-oauthtoken\s+(\S+)$/i.exec(header);
    const token = match?.[1] ? state.zoho.accessTokens.get(match[1]) : undefined;
    const valid = token && !token.revoked && token.expires_at > now(state) && token.dc === c.env.info.dc?.dc;
    if (!valid) return zohoError(401, 'INVALID_TOKEN', 'invalid oauth token');
    if (!scopeAllows(token.scope, c.req.path)) {
      return zohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
    }
    state.zoho.apiCalls++;
    c.set('token', token);
    await next();
  });

  app.get('/crm/v7/users', (c) => {
    const type = c.req.query('type') ?? 'AllUsers';
    // [sandbox] The user who authorised the client is the org's first user (Pat Smith).
    const users =
      type === 'CurrentUser'
        ? state.zoho.users.slice(0, 1)
        : state.zoho.users.filter((u) => type !== 'DeactiveUsers' || u.status !== 'active');
    if (users.length === 0) return noContent();
    return jsonResponse({
      users: users.map((u) => ({
        ...u,
        role: { name: 'CEO', id: zohoId(320001) },
        profile: { name: 'Administrator' },
      })),
      info: { per_page: 200, count: users.length, page: 1, more_records: false },
    });
  });

  app.get('/crm/v7/org', () => jsonResponse({ org: [{ ...state.zoho.org }] }));

  app.get('/crm/v7/settings/custom_views', (c) => {
    const module = c.req.query('module') ?? '';
    if (!isZohoModule(module)) return invalidModule();
    const views = viewsOf(state, module).map((v, i) => viewMeta(v, i === 0));
    return jsonResponse({
      custom_views: views,
      info: {
        per_page: 200,
        count: views.length,
        page: 1,
        more_records: false,
        default: views[0]?.id ?? null,
      },
    });
  });

  app.get('/crm/v7/settings/custom_views/:id', (c) => {
    const module = c.req.query('module') ?? '';
    if (!isZohoModule(module)) return invalidModule();
    const views = viewsOf(state, module);
    const index = views.findIndex((v) => v.id === c.req.param('id'));
    const view = views[index];
    if (!view) return noContent();
    return jsonResponse({ custom_views: [viewMeta(view, index === 0)] });
  });

  app.get('/crm/v7/settings/fields', (c) => {
    const module = c.req.query('module') ?? '';
    if (!isZohoModule(module)) return invalidModule();
    return jsonResponse({ fields: fieldsMeta(module) });
  });

  app.post('/crm/v7/Notes', async (c) => createNotes(c, state, null));
  app.post('/crm/v7/Tasks', async (c) => createTasks(c, state));

  app.get('/crm/v7/:module/actions/count', (c) => {
    const module = c.req.param('module');
    if (!isZohoModule(module)) return invalidModule();
    const records = recordsInView(state, module, c.req.query('cvid') ?? null);
    if (!records) return zohoError(400, 'INVALID_DATA', 'the given cvid is invalid', { param_name: 'cvid' });
    return jsonResponse({ count: records.length });
  });

  app.get('/crm/v7/:module/search', (c) => searchRecords(c, state));

  app.post('/crm/v7/:module/upsert', async (c) => writeBatch(c, state, 'upsert'));
  app.post('/crm/v7/:module', async (c) => writeBatch(c, state, 'insert'));
  app.put('/crm/v7/:module', async (c) => writeBatch(c, state, 'update'));

  app.get('/crm/v7/:module', (c) => listRecords(c, state));

  app.get('/crm/v7/:module/:id', (c) => {
    const module = c.req.param('module');
    if (!isZohoModule(module)) return invalidModule();
    const checked = checkFields(module, c.req.query('fields'), false);
    if ('error' in checked) return checked.error;
    const record = state.zoho.records[module].find((r) => r.id === c.req.param('id'));
    if (!record) return noContent();
    return jsonResponse({ data: [pickFields(module, record, checked.fields)] });
  });

  app.get('/crm/v7/:module/:id/Notes', (c) => {
    const id = c.req.param('id');
    // Get Notes: `fields` is mandatory.
    const fields = parseFields(c.req.query('fields'));
    if (!fields) {
      return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'fields',
      });
    }
    const notes = state.zoho.notes.filter((n) => n.Parent_Id.id === id);
    if (notes.length === 0) return noContent();
    return jsonResponse({
      data: notes.map((n) => {
        const out: JsonObject = { id: n.id };
        for (const f of fields) if (f in n) out[f] = (n as unknown as JsonObject)[f] ?? null;
        return out;
      }),
      info: {
        per_page: 200,
        next_page_token: null,
        count: notes.length,
        sort_by: 'id',
        page: 1,
        previous_page_token: null,
        page_token_expiry: null,
        sort_order: 'asc',
        more_records: false,
      },
    });
  });
  app.post('/crm/v7/:module/:id/Notes', async (c) => {
    const module = c.req.param('module');
    if (!isZohoModule(module)) return invalidModule();
    return createNotes(c, state, { module, id: c.req.param('id') });
  });

  app.onError(sandboxError);
  app.notFound(() =>
    zohoError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'),
  );
  return app;
}

function viewMeta(v: { id: string; name: string; system_name: string }, isDefault: boolean): JsonObject {
  return {
    id: v.id,
    name: v.name,
    display_value: v.name,
    system_name: v.system_name,
    default: isDefault,
    system_defined: true,
  };
}

function parseFields(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  return fields.length ? fields : null;
}

/**
 * The `fields` parameter checked as Zoho does: required where the docs say so (REQUIRED_PARAM_MISSING),
 * at most 50 (LIMIT_EXCEEDED), and only fields the module has. [sandbox] The docs name no error for
 * an unknown field; it is refused with INVALID_DATA naming the field, so a client that asks Leads
 * for a Contacts-only field (Home_Phone) fails here as it would against a strict server.
 */
function checkFields(
  module: ZohoModule,
  raw: string | undefined,
  required: boolean,
): { fields: string[] | null } | { error: Response } {
  const fields = parseFields(raw);
  if (!fields) {
    if (!required) return { fields: null };
    return {
      error: zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'fields',
      }),
    };
  }
  if (fields.length > MAX_FIELDS) {
    return {
      error: zohoError(400, 'LIMIT_EXCEEDED', 'Fields limit exceeded', {
        param_name: 'fields',
        maximum_length: MAX_FIELDS,
      }),
    };
  }
  const unknown = fields.find((f) => f !== 'id' && !MODULE_FIELDS[module].includes(f));
  if (unknown !== undefined) {
    return {
      error: zohoError(400, 'INVALID_DATA', 'the field given seems to be invalid', {
        param_name: 'fields',
        api_name: unknown,
      }),
    };
  }
  return { fields };
}

function listRecords(c: ApiContext, state: SandboxState): Response {
  const module = c.req.param('module') ?? '';
  if (!isZohoModule(module)) return invalidModule();
  const checked = checkFields(module, c.req.query('fields'), true);
  if ('error' in checked) return checked.error;
  const fields = checked.fields;
  const perPage = Number(c.req.query('per_page') ?? MAX_PER_PAGE);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    return zohoError(400, 'INVALID_DATA', 'invalid per_page', { param_name: 'per_page' });
  }
  const info = (count: number, page: number, more: boolean, next: string | null, prev: string | null) => ({
    // Zoho's example answer carries these two flags too (whether call and email data are included).
    call: false,
    email: false,
    per_page: perPage,
    count,
    page,
    sort_by: 'id',
    sort_order: 'asc',
    more_records: more,
    next_page_token: next,
    previous_page_token: prev,
    page_token_expiry: next || prev ? isoTime(now(state) + PAGE_TOKEN_TTL_MS) : null,
  });

  const idsParam = c.req.query('ids');
  if (idsParam !== undefined) {
    const ids = idsParam
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length > MAX_IDS) {
      return zohoError(400, 'INVALID_DATA', `at most ${MAX_IDS} ids`, {
        param_name: 'ids',
        maximum_length: MAX_IDS,
      });
    }
    const byId = new Map(state.zoho.records[module].map((r) => [r.id, r]));
    const found = ids.map((id) => byId.get(id)).filter((r): r is ZohoRecord => r !== undefined);
    if (found.length === 0) return noContent();
    return jsonResponse({
      data: found.map((r) => pickFields(module, r, fields)),
      info: info(found.length, 1, false, null, null),
    });
  }

  const cvid = c.req.query('cvid') ?? null;
  const pageToken = c.req.query('page_token');
  let offset: number;
  if (pageToken !== undefined && c.req.query('page') !== undefined) {
    return zohoError(400, 'AMBIGUITY_DURING_PROCESSING', 'You cannot use both page and page_token', {
      ambiguity_due_to: ['page', 'page_token'],
    });
  }
  if (pageToken !== undefined) {
    const saved = state.zoho.pageTokens.get(pageToken);
    if (!saved) {
      return zohoError(400, 'INVALID_DATA', 'The token given seems to be invalid', {
        param_name: 'page_token',
      });
    }
    if (saved.expires_at <= now(state)) {
      return zohoError(400, 'EXPIRED_VALUE', 'The token given has expired', { param_name: 'page_token' });
    }
    if (saved.module !== module || saved.cvid !== cvid) {
      return zohoError(
        400,
        'TOKEN_BOUND_DATA_MISMATCH',
        'The page_token given seems to be invalid or input param is added, altered, or deleted',
        { param_name: 'page_token' },
      );
    }
    if (saved.offset >= PAGE_TOKEN_REACH) {
      return zohoError(
        400,
        'PAGINATION_LIMIT_EXCEEDED',
        'You can only get up to first 100000 records using page_token param',
        { limit: PAGE_TOKEN_REACH },
      );
    }
    offset = saved.offset;
  } else {
    const page = Number(c.req.query('page') ?? 1);
    if (!Number.isInteger(page) || page < 1) {
      return zohoError(400, 'INVALID_DATA', 'invalid page', { param_name: 'page' });
    }
    if (page * perPage > DISCRETE_LIMIT) {
      return zohoError(
        400,
        'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        'cannot fetch more than 2000 records. Use page_token param to fetch more records',
      );
    }
    offset = (page - 1) * perPage;
  }
  const records = recordsInView(state, module, cvid);
  if (!records) return zohoError(400, 'INVALID_DATA', 'the given cvid is invalid', { param_name: 'cvid' });
  const slice = records.slice(offset, offset + perPage);
  if (slice.length === 0) return noContent();
  const more = offset + perPage < records.length;
  const issue = (at: number) => {
    const tokens = state.zoho.pageTokens;
    // Bounded like the request log, so a long demo does not grow memory without end.
    if (tokens.size >= MAX_PAGE_TOKENS) {
      const oldest = tokens.keys().next().value;
      if (oldest !== undefined) tokens.delete(oldest);
    }
    const token = randomBytes(18).toString('hex');
    tokens.set(token, {
      module,
      cvid,
      offset: at,
      expires_at: now(state) + PAGE_TOKEN_TTL_MS,
    });
    return token;
  };
  const next = more ? issue(offset + perPage) : null;
  const prev = offset > 0 ? issue(Math.max(0, offset - perPage)) : null;
  return jsonResponse({
    data: slice.map((r) => pickFields(module, r, fields)),
    info: info(slice.length, Math.floor(offset / perPage) + 1, more, next, prev),
  });
}

/** `criteria` in Zoho's `((Field:op:value) and (…))` form, `equals` and `starts_with` only. */
function criteriaMatcher(criteria: string): ((r: ZohoRecord) => boolean) | null {
  const parts = [...criteria.matchAll(/\(([A-Za-z_]+):(equals|starts_with):([^()]*)\)/g)];
  if (parts.length === 0) return null;
  const any = /\)\s*or\s*\(/i.test(criteria);
  const tests = parts.map(([, field = '', op, value = '']) => {
    const wanted = value.replace(/\\(.)/g, '$1').toLowerCase();
    return (r: ZohoRecord) => {
      const have = r[field];
      if (typeof have !== 'string') return false;
      const h = have.toLowerCase();
      return op === 'equals' ? h === wanted : h.startsWith(wanted);
    };
  });
  return (r) => (any ? tests.some((t) => t(r)) : tests.every((t) => t(r)));
}

const digits = (s: string) => s.replace(/\D/g, '');
const PHONE_FIELDS = ['Phone', 'Mobile', 'Home_Phone', 'Other_Phone'];

function searchRecords(c: ApiContext, state: SandboxState): Response {
  const module = c.req.param('module') ?? '';
  if (!isZohoModule(module)) return invalidModule();
  const email = c.req.query('email');
  const phone = c.req.query('phone');
  const word = c.req.query('word');
  const criteria = c.req.query('criteria');
  let test: ((r: ZohoRecord) => boolean) | null = null;
  if (criteria !== undefined) {
    test = criteriaMatcher(criteria);
    if (!test) return zohoError(400, 'INVALID_QUERY', 'invalid query formed', { param_name: 'criteria' });
  } else if (email !== undefined) {
    const e = email.toLowerCase();
    test = (r) => ['Email', 'Secondary_Email'].some((f) => String(r[f] ?? '').toLowerCase() === e);
  } else if (phone !== undefined) {
    const p = digits(phone);
    test = (r) =>
      PHONE_FIELDS.some((f) => typeof r[f] === 'string' && digits(String(r[f])).endsWith(p) && p !== '');
  } else if (word !== undefined) {
    const w = word.toLowerCase();
    test = (r) => Object.values(r).some((v) => typeof v === 'string' && v.toLowerCase().includes(w));
  }
  if (!test) {
    return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
      param_name: 'criteria',
    });
  }
  const perPage = Math.min(Number(c.req.query('per_page') ?? MAX_PER_PAGE) || MAX_PER_PAGE, MAX_PER_PAGE);
  const page = Math.max(Number(c.req.query('page') ?? 1) || 1, 1);
  if (page * perPage > DISCRETE_LIMIT) {
    return zohoError(400, 'LIMIT_REACHED', 'search results are limited to 2000 records', {});
  }
  const checked = checkFields(module, c.req.query('fields'), false);
  if ('error' in checked) return checked.error;
  const found = state.zoho.records[module].filter(test);
  const slice = found.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return noContent();
  return jsonResponse({
    data: slice.map((r) => pickFields(module, r, checked.fields)),
    info: {
      per_page: perPage,
      count: slice.length,
      sort_by: 'id',
      page,
      sort_order: 'desc',
      more_records: page * perPage < found.length,
    },
  });
}

async function writeBatch(c: ApiContext, state: SandboxState, op: WriteOp): Promise<Response> {
  const module = c.req.param('module') ?? '';
  if (!WRITE_MODULES.has(module) || !isZohoModule(module)) return invalidModule();
  const body = await readJson(c.req.raw);
  const data = isJsonObject(body) ? body.data : undefined;
  if (!Array.isArray(data) || data.length === 0) {
    return zohoError(400, 'INVALID_DATA', 'invalid data', {
      expected_data_type: 'jsonarray',
      api_name: 'data',
    });
  }
  if (data.length > MAX_WRITE) {
    return zohoError(400, 'LIMIT_EXCEEDED', 'Maximum number of records exceeded', {
      limit: MAX_WRITE,
      api_name: 'data',
    });
  }
  const dupRaw = isJsonObject(body) ? body.duplicate_check_fields : undefined;
  const unique = ['Email', ...state.zoho.uniqueFields[module]];
  const dupFields = Array.isArray(dupRaw) ? dupRaw.filter((f): f is string => typeof f === 'string') : unique;
  // Only system-defined duplicate-check fields (Email) and user-defined unique fields may be named.
  // [sandbox] The docs name no error for another field; it is refused with INVALID_DATA naming it.
  const notUnique = op === 'upsert' ? dupFields.findIndex((f) => !unique.includes(f)) : -1;
  if (notUnique >= 0) {
    return zohoError(400, 'INVALID_DATA', 'the field given is not a duplicate check field', {
      api_name: dupFields[notUnique] ?? '',
      json_path: `$.duplicate_check_fields[${notUnique}]`,
    });
  }
  const results = data.map((item, i) => writeRecord(state, module, op, item, i, dupFields));
  const trigger: JsonValue = isJsonObject(body) && body.trigger !== undefined ? body.trigger : null;
  state.zoho.writeCalls.push({
    at: isoTime(now(state)),
    op,
    module,
    trigger,
    duplicate_check_fields: dupRaw ?? null,
    count: data.length,
    results: results.map((r) => r.outcome),
  });
  return jsonResponse(
    { data: results.map((r) => r.body) },
    batchStatus(results, op === 'insert' ? 201 : 200),
  );
}

async function createNotes(
  c: ApiContext,
  state: SandboxState,
  parent: { module: ZohoModule; id: string } | null,
): Promise<Response> {
  const body = await readJson(c.req.raw);
  const data = isJsonObject(body) ? body.data : undefined;
  if (!Array.isArray(data) || data.length === 0) {
    return zohoError(400, 'INVALID_DATA', 'invalid data', {
      expected_data_type: 'jsonarray',
      api_name: 'data',
    });
  }
  if (data.length > MAX_WRITE) {
    return zohoError(400, 'LIMIT_EXCEEDED', 'Maximum number of records exceeded', {
      limit: MAX_WRITE,
      api_name: 'data',
    });
  }
  const t = zohoTime(now(state));
  const results = data.map((item, i) => {
    const fail = (code: string, api_name: string, message: string) => ({
      ok: false,
      body: {
        code,
        details: { api_name, json_path: `$.data[${i}].${api_name}` },
        message,
        status: 'error',
      } as JsonObject,
    });
    if (!isJsonObject(item)) return fail('INVALID_DATA', 'data', 'invalid data');
    const content = item.Note_Content;
    if (typeof content !== 'string' || content === '')
      return fail('MANDATORY_NOT_FOUND', 'Note_Content', 'required field not found');
    let target = parent;
    if (!target) {
      // v7 names the parent as Parent_Id {module:{api_name}, id}; older clients send an id and $se_module.
      const p = item.Parent_Id;
      const moduleName = isJsonObject(p) && isJsonObject(p.module) ? p.module.api_name : item.$se_module;
      const id = isJsonObject(p) ? p.id : p;
      if (typeof moduleName === 'string' && isZohoModule(moduleName) && typeof id === 'string') {
        target = { module: moduleName, id };
      }
    }
    if (!target) return fail('MANDATORY_NOT_FOUND', 'Parent_Id', 'required field not found');
    const { module, id } = target;
    if (!state.zoho.records[module].some((r) => r.id === id)) {
      return fail('INVALID_DATA', 'Parent_Id', 'the related id given seems to be invalid');
    }
    const note: ZohoNote = {
      id: zohoId(state.zoho.nextId++),
      Note_Title: typeof item.Note_Title === 'string' ? item.Note_Title : null,
      Note_Content: content,
      Parent_Id: { module: { api_name: module }, id },
      Created_Time: t,
    };
    state.zoho.notes.push(note);
    return { ok: true, body: successBody(state, note.id, t, 'note') };
  });
  return jsonResponse({ data: results.map((r) => r.body) }, batchStatus(results, 201));
}

async function createTasks(c: ApiContext, state: SandboxState): Promise<Response> {
  const body = await readJson(c.req.raw);
  const data = isJsonObject(body) ? body.data : undefined;
  if (!Array.isArray(data) || data.length === 0) {
    return zohoError(400, 'INVALID_DATA', 'invalid data', {
      expected_data_type: 'jsonarray',
      api_name: 'data',
    });
  }
  const t = zohoTime(now(state));
  const results = data.map((item, i) => {
    if (!isJsonObject(item) || typeof item.Subject !== 'string' || item.Subject === '') {
      return {
        ok: false,
        body: {
          code: 'MANDATORY_NOT_FOUND',
          details: { api_name: 'Subject', json_path: `$.data[${i}].Subject` },
          message: 'required field not found',
          status: 'error',
        } as JsonObject,
      };
    }
    // Who_Id is a Contact; any other parent is What_Id with $se_module naming its module (Insert
    // Records, Tasks). A parent that is not there is INVALID_DATA, as for any lookup.
    const bad = (api_name: string, code = 'INVALID_DATA', message = 'invalid data') => ({
      ok: false,
      body: { code, details: { api_name, json_path: `$.data[${i}].${api_name}` }, message, status: 'error' },
    });
    const who = item.Who_Id;
    if (who !== undefined && who !== null) {
      const id = isJsonObject(who) ? who.id : undefined;
      if (typeof id !== 'string' || !state.zoho.records.Contacts.some((r) => r.id === id))
        return bad('Who_Id');
    }
    const what = item.What_Id;
    if (what !== undefined && what !== null) {
      const id = isJsonObject(what) ? what.id : undefined;
      const se = item.$se_module;
      if (typeof se !== 'string') return bad('$se_module', 'MANDATORY_NOT_FOUND', 'required field not found');
      if (!isZohoModule(se)) return bad('$se_module');
      if (typeof id !== 'string' || !state.zoho.records[se].some((r) => r.id === id)) return bad('What_Id');
    }
    const task: ZohoTask = { ...item, id: zohoId(state.zoho.nextId++), Created_Time: t };
    state.zoho.tasks.push(task);
    return { ok: true, body: successBody(state, task.id, t, 'record') };
  });
  return jsonResponse({ data: results.map((r) => r.body) }, batchStatus(results, 201));
}

/** Zoho's per-item success, as Create Notes and Insert Records show it (Tasks are records). */
function successBody(state: SandboxState, id: string, t: string, kind: 'note' | 'record'): JsonObject {
  const u = state.zoho.users[0];
  const actor = { name: u?.full_name ?? '', id: u?.id ?? '' };
  return {
    code: 'SUCCESS',
    details: {
      Modified_Time: t,
      Modified_By: actor,
      Created_Time: t,
      id,
      Created_By: actor,
      ...(kind === 'record' ? { $approval_state: 'approved' } : {}),
    },
    message: 'record added',
    status: 'success',
  };
}
