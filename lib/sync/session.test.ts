import { describe, expect, it } from 'vitest';
import { ApiError } from '../connectors/http';
import { SharedSession, type StoredSession } from './session';

function store(initial: StoredSession | null, refreshDelay = 10) {
  let saved = initial;
  let refreshes = 0;
  return {
    get refreshes() {
      return refreshes;
    },
    get saved() {
      return saved;
    },
    load: async () => saved,
    save: async (s: StoredSession) => {
      saved = s;
    },
    refresh: async (s: StoredSession) => {
      refreshes++;
      await new Promise((r) => setTimeout(r, refreshDelay));
      return { ...s, accessToken: `${s.accessToken}+`, expiresAt: Date.now() + 3_600_000 };
    },
    system: 'zoho',
    notConnected: 'Connect first',
  };
}

const live = (): StoredSession => ({
  accessToken: 'a',
  expiresAt: Date.now() + 3_600_000,
  apiBase: 'https://x',
});

describe('SharedSession', () => {
  it('hands out the stored token while it is fresh', async () => {
    const s = store(live());
    expect((await new SharedSession(s).current()).accessToken).toBe('a');
    expect(s.refreshes).toBe(0);
  });

  it('refreshes a token about to expire before handing it out', async () => {
    const s = store({ ...live(), expiresAt: Date.now() + 1_000 });
    expect((await new SharedSession(s).current()).accessToken).toBe('a+');
    expect(s.saved?.accessToken).toBe('a+');
  });

  it('refreshes once for every caller that saw the same dead token', async () => {
    const s = store(live(), 30);
    const session = new SharedSession(s);
    const answers = await Promise.all(Array.from({ length: 10 }, () => session.refreshAfter('a')));
    expect(s.refreshes).toBe(1);
    expect(new Set(answers.map((a) => a.accessToken))).toEqual(new Set(['a+']));
  });

  it('does not refresh again for a caller whose dead token was already replaced', async () => {
    const s = store(live());
    const session = new SharedSession(s);
    await session.refreshAfter('a');
    expect((await session.refreshAfter('a')).accessToken).toBe('a+');
    expect(s.refreshes).toBe(1);
  });

  it('says what to do when there is no session', async () => {
    await expect(new SharedSession(store(null)).current()).rejects.toThrow('Connect first');
  });

  it('lets a dead refresh token fail every waiting caller, and tries again on the next call', async () => {
    const s = store(live());
    let fail = true;
    const session = new SharedSession({
      ...s,
      refresh: async (x: StoredSession) => {
        if (fail) throw new ApiError({ system: 'zoho', kind: 'auth', userMessage: 'Reconnect' });
        return { ...x, accessToken: 'b' };
      },
    });
    const results = await Promise.allSettled([session.refreshAfter('a'), session.refreshAfter('a')]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    fail = false;
    expect((await session.refreshAfter('a')).accessToken).toBe('b');
  });
});
