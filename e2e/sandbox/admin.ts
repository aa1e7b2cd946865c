/**
 * The admin API (plain HTTP on its own port): what a Playwright test or the demo uses to read the
 * sandbox's state, reset it, inject faults and set up situations (a linked account, a demoted
 * user, 10,000 records). The same operations are available in-process on the `Sandbox` object.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { CINC_ADMIN_ROUTES, cincAdminRoutes } from './cinc';
import { FaultSpecSchema, type Faults } from './faults';
import { appendMojoActivities, MojoLinkPreset, MojoUserPatch, presetMojoLink, upsertMojoUser } from './mojo';
import type { RequestLog } from './request-log';
import { generateZohoRecords } from './seed';
import { type SandboxState, type SeedName, snapshot, ZOHO_MODULES } from './state';
import { isJsonObject, type JsonObject, type JsonValue, jsonResponse, readJson, zohoId } from './util';
import { registerWiseAgentAdmin, WISEAGENT_ADMIN_ROUTES } from './wiseagent-admin';
import { putRecords } from './zoho-records';

export interface AdminContext {
  state: SandboxState;
  faults: Faults;
  requests: RequestLog;
  reset(seed?: SeedName): void;
}

const Rejection = z.strictObject({
  api_contact_id: z.string().min(1),
  code: z.string().min(1),
  message: z.string().min(1),
});

const AnswerStyle = z.strictObject({
  upsert: z.enum(['contract', 'bulk']).optional(),
  deadToken: z.union([z.literal(401), z.literal(403)]).optional(),
  busyOnce: z.number().int().min(0).max(100).optional(),
});

const Seconds = z.object({
  seconds: z
    .number()
    .int()
    .min(1)
    .max(365 * 86400),
});
const Module = z.enum(ZOHO_MODULES);

/** Parses a body with a schema; a bad body is the test author's mistake, so say exactly what. */
async function body<T>(
  req: Request,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; res: Response }> {
  const raw = await readJson(req);
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    res: jsonResponse({ error: 'invalid_body', issues: z.treeifyError(parsed.error) }, 400),
  };
}

