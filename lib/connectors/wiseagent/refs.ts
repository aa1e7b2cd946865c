/**
 * How Wise Agent's records are named in refs and `api_contact_id` (`wiseagent:contact:<ClientID>`).
 * Kept apart from contact.ts, which builds zod schemas, so the content script can read it without
 * bundling zod (docs/BENCHMARKS.md, B3).
 */

/** Wise Agent's record type, as it appears in `api_contact_id`. */
export const WISEAGENT_MODULE = 'contact';
