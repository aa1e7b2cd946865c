/** The CRMs Mojo Bridge speaks to. Adding one is a folder under lib/connectors and a line here. */
import type { CrmId } from '../core/models';
import { cincIntegration } from './cinc';
import { cincPage } from './cinc/page';
import type { CrmIntegration, PageAdapter } from './types';
import { wiseAgentIntegration } from './wiseagent';
import { wiseAgentPage } from './wiseagent/page';
import { zohoIntegration } from './zoho';
import { zohoPage } from './zoho/page';

export const integrations: Partial<Record<CrmId, CrmIntegration>> = {
  zoho: zohoIntegration,
  cinc: cincIntegration,
  wiseagent: wiseAgentIntegration,
};

export function integrationFor(crm: CrmId): CrmIntegration | null {
  return integrations[crm] ?? null;
}

/** Each CRM's web app: its content script runs on `matches`, and speaks only for that CRM. */
export const pageAdapters: Partial<Record<CrmId, PageAdapter>> = {
  zoho: zohoPage,
  cinc: cincPage,
  wiseagent: wiseAgentPage,
};
