/**
 * The admin routes for Wise Agent (`/wiseagent/…` on the admin port): add OAuth clients, put or
 * generate contacts, change the connected user or the team, shorten token lifetimes. The notes and
 * call-list entries written to contacts are in `GET /state` (`wiseagent.notes`, `wiseagent.calls`).
 * Registered by admin.ts.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { now, type SandboxState } from './state';
import { jsonResponse, readJson } from './util';
import { generateWiseAgentContacts, makeContact, utcTime, type WiseAgentContact } from './wiseagent-state';

export const WISEAGENT_ADMIN_ROUTES = [
  'POST /wiseagent/clients {client_id, client_secret?}',
  'POST /wiseagent/contacts {contacts:[{ClientID?, CFirst, CLast, …}]} | {generate: N}',
  'POST /wiseagent/user {First?, Last?, Email?}',
  "POST /wiseagent/webcontact-match {keys:['email'|'phone'|'name']} (webcontact's duplicate check)",
  'POST /wiseagent/team {members:[{InsideTeamId, Name, Email, Phone?, Cell?, JobTitle?}]} (replaces the team)',
  'POST /wiseagent/token-ttl {seconds}',
] as const;

const Text = z.union([z.string(), z.number()]);
const ContactInput = z.strictObject({
  ClientID: z.number().int().positive().optional(),
  CFirst: z.string(),
  CLast: z.string(),
  CEmail: z.string().optional(),
  HomePhone: z.string().optional(),
  MobilePhone: z.string().optional(),
  WorkPhone: z.string().optional(),
  PreferredPhone: z.string().optional(),
  AddressNumber: Text.optional(),
  AddressStreet: z.string().optional(),
  SuiteNo: z.string().optional(),
  City: z.string().optional(),
  State: z.string().optional(),
  zip: Text.optional(),
  Source: z.string().optional(),
  Status: z.string().optional(),
  Rank: z.string().optional(),
  Categories: z.array(z.string()).optional(),
  Notes: z.string().optional(),
});
const ContactsBody = z.union([
  z.strictObject({ contacts: z.array(ContactInput).min(1) }),
  z.strictObject({ generate: z.number().int().min(1).max(100_000) }),
]);
const UserPatch = z.strictObject({
  First: z.string().optional(),
  Last: z.string().optional(),
  Email: z.string().optional(),
});

const TeamBody = z.strictObject({
  members: z.array(
    z.strictObject({
      InsideTeamId: z.number().int().positive(),
      Name: z.string(),
      Email: z.string(),
      Phone: z.string().default(''),
      Cell: z.string().default(''),
      JobTitle: z.string().default(''),
    }),
  ),
});

/** Parses a body with a schema; a bad body is the test author's mistake, so say exactly what. */
async function body<T>(
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

export function registerWiseAgentAdmin(app: Hono, state: SandboxState): void {
  app.post('/wiseagent/clients', async (c) => {
    const b = await body(
      c.req.raw,
      z.strictObject({ client_id: z.string().min(1), client_secret: z.string().min(1).optional() }),
    );
    if (!b.ok) return b.res;
    const wa = state.wiseagent;
    wa.clients = wa.clients.filter((x) => x.client_id !== b.value.client_id);
    wa.clients.push({ ...b.value });
    return jsonResponse({ clients: wa.clients.map((x) => x.client_id) });
  });

  app.post('/wiseagent/contacts', async (c) => {
    const b = await body(c.req.raw, ContactsBody);
    if (!b.ok) return b.res;
    const wa = state.wiseagent;
    const t = now(state);
    if ('generate' in b.value) {
      const made = generateWiseAgentContacts(wa, b.value.generate, t);
      return jsonResponse({
        generated: made.length,
        first_id: made[0]?.ClientID ?? null,
        last_id: made.at(-1)?.ClientID ?? null,
        total: wa.contacts.length,
      });
    }
    const put: WiseAgentContact[] = [];
    for (const input of b.value.contacts) {
      const existing =
        input.ClientID === undefined ? undefined : wa.contacts.find((x) => x.ClientID === input.ClientID);
      if (existing) {
        Object.assign(existing, input, { DateUpdatedUTC: utcTime(t) });
        put.push(existing);
      } else {
        const contact = makeContact({ ...input, ClientID: input.ClientID ?? wa.nextIds.client++ }, t);
        wa.contacts.push(contact);
        put.push(contact);
      }
    }
    return jsonResponse({ contacts: put });
  });

  app.post('/wiseagent/user', async (c) => {
    const b = await body(c.req.raw, UserPatch);
    if (!b.ok) return b.res;
    Object.assign(state.wiseagent.user, b.value);
    return jsonResponse({ user: state.wiseagent.user });
  });

  app.post('/wiseagent/webcontact-match', async (c) => {
    const b = await body(c.req.raw, z.strictObject({ keys: z.array(z.enum(['email', 'phone', 'name'])) }));
    if (!b.ok) return b.res;
    state.wiseagent.webcontactMatch = [...b.value.keys];
    return jsonResponse({ webcontactMatch: state.wiseagent.webcontactMatch });
  });

  app.post('/wiseagent/team', async (c) => {
    const b = await body(c.req.raw, TeamBody);
    if (!b.ok) return b.res;
    state.wiseagent.team = b.value.members.map((m) => ({ ...m }));
    return jsonResponse({ team: state.wiseagent.team });
  });

  app.post('/wiseagent/token-ttl', async (c) => {
    const b = await body(
      c.req.raw,
      z.strictObject({
        seconds: z
          .number()
          .int()
          .min(1)
          .max(365 * 86400),
      }),
    );
    if (!b.ok) return b.res;
    state.wiseagent.tokenTtlSeconds = b.value.seconds;
    return jsonResponse({ tokenTtlSeconds: b.value.seconds });
  });
}
