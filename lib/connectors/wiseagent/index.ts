/**
 * Wise Agent as a Mojo Bridge integration: an OAuth client with PKCE (the admin enters the Client
 * ID, and the Client Secret the docs mention when Wise Agent gave one) and the connector the sync engine reads contacts through and writes the way back
 * with (two-way.ts).
 */
import { ApiError, type HttpOptions } from '../http';
import type { CrmConnector, CrmIntegration, TokenSource } from '../types';
import { WISEAGENT_PAGE_SIZE, WISEAGENT_READ_BATCH, WiseAgentApi } from './api';
import { buildAuthorizeUrl, exchangeCode, parseRedirect, refreshSession, revokeToken } from './auth';
import { WISEAGENT_MODULE } from './contact';
import { wiseAgentHostPermissions } from './hosts';
import { WISEAGENT_OBJECTS, wiseAgentDefaultFields, wiseAgentDocumentedFields } from './rules';
import { wiseAgentWrites } from './two-way';
import { WISEAGENT_NOTE_MAX } from './writes';

/** lib/accounts/crm.ts makes a verifier for every sign-in; without one PKCE cannot work. */
function verifierOf(pending: { verifier?: string }): string {
  if (pending.verifier === undefined) throw new Error('A Wise Agent sign-in needs a PKCE code verifier.');
  return pending.verifier;
}

function unsupported(what: string): ApiError {
  return new ApiError({
    system: 'wiseagent',
    kind: 'permanent',
    code: 'unsupported_view',
    userMessage: `Mojo Bridge cannot read ${what} from Wise Agent; it reads the contact list.`,
  });
}

/** `options` lets tests reach the sandbox in-process; the extension passes none. */
export function wiseAgentConnector(tokens: TokenSource, options: HttpOptions = {}): CrmConnector {
  const api = new WiseAgentApi(tokens, options);
  return {
    ...wiseAgentWrites(api),
    id: 'wiseagent',
    noteLimit: WISEAGENT_NOTE_MAX,
    async account() {
      const user = await api.user();
      const label =
        user.name && user.email ? `${user.name} (${user.email})` : user.name || user.email || user.id;
      return { id: user.id, label };
    },
    readBatchSize: WISEAGENT_READ_BATCH,
    readRecords(refs) {
      return api.readContacts(refs.filter((r) => r.crm === 'wiseagent').map((r) => r.id));
    },
    /** The whole contact list, one `getContacts` page per step; the cursor is the next page number. */
    async readViewPage(module, viewId, cursor) {
      if (module !== WISEAGENT_MODULE) throw unsupported(`${module} records`);
      if (viewId !== undefined) throw unsupported(`the view ${viewId}`);
      const page = cursor === null ? 1 : Number(cursor);
      if (!Number.isInteger(page) || page < 1)
        throw new RangeError(`Not a Wise Agent page cursor: ${cursor}`);
      const { contacts, errors, raws, received } = await api.contactsPage(page);
      // Only a full page can have a successor; a list of exactly 100·n ends with one empty read.
      return { contacts, errors, raws, next: received >= WISEAGENT_PAGE_SIZE ? String(page + 1) : null };
    },
  };
}

export const wiseAgentIntegration: CrmIntegration = {
  id: 'wiseagent',
  needs: { clientSecret: 'optional', dataCenter: false },
  origins: () => wiseAgentHostPermissions(),
  async authorizeUrl(settings, redirectUri, pending) {
    return buildAuthorizeUrl({
      clientId: settings.clientId,
      redirectUri,
      state: pending.state,
      verifier: verifierOf(pending),
    });
  },
  async finishSignIn(settings, _redirectUri, redirectedTo, pending) {
    const { code } = parseRedirect(redirectedTo, pending.state);
    return exchangeCode({
      clientId: settings.clientId,
      ...(settings.clientSecret ? { clientSecret: settings.clientSecret } : {}),
      code,
      verifier: verifierOf(pending),
    });
  },
  refresh: (settings, session) =>
    refreshSession({
      session,
      clientId: settings.clientId,
      ...(settings.clientSecret ? { clientSecret: settings.clientSecret } : {}),
    }),
  async revoke(settings, session) {
    // The refresh token first: revoking it ends the access tokens it minted as well.
    if (session.refreshToken !== null) {
      await revokeToken({ clientId: settings.clientId, token: session.refreshToken, hint: 'refresh_token' });
    } else {
      await revokeToken({ clientId: settings.clientId, token: session.accessToken, hint: 'access_token' });
    }
  },
  connector: wiseAgentConnector,
  objects: WISEAGENT_OBJECTS,
  defaultFields: wiseAgentDefaultFields,
  documentedFields: wiseAgentDocumentedFields,
};
