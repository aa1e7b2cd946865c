/**
 * Constants the content scripts use from the core, kept out of the schema modules (models.ts,
 * job.ts) so that importing one never brings zod into a content script (docs/BENCHMARKS.md, B3).
 * Those modules re-export them; import from here in code that runs on a CRM's or Mojo's page.
 */
import type { CrmId } from './models';

export const CRM_LABELS: Record<CrmId, string> = { zoho: 'Zoho CRM', wiseagent: 'Wise Agent', cinc: 'CINC' };

/** How many failed contacts a run lists (the rest are counted only). */
export const MAX_LISTED_FAILURES = 200;
