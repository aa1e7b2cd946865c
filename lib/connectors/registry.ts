/** The CRMs Mojo Bridge speaks to. Adding one is a folder under lib/connectors and a line here. */
import type { CrmId } from '../core/models';
import { cincIntegration } from './cinc';
import type { CrmIntegration } from './types';
import { wiseAgentIntegration } from './wiseagent';
import { zohoIntegration } from './zoho';

export const integrations: Partial<Record<CrmId, CrmIntegration>> = {
  zoho: zohoIntegration,
  cinc: cincIntegration,
  wiseagent: wiseAgentIntegration,
};

export function integrationFor(crm: CrmId): CrmIntegration | null {
  return integrations[crm] ?? null;
}
