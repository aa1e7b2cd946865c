/**
 * The seed data set: a Mojo team with an owner and a dialing rep, and a Zoho org of Austin-area
 * contacts and leads chosen to exercise the awkward cases (no phone or email, an international
 * number, markup and emoji in names). Bulk records are generated deterministically so benchmarks
 * and tests can name them ("Contact 00042").
 */
import type {
  MojoState,
  SeedName,
  ZohoLookup,
  ZohoModule,
  ZohoRecord,
  ZohoState,
  ZohoUser,
  ZohoView,
} from './state';
import { zohoId, zohoTime } from './util';

export const SEED_CLIENT = { client_id: '1000.SANDBOXCLIENT', client_secret: 'sandbox-secret' } as const;

export const SEED_VIEWS = {
  allContacts: '4876876000000087501',
  hotLeads: '4876876000000087555',
  allLeads: '4876876000000087601',
} as const;

/** Seed contact ids the tests and the report name. */
export const SEED_CONTACT_IDS = {
  janeDoe: zohoId(623001),
  descriptionOne: zohoId(623003),
  international: zohoId(623006),
  emoji: zohoId(623007),
  markup: zohoId(623008),
  noPhoneNoEmail: zohoId(623009),
  emailOnly: zohoId(623014),
} as const;

// A fixed base time keeps seed Modified_Time values identical across runs.
const SEED_TIME = Date.UTC(2026, 10, 1, 15, 0, 0);

// ---------------------------------------------------------------- Mojo

export function seedMojo(seed: SeedName): MojoState {
  const account = { id: 'A-100', base_url: 'https://app31.mojosells.com', name: 'Smith Team' };
  const users: MojoState['users'] = [
    {
      id: 'U-7',
      account_id: 'A-100',
      pin: '123456',
      login: 'agent@example.com',
      password: 'correct-horse',
      name: 'Pat Smith',
      permission_level: 'owner',
      locked: false,
    },
    {
      id: 'U-8',
      account_id: 'A-100',
      pin: '123456',
      login: 'rep@example.com',
      password: 'correct-horse',
      name: 'Riley Rep',
      permission_level: 'dialing_rep',
      locked: false,
    },
    {
      id: 'U-9',
      account_id: 'A-100',
      pin: '123456',
      login: 'locked@example.com',
      password: 'correct-horse',
      name: 'Lou Locked',
      permission_level: 'agent',
      locked: true,
    },
  ];
  const groups =
    seed === 'empty'
      ? []
      : [
          { id: 41, account_id: 'A-100', name: 'Spring buyers' },
          { id: 17, account_id: 'A-100', name: 'Past clients' },
          { id: 23, account_id: 'A-100', name: 'Open house leads' },
        ];
  return {
    accounts: [account],
    users,
    accessTokens: new Map(),
    refreshTokens: new Map(),
    tokenTtlSeconds: 3600,
    tokenRequests: 0,
    links: {},
    groups,
    contacts: new Map(),
    contactIdsByApiId: new Map(),
    activities: [],
    rejections: new Map(),
    answerStyle: { upsert: 'contract', deadToken: 401, busyOnce: 0 },
    upsertsReceived: new Map(),
    nextIds: { contact: 9001, group: 42, note: 1, activity: 1 },
  };
}

// ---------------------------------------------------------------- Zoho

const ZOHO_USERS: ZohoUser[] = [
  { id: zohoId(310001), email: 'agent@example.com', full_name: 'Pat Smith', status: 'active' },
  { id: zohoId(310002), email: 'morgan.lee@example.com', full_name: 'Morgan Lee', status: 'active' },
  { id: zohoId(310003), email: 'casey.nguyen@example.com', full_name: 'Casey Nguyen', status: 'active' },
];

function owner(index: number): ZohoLookup {
  const u = ZOHO_USERS[index % ZOHO_USERS.length] ?? ZOHO_USERS[0];
  if (!u) throw new Error('seed has no Zoho users');
  return { id: u.id, name: u.full_name, email: u.email };
}

export const CONTACT_FIELDS = [
  'First_Name',
  'Last_Name',
  'Full_Name',
  'Email',
  'Secondary_Email',
  'Phone',
  'Mobile',
  'Home_Phone',
  'Other_Phone',
  'Mailing_Street',
  'Mailing_City',
  'Mailing_State',
  'Mailing_Zip',
  'Mailing_Country',
  'Description',
  'Lead_Source',
  'Owner',
  'Created_Time',
  'Modified_Time',
] as const;

