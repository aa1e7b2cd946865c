/**
 * CRM accounts, for every CRM alike: the admin's client configuration, the OAuth sign-in, the
 * session kept in the vault and refreshed once for all callers, the link to the Mojo account, and
 * Reset credentials. Nothing here names a particular CRM.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { ApiError } from '../connectors/http';
import { integrationFor } from '../connectors/registry';
import type { CrmClientSettings, CrmConnector, CrmIntegration, OAuthSession } from '../connectors/types';
import { CRM_LABELS, type CrmId } from '../core/models';
import { ActionableError } from '../core/result';
import { logActivity } from '../platform/activity';
import { randomToken, redirectUrl, signIn } from '../platform/identity';
import { type CrmAccountView, type CrmClientConfig, DataCenter } from '../platform/protocol';
import { deleteSecret, readSecret, writeSecret } from '../platform/vault';
import { resumeSystem } from '../sync/outbox';
import { SharedSession } from '../sync/session';
import { mojoApi, readMojoSession } from './mojo';

const ClientSettings = z.object({
  clientId: z.string(),
  clientSecret: z.string().optional(),
  dataCenter: DataCenter.optional(),
});

const StoredSession = z.object({
  accessToken: z.string(),
  refreshToken: z.string().nullable(),
  expiresAt: z.number(),
  apiBase: z.string(),
  accountsServer: z.string().optional(),
  account: z.object({ id: z.string(), label: z.string() }),
  needsReconnect: z.boolean(),
});
type StoredSession = z.infer<typeof StoredSession>;

const configKey = (crm: CrmId) => `crm.${crm}.config`;
const sessionKey = (crm: CrmId) => `crm.${crm}.session`;

function integration(crm: CrmId): CrmIntegration {
  const i = integrationFor(crm);
  if (!i) throw new ActionableError('unsupported_crm', `${CRM_LABELS[crm]} is not supported yet.`);
  return i;
}

async function readConfig(crm: CrmId): Promise<CrmClientSettings | null> {
  const c = await readSecret(configKey(crm), ClientSettings);
  if (!c) return null;
  const out: CrmClientSettings = { clientId: c.clientId };
  if (c.clientSecret !== undefined) out.clientSecret = c.clientSecret;
  if (c.dataCenter !== undefined) out.dataCenter = c.dataCenter;
  return out;
}

const readSession = (crm: CrmId) => readSecret(sessionKey(crm), StoredSession);

export async function crmView(crm: CrmId): Promise<CrmAccountView> {
  const [config, session] = await Promise.all([readConfig(crm), readSession(crm)]);
  return {
    crm,
    clientId: config?.clientId ?? null,
    hasClientSecret: Boolean(config?.clientSecret),
    dataCenter: config?.dataCenter ?? null,
    redirectUrl: redirectUrl(),
    connected: session !== null,
    accountLabel: session?.account.label ?? null,
    needsReconnect: session?.needsReconnect ?? false,
  };
}

export async function saveCrmConfig(input: CrmClientConfig): Promise<void> {
  const i = integration(input.crm);
  const previous = await readConfig(input.crm);
  // A saved secret belongs to its Client ID: a new Client ID does not inherit it (with an optional
  // secret, a client without one would otherwise be sent the old client's).
  const kept = previous?.clientId === input.clientId.trim() ? previous.clientSecret : undefined;
  const secret = input.clientSecret?.trim() || kept;
  if (i.needs.clientSecret === 'required' && !secret) {
    throw new ActionableError('missing_secret', 'Enter the Client secret from the API console.');
  }
  if (i.needs.dataCenter && !input.dataCenter) {
    throw new ActionableError('missing_dc', 'Choose the data center your CRM account is in.');
  }
  const next: CrmClientSettings = { clientId: input.clientId.trim() };
  if (i.needs.clientSecret !== 'none' && secret) next.clientSecret = secret;
  if (i.needs.dataCenter && input.dataCenter) next.dataCenter = input.dataCenter;
  await writeSecret(configKey(input.crm), next);
}

async function markNeedsReconnect(crm: CrmId): Promise<void> {
  const s = await readSession(crm);
  if (s && !s.needsReconnect) {
    await writeSecret(sessionKey(crm), { ...s, needsReconnect: true });
    logActivity(
      'error',
      `${CRM_LABELS[crm]} needs to be connected again. Its queued changes wait until then.`,
    );
  }
}

const sessions = new Map<CrmId, SharedSession<StoredSession>>();

export function crmSession(crm: CrmId): SharedSession<StoredSession> {
  let s = sessions.get(crm);
  if (!s) {
    const i = integration(crm);
    s = new SharedSession<StoredSession>({
      load: async () => {
        const stored = await readSession(crm);
        return stored && !stored.needsReconnect ? stored : null;
      },
      save: (next) => writeSecret(sessionKey(crm), next),
      async refresh(current) {
        const config = await readConfig(crm);
        if (!config) throw new ActionableError('not_configured', `Set up ${CRM_LABELS[crm]} in the popup.`);
        try {
          const next = await i.refresh(config, current);
          return { ...current, ...next, refreshToken: next.refreshToken ?? current.refreshToken };
        } catch (err) {
          if (err instanceof ApiError && err.kind === 'auth') await markNeedsReconnect(crm);
          throw err;
        }
      },
      system: crm,
      notConnected: `${CRM_LABELS[crm]} needs to be connected again: open Mojo Bridge and click Connect.`,
    });
    sessions.set(crm, s);
  }
  return s;
}

export function crmConnector(crm: CrmId): CrmConnector {
  return integration(crm).connector(crmSession(crm));
}

/** A token source over a session that is not stored yet (used while connecting). */
function fixedTokens(session: OAuthSession) {
  const t = { accessToken: session.accessToken, apiBase: session.apiBase };
  return { current: async () => t, refreshAfter: async () => t };
}

