/**
 * The CINC emulator's slice of the sandbox state: one site ("Smith Team Realty") with its agents
 * and Austin-area leads, the integrator clients and the OAuth codes and tokens. Leads are kept in
 * CINC's wire shape (crm-facts.md) so the API serves them as they are; notes live beside them,
 * keyed by lead, because the API serves them on their own endpoint too.
 *
 * Fields beyond crm-facts.md (buyer/seller blocks, pipeline stage, note ids, agents) follow the
 * assumptions in lib/connectors/cinc/contact.ts (CINC_ASSUMED_FIELDS); other sandbox choices are
 * marked [sandbox].
 */
import type { JsonValue } from './util';

export interface CincClient {
  client_id: string;
  client_secret: string;
  /** null = any chromiumapp.org redirect (an extension's id differs per build). */
  redirect_uris: string[] | null;
}

export interface CincCode {
  code: string;
  client_id: string;
  redirect_uri: string;
  scope: string;
  expires_at: number;
  used: boolean;
}

export interface CincRefreshToken {
  token: string;
  client_id: string;
  scope: string;
  revoked: boolean;
}

export interface CincAccessToken {
  token: string;
  refresh_token: string;
  client_id: string;
  scope: string;
  expires_at: number;
  revoked: boolean;
}

export interface CincAuthRequest {
  at: string;
  params: Record<string, string>;
  outcome: 'code' | 'invalid_client' | 'access_denied' | 'invalid_scope' | 'invalid_redirect_uri';
}

export interface CincTokenRequest {
  at: string;
  grant_type: string;
  client_id: string;
  ok: boolean;
  error: string | null;
}

/** An agent as kept here; served with its person under `info.contact` (cinc.ts `agentBody`). */
export interface CincAgent {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone_numbers: { cell_phone: string | null; home_phone: string | null };
}

/**
 * Which of the plausible answer shapes the emulator serves where CINC documents none. `vary` (the
 * default) takes the next shape on each request, in a fixed order, so a run sees them all and is
 * the same every time; a fixed value serves that one shape (the admin API's `POST /cinc/shapes`).
 */
export const CINC_SHAPES = {
  /** POST /site/leads: the docs show the status only. */
  upsertAnswer: ['none', 'empty', 'id', 'lead', 'bare'],
  /** GET /site/leads/{id}: a public client reads `{lead}`; bare is the other plausible shape. */
  leadAnswer: ['wrapped', 'bare'],
  /** GET /site/agents/{id}: a public client reads `agent.get('agent', agent)`: wrapped or bare. */
  agentAnswer: ['wrapped', 'bare'],
  /** Notes (the list and a lead's inline notes): metadata only (a public client's reading), or full. */
  notesList: ['metadata', 'full'],
  /** GET /site/leads/notes/{note_id}: `{note}` (a public client's reading) or bare. */
  noteAnswer: ['wrapped', 'bare'],
} as const;
export type CincShapeName = keyof typeof CINC_SHAPES;
export type CincShapes = { [K in CincShapeName]: (typeof CINC_SHAPES)[K][number] | 'vary' };

/**
 * GET /site/me: no public source shows its body. One shape per sandbox (the Mojo link keys on what
 * identifies the site, so it must not change between calls): `{id, name, domain}` bare, wrapped in
 * `site`, or without an id (`{name, email, domain}`).
 */
export type CincSiteShape = 'bare' | 'wrapped' | 'no-id';

export interface CincPhoneNumbers {
  cell_phone?: string | null;
  home_phone?: string | null;
  work_phone?: string | null;
}

export interface CincLeadInfo {
  contact: {
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    phone_numbers: CincPhoneNumbers;
    mailing_address: { street: string | null; city: string | null; state: string | null; zip: string | null };
  };
  status: string | null;
  source: string | null;
  is_buyer: boolean;
  is_seller: boolean;
  buyer: { median_price: number | null; average_price: number | null; timeframe: string | null } | null;
  seller: { estimated_value: number | null; timeframe: string | null } | null;
  pipeline_stage: string | null;
  registered_date: string;
  updated_date: string;
}

