/**
 * Zoho CRM as a Mojo Bridge integration: the custom-configuration OAuth strategy (the admin's own
 * Server-based client, per data center) and the connector the sync engine reads records through.
 */
import type { DataCenter } from '../../platform/protocol';
import { apiOrigins } from '../origins';
import type { CrmClientSettings, CrmConnector, CrmIntegration, TokenSource } from '../types';
import { ZOHO_BATCH_MAX, ZohoApi } from './api';
import { buildAuthorizeUrl, exchangeCode, parseRedirect, refreshSession, revokeToken } from './auth';

function dcOf(settings: CrmClientSettings): DataCenter {
  return settings.dataCenter ?? 'US';
}

function secretOf(settings: CrmClientSettings): string {
  if (!settings.clientSecret) throw new Error('The Zoho Client secret is missing.');
  return settings.clientSecret;
}

export function zohoConnector(tokens: TokenSource): CrmConnector {
  const api = new ZohoApi(tokens);
  return {
    id: 'zoho',
    async account() {
      const org = await api.org();
      return { id: org.id, label: org.company_name };
    },
    readBatchSize: ZOHO_BATCH_MAX,
    async readRecords(refs) {
      const module = refs[0]?.module;
      if (!module) return { contacts: [], errors: [] };
      const contacts = [];
      const errors = [];
      for await (const page of api.getRecords(
        module,
        refs.map((r) => r.id),
      )) {
        contacts.push(...page.records);
        errors.push(...page.errors);
      }
      return { contacts, errors };
    },
    async readViewPage(module, viewId, cursor) {
      const page = await api.viewPage(module, viewId, cursor);
      return { contacts: page.records, errors: page.errors, next: page.next };
    },
    countView: (module, viewId) => api.countView(module, viewId),
  };
}

export const zohoIntegration: CrmIntegration = {
  id: 'zoho',
  needs: { clientSecret: true, dataCenter: true },
  origins: (settings) => apiOrigins('zoho', dcOf(settings)),
  async authorizeUrl(settings, redirectUri, pending) {
    return buildAuthorizeUrl({
      dc: dcOf(settings),
      clientId: settings.clientId,
      redirectUri,
      state: pending.state,
    });
  },
  async finishSignIn(settings, redirectUri, redirectedTo, pending) {
    const { code, accountsServer } = parseRedirect(redirectedTo, pending.state, dcOf(settings));
    return exchangeCode({
      accountsServer,
      clientId: settings.clientId,
      clientSecret: secretOf(settings),
      redirectUri,
      code,
    });
  },
  refresh: (settings, session) =>
    refreshSession({ session, clientId: settings.clientId, clientSecret: secretOf(settings) }),
  async revoke(_settings, session) {
    if (session.accountsServer && session.refreshToken)
      await revokeToken(session.accountsServer, session.refreshToken);
  },
  connector: zohoConnector,
};