// Real Zoho Leads have Phone and Mobile only (no Home/Other phone) and a flat address.
export const LEAD_FIELDS = [
  'First_Name',
  'Last_Name',
  'Full_Name',
  'Email',
  'Secondary_Email',
  'Phone',
  'Mobile',
  'Street',
  'City',
  'State',
  'Zip_Code',
  'Country',
  'Company',
  'Lead_Status',
  'Lead_Source',
  'Description',
  'Owner',
  'Created_Time',
  'Modified_Time',
] as const;

export const MODULE_FIELDS: Record<ZohoModule, readonly string[]> = {
  Contacts: CONTACT_FIELDS,
  Leads: LEAD_FIELDS,
};

/** Fields the server computes; a write cannot set them. */
export const READ_ONLY_FIELDS = new Set(['Full_Name', 'Created_Time', 'Modified_Time']);

type SeedInput = Record<string, string | undefined> & { First_Name: string; Last_Name: string };

/** Every field of the module present (null when empty), as Zoho answers a full read. */
export function makeRecord(
  module: ZohoModule,
  idNum: number,
  input: SeedInput,
  ownerIndex: number,
  time: number,
): ZohoRecord {
  const record: ZohoRecord = { id: zohoId(idNum) };
  for (const f of MODULE_FIELDS[module]) record[f] = input[f] ?? null;
  record.Full_Name = fullName(input.First_Name, input.Last_Name);
  record.Owner = owner(ownerIndex);
  record.Created_Time = zohoTime(time);
  record.Modified_Time = zohoTime(time);
  return record;
}

export function fullName(first: string | null | undefined, last: string | null | undefined): string {
  return [first ?? '', last ?? ''].filter((s) => s !== '').join(' ');
}

const SEED_CONTACTS: SeedInput[] = [
  {
    First_Name: 'Jane',
    Last_Name: 'Doe',
    Email: 'jane@example.com',
    Mobile: '(512) 555-0101',
    Mailing_Street: '12 Main St',
    Mailing_City: 'Austin',
    Mailing_State: 'TX',
    Mailing_Zip: '78701',
    Mailing_Country: 'United States',
    Lead_Source: 'Zillow',
  },
  {
    First_Name: 'Marcus',
    Last_Name: 'Whitfield',
    Email: 'marcus.whitfield@example.com',
    Phone: '512-555-0102',
    Mobile: '512-555-0112',
    Mailing_Street: '4801 Burnet Rd',
    Mailing_City: 'Austin',
    Mailing_State: 'TX',
    Mailing_Zip: '78756',
    Mailing_Country: 'United States',
    Lead_Source: 'Referral',
  },
  {
    First_Name: 'Priya',
    Last_Name: 'Raman',
    Email: 'priya.raman@example.com',
    Home_Phone: '(512) 555-0103',
    Mailing_Street: '210 Oak Hollow Dr',
    Mailing_City: 'Round Rock',
    Mailing_State: 'TX',
    Mailing_Zip: '78664',
    Mailing_Country: 'United States',
    Description:
      'Relocating from Chicago in March. Wants 4 bedrooms near good schools; pre-approved up to $650k.',
    Lead_Source: 'Zillow',
  },
  {
    First_Name: 'Luis',
    Last_Name: 'Ortega',
    Email: 'luis.ortega@example.com',
    Mobile: '+1 512 555 0104',
    Mailing_Street: '1500 S Lamar Blvd Apt 210',
    Mailing_City: 'Austin',
    Mailing_State: 'TX',
    Mailing_Zip: '78704',
    Mailing_Country: 'United States',
    Lead_Source: 'Open House',
  },
  {
    First_Name: 'Emily',
    Last_Name: 'Chen',
    Email: 'emily.chen@example.com',
    Secondary_Email: 'emily.c@work.example.com',
    Phone: '5125550105',
    Mailing_Street: '9 Rainey St',
    Mailing_City: 'Austin',
    Mailing_State: 'TX',
    Mailing_Zip: '78701',
    Mailing_Country: 'United States',
    Lead_Source: 'Zillow',
  },
  {
    First_Name: 'Oliver',
    Last_Name: 'Bennett',
    Email: 'oliver.bennett@example.co.uk',
    Phone: '+44 20 7946 0958',
    Mailing_Street: '221 Baker Street',
    Mailing_City: 'London',
    Mailing_Zip: 'NW1 6XE',
    Mailing_Country: 'United Kingdom',
    Description: 'Investor buying a rental in East Austin; call after 2pm Central (UK evening).',
    Lead_Source: 'Website',
  },
  {
    First_Name: 'Zoë',
    Last_Name: 'Ångström 🏡',
    Email: 'zoe.angstrom@example.com',
    Mobile: '512-555-0107',
    Mailing_Street: '305 Pecan St',
    Mailing_City: 'Pflugerville',
    Mailing_State: 'TX',
    Mailing_Zip: '78660',
    Mailing_Country: 'United States',
    Lead_Source: 'Zillow',
  },
  {
    First_Name: 'Mallory',
    Last_Name: '<img src=x onerror=alert(1)>',
    Email: 'mallory@example.com',
    Phone: '512-555-0108',
    Mailing_Street: '800 S Austin Ave',
    Mailing_City: 'Georgetown',
    Mailing_State: 'TX',
    Mailing_Zip: '78626',
    Mailing_Country: 'United States',
    Lead_Source: 'Website',
  },
  {
    First_Name: 'Walter',
    Last_Name: 'Kim',
    Mailing_Street: '77 Congress Ave',
    Mailing_City: 'Austin',
    Mailing_State: 'TX',
    Mailing_Zip: '78701',
    Mailing_Country: 'United States',
    Lead_Source: 'Referral',
  },
  {
    First_Name: 'Sofia',
    Last_Name: 'Martinez',
    Email: 'sofia.martinez@example.com',
    Mobile: '737-555-0110',
    Other_Phone: '512-555-0120',
    Mailing_Street: '1100 Discovery Blvd',
    Mailing_City: 'Cedar Park',
    Mailing_State: 'TX',
    Mailing_Zip: '78613',
    Mailing_Country: 'United States',
    Lead_Source: 'Zillow',
  },
  {
    First_Name: 'David',
    Last_Name: 'Okafor',
    Email: 'david.okafor@example.com',
    Phone: '512-555-0111',
    Mailing_Street: '600 Crystal Falls Pkwy',
    Mailing_City: 'Leander',
    Mailing_State: 'TX',
    Mailing_Zip: '78641',
    Mailing_Country: 'United States',
    Lead_Source: 'Past Client',
  },
  {
    First_Name: 'Hannah',
    Last_Name: 'Brooks',
    Email: 'hannah.brooks@example.com',
    Mobile: '512-555-0122',
    Mailing_Street: '150 Center St',
    Mailing_City: 'Kyle',
    Mailing_State: 'TX',
    Mailing_Zip: '78640',
    Mailing_Country: 'United States',
    Lead_Source: 'Facebook',
  },
  {
    First_Name: 'James',
    Last_Name: "O'Connor",
    Email: 'james.oconnor@example.com',
    Phone: '512-555-0113',
    Mailing_Street: '12800 Hill Country Blvd',
    Mailing_City: 'Bee Cave',
    Mailing_State: 'TX',
    Mailing_Zip: '78738',
    Mailing_Country: 'United States',
    Lead_Source: 'Zillow',
  },
  {
    First_Name: 'Ava',
    Last_Name: 'Patel',
    Email: 'ava.patel@example.com',
    Mailing_City: 'Austin',
    Mailing_State: 'TX',
    Mailing_Country: 'United States',
    Lead_Source: 'Open House',
  },
];