export interface CincLead {
  id: string;
  username: string | null;
  info: CincLeadInfo;
  assigned_agents: { primary_agent: { id: string } | null };
}

export interface CincNote {
  id: string;
  content: string;
  category: string;
  is_pinned: boolean;
  created_by: string;
  created_date: string;
}

export interface CincWriteCall {
  at: string;
  status: 200 | 201;
  id: string;
  matched_by: 'id' | 'username' | 'email' | null;
  notes_added: number;
  /** The lead fields the body carried, as dotted paths ("info.contact.mailing_address.city"). */
  fields: string[];
}

export interface CincState {
  site: { id: string; name: string; email: string; domain: string };
  shapes: CincShapes;
  siteShape: CincSiteShape;
  /** Answers served per shape so far: `vary` picks by it. */
  served: Record<CincShapeName, number>;
  agents: CincAgent[];
  clients: CincClient[];
  leads: CincLead[];
  /** lead id → its notes, oldest first. */
  notes: Record<string, CincNote[]>;
  codes: Map<string, CincCode>;
  accessTokens: Map<string, CincAccessToken>;
  refreshTokens: Map<string, CincRefreshToken>;
  tokenTtlSeconds: number;
  /** [sandbox] A refresh answers a new refresh token and retires the old one (CINC does not say). */
  rotateRefreshTokens: boolean;
  /** Every call to the token endpoint ("refreshed exactly once" tests). */
  tokenRequests: number;
  tokenRequestLog: CincTokenRequest[];
  authRequests: CincAuthRequest[];
  writeCalls: CincWriteCall[];
  /** Calls to the API (/v2/…), for "how many requests did a read cost". */
  apiCalls: number;
  /** The next authorize request answers `error=access_denied` (the user clicked Deny). */
  denyNextAuth: boolean;
  nextId: { lead: number; note: number };
  generated: number;
}

export const CINC_SEED_CLIENT = {
  client_id: 'cinc-sandbox-client',
  client_secret: 'cinc-sandbox-secret',
} as const;
export const CINC_SITE = {
  id: 'site-77',
  name: 'Smith Team Realty',
  email: 'office@smithteam.example.com',
  domain: 'smithteam.cincpro.com',
} as const;

/** Seed lead ids the tests name. */
export const CINC_SEED_LEADS = {
  janeDoe: 'L-1001',
  marcusSeller: 'L-1002',
  priyaBoth: 'L-1003',
  luisNoAgent: 'L-1004',
  emailOnly: 'L-1005',
  /** A lead with an email and no phone (CINC leads always have an email: it is their username). */
  noPhone: 'L-1006',
  markup: 'L-1007',
  sofia: 'L-1008',
} as const;

const AGENTS: CincAgent[] = [
  {
    id: 'A-1',
    first_name: 'Pat',
    last_name: 'Smith',
    email: 'agent@example.com',
    phone_numbers: { cell_phone: '512-555-0901', home_phone: null },
  },
  {
    id: 'A-7',
    first_name: 'Morgan',
    last_name: 'Lee',
    email: 'morgan.lee@example.com',
    phone_numbers: { cell_phone: '512-555-0907', home_phone: '512-555-0917' },
  },
  {
    id: 'A-8',
    first_name: 'Casey',
    last_name: 'Nguyen',
    email: 'casey.nguyen@example.com',
    phone_numbers: { cell_phone: null, home_phone: '512-555-0918' },
  },
];

const VARY: CincShapes = {
  upsertAnswer: 'vary',
  leadAnswer: 'vary',
  agentAnswer: 'vary',
  notesList: 'vary',
  noteAnswer: 'vary',
};

