/**
 * Wise Agent's API emulator: `sync.thewiseagent.com/http/webconnect.asp?requestType=<name>`
 * (crm-facts.md), Bearer tokens, parameters from the query and form-encoded bodies. Answers vary by
 * call the way the real API's do:
 * - `getContacts` → a JSON array of contacts (`[]` past the last page);
 * - `getSingleContact` → a one-record array, as documented;
 * - every contact's `Categories` → JSON inside a string (`"[{\"name\":\"Buyer\"}]"`);
 * - `getUser` → JSON inside a string, `"[{\"First\":…,\"Last\":…,\"Email\":…}]"`, no id (the docs);
 * - `getTeam` → `[{InsideTeamId, Name, Phone, Cell, Email, JobTitle}]`; `getSources` → `"[{ID, Name}]"` (a string);
 * - `getContactNotes` → `[{NoteID, ClientID, Subject, Note, NoteDate, …}]`, 100 a page;
 * - `calls` read (GET, `clientId` or `callId`) → `{Data:[{CallId, Reason, NextContactDate, …}]}`,
 *   every value a string and NextContactDate as classic ASP writes a date, as the docs show them;
 * - `webcontact` → `{success:"true", data:{ClientID, NewContact}}`; for a contact that exists (by
 *   email or phone, or by name when a test says so: [sandbox] the docs do not say which) it updates nothing but adds the phones and
 *   email the contact lacks, and answers `NewContact: false` with the documented Message; `calls` (POST) →
 *   `"{success:true, id}"` and `addContactNote` → `"[{success, data:[{ClientID, NoteID}]}]"`, both
 *   JSON inside a string as the docs show them;
 * - `updateContact` → `"{\"Success\":\"<id> updated\"}"` or `"{\"Error\":…}"` (JSON inside a string), as documented;
 * - a refused request → HTTP 200 `{success:"false", error}` (validation), 401/403 `{error}` (token, scope).
 * Filters of `getContacts` apply by precedence email > phone > categories > nameQuery.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { HostInfo } from './hosts';
import { now, type SandboxState } from './state';
import { jsonResponse, readFormAndQuery, sandboxError } from './util';
import {
  arizonaTime,
  makeContact,
  usUtcTime,
  utcTime,
  type WiseAgentAccessToken,
  type WiseAgentContact,
} from './wiseagent-state';

type ApiEnv = { Bindings: { info: HostInfo }; Variables: { token: WiseAgentAccessToken } };
type ApiContext = Context<ApiEnv>;

const MAX_PAGE_SIZE = 100;
const REASON_MAX = 100;
const WEB = 'https://thewiseagent.com';

/** Which scope each call needs; calls not listed need none beyond a valid token. */
const SCOPES: Record<string, string> = {
  getuser: 'profile',
  getcontacts: 'contacts',
  getsinglecontact: 'contacts',
  updatecontact: 'contacts',
  webcontact: 'contacts',
  addcontactnote: 'contacts',
  getcontactnotes: 'contacts',
  getsources: 'contacts',
  // The docs name 'contacts' for the call list (read and write), 'team' for tasks.
  calls: 'contacts',
  tasks: 'team',
  getteam: 'team',
};
/** Calls that only write; `calls` reads on GET and writes on POST. */
const WRITES = new Set(['updatecontact', 'webcontact', 'addcontactnote', 'tasks']);

const refused = (error: string) => jsonResponse({ success: 'false', error });

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * A contact as the API serves it: every key of the docs' getContacts / getSingleContact example,
 * in its documented kind (Categories, InsideTeamAssignment, OutsideTeamAssignment and CustomData as
 * JSON inside a string, `Zip` with a capital Z, dates null when unknown), and a link to its page.
 * [sandbox] `Notes` rides along when the contact has one: an assumed field (contact.ts).
 */
