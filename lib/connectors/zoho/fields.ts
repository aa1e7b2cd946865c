/**
 * The Zoho CRM fields we read, by API name, per module. Zoho's record reads require an explicit
 * `fields` list of at most 50 names, and asking only for what we map keeps responses small.
 * Contacts have no Status field by default, so Mojo's "Status" comes from Leads' Lead_Status only.
 */

/** The Zoho modules whose records are people we can send to Mojo. */
export const ZOHO_PERSON_MODULES = ['Contacts', 'Leads'] as const;
export type ZohoPersonModule = (typeof ZOHO_PERSON_MODULES)[number];

export function isZohoPersonModule(module: string): module is ZohoPersonModule {
  return (ZOHO_PERSON_MODULES as readonly string[]).includes(module);
}

/** Zoho's documented ceiling for `fields` on a record read. */
export const ZOHO_MAX_FIELDS = 50;

const COMMON_FIELDS = [
  'id',
  'First_Name',
  'Last_Name',
  'Full_Name',
  'Email',
  'Secondary_Email',
  'Phone',
  'Mobile',
  'Description',
  'Lead_Source',
  'Owner',
  'Modified_Time',
] as const;

export const ZOHO_FIELDS = {
  // Leads have no Home_Phone or Other_Phone (GET /settings/fields?module=Leads), and Zoho refuses a
  // read that names a field the module lacks: each module asks for its own fields only.
  Contacts: [
    ...COMMON_FIELDS,
    'Home_Phone',
    'Other_Phone',
    'Mailing_Street',
    'Mailing_City',
    'Mailing_State',
    'Mailing_Zip',
    'Mailing_Country',
  ],
  Leads: [...COMMON_FIELDS, 'Street', 'City', 'State', 'Zip_Code', 'Country', 'Company', 'Lead_Status'],
} as const satisfies Record<ZohoPersonModule, readonly string[]>;

/** The `fields` parameter for reading records of `module` (a fresh array the caller may extend). */
export function zohoReadFields(module: ZohoPersonModule): string[] {
  return [...ZOHO_FIELDS[module]];
}