// A fixed base time keeps seed dates identical across runs.
const SEED_TIME = Date.UTC(2026, 10, 1, 15, 0, 0);

interface SeedLead {
  first: string;
  last: string;
  email?: string;
  cell?: string;
  home?: string;
  work?: string;
  street?: string;
  city?: string;
  zip?: string;
  status: string;
  source: string;
  buyer?: { median: number; average?: number; timeframe: string };
  seller?: { value: number; timeframe: string };
  stage: string;
  agent: string | null;
  notes?: string[];
}

const SEED: SeedLead[] = [
  {
    first: 'Jane',
    last: 'Doe',
    email: 'jane@example.com',
    cell: '(512) 555-0101',
    street: '12 Main St',
    city: 'Austin',
    zip: '78701',
    status: 'Active',
    source: 'Zillow',
    buyer: { median: 450_000, average: 475_000, timeframe: '3-6 months' },
    stage: 'Showing',
    agent: 'A-7',
    notes: ['Pre-approved up to $500k with Texas Capital.', 'Prefers Travis Heights or Bouldin Creek.'],
  },
  {
    first: 'Marcus',
    last: 'Whitfield',
    email: 'marcus.whitfield@example.com',
    home: '512-555-0102',
    work: '512-555-0112',
    street: '4801 Burnet Rd',
    city: 'Austin',
    zip: '78756',
    status: 'Active',
    source: 'Website',
    seller: { value: 725_000, timeframe: 'Within 3 months' },
    stage: 'Listing Appointment',
    agent: 'A-1',
    notes: ['Wants a CMA before listing.'],
  },
  {
    first: 'Priya',
    last: 'Raman',
    email: 'priya.raman@example.com',
    cell: '512-555-0103',
    home: '512-555-0113',
    work: '512-555-0123',
    street: '210 Oak Hollow Dr',
    city: 'Round Rock',
    zip: '78664',
    status: 'Active',
    source: 'Referral',
    buyer: { median: 650_000, timeframe: '1-3 months' },
    seller: { value: 520_000, timeframe: '1-3 months' },
    stage: 'Under Contract',
    agent: 'A-8',
    notes: ['Selling in Round Rock, buying near Lake Travis.'],
  },
  {
    first: 'Luis',
    last: 'Ortega',
    email: 'luis.ortega@example.com',
    cell: '+1 512 555 0104',
    street: '1500 S Lamar Blvd Apt 210',
    city: 'Austin',
    zip: '78704',
    status: 'New',
    source: 'Open House',
    buyer: { median: 380_000, timeframe: '6-12 months' },
    stage: 'New Lead',
    agent: null,
  },
  {
    first: 'Emily',
    last: 'Chen',
    email: 'emily.chen@example.com',
    street: '9 Rainey St',
    city: 'Austin',
    zip: '78701',
    status: 'Unworked',
    source: 'Realtor.com',
    stage: 'New Lead',
    agent: 'A-7',
  },
  {
    first: 'Walter',
    last: 'Kim',
    email: 'walter.kim@example.com',
    street: '77 Congress Ave',
    city: 'Austin',
    zip: '78701',
    status: 'Unworked',
    source: 'Referral',
    stage: 'New Lead',
    agent: 'A-1',
  },
  {
    first: 'Mallory',
    last: '<img src=x onerror=alert(1)>',
    email: 'mallory@example.com',
    cell: '512-555-0108',
    street: '800 S Austin Ave',
    city: 'Georgetown',
    zip: '78626',
    status: 'Active',
    source: 'Website',
    stage: 'Nurture',
    agent: 'A-8',
  },
  {
    first: 'Sofia',
    last: 'Martinez',
    email: 'sofia.martinez@example.com',
    cell: '737-555-0110',
    street: '1100 Discovery Blvd',
    city: 'Cedar Park',
    zip: '78613',
    status: 'Active',
    source: 'Zillow',
    seller: { value: 540_000, timeframe: 'ASAP' },
    stage: 'Met With',
    agent: 'A-7',
    notes: ['Relocating to Denver in the spring.'],
  },
  {
    first: 'David',
    last: 'Okafor',
    email: 'david.okafor@example.com',
    work: '512-555-0111',
    street: '600 Crystal Falls Pkwy',
    city: 'Leander',
    zip: '78641',
    status: 'Active',
    source: 'Past Client',
    buyer: { median: 520_000, timeframe: '3-6 months' },
    stage: 'Showing',
    agent: 'A-1',
  },
  {
    first: 'Hannah',
    last: 'Brooks',
    email: 'hannah.brooks@example.com',
    cell: '512-555-0122',
    street: '150 Center St',
    city: 'Kyle',
    zip: '78640',
    status: 'Closed',
    source: 'Facebook',
    buyer: { median: 340_000, timeframe: 'Closed' },
    stage: 'Closed',
    agent: 'A-8',
    notes: ['Closed on 2026-09-12. Ask for a referral in December.'],
  },
  {
    first: 'James',
    last: "O'Connor",
    email: 'james.oconnor@example.com',
    cell: '512-555-0113',
    street: '12800 Hill Country Blvd',
    city: 'Bee Cave',
    zip: '78738',
    status: 'Active',
    source: 'Zillow',
    buyer: { median: 900_000, average: 1_050_000, timeframe: '1-3 months' },
    stage: 'Offer Made',
    agent: 'A-7',
  },
  {
    first: 'Zoë',
    last: 'Ångström 🏡',
    email: 'zoe.angstrom@example.com',
    cell: '512-555-0107',
    street: '305 Pecan St',
    city: 'Pflugerville',
    zip: '78660',
    status: 'Active',
    source: 'Zillow',
    seller: { value: 410_000, timeframe: '6-12 months' },
    stage: 'Nurture',
    agent: 'A-1',
  },
];