export function adminApp(ctx: AdminContext): Hono {
  const app = new Hono();
  const { state, faults, requests } = ctx;

  app.get('/', () =>
    jsonResponse({
      routes: [
        'GET /state',
        'POST /reset {seed?}',
        'GET /requests?host=&pathPrefix=',
        'DELETE /requests',
        'GET /faults',
        'POST /faults {FaultSpec}',
        'DELETE /faults',
        'DELETE /faults/:id',
        'POST /clock/advance {seconds}',
        'POST /mojo/users',
        'POST /mojo/links',
        'POST /mojo/activities',
        'POST /mojo/token-ttl {seconds}',
        'POST /mojo/rejections {api_contact_id, code, message}',
        "POST /mojo/answer-style {upsert?: 'contract'|'bulk', deadToken?: 401|403, busyOnce?: n}",
        'POST /zoho/clients {client_id, client_secret, redirect_uri?}',
        'POST /zoho/unique-fields {module, fields}',
        'POST /zoho/records {module, records}',
        'POST /zoho/generate {module, count}',
        'POST /zoho/token-ttl {seconds}',
        'POST /zoho/deny-next-auth',
        'POST /zoho/limits {concurrency?, tokenRateLimit?}',
        'POST /zoho/views {module, name, id?, filter?}',
        ...CINC_ADMIN_ROUTES,
        ...WISEAGENT_ADMIN_ROUTES,
      ],
    }),
  );

  app.get('/state', () => jsonResponse(snapshot(state)));

  app.post('/reset', async (c) => {
    const b = await body(c.req.raw, z.object({ seed: z.enum(['default', 'empty']).optional() }));
    if (!b.ok) return b.res;
    ctx.reset(b.value.seed);
    return jsonResponse({ reset: true });
  });

  app.get('/requests', (c) => {
    const host = c.req.query('host');
    const prefix = c.req.query('pathPrefix');
    const list = requests
      .all()
      .filter(
        (r) => (host === undefined || r.host === host) && (prefix === undefined || r.path.startsWith(prefix)),
      );
    return jsonResponse({ count: list.length, requests: list });
  });
  app.delete('/requests', () => {
    requests.clear();
    return new Response(null, { status: 204 });
  });

  app.get('/faults', () => jsonResponse({ faults: faults.list() }));
  app.post('/faults', async (c) => {
    const b = await body(c.req.raw, FaultSpecSchema);
    if (!b.ok) return b.res;
    return jsonResponse({ id: faults.add(b.value) }, 201);
  });
  app.delete('/faults', () => {
    faults.clear();
    return new Response(null, { status: 204 });
  });
  app.delete('/faults/:id', (c) =>
    faults.remove(c.req.param('id'))
      ? new Response(null, { status: 204 })
      : jsonResponse({ error: 'not_found' }, 404),
  );

  app.post('/clock/advance', async (c) => {
    const b = await body(c.req.raw, z.object({ seconds: z.number() }));
    if (!b.ok) return b.res;
    state.clock.offsetMs += b.value.seconds * 1000;
    return jsonResponse({ offsetMs: state.clock.offsetMs });
  });

  // ---------------------------------------------------------------- Mojo

  app.post('/mojo/users', async (c) => {
    const b = await body(c.req.raw, MojoUserPatch);
    if (!b.ok) return b.res;
    return jsonResponse({ user: upsertMojoUser(state, b.value) });
  });

  app.post('/mojo/links', async (c) => {
    const b = await body(c.req.raw, MojoLinkPreset);
    if (!b.ok) return b.res;
    presetMojoLink(state, b.value);
    return jsonResponse({ links: state.mojo.links });
  });

  app.post('/mojo/activities', async (c) => {
    const raw = await readJson(c.req.raw);
    const list: JsonValue[] = Array.isArray(raw)
      ? raw
      : isJsonObject(raw) && Array.isArray(raw.activities)
        ? raw.activities
        : isJsonObject(raw)
          ? [raw]
          : [];
    const objects = list.filter((a): a is JsonObject => isJsonObject(a));
    if (objects.length === 0) return jsonResponse({ error: 'expected an activity or {activities:[…]}' }, 400);
    return jsonResponse({ added: appendMojoActivities(state, objects) });
  });

  app.post('/mojo/rejections', async (c) => {
    const b = await body(c.req.raw, Rejection);
    if (!b.ok) return b.res;
    state.mojo.rejections.set(b.value.api_contact_id, { code: b.value.code, message: b.value.message });
    return jsonResponse({ rejections: Object.fromEntries(state.mojo.rejections) });
  });

  app.post('/mojo/answer-style', async (c) => {
    const b = await body(c.req.raw, AnswerStyle);
    if (!b.ok) return b.res;
    Object.assign(state.mojo.answerStyle, b.value);
    return jsonResponse({ answerStyle: state.mojo.answerStyle });
  });

  app.post('/mojo/token-ttl', async (c) => {
    const b = await body(c.req.raw, Seconds);
    if (!b.ok) return b.res;
    state.mojo.tokenTtlSeconds = b.value.seconds;
    return jsonResponse({ tokenTtlSeconds: b.value.seconds });
  });

  // ---------------------------------------------------------------- Zoho

  app.post('/zoho/clients', async (c) => {
    const b = await body(
      c.req.raw,
      z.object({
        client_id: z.string().min(1),
        client_secret: z.string().min(1),
        redirect_uri: z.string().url().optional(),
      }),
    );
    if (!b.ok) return b.res;
    const { redirect_uri, ...client } = b.value;
    const existing = state.zoho.clients.find((x) => x.client_id === b.value.client_id);
    const target = existing ?? state.zoho.clients[state.zoho.clients.push({ ...client }) - 1];
    if (target) {
      target.client_secret = client.client_secret;
      if (redirect_uri !== undefined) target.redirect_uri = redirect_uri;
    }
    return jsonResponse({ clients: state.zoho.clients });
  });

  app.post('/zoho/unique-fields', async (c) => {
    const b = await body(c.req.raw, z.object({ module: Module, fields: z.array(z.string().min(1)) }));
    if (!b.ok) return b.res;
    state.zoho.uniqueFields[b.value.module] = b.value.fields;
    return jsonResponse({ uniqueFields: state.zoho.uniqueFields });
  });

  app.post('/zoho/records', async (c) => {
    const raw = await readJson(c.req.raw);
    const module = Module.safeParse(isJsonObject(raw) ? raw.module : undefined);
    const records = isJsonObject(raw) && Array.isArray(raw.records) ? raw.records.filter(isJsonObject) : null;
    if (!module.success || !records) return jsonResponse({ error: 'expected {module, records:[…]}' }, 400);
    return jsonResponse({ records: putRecords(state, module.data, records) });
  });

  app.post('/zoho/generate', async (c) => {
    const b = await body(
      c.req.raw,
      z.object({ module: Module, count: z.number().int().min(1).max(1_000_000) }),
    );
    if (!b.ok) return b.res;
    const started = performance.now();
    const made = generateZohoRecords(state.zoho, b.value.module, b.value.count);
    return jsonResponse({
      generated: made.length,
      first_id: made[0]?.id ?? null,
      last_id: made.at(-1)?.id ?? null,
      total: state.zoho.records[b.value.module].length,
      ms: Math.round(performance.now() - started),
    });
  });

  app.post('/zoho/token-ttl', async (c) => {
    const b = await body(c.req.raw, Seconds);
    if (!b.ok) return b.res;
    state.zoho.tokenTtlSeconds = b.value.seconds;
    return jsonResponse({ tokenTtlSeconds: b.value.seconds });
  });

  app.post('/zoho/deny-next-auth', () => {
    state.zoho.denyNextAuth = true;
    return jsonResponse({ denyNextAuth: true });
  });

  app.post('/zoho/limits', async (c) => {
    const b = await body(
      c.req.raw,
      z.object({
        concurrency: z.number().int().min(1).nullable().optional(),
        tokenRateLimit: z.boolean().optional(),
      }),
    );
    if (!b.ok) return b.res;
    if (b.value.concurrency !== undefined) state.zoho.limits.concurrency = b.value.concurrency;
    if (b.value.tokenRateLimit !== undefined) state.zoho.limits.tokenRateLimit = b.value.tokenRateLimit;
    return jsonResponse({ limits: state.zoho.limits });
  });

  app.post('/zoho/views', async (c) => {
    const b = await body(
      c.req.raw,
      z.object({
        id: z.string().regex(/^\d+$/).optional(),
        module: Module,
        name: z.string().min(1),
        filter: z.object({ field: z.string(), equals: z.string() }).nullable().optional(),
      }),
    );
    if (!b.ok) return b.res;
    const view = {
      id: b.value.id ?? zohoId(state.zoho.nextId++),
      module: b.value.module,
      name: b.value.name,
      system_name: b.value.name.toUpperCase().replace(/\W+/g, '_'),
      filter: b.value.filter ?? null,
    };
    state.zoho.views = state.zoho.views.filter((v) => v.id !== view.id).concat(view);
    return jsonResponse({ view }, 201);
  });

  // ---------------------------------------------------------------- CINC
  cincAdminRoutes(app, state);

  // ---------------------------------------------------------------- Wise Agent
  registerWiseAgentAdmin(app, state);

  app.notFound(() => jsonResponse({ error: 'not_found' }, 404));
  app.onError((e) =>
    jsonResponse({ error: 'admin_error', message: e instanceof Error ? e.message : String(e) }, 500),
  );
  return app;
}
