/**
 * The Wise Agent slice of the sandbox's world: one agent account (the user `getUser` names) and its
 * team (`getTeam`), the public OAuth clients, the contacts, and the notes and call-list entries
 * written to them (the way back from Mojo), with the OAuth codes and tokens. Seeded with Austin-area contacts
 * chosen for the awkward cases: no phone or email, markup in a name, all three phones plus a
 * different preferred one, a zip and house number sent as JSON numbers, categories, notes.
 *
 * [sandbox] choices where the docs are silent are marked so; the wire shapes live in
 * wiseagent-api.ts and wiseagent-auth.ts.
 */
import type { SeedName } from './state';
import type { JsonObject } from './util';

// ---------------------------------------------------------------- types

/** The connected user as `getUser` documents it: names and an email, no id. */
export interface WiseAgentUser {
  First: string;
  Last: string;
  Email: string;
}

/** A member of the account's inside team, as `getTeam` lists them (the docs' shape). */
export interface WiseAgentTeamMember {
  InsideTeamId: number;
  Name: string;
  Phone: string;
  Cell: string;
  Email: string;
  JobTitle: string;
}

export interface WiseAgentContact {
  ClientID: number;
  CFirst: string;
  CLast: string;
  CEmail: string;
  HomePhone: string;
  MobilePhone: string;
  WorkPhone: string;
  PreferredPhone: string;
  /** A string, or a number when a test wants to see one arrive as a JSON number. */
  AddressNumber: string | number;
  AddressStreet: string;
  SuiteNo: string;
  City: string;
  State: string;
  zip: string | number;
  Source: string;
  Status: string;
  Rank: string;
  /** Served as JSON inside a string: `"[{\"name\":\"Buyer\"}]"`. */
  Categories: string[];
  /** [sandbox] The contact's free-text notes field, as the client assumes it (contact.ts). */
  Notes: string;
  /** Team members assigned (`InsideTeamId`s); served as `"[{\"InsideTeamId\":1}]"`, as the docs show. */
  InsideTeamAssignment: number[];
  /** Arizona time, `M/D/YYYY h:mm:ss AM` as classic ASP writes it. */
  DateAdded: string;
  /** UTC, `YYYY-MM-DD hh:mm:ss`. */
  DateUpdatedUTC: string;
  /** UTC, `YYYY-MM-DD hh:mm:ss`. */
  DateAddedUTC: string;
}

export interface WiseAgentNote {
  NoteID: number;
  ClientID: number;
  Subject: string;
  Note: string;
  /** Arizona time. */
  NoteDate: string;
}

export interface WiseAgentCall {
  CallID: number;
  ClientId: number;
  /** As sent: `YYYY-MM-DD hh:mm`, Arizona time. */
  NextContactDate: string;
  CallType: string;
  Reason: string;
  FlagImportant: boolean;
  Completed: boolean;
  /** When the entry was made, UTC (`7/20/2020 7:00:00 AM UTC`, as the docs show it). */
  DateAdded: string;
}

export interface WiseAgentClient {
  client_id: string;
  /**
   * The docs give every OAuth client a secret; the WordPress plugin signs in with none. A client
   * registered with one must send it (body or Basic header); one without signs in by PKCE alone.
   */
  client_secret?: string;
}

/** [sandbox] Which of a new contact's keys make `webcontact` treat it as existing (not documented). */
export type WebcontactMatch = 'email' | 'phone' | 'name';

export interface WiseAgentCode {
  code: string;
  client_id: string;
  redirect_uri: string;
  scope: string;
  code_challenge: string;
  expires_at: number;
  used: boolean;
}

export interface WiseAgentAccessToken {
  token: string;
  /** One sign-in's tokens share a grant, through every rotation; revoking ends the grant. */
  grant: string;
  refresh_token: string | null;
  client_id: string;
  scope: string;
  expires_at: number;
  revoked: boolean;
}

export interface WiseAgentRefreshToken {
  token: string;
  grant: string;
  client_id: string;
  scope: string;
  revoked: boolean;
  /** The token that replaced this one when it was used (rotation); it is dead from then on. */
  rotated_to: string | null;
}

export interface WiseAgentAuthRequest {
  at: string;
  params: Record<string, string>;
  outcome: 'code' | 'invalid_client' | 'invalid_request' | 'invalid_redirect_uri';
}

export interface WiseAgentTokenRequest {
  at: string;
  grant_type: string;
  client_id: string;
  ok: boolean;
  error: string | null;
}