export function cincIsoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function makeLead(id: string, s: SeedLead, time: number): CincLead {
  const phones: CincPhoneNumbers = {};
  if (s.cell) phones.cell_phone = s.cell;
  if (s.home) phones.home_phone = s.home;
  if (s.work) phones.work_phone = s.work;
  return {
    id,
    username: s.email ?? null,
    info: {
      contact: {
        first_name: s.first,
        last_name: s.last,
        email: s.email ?? null,
        phone_numbers: phones,
        mailing_address: {
          street: s.street ?? null,
          city: s.city ?? null,
          state: s.city ? 'TX' : null,
          zip: s.zip ?? null,
        },
      },
      status: s.status,
      source: s.source,
      is_buyer: s.buyer !== undefined,
      is_seller: s.seller !== undefined,
      buyer: s.buyer
        ? {
            median_price: s.buyer.median,
            average_price: s.buyer.average ?? null,
            timeframe: s.buyer.timeframe,
          }
        : null,
      seller: s.seller ? { estimated_value: s.seller.value, timeframe: s.seller.timeframe } : null,
      pipeline_stage: s.stage,
      registered_date: cincIsoTime(time),
      updated_date: cincIsoTime(time),
    },
    assigned_agents: { primary_agent: s.agent === null ? null : { id: s.agent } },
  };
}

