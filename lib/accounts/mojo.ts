/**
 * The Mojo account: connect with PIN + login + password, keep the session in the vault, refresh
 * it for every caller at once, disconnect. A Dialing Rep is refused before anything is stored.
 */
import { z } from 'zod';
import { MojoApi } from '../connectors/mojo/api';
import {
  DEFAULT_MOJO_LOGIN_BASE,
  DIALING_REP_MESSAGE,
  isDialingRep,
  mojoLogin,
  mojoRefresh,
  mojoRevoke,
} from '../connectors/mojo/auth';
import { ActionableError } from '../core/result';
import type { MojoCredentials } from '../platform/protocol';
import { deleteSecret, readSecret, writeSecret } from '../platform/vault';
import { SharedSession } from '../sync/session';

const MojoSession = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresAt: z.number(),
  apiBase: z.string(),
  loginBase: z.string(),
  account: z.object({ id: z.string(), name: z.string() }),
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), permission_level: z.string() }),
});
export type MojoSession = z.infer<typeof MojoSession>;

const VAULT_KEY = 'mojo.session';

/** Tokens go only to Mojo's own servers, whatever a login answer says. */
function assertMojoHost(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'https:' || !(u.hostname === 'mojosells.com' || u.hostname.endsWith('.mojosells.com'))) {
    throw new ActionableError(
      'bad_account_server',
      'Mojo named an account server that is not on mojosells.com.',
      url,
    );
  }
  return u.origin;
}

export const mojoSession = new SharedSession<MojoSession>({
  load: () => readSecret(VAULT_KEY, MojoSession),
  save: (s) => writeSecret(VAULT_KEY, s),
  async refresh(s) {
    const answer = await mojoRefresh(s.loginBase, s.refreshToken);
    return {
      ...s,
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? s.refreshToken,
      expiresAt: Date.now() + answer.expires_in * 1000,
    };
  },
  system: 'mojo',
  notConnected: 'Connect Mojo in the Mojo Bridge popup first.',
});

export const mojoApi = new MojoApi(mojoSession);

export async function connectMojo(
  creds: MojoCredentials,
  loginBase = DEFAULT_MOJO_LOGIN_BASE,
): Promise<MojoSession> {
  const answer = await mojoLogin(loginBase, creds);
  if (isDialingRep(answer.user.permission_level)) {
    // Nothing is stored, and the token we were handed is given back.
    await mojoRevoke(loginBase, answer.refresh_token).catch(() => undefined);
    throw new ActionableError('dialing_rep', DIALING_REP_MESSAGE);
  }
  const session: MojoSession = {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: Date.now() + answer.expires_in * 1000,
    apiBase: assertMojoHost(answer.account.base_url),
    loginBase,
    account: { id: answer.account.id, name: answer.account.name },
    user: answer.user,
  };
  await writeSecret(VAULT_KEY, session);
  return session;
}

export async function readMojoSession(): Promise<MojoSession | null> {
  return readSecret(VAULT_KEY, MojoSession);
}

export async function disconnectMojo(): Promise<void> {
  const s = await readMojoSession();
  await deleteSecret(VAULT_KEY);
  if (s) await mojoRevoke(s.loginBase, s.refreshToken).catch(() => undefined);
}
