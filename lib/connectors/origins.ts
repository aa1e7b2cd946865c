/**
 * The origins each CRM's sign-in and API live on, for a given configuration. Kept apart from the
 * integrations so the popup can ask for host permissions (which needs the click's user gesture)
 * without loading the API clients.
 */
import type { CrmId } from '../core/models';
import type { DataCenter } from '../platform/protocol';
import { cincHostPermissions } from './cinc/hosts';
import { wiseAgentHostPermissions } from './wiseagent/hosts';
import { zohoHostPermissions } from './zoho/datacenters';

export function apiOrigins(crm: CrmId, dataCenter: DataCenter | null | undefined): string[] {
  switch (crm) {
    case 'zoho':
      return zohoHostPermissions(dataCenter ?? 'US');
    case 'cinc':
      return cincHostPermissions();
    case 'wiseagent':
      return wiseAgentHostPermissions();
    default:
      return [];
  }
}
