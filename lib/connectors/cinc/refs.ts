/**
 * How CINC's records are named in refs and `api_contact_id` (`cinc:lead:<id>`). Kept apart from
 * contact.ts, which builds zod schemas, so the content script can read it without bundling zod
 * (docs/BENCHMARKS.md, B3).
 */

/** The module name in refs and `api_contact_id`: CINC has one kind of person. */
export const CINC_LEAD_MODULE = 'lead';