export function servedContact(c: WiseAgentContact): Record<string, unknown> {
  const served: Record<string, unknown> = {
    ClientID: c.ClientID,
    CFirst: c.CFirst,
    CLast: c.CLast,
    Title: '',
    Categories: JSON.stringify(c.Categories.map((name) => ({ name }))),
    InsideTeamAssignment: JSON.stringify(c.InsideTeamAssignment.map((InsideTeamId) => ({ InsideTeamId }))),
    OutsideTeamAssignment: '[]',
    ContactUrl: `${WEB}/secure/client/summary?clientId=${c.ClientID}`,
    HomePhone: c.HomePhone,
    MobilePhone: c.MobilePhone,
    WorkPhone: c.WorkPhone,
    SpouseFirst: '',
    SpouseLast: '',
    CEmail: c.CEmail,
    Company: '',
    AddressStreet: c.AddressStreet,
    Source: c.Source,
    AddressNumber: c.AddressNumber,
    SuiteNo: c.SuiteNo,
    County: '',
    City: c.City,
    State: c.State,
    Zip: c.zip,
    POBox: '',
    Country: '',
    Rank: c.Rank === '' ? 'Unranked' : c.Rank,
    Status: c.Status === '' ? null : c.Status,
    DtUpdated: c.DateAdded,
    DateUpdatedUTC: c.DateUpdatedUTC,
    DateAddedUTC: c.DateAddedUTC,
    LastContactDate: null,
    DateMet: null,
    Birthday: null,
    Anniversary: null,
    HomeSaleAnniversary: null,
    CustomData: '[]',
    Website: '',
    SpouseWebsite: '',
    PreferredPhone: c.PreferredPhone,
    SpousePreferredPhone: '',
  };
  if (c.Notes !== '') served.Notes = c.Notes;
  return served;
}

/** A parameter whatever its letter case (`clientID`, `ClientID`, `clientId`), as classic ASP reads them. */
function param(params: URLSearchParams, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of params) if (key.toLowerCase() === wanted) return value;
  return null;
}

const WRITABLE = [
  'CFirst',
  'CLast',
  'CEmail',
  'HomePhone',
  'MobilePhone',
  'WorkPhone',
  'AddressNumber',
  'AddressStreet',
  'SuiteNo',
  'City',
  'State',
  'zip',
  'Source',
  'Status',
  'Rank',
] as const;

function applyFields(contact: WiseAgentContact, params: URLSearchParams): void {
  for (const field of WRITABLE) {
    const value = param(params, field);
    if (value !== null) contact[field] = value.trim();
  }
  const list = (value: string | null, separator: RegExp) =>
    (value ?? '')
      .split(separator)
      .map((s) => s.trim())
      .filter(Boolean);
  const categories = param(params, 'Categories');
  if (categories !== null) contact.Categories = list(categories, /;/);
  for (const add of list(param(params, 'AddCategories'), /,/)) {
    if (!contact.Categories.includes(add)) contact.Categories.push(add);
  }
  const remove = new Set(list(param(params, 'RemoveCategories'), /,/));
  contact.Categories = contact.Categories.filter((c) => !remove.has(c));
}

export function wiseAgentApiApp(state: SandboxState): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.use('/http/*', async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const token = match?.[1] ? state.wiseagent.accessTokens.get(match[1]) : undefined;
    if (!token || token.revoked || token.expires_at <= now(state)) {
      return jsonResponse(
        { error: 'invalid_grant', error_description: 'The access token is invalid or expired' },
        401,
      );
    }
    state.wiseagent.apiCalls++;
    c.set('token', token);
    await next();
  });

  app.on(['GET', 'POST'], '/http/webconnect.asp', async (c) => {
    const params = await readFormAndQuery(c.req.raw);
    const requestType = (param(params, 'requestType') ?? '').toLowerCase();
    const scope = SCOPES[requestType];
    if (scope === undefined) return jsonResponse({ success: 'false', error: 'Unknown requestType' }, 400);
    if (!c.get('token').scope.split(' ').includes(scope)) {
      return jsonResponse(
        { error: 'insufficient_scope', error_description: `This call needs the ${scope} scope` },
        403,
      );
    }
    if (WRITES.has(requestType) && c.req.method !== 'POST') {
      return jsonResponse({ success: 'false', error: 'This request must be a POST' }, 405);
    }
    switch (requestType) {
      case 'getuser': {
        const { First, Last, Email } = state.wiseagent.user;
        return jsonResponse(JSON.stringify([{ First, Last, Email }]));
      }
      case 'getteam':
        return jsonResponse(state.wiseagent.team);
      case 'getsources':
        return getSources(state);
      case 'getcontactnotes':
        return getContactNotes(state, params);
      case 'getcontacts':
        return getContacts(state, params);
      case 'getsinglecontact':
        return getSingleContact(state, params);
      case 'updatecontact':
        return updateContact(state, params);
      case 'webcontact':
        return webContact(state, params);
      case 'addcontactnote':
        return addContactNote(state, params);
      case 'calls':
        return c.req.method === 'POST' ? addCall(state, params) : getCalls(state, params);
      default:
        return refused('Not implemented in the sandbox');
    }
  });

  app.onError(sandboxError);
  app.notFound((c: ApiContext) =>
    c.req.path.toLowerCase().startsWith('/http/')
      ? jsonResponse({ success: 'false', error: 'Not found' }, 404)
      : new Response('Not Found', { status: 404 }),
  );
  return app;
}

