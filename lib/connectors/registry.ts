/** The CRMs Mojo Bridge speaks to. Adding one is a folder under lib/connectors and a line here. */
import type { CrmId } from '../core/models';
import type { CrmIntegration } from './types';
import { zohoIntegration } from './zoho';

export const integrations: Partial<Record<CrmId, CrmIntegration>> = {
  zoho: zohoIntegration,
};

export function integrationFor(crm: CrmId): CrmIntegration | null {
  return integrations[crm] ?? null;
}