export function seedCinc(seed: 'default' | 'empty'): CincState {
  const state: CincState = {
    site: { ...CINC_SITE },
    shapes: { ...VARY },
    siteShape: 'bare',
    served: { upsertAnswer: 0, leadAnswer: 0, agentAnswer: 0, notesList: 0, noteAnswer: 0 },
    agents: AGENTS.map((a) => ({ ...a, phone_numbers: { ...a.phone_numbers } })),
    clients: [{ ...CINC_SEED_CLIENT, redirect_uris: null }],
    leads: [],
    notes: {},
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    tokenTtlSeconds: 3600,
    rotateRefreshTokens: true,
    tokenRequests: 0,
    tokenRequestLog: [],
    authRequests: [],
    writeCalls: [],
    apiCalls: 0,
    denyNextAuth: false,
    nextId: { lead: 1001, note: 5001 },
    generated: 0,
  };
  if (seed === 'empty') return state;
  SEED.forEach((s, i) => {
    const id = `L-${state.nextId.lead++}`;
    const time = SEED_TIME + i * 60_000;
    state.leads.push(makeLead(id, s, time));
    const notes = (s.notes ?? []).map((content, n) => ({
      id: `N-${state.nextId.note++}`,
      content,
      category: 'general',
      is_pinned: n === 0,
      created_by: s.agent ?? 'A-1',
      created_date: cincIsoTime(time + (n + 1) * 3_600_000),
    }));
    if (notes.length > 0) state.notes[id] = notes;
  });
  return state;
}

const CITIES = [
  ['Austin', '78701'],
  ['Round Rock', '78664'],
  ['Cedar Park', '78613'],
  ['Pflugerville', '78660'],
  ['Georgetown', '78626'],
  ['Leander', '78641'],
  ['Kyle', '78640'],
] as const;
const SOURCES = ['Zillow', 'Referral', 'Website', 'Open House'] as const;
const STAGES = ['New Lead', 'Nurture', 'Met With', 'Showing'] as const;

/** Appends `count` deterministic leads ("Lead 00001", cell (512) 800-0001, …). */
export function generateCincLeads(state: CincState, count: number): CincLead[] {
  const made: CincLead[] = [];
  for (let i = 0; i < count; i++) {
    const n = ++state.generated;
    const num = String(n).padStart(5, '0');
    const eight = `8${String(n % 1_000_000).padStart(6, '0')}`;
    const [city, zip] = CITIES[n % CITIES.length] ?? CITIES[0];
    const lead = makeLead(
      `L-${state.nextId.lead++}`,
      {
        first: 'Lead',
        last: num,
        email: `lead${num}@example.com`,
        cell: `(512) ${eight.slice(0, 3)}-${eight.slice(3)}`,
        street: `${100 + (n % 9000)} Generated Ln`,
        city,
        zip,
        status: 'Active',
        source: SOURCES[n % SOURCES.length] ?? 'Zillow',
        buyer: { median: 300_000 + (n % 50) * 10_000, timeframe: '3-6 months' },
        stage: STAGES[n % STAGES.length] ?? 'New Lead',
        agent: AGENTS[n % AGENTS.length]?.id ?? null,
      },
      SEED_TIME + n * 1000,
    );
    state.leads.push(lead);
    made.push(lead);
  }
  return made;
}

/** The admin API's view: secrets and token values summarised, leads and notes in full. */
export function cincSnapshot(cinc: CincState, t: number): JsonValue {
  const body = {
    site: cinc.site,
    shapes: cinc.shapes,
    siteShape: cinc.siteShape,
    agents: cinc.agents,
    clients: cinc.clients.map((c) => ({ client_id: c.client_id, redirect_uris: c.redirect_uris })),
    leads: cinc.leads,
    notes: cinc.notes,
    tokens: {
      access: cinc.accessTokens.size,
      accessLive: [...cinc.accessTokens.values()].filter((a) => !a.revoked && a.expires_at > t).length,
      refresh: cinc.refreshTokens.size,
      refreshLive: [...cinc.refreshTokens.values()].filter((r) => !r.revoked).length,
    },
    tokenTtlSeconds: cinc.tokenTtlSeconds,
    rotateRefreshTokens: cinc.rotateRefreshTokens,
    tokenRequests: cinc.tokenRequests,
    tokenRequestLog: cinc.tokenRequestLog,
    authRequests: cinc.authRequests,
    writeCalls: cinc.writeCalls,
    apiCalls: cinc.apiCalls,
    denyNextAuth: cinc.denyNextAuth,
  };
  return JSON.parse(JSON.stringify(body)) as JsonValue;
}