function getContacts(state: SandboxState, params: URLSearchParams): Response {
  const page = Number(param(params, 'page') ?? '1');
  const size = Number(param(params, 'page_size') ?? String(MAX_PAGE_SIZE));
  if (!Number.isInteger(page) || page < 1) return refused('page must be a positive whole number');
  if (!Number.isInteger(size) || size < 1) return refused('page_size must be a positive whole number');
  const pageSize = Math.min(size, MAX_PAGE_SIZE);
  let list = state.wiseagent.contacts;
  const email = param(params, 'email');
  const phone = param(params, 'phone');
  const categories = param(params, 'categories');
  const nameQuery = param(params, 'nameQuery');
  if (email) {
    const e = email.trim().toLowerCase();
    list = list.filter((c) => c.CEmail.toLowerCase() === e);
  } else if (phone && digits(phone) !== '') {
    const p = digits(phone);
    list = list.filter((c) => [c.HomePhone, c.MobilePhone, c.WorkPhone].some((x) => digits(x).endsWith(p)));
  } else if (categories) {
    const wanted = categories.split(/[,;]/).map((s) => s.trim().toLowerCase());
    list = list.filter((c) => c.Categories.some((x) => wanted.includes(x.toLowerCase())));
  } else if (nameQuery) {
    const q = nameQuery.trim().toLowerCase();
    list = list.filter((c) => `${c.CFirst} ${c.CLast}`.toLowerCase().includes(q));
  }
  const since = param(params, 'DateUpdatedUTC');
  if (since) {
    const at = Date.parse(`${since.trim().replace(' ', 'T')}Z`);
    if (Number.isNaN(at)) return refused('DateUpdatedUTC must be YYYY-MM-DD hh:mm:ss');
    list = list.filter((c) => Date.parse(`${c.DateUpdatedUTC.replace(' ', 'T')}Z`) >= at);
  }
  const slice = [...list]
    .sort((a, b) => a.ClientID - b.ClientID)
    .slice((page - 1) * pageSize, page * pageSize);
  return jsonResponse(slice.map(servedContact));
}

function getSingleContact(state: SandboxState, params: URLSearchParams): Response {
  const id = param(params, 'clientID');
  if (id === null || !/^\d+$/.test(id.trim())) return refused('clientID is required');
  const found = state.wiseagent.contacts.find((c) => c.ClientID === Number(id));
  // As documented: a one-record array (the client also reads one inside a JSON string).
  return jsonResponse(found ? [servedContact(found)] : []);
}

function updateContact(state: SandboxState, params: URLSearchParams): Response {
  const id = param(params, 'clientID');
  // As documented: answers, errors too, are JSON inside a string.
  if (id === null || !/^\d+$/.test(id.trim()))
    return jsonResponse(JSON.stringify({ Error: 'Missing ClientID' }));
  const contact = state.wiseagent.contacts.find((c) => c.ClientID === Number(id));
  // [sandbox] The docs show no "not found"; this answers in the documented error shape.
  if (!contact) return jsonResponse(JSON.stringify({ Error: `Invalid Field clientID - ${id} not updated` }));
  applyFields(contact, params);
  contact.DateUpdatedUTC = utcTime(now(state));
  // As documented: the answer is JSON inside a JSON string.
  return jsonResponse(JSON.stringify({ Success: `${contact.ClientID} updated` }));
}

