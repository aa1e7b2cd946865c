import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../test-helpers';
import type { ReadPage, TokenSource } from '../types';
import { wiseAgentConnector, wiseAgentIntegration } from './index';

const tokens: TokenSource = {
  current: async () => ({ accessToken: 't', apiBase: 'https://sync.thewiseagent.com/http/webconnect.asp' }),
  refreshAfter: async () => ({
    accessToken: 't',
    apiBase: 'https://sync.thewiseagent.com/http/webconnect.asp',
  }),
};

function stubContacts(total: number): URL[] {
  const seen: URL[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    seen.push(url);
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('page_size'));
    const from = (page - 1) * size;
    const count = Math.max(0, Math.min(size, total - from));
    return json(
      Array.from({ length: count }, (_, i) => ({
        ClientID: from + i + 1,
        CFirst: 'A',
        CLast: `B${from + i + 1}`,
      })),
    );
  });
  return seen;
}

afterEach(() => vi.unstubAllGlobals());

describe('wiseAgentConnector', () => {
  it('writes the way back, and has one record type (nothing to choose on Send)', () => {
    const c = wiseAgentConnector(tokens);
    expect(typeof c.sendContact).toBe('function');
    expect(typeof c.updateContact).toBe('function');
    expect(typeof c.addNote).toBe('function');
    expect(typeof c.addEvent).toBe('function');
    expect(c.defaultRecordType).toBeUndefined();
  });
});

describe('wiseAgentIntegration', () => {
  it('is a PKCE client with an optional secret, on one origin', () => {
    expect(wiseAgentIntegration.needs).toEqual({ clientSecret: 'optional', dataCenter: false });
    expect(wiseAgentIntegration.origins({ clientId: 'x' })).toEqual(['https://sync.thewiseagent.com/*']);
  });

  it('needs the PKCE verifier the account layer makes', async () => {
    await expect(
      wiseAgentIntegration.authorizeUrl({ clientId: 'x' }, 'https://r.chromiumapp.org/', { state: 's' }),
    ).rejects.toThrow(/PKCE/);
  });

  it('revokes the refresh token, or the access token when there is none', async () => {
    const forms: Record<string, string>[] = [];
    vi.stubGlobal('fetch', async (input: Request) => {
      forms.push(Object.fromEntries(new URLSearchParams(await input.text())));
      return json({ revoked: true });
    });
    const session = { accessToken: 'a', refreshToken: 'r', expiresAt: 0, apiBase: '' };
    await wiseAgentIntegration.revoke({ clientId: 'c' }, session);
    await wiseAgentIntegration.revoke({ clientId: 'c' }, { ...session, refreshToken: null });
    expect(forms).toEqual([
      { token: 'r', token_type_hint: 'refresh_token' },
      { token: 'a', token_type_hint: 'access_token' },
    ]);
  });
});

describe('wiseAgentConnector', () => {
  it('labels the account with the user’s name and email', async () => {
    vi.stubGlobal('fetch', async () =>
      json(JSON.stringify([{ First: 'Pat', Last: 'Smith', Email: 'Agent@example.com' }])),
    );
    expect(await wiseAgentConnector(tokens).account()).toEqual({
      id: 'agent@example.com',
      label: 'Pat Smith (Agent@example.com)',
    });
  });

  it('reads records in batches of 10', () => {
    expect(wiseAgentConnector(tokens).readBatchSize).toBe(10);
  });

  it('pages the whole contact list by page number until a short page (250 contacts)', async () => {
    const seen = stubContacts(250);
    const connector = wiseAgentConnector(tokens);
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: (ReadPage & { next: string | null }) | undefined = await connector.readViewPage?.(
        'contact',
        undefined,
        cursor,
      );
      if (!page) throw new Error('no readViewPage');
      sizes.push(page.contacts.length);
      cursor = page.next;
    } while (cursor !== null);
    expect(sizes).toEqual([100, 100, 50]);
    expect(seen.map((u) => u.searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('ends a list of exactly 200 with one empty read', async () => {
    stubContacts(200);
    const connector = wiseAgentConnector(tokens);
    expect((await connector.readViewPage?.('contact', undefined, '2'))?.next).toBe('3');
    expect(await connector.readViewPage?.('contact', undefined, '3')).toEqual({
      contacts: [],
      errors: [],
      raws: {},
      next: null,
    });
  });

  it('refuses views and modules it cannot read, and a cursor that is not a page', async () => {
    stubContacts(0);
    const connector = wiseAgentConnector(tokens);
    await expect(connector.readViewPage?.('lead', undefined, null)).rejects.toMatchObject({
      kind: 'permanent',
    });
    await expect(connector.readViewPage?.('contact', 'hot', null)).rejects.toMatchObject({
      kind: 'permanent',
    });
    await expect(connector.readViewPage?.('contact', undefined, 'p:2')).rejects.toThrow(RangeError);
  });

  it('reads only Wise Agent refs', async () => {
    const seen = stubContacts(0);
    vi.stubGlobal('fetch', async (input: Request) => {
      seen.push(new URL(input.url));
      return json('[]');
    });
    const page = await wiseAgentConnector(tokens).readRecords([
      { crm: 'wiseagent', module: 'contact', id: '1' },
      { crm: 'zoho', module: 'Contacts', id: '2' },
    ]);
    expect(seen.map((u) => u.searchParams.get('clientID'))).toEqual(['1']);
    expect(page.errors.map((e) => e.id)).toEqual(['1']);
  });
});