export async function connectCrm(crm: CrmId): Promise<void> {
  const i = integration(crm);
  const label = CRM_LABELS[crm];
  if (!(await readMojoSession())) throw new ActionableError('mojo_first', 'Connect Mojo first.');
  const config = await readConfig(crm);
  if (!config) throw new ActionableError('not_configured', `Enter the ${label} Client ID first.`);
  const origins = i.origins(config);
  if (!(await browser.permissions.contains({ origins }))) {
    throw new ActionableError(
      'permission_needed',
      `Mojo Bridge needs permission to reach ${label} in this data center. Click Connect again and allow access.`,
    );
  }
  const redirect = redirectUrl();
  const pending = { state: randomToken(), verifier: randomToken(48) };
  const redirectedTo = await signIn(await i.authorizeUrl(config, redirect, pending), label);
  const oauth = await i.finishSignIn(config, redirect, redirectedTo, pending);
  const account = await i.connector(fixedTokens(oauth)).account();
  try {
    await mojoApi.linkCrm(crm, { crm_account_id: account.id, crm_account_label: account.label });
  } catch (err) {
    // The new tokens are not kept when Mojo refuses the link.
    await i.revoke(config, oauth).catch(() => undefined);
    throw err;
  }
  const stored: StoredSession = {
    accessToken: oauth.accessToken,
    refreshToken: oauth.refreshToken,
    expiresAt: oauth.expiresAt,
    apiBase: oauth.apiBase,
    account,
    needsReconnect: false,
  };
  if (oauth.accountsServer !== undefined) stored.accountsServer = oauth.accountsServer;
  await writeSecret(sessionKey(crm), stored);
  await resumeSystem(crm);
  logActivity('info', `Connected ${label}: ${account.label}`);
}

/** Drop the link in Mojo, revoke the tokens, forget them. The client configuration stays. */
export async function resetCrm(crm: CrmId): Promise<void> {
  const i = integration(crm);
  const [config, session] = await Promise.all([readConfig(crm), readSession(crm)]);
  if (await readMojoSession()) {
    await mojoApi.unlinkCrm(crm).catch((err: unknown) => {
      logActivity('warn', `Mojo did not confirm that the ${CRM_LABELS[crm]} link was released`, String(err));
    });
  }
  await deleteSecret(sessionKey(crm));
  if (config && session) await i.revoke(config, session).catch(() => undefined);
  logActivity('info', `Reset ${CRM_LABELS[crm]} credentials`);
}

export async function crmNeedsReconnect(crm: CrmId): Promise<void> {
  await markNeedsReconnect(crm);
}