const SEED_LEADS: SeedInput[] = [
  {
    First_Name: 'Noah',
    Last_Name: 'Williams',
    Email: 'noah.williams@example.com',
    Phone: '512-555-0201',
    Street: '3400 Guadalupe St',
    City: 'Austin',
    State: 'TX',
    Zip_Code: '78705',
    Country: 'United States',
    Company: 'Williams Family',
    Lead_Status: 'Not Contacted',
    Lead_Source: 'Zillow',
  },
  {
    First_Name: 'Grace',
    Last_Name: 'Liu',
    Email: 'grace.liu@example.com',
    Mobile: '512-555-0202',
    Street: '2100 Barton Springs Rd',
    City: 'Austin',
    State: 'TX',
    Zip_Code: '78704',
    Country: 'United States',
    Company: 'Liu Holdings',
    Lead_Status: 'Contacted',
    Lead_Source: 'Website',
  },
  {
    First_Name: 'Ethan',
    Last_Name: 'Brown',
    Email: 'ethan.brown@example.com',
    Phone: '737-555-0203',
    Street: '400 W Main St',
    City: 'Round Rock',
    State: 'TX',
    Zip_Code: '78664',
    Country: 'United States',
    Lead_Status: 'Attempted to Contact',
    Lead_Source: 'Open House',
  },
  {
    First_Name: 'Mia',
    Last_Name: 'Rodriguez',
    Email: 'mia.rodriguez@example.com',
    Mobile: '512-555-0204',
    Street: '201 E Pecan St',
    City: 'Pflugerville',
    State: 'TX',
    Zip_Code: '78660',
    Country: 'United States',
    Company: 'Rodriguez Dental',
    Lead_Status: 'Pre-Qualified',
    Lead_Source: 'Referral',
    Description: 'Selling a condo downtown, buying in Pflugerville. Timeline: summer.',
  },
  {
    First_Name: 'Benjamin',
    Last_Name: 'Clark',
    Phone: '512-555-0205',
    Street: '1 Lakeway Dr',
    City: 'Lakeway',
    State: 'TX',
    Zip_Code: '78734',
    Country: 'United States',
    Lead_Status: 'Not Contacted',
    Lead_Source: 'Zillow',
  },
  {
    First_Name: 'Chloe',
    Last_Name: 'Davis',
    Email: 'chloe.davis@example.com',
    Mobile: '512-555-0206',
    City: 'Dripping Springs',
    State: 'TX',
    Country: 'United States',
    Lead_Status: 'Contacted',
    Lead_Source: 'Facebook',
  },
];