export interface WiseAgentState {
  user: WiseAgentUser;
  team: WiseAgentTeamMember[];
  clients: WiseAgentClient[];
  contacts: WiseAgentContact[];
  notes: WiseAgentNote[];
  calls: WiseAgentCall[];
  codes: Map<string, WiseAgentCode>;
  accessTokens: Map<string, WiseAgentAccessToken>;
  refreshTokens: Map<string, WiseAgentRefreshToken>;
  tokenTtlSeconds: number;
  /** Every call to /WiseAuth/token, any grant, successful or not ("refreshed exactly once" tests). */
  tokenRequests: number;
  tokenRequestLog: WiseAgentTokenRequest[];
  authRequests: WiseAgentAuthRequest[];
  /** Calls to webconnect.asp that passed the token check. */
  apiCalls: number;
  /** [sandbox] The keys `webcontact`'s undocumented duplicate check goes by; both unless a test says. */
  webcontactMatch: WebcontactMatch[];
  nextIds: { client: number; note: number; call: number };
}

// ---------------------------------------------------------------- seed

export const WISEAGENT_CLIENT_ID = 'wa-sandbox-client';

/** Seed ClientIDs the tests name. */
export const WISEAGENT_IDS = {
  janeCooper: 4100001,
  marcusWebb: 4100002,
  priyaRaman: 4100003,
  walterKim: 4100004,
  markup: 4100005,
  diegoAlvarez: 4100006,
  hannahLee: 4100011,
  rosaMartinez: 4100012,
} as const;

const SEED_TIME = Date.UTC(2026, 10, 1, 15, 0, 0);
const FIRST_GENERATED_ID = 4200001;

type SeedContact = Partial<WiseAgentContact> & Pick<WiseAgentContact, 'ClientID' | 'CFirst' | 'CLast'>;

