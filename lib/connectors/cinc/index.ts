/**
 * CINC as a Mojo Bridge integration: the custom-configuration OAuth strategy (the integrator
 * Client ID and secret CINC issues; no data centers) and the connector the sync engine reads
 * leads through.
 */
import { apiOrigins } from '../origins';
import type { CrmClientSettings, CrmConnector, CrmIntegration, TokenSource } from '../types';
import { CINC_READ_BATCH, CincApi } from './api';
import { buildAuthorizeUrl, exchangeCode, parseRedirect, refreshSession } from './auth';
import { CINC_LEAD_MODULE } from './contact';
import { CINC_OBJECTS, cincDefaultFields, cincDocumentedFields } from './rules';

function secretOf(settings: CrmClientSettings): string {
  if (!settings.clientSecret) throw new Error('The CINC Client secret is missing.');
  return settings.clientSecret;
}

export function cincConnector(tokens: TokenSource): CrmConnector {
  const api = new CincApi(tokens);
  return {
    id: 'cinc',
    async account() {
      const site = await api.site();
      return { id: site.id, label: site.name };
    },
    readBatchSize: CINC_READ_BATCH,
    async readRecords(refs) {
      // CINC has leads only; a ref of another module is not ours to read and is reported missing.
      return api.readLeads(refs.filter((r) => r.module === CINC_LEAD_MODULE).map((r) => r.id));
    },
    async readViewPage(module, _viewId, cursor) {
      // The leads dashboard is read as "all leads": its filters live in the web app, not the API.
      if (module !== CINC_LEAD_MODULE) return { contacts: [], errors: [], next: null };
      return api.viewPage(cursor);
    },
    // No countView: CINC's list answer carries no total, and counting would mean reading every page.
  };
}

export const cincIntegration: CrmIntegration = {
  id: 'cinc',
  needs: { clientSecret: true, dataCenter: false },
  origins: () => apiOrigins('cinc', null),
  async authorizeUrl(settings, redirectUri, pending) {
    return buildAuthorizeUrl({ clientId: settings.clientId, redirectUri, state: pending.state });
  },
  async finishSignIn(settings, redirectUri, redirectedTo, pending) {
    const { code } = parseRedirect(redirectedTo, pending.state);
    return exchangeCode({ clientId: settings.clientId, clientSecret: secretOf(settings), redirectUri, code });
  },
  refresh: (settings, session) =>
    refreshSession({ session, clientId: settings.clientId, clientSecret: secretOf(settings) }),
  async revoke() {
    // CINC documents no revoke endpoint: Reset credentials forgets the tokens locally (the caller
    // deletes the session) and releases the Mojo link; the grant itself ends when CINC expires it
    // or the site owner removes the integration in CINC.
  },
  connector: cincConnector,
  objects: CINC_OBJECTS,
  defaultFields: cincDefaultFields,
  documentedFields: cincDocumentedFields,
};