const SEED_VIEW_LIST: ZohoView[] = [
  {
    id: SEED_VIEWS.allContacts,
    module: 'Contacts',
    name: 'All Contacts',
    system_name: 'ALLVIEWS',
    filter: null,
  },
  {
    id: SEED_VIEWS.hotLeads,
    module: 'Contacts',
    name: 'Hot leads',
    system_name: 'HOT_LEADS',
    filter: { field: 'Lead_Source', equals: 'Zillow' },
  },
  { id: SEED_VIEWS.allLeads, module: 'Leads', name: 'All Leads', system_name: 'ALLVIEWS', filter: null },
];

// Bulk records live above every seed id; created records share the same counter.
const FIRST_GENERATED_ID = 700001;

export function seedZoho(seed: SeedName, extraContacts: number): ZohoState {
  const state: ZohoState = {
    org: { id: '4876876000000000001', company_name: 'Acme Realty', domain_name: 'org60012345' },
    users: ZOHO_USERS.map((u) => ({ ...u })),
    clients: [{ ...SEED_CLIENT }],
    views: SEED_VIEW_LIST.map((v) => ({ ...v, filter: v.filter ? { ...v.filter } : null })),
    records: {
      Contacts:
        seed === 'empty'
          ? []
          : SEED_CONTACTS.map((c, i) => makeRecord('Contacts', 623001 + i, c, i, SEED_TIME + i * 60_000)),
      Leads:
        seed === 'empty'
          ? []
          : SEED_LEADS.map((c, i) => makeRecord('Leads', 624001 + i, c, i, SEED_TIME + i * 60_000)),
    },
    notes: [],
    tasks: [],
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    pageTokens: new Map(),
    tokenTtlSeconds: 3600,
    tokenRequests: 0,
    tokenRequestLog: [],
    authRequests: [],
    writeCalls: [],
    apiCalls: 0,
    denyNextAuth: false,
    limits: { concurrency: null, tokenRateLimit: false },
    nextId: FIRST_GENERATED_ID,
    generated: { Contacts: 0, Leads: 0 },
    uniqueFields: { Contacts: [], Leads: [] },
  };
  if (extraContacts > 0) generateZohoRecords(state, 'Contacts', extraContacts);
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
const STATUSES = ['Not Contacted', 'Contacted', 'Attempted to Contact', 'Pre-Qualified'] as const;

/**
 * Appends `count` deterministic records ("Contact 00001", phone (512) 700-0001, …). Numbering
 * continues across calls so two batches never collide. Linear and allocation-light: 10,000
 * records take a few milliseconds.
 */
export function generateZohoRecords(state: ZohoState, module: ZohoModule, count: number): ZohoRecord[] {
  const made: ZohoRecord[] = [];
  const label = module === 'Contacts' ? 'Contact' : 'Lead';
  for (let i = 0; i < count; i++) {
    const n = state.generated[module] + 1;
    state.generated[module] = n;
    const num = String(n).padStart(5, '0');
    const seven = `7${String(n % 1_000_000).padStart(6, '0')}`;
    const [city, zip] = CITIES[n % CITIES.length] ?? CITIES[0];
    const input: SeedInput = {
      First_Name: label,
      Last_Name: num,
      Email: `${label.toLowerCase()}${num}@example.com`,
      Mobile: `(512) ${seven.slice(0, 3)}-${seven.slice(3)}`,
      Lead_Source: SOURCES[n % SOURCES.length],
    };
    if (module === 'Contacts') {
      input.Mailing_Street = `${100 + (n % 9000)} Generated Ln`;
      input.Mailing_City = city;
      input.Mailing_State = 'TX';
      input.Mailing_Zip = zip;
      input.Mailing_Country = 'United States';
    } else {
      input.Street = `${100 + (n % 9000)} Generated Ln`;
      input.City = city;
      input.State = 'TX';
      input.Zip_Code = zip;
      input.Country = 'United States';
      input.Company = `Generated Co ${num}`;
      input.Lead_Status = STATUSES[n % STATUSES.length];
    }
    const record = makeRecord(module, state.nextId++, input, n, SEED_TIME + n * 1000);
    state.records[module].push(record);
    made.push(record);
  }
  return made;
}