const SEED_CONTACTS: SeedContact[] = [
  {
    ClientID: WISEAGENT_IDS.janeCooper,
    CFirst: 'Jane',
    CLast: 'Cooper',
    CEmail: 'jane.cooper@example.com',
    MobilePhone: '(512) 555-0131',
    PreferredPhone: '(512) 555-0131',
    AddressNumber: '1200',
    AddressStreet: 'Barton Springs Rd',
    SuiteNo: '4',
    City: 'Austin',
    State: 'TX',
    zip: '78704',
    Source: 'Zillow',
    Status: 'Hot Lead',
    Rank: 'A',
    Categories: ['Buyer', 'Hot Lead'],
    Notes: 'Pre-approved to $650k. Wants South Austin, walkable to Zilker.',
  },
  {
    ClientID: WISEAGENT_IDS.marcusWebb,
    CFirst: 'Marcus',
    CLast: 'Webb',
    CEmail: 'marcus.webb@example.com',
    HomePhone: '512-555-0142',
    WorkPhone: '(512) 555-0143 x12',
    MobilePhone: '512.555.0144',
    // A fourth number: sent to Mojo as "other", and first.
    PreferredPhone: '512-555-0199',
    AddressNumber: '4801',
    AddressStreet: 'Burnet Rd',
    City: 'Austin',
    State: 'TX',
    zip: '78756',
    Source: 'Referral',
    Status: 'Nurture',
    Rank: 'B',
    Categories: ['Seller'],
  },
  {
    ClientID: WISEAGENT_IDS.priyaRaman,
    CFirst: 'Priya',
    CLast: 'Raman',
    CEmail: 'priya.raman@example.com',
    AddressNumber: '210',
    AddressStreet: 'Oak Hollow Dr',
    City: 'Round Rock',
    State: 'TX',
    zip: '78664',
    Source: 'Open House',
    Status: 'New',
    Rank: 'Unranked',
    Notes: 'Relocating from Chicago in March; needs 4 bedrooms near good schools.',
  },
  {
    // No phone and no email: Mojo cannot dial or match it, so the extension excludes it.
    ClientID: WISEAGENT_IDS.walterKim,
    CFirst: 'Walter',
    CLast: 'Kim',
    AddressNumber: '77',
    AddressStreet: 'Rainey St',
    City: 'Austin',
    State: 'TX',
    zip: '78701',
    Source: 'Sign Call',
  },
  {
    ClientID: WISEAGENT_IDS.markup,
    CFirst: 'Mallory',
    CLast: '<img src=x onerror=alert(1)>',
    CEmail: 'mallory@example.com',
    MobilePhone: '512-555-0155',
    City: 'Austin',
    State: 'TX',
    Source: 'Website',
  },
  {
    ClientID: WISEAGENT_IDS.diegoAlvarez,
    CFirst: 'Diego',
    CLast: 'Alvarez',
    HomePhone: '(512) 555-0166',
    AddressNumber: '905',
    AddressStreet: 'E Main St',
    City: 'Round Rock',
    State: 'TX',
    zip: '78664',
    Source: 'Past Client',
    Status: 'Past Client',
    Categories: ['Past Client', 'Sphere'],
  },
  {
    ClientID: 4100007,
    CFirst: 'Emily',
    CLast: 'Tran',
    CEmail: 'emily.tran@example.com',
    MobilePhone: '512-555-0177',
    AddressNumber: '1500',
    AddressStreet: 'Pecan St',
    City: 'Pflugerville',
    State: 'TX',
    zip: '78660',
    Source: 'Realtor.com',
    Status: 'Hot Lead',
    Rank: 'A',
    Categories: ['Buyer'],
  },
  {
    ClientID: 4100008,
    CFirst: 'Sam',
    CLast: "O'Neil",
    CEmail: 'sam.oneil@example.com',
    WorkPhone: '512-555-0188',
    AddressNumber: '300',
    AddressStreet: 'Cypress Creek Rd',
    SuiteNo: 'Apt 12B',
    City: 'Cedar Park',
    State: 'TX',
    zip: '78613',
    Source: 'Zillow',
  },
  {
    ClientID: 4100009,
    CFirst: 'Olivia',
    CLast: 'Brooks',
    CEmail: 'olivia.brooks@example.com',
    MobilePhone: '737-555-0109',
    City: 'Georgetown',
    State: 'TX',
    zip: '78626',
    Source: 'Facebook',
    Status: 'Nurture',
  },
  {
    ClientID: 4100010,
    CFirst: 'Ben',
    CLast: 'Carter',
    MobilePhone: '512-555-0110',
    AddressNumber: '2',
    AddressStreet: 'Lakeway Dr',
    City: 'Lakeway',
    State: 'TX',
    zip: '78734',
    Source: 'Sphere',
  },
  {
    // House number and zip as JSON numbers, as loosely typed APIs send them.
    ClientID: WISEAGENT_IDS.hannahLee,
    CFirst: 'Hannah',
    CLast: 'Lee',
    CEmail: 'hannah.lee@example.com',
    MobilePhone: '512-555-0121',
    AddressNumber: 118,
    AddressStreet: 'Center St',
    City: 'Kyle',
    State: 'TX',
    zip: 78640,
    Source: 'Website',
    Rank: 'C',
  },
  {
    // PreferredPhone names a field instead of holding a number.
    ClientID: WISEAGENT_IDS.rosaMartinez,
    CFirst: 'Rosa',
    CLast: 'Martinez',
    CEmail: 'rosa.martinez@example.com',
    HomePhone: '512-555-0122',
    MobilePhone: '512-555-0123',
    PreferredPhone: 'Home Phone',
    AddressNumber: '4400',
    AddressStreet: 'S Congress Ave',
    City: 'Austin',
    State: 'TX',
    zip: '78745',
    Source: 'Open House',
    Status: 'New',
  },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** `M/D/YYYY h:mm:ss AM`, Arizona time (UTC−7 all year), as classic ASP writes a date. */
export function arizonaTime(ms: number): string {
  const d = new Date(ms - 7 * 3_600_000);
  const h = d.getUTCHours();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** `M/D/YYYY h:mm:ss AM UTC`, as the docs show the call list's DateAdded. */
export function usUtcTime(ms: number): string {
  return `${arizonaTime(ms + 7 * 3_600_000)} UTC`;
}

/** `YYYY-MM-DD hh:mm:ss` in UTC. */
export function utcTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A contact with every field present ("" when empty), as Wise Agent answers a full read. */
export function makeContact(input: SeedContact, time: number): WiseAgentContact {
  return {
    CEmail: '',
    HomePhone: '',
    MobilePhone: '',
    WorkPhone: '',
    PreferredPhone: '',
    AddressNumber: '',
    AddressStreet: '',
    SuiteNo: '',
    City: '',
    State: '',
    zip: '',
    Source: '',
    Status: '',
    Rank: '',
    Notes: '',
    DateAdded: arizonaTime(time),
    DateUpdatedUTC: utcTime(time),
    DateAddedUTC: utcTime(time),
    ...input,
    // Its own arrays: the seed's must never change when a test edits a contact.
    Categories: [...(input.Categories ?? [])],
    InsideTeamAssignment: [...(input.InsideTeamAssignment ?? [])],
  };
}

export function seedWiseAgent(seed: SeedName): WiseAgentState {
  return {
    user: { First: 'Pat', Last: 'Smith', Email: 'agent@example.com' },
    // [sandbox] The connected agent is a member of the team too (InsideTeamId 1), with a colleague.
    team: [
      {
        InsideTeamId: 1,
        Name: 'Pat Smith',
        Phone: '512-555-0100',
        Cell: '512-555-0101',
        Email: 'agent@example.com',
        JobTitle: 'Broker',
      },
      {
        InsideTeamId: 2,
        Name: 'Alex Rivera',
        Phone: '512-555-0102',
        Cell: '512-555-0103',
        Email: 'alex.rivera@example.com',
        JobTitle: 'Buyer Agent',
      },
    ],
    clients: [{ client_id: WISEAGENT_CLIENT_ID }],
    contacts: seed === 'empty' ? [] : SEED_CONTACTS.map((c, i) => makeContact(c, SEED_TIME + i * 60_000)),
    notes: [],
    calls: [],
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    tokenTtlSeconds: 3600,
    tokenRequests: 0,
    tokenRequestLog: [],
    authRequests: [],
    apiCalls: 0,
    webcontactMatch: ['email', 'phone'],
    nextIds: { client: FIRST_GENERATED_ID, note: 880001, call: 990001 },
  };
}

const FIRST = ['Avery', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Quinn', 'Drew', 'Jamie', 'Parker'];
const CITIES = ['Austin', 'Round Rock', 'Cedar Park', 'Pflugerville', 'Georgetown', 'Leander', 'Kyle'];

/** Deterministic bulk contacts ("Contact 00001"), each with a mobile and an email. */
export function generateWiseAgentContacts(
  wa: WiseAgentState,
  count: number,
  time: number,
): WiseAgentContact[] {
  const made: WiseAgentContact[] = [];
  for (let i = 0; i < count; i++) {
    const id = wa.nextIds.client++;
    const n = id - FIRST_GENERATED_ID + 1;
    const serial = String(n).padStart(5, '0');
    const contact = makeContact(
      {
        ClientID: id,
        CFirst: FIRST[n % FIRST.length] ?? 'Avery',
        CLast: `Contact ${serial}`,
        CEmail: `contact${serial}@example.com`,
        MobilePhone: `512-7${String(n % 100).padStart(2, '0')}-${String(n % 10_000).padStart(4, '0')}`,
        City: CITIES[n % CITIES.length] ?? 'Austin',
        State: 'TX',
        Source: 'Import',
      },
      time,
    );
    wa.contacts.push(contact);
    made.push(contact);
  }
  return made;
}

// ---------------------------------------------------------------- reading it

export function findWiseAgentContact(
  wa: WiseAgentState,
  clientId: number | string,
): WiseAgentContact | undefined {
  const id = Number(clientId);
  return wa.contacts.find((c) => c.ClientID === id);
}

/** The admin snapshot: tokens counted, codes and secrets left out, records in full. */
export function wiseAgentSnapshot(wa: WiseAgentState, t: number): JsonObject {
  const accessLive = [...wa.accessTokens.values()].filter((a) => !a.revoked && a.expires_at > t).length;
  const refreshLive = [...wa.refreshTokens.values()].filter(
    (r) => !r.revoked && r.rotated_to === null,
  ).length;
  return JSON.parse(
    JSON.stringify({
      user: wa.user,
      team: wa.team,
      clients: wa.clients.map((x) => ({ client_id: x.client_id, has_secret: x.client_secret !== undefined })),
      contacts: wa.contacts,
      notes: wa.notes,
      calls: wa.calls,
      tokens: { access: wa.accessTokens.size, accessLive, refresh: wa.refreshTokens.size, refreshLive },
      tokenTtlSeconds: wa.tokenTtlSeconds,
      tokenRequests: wa.tokenRequests,
      tokenRequestLog: wa.tokenRequestLog,
      authRequests: wa.authRequests,
      apiCalls: wa.apiCalls,
    }),
  ) as JsonObject;
}
