/**
 * What each CRM's connection form asks for. The CRMs differ only in these facts (crm-facts.md):
 * Zoho is a confidential client in one of eight data centers, CINC is a confidential client,
 * Wise Agent is a PKCE client whose secret is optional (its docs name one; its plugin uses none).
 */

import type { ClientSecretNeed } from '../../lib/connectors/types';
import type { CrmId } from '../../lib/core/models';
import type { DataCenter } from '../../lib/platform/protocol';

export interface CrmFormSpec {
  /** Short name for buttons: "Connect Zoho". The panel heading uses CRM_LABELS. */
  short: string;
  clientSecret: ClientSecretNeed;
  dataCenter: boolean;
  /** One line telling the admin where the redirect URL goes. */
  redirectHelp: string;
}

export const CRM_FORMS: Record<CrmId, CrmFormSpec> = {
  zoho: {
    short: 'Zoho',
    clientSecret: 'required',
    dataCenter: true,
    redirectHelp:
      'Paste this into Authorized Redirect URIs of your Server-based client in the Zoho API console.',
  },
  wiseagent: {
    short: 'Wise Agent',
    clientSecret: 'optional',
    dataCenter: false,
    redirectHelp: 'Register this as the redirect URL of your Wise Agent OAuth client.',
  },
  cinc: {
    short: 'CINC',
    clientSecret: 'required',
    dataCenter: false,
    redirectHelp: 'Give this redirect URL to CINC with your request for integrator credentials.',
  },
};

/** Zoho's data centers, named by the domain an admin recognises from their own Zoho URL. */
export const DATA_CENTER_LABELS: Record<DataCenter, string> = {
  US: 'US (zoho.com)',
  EU: 'EU (zoho.eu)',
  IN: 'IN (zoho.in)',
  AU: 'AU (zoho.com.au)',
  JP: 'JP (zoho.jp)',
  CA: 'CA (zohocloud.ca)',
  SA: 'SA (zoho.sa)',
  UK: 'UK (zoho.uk)',
};