function webContact(state: SandboxState, params: URLSearchParams): Response {
  const wa = state.wiseagent;
  const first = param(params, 'CFirst')?.trim() ?? '';
  const last = param(params, 'CLast')?.trim() ?? '';
  const source = param(params, 'Source')?.trim() ?? '';
  if (!first || !last || !source) return refused('CFirst, CLast and Source are required');
  const teamId = param(params, 'InsideTeamId')?.trim() ?? '';
  // [sandbox] An InsideTeamId that is not on the team is refused, so a wrong one shows in tests.
  if (teamId !== '' && !wa.team.some((m) => String(m.InsideTeamId) === teamId))
    return refused('InsideTeamId is not a member of your team');
  const email = param(params, 'CEmail')?.trim().toLowerCase() ?? '';
  const phones = (['HomePhone', 'MobilePhone', 'WorkPhone'] as const)
    .map((f) => digits(param(params, f) ?? ''))
    .filter((d) => d.length >= 7);
  const lastTen = (s: string) => digits(s).slice(-10);
  const existing = wa.contacts.find(
    (c) =>
      (wa.webcontactMatch.includes('email') && email !== '' && c.CEmail.toLowerCase() === email) ||
      (wa.webcontactMatch.includes('phone') &&
        phones.some((p) =>
          [c.HomePhone, c.MobilePhone, c.WorkPhone].some((x) => x !== '' && lastTen(x) === p.slice(-10)),
        )) ||
      (wa.webcontactMatch.includes('name') &&
        c.CFirst.toLowerCase() === first.toLowerCase() &&
        c.CLast.toLowerCase() === last.toLowerCase()),
  );
  if (existing) {
    // "If a contact already exists, we do not update the contact. We will, though, add phone
    // numbers and emails." (the docs): the names, address and source stay; empty slots fill.
    if (existing.CEmail === '' && email !== '') existing.CEmail = email;
    for (const field of ['HomePhone', 'MobilePhone', 'WorkPhone'] as const) {
      const value = param(params, field)?.trim() ?? '';
      const held = [existing.HomePhone, existing.MobilePhone, existing.WorkPhone].map(lastTen);
      if (value !== '' && existing[field] === '' && !held.includes(lastTen(value))) existing[field] = value;
    }
    existing.DateUpdatedUTC = utcTime(now(state));
    return jsonResponse({
      success: 'true',
      data: {
        ClientID: existing.ClientID,
        NewContact: false,
        Message: "Use 'updateContact' request to update contacts.",
      },
    });
  }
  const t = now(state);
  const contact = makeContact({ ClientID: wa.nextIds.client++, CFirst: first, CLast: last }, t);
  applyFields(contact, params);
  if (teamId !== '') contact.InsideTeamAssignment = [Number(teamId)];
  wa.contacts.push(contact);
  return jsonResponse({ success: 'true', data: { ClientID: contact.ClientID, NewContact: true } });
}

function addContactNote(state: SandboxState, params: URLSearchParams): Response {
  const wa = state.wiseagent;
  const note = param(params, 'note') ?? '';
  const ids = (param(params, 'clientids') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (note.trim() === '' || ids.length === 0) {
    return jsonResponse([{ success: 'false', error: 'note and clientids are required' }]);
  }
  const unknown = ids.filter((id) => !wa.contacts.some((c) => String(c.ClientID) === id));
  if (unknown.length > 0)
    return jsonResponse([{ success: 'false', error: `Unknown clientids: ${unknown.join(',')}` }]);
  const at = arizonaTime(now(state));
  const data = ids.map((id) => {
    const n = {
      NoteID: wa.nextIds.note++,
      ClientID: Number(id),
      Subject: param(params, 'subject') ?? '',
      Note: note,
      NoteDate: at,
    };
    wa.notes.push(n);
    return { NoteID: n.NoteID, ClientID: n.ClientID };
  });
  // As documented: JSON inside a string.
  return jsonResponse(JSON.stringify([{ success: 'true', data }]));
}

function addCall(state: SandboxState, params: URLSearchParams): Response {
  const wa = state.wiseagent;
  const id = param(params, 'ClientId') ?? '';
  if (!wa.contacts.some((c) => String(c.ClientID) === id.trim())) return refused('Unknown ClientId');
  const next = param(params, 'NextContactDate') ?? '';
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(next))
    return refused('NextContactDate must be YYYY-MM-DD hh:mm');
  const reason = param(params, 'Reason') ?? '';
  if (reason.length > REASON_MAX) return refused(`Reason must be ${REASON_MAX} characters or fewer`);
  const flag = (param(params, 'FlagImportant') ?? '').toLowerCase();
  const completed = (param(params, 'Completed') ?? '').toLowerCase();
  const call = {
    CallID: wa.nextIds.call++,
    ClientId: Number(id),
    NextContactDate: next,
    CallType: param(params, 'CallType') ?? '',
    Reason: reason,
    FlagImportant: flag === 'true' || flag === '1' || flag === 'yes',
    Completed: completed === 'true' || completed === '1' || completed === 'yes',
    DateAdded: usUtcTime(now(state)),
  };
  wa.calls.push(call);
  // As documented: JSON inside a string.
  return jsonResponse(JSON.stringify({ success: true, id: call.CallID }));
}

