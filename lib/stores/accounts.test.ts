import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../core/result';
import type { AccountsView, CrmAccountView } from '../platform/protocol';
import { type AccountsClient, createAccountsStore } from './accounts';

const zoho = (over: Partial<CrmAccountView> = {}): CrmAccountView => ({
  crm: 'zoho',
  clientId: null,
  hasClientSecret: false,
  dataCenter: null,
  redirectUrl: 'https://abc.chromiumapp.org/',
  connected: false,
  accountLabel: null,
  needsReconnect: false,
  ...over,
});

const signedOut: AccountsView = { mojo: null, crms: [zoho()] };
const signedIn: AccountsView = {
  mojo: {
    connected: true,
    userName: 'Ann',
    userEmail: 'ann@example.com',
    accountName: 'Acme',
    permissionLevel: 'owner',
  },
  crms: [zoho()],
};

/** A fake background whose answers the test controls; unset calls fail loudly. */
function fakeClient(over: Partial<AccountsClient>): AccountsClient & { calls: string[] } {
  const calls: string[] = [];
  const missing = (name: string) => async (): Promise<never> => {
    throw new Error(`unexpected ${name}`);
  };
  const wrap =
    <A extends unknown[], R>(name: string, fn: ((...a: A) => Promise<R>) | undefined) =>
    (...a: A): Promise<R> => {
      calls.push(name);
      return fn ? fn(...a) : missing(name)();
    };
  return {
    calls,
    getAccounts: wrap('getAccounts', over.getAccounts),
    connectMojo: wrap('connectMojo', over.connectMojo),
    disconnectMojo: wrap('disconnectMojo', over.disconnectMojo),
    saveCrmConfig: wrap('saveCrmConfig', over.saveCrmConfig),
    connectCrm: wrap('connectCrm', over.connectCrm),
    resetCrm: wrap('resetCrm', over.resetCrm),
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const grantAll = async () => true;

describe('accounts store', () => {
  it('loads the accounts view', async () => {
    const store = createAccountsStore(fakeClient({ getAccounts: async () => signedOut }));
    await store.getState().refresh();
    expect(store.getState().accounts).toEqual(signedOut);
    expect(store.getState().loadError).toBeNull();
  });

  it('turns an undeliverable message into a readable load error', async () => {
    const store = createAccountsStore(
      fakeClient({
        getAccounts: async () => {
          throw new Error('Could not establish connection. Receiving end does not exist.');
        },
      }),
    );
    await store.getState().refresh();
    expect(store.getState().loadError).toBe('Mojo Bridge did not answer. Try again.');
  });

  it('shows the background message for a refused Mojo login, in the Mojo panel only', async () => {
    const message = 'This Mojo login is a Dialing Rep; ask the account owner to connect.';
    const store = createAccountsStore(fakeClient({ connectMojo: async () => fail('dialing_rep', message) }));
    const done = await store.getState().connectMojo({ pin: '1', login: 'rep', password: 'x' });
    expect(done).toBe(false);
    expect(store.getState().errors.mojo).toBe(message);
    expect(store.getState().errors.zoho).toBeUndefined();
    expect(store.getState().busy.mojo).toBe(false);
  });

  it('is busy while connecting and takes the answered view', async () => {
    const answer = deferred<Result<AccountsView>>();
    const store = createAccountsStore(fakeClient({ connectMojo: () => answer.promise }));
    const pending = store.getState().connectMojo({ pin: '1', login: 'ann', password: 'x' });
    expect(store.getState().busy.mojo).toBe(true);
    answer.resolve(ok(signedIn));
    expect(await pending).toBe(true);
    expect(store.getState().accounts).toEqual(signedIn);
    expect(store.getState().busy.mojo).toBe(false);
  });

  it('connects a CRM by saving its configuration first, and stops if saving fails', async () => {
    const client = fakeClient({ saveCrmConfig: async () => fail('bad_config', 'Enter the Client ID') });
    const store = createAccountsStore(client, grantAll);
    expect(await store.getState().connectCrm({ crm: 'zoho', clientId: 'x', dataCenter: 'EU' })).toBe(false);
    expect(client.calls).toEqual(['saveCrmConfig']);
    expect(store.getState().errors.zoho).toBe('Enter the Client ID');
  });

  it('runs the OAuth connect after a successful save', async () => {
    const connected: AccountsView = {
      ...signedIn,
      crms: [zoho({ connected: true, accountLabel: 'Acme Realty' })],
    };
    const client = fakeClient({
      saveCrmConfig: async () => ok(signedIn),
      connectCrm: async () => ok(connected),
    });
    const asked: string[][] = [];
    const store = createAccountsStore(client, async (origins) => {
      asked.push(origins);
      return true;
    });
    expect(await store.getState().connectCrm({ crm: 'zoho', clientId: 'x', dataCenter: 'US' })).toBe(true);
    expect(asked).toEqual([['https://accounts.zoho.com/*', 'https://www.zohoapis.com/*']]);
    expect(client.calls).toEqual(['saveCrmConfig', 'connectCrm']);
    expect(store.getState().accounts).toEqual(connected);
  });

  it("asks for the chosen data center's hosts first, and stops with a clear error when refused", async () => {
    const client = fakeClient({ saveCrmConfig: async () => ok(signedIn) });
    const store = createAccountsStore(client, async () => false);
    expect(await store.getState().connectCrm({ crm: 'zoho', clientId: 'x', dataCenter: 'EU' })).toBe(false);
    expect(client.calls).toEqual([]);
    expect(store.getState().errors.zoho).toContain('without your permission');
  });

  it('drops a poll answer that started before an action finished', async () => {
    const poll = deferred<AccountsView>();
    const store = createAccountsStore(
      fakeClient({ getAccounts: () => poll.promise, connectMojo: async () => ok(signedIn) }),
    );
    const refreshing = store.getState().refresh();
    await store.getState().connectMojo({ pin: '1', login: 'ann', password: 'x' });
    poll.resolve(signedOut); // older than the connect's answer
    await refreshing;
    expect(store.getState().accounts).toEqual(signedIn);
  });
});