/** `page`/`page_size` as the list reads take them; 100 a page when not said. */
function paging(params: URLSearchParams): { from: number; size: number } | Response {
  const page = Number(param(params, 'page') ?? '1');
  const size = Number(param(params, 'page_size') ?? String(MAX_PAGE_SIZE));
  if (!Number.isInteger(page) || page < 1) return refused('page must be a positive whole number');
  if (!Number.isInteger(size) || size < 1) return refused('page_size must be a positive whole number');
  return { from: (page - 1) * size, size };
}

/** The call list of one contact (or one entry by callId), oldest first, every value a string. */
function getCalls(state: SandboxState, params: URLSearchParams): Response {
  const callId = param(params, 'callId')?.trim() ?? '';
  const clientId = param(params, 'clientId')?.trim() ?? '';
  if (callId === '' && clientId === '') return refused('clientId or callId is required');
  const page = paging(params);
  if (page instanceof Response) return page;
  const list = state.wiseagent.calls.filter((c) =>
    callId !== '' ? String(c.CallID) === callId : String(c.ClientId) === clientId,
  );
  const data = list.slice(page.from, page.from + page.size).map((c) => {
    const at = Date.parse(`${c.NextContactDate.replace(' ', 'T')}:00-07:00`);
    const member = state.wiseagent.team[0];
    return {
      CallId: String(c.CallID),
      Completed: String(c.Completed),
      FlagImportant: String(c.FlagImportant),
      Reason: c.Reason,
      AssignedTo: member?.Name ?? '',
      InsideTeamId: '',
      DateAdded: c.DateAdded,
      // Read back the way classic ASP writes a date, as the docs show it (Arizona time).
      NextContactDate: arizonaTime(at),
      ClientId: String(c.ClientId),
      CallType: c.CallType,
    };
  });
  return jsonResponse({ Data: data });
}

/** The account's sources: every Source its contacts carry, in the order first used. */
function getSources(state: SandboxState): Response {
  const names: string[] = [];
  for (const c of state.wiseagent.contacts) {
    if (c.Source !== '' && !names.some((n) => n.toLowerCase() === c.Source.toLowerCase()))
      names.push(c.Source);
  }
  // As documented: the list as JSON inside a string.
  return jsonResponse(JSON.stringify(names.map((Name, i) => ({ ID: i + 1, Name }))));
}

/** A contact's notes, oldest first (or one by NoteID), filtered by subject when asked. */
function getContactNotes(state: SandboxState, params: URLSearchParams): Response {
  const clientId = param(params, 'ClientID')?.trim() ?? '';
  const noteId = param(params, 'NoteID')?.trim() ?? '';
  if (clientId === '' && noteId === '') return refused('ClientID or NoteID is required');
  const subject = param(params, 'subject')?.trim().toLowerCase() ?? '';
  const page = paging(params);
  if (page instanceof Response) return page;
  const list = state.wiseagent.notes.filter(
    (n) =>
      (noteId === '' || String(n.NoteID) === noteId) &&
      (clientId === '' || String(n.ClientID) === clientId) &&
      (subject === '' || n.Subject.toLowerCase() === subject),
  );
  return jsonResponse(
    list.slice(page.from, page.from + page.size).map((n) => ({
      ...n,
      Locked: 0,
      LockDate: null,
      insideteamid: 0,
      Categories: '[]',
    })),
  );
}
