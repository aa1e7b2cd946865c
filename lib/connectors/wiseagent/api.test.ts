import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearRetryAfter } from '../http';
import { caught, golden, goldens, json, rotatingTokens } from '../test-helpers';
import { WiseAgentApi } from './api';

interface Seen {
  method: string;
  url: URL;
  authorization: string | null;
  form: Record<string, string>;
}

function stubFetch(answer: (request: Request, index: number) => Response | Promise<Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const text = await input.clone().text();
    seen.push({
      method: input.method,
      url: new URL(input.url),
      authorization: input.headers.get('authorization'),
      form: Object.fromEntries(new URLSearchParams(text)),
    });
    return answer(input, seen.length - 1);
  });
  return seen;
}

// A base the client must ignore: tokens go only to Wise Agent's own endpoint.
const tokens = () => rotatingTokens('https://evil.example');

const contact = (id: number, extra: Record<string, unknown> = {}) => ({
  ClientID: id,
  CFirst: 'Jane',
  CLast: `Doe ${id}`,
  CEmail: `jane${id}@example.com`,
  MobilePhone: '512-555-0101',
  Categories: '[{"name":"Buyer"}]',
  ...extra,
});

const requestType = (s: Seen | undefined) => s?.url.searchParams.get('requestType');

afterEach(() => vi.unstubAllGlobals());

describe('WiseAgentApi requests', () => {
  it('GETs webconnect.asp with Bearer and the requestType, never the session’s apiBase', async () => {
    const seen = stubFetch(() =>
      json(JSON.stringify([{ First: 'Pat', Last: 'Smith', Email: 'agent@example.com' }])),
    );
    expect(await new WiseAgentApi(tokens()).user()).toEqual({
      id: 'agent@example.com',
      name: 'Pat Smith',
      email: 'agent@example.com',
    });
    expect(seen[0]?.url.origin + (seen[0]?.url.pathname ?? '')).toBe(
      'https://sync.thewiseagent.com/http/webconnect.asp',
    );
    expect(requestType(seen[0])).toBe('getUser');
    expect(seen[0]?.authorization).toBe('Bearer t0');
  });

  it('reads getUser as documented: a JSON string holding [{First, Last, Email}], no user id', async () => {
    const fixture = golden('wiseagent', 'getUser');
    stubFetch(() => json(fixture.body, fixture.httpStatus));
    // The account is named by its email, lowercased: the one documented field that is the user's own.
    expect(await new WiseAgentApi(tokens()).user()).toEqual({
      id: 'agent@example.com',
      name: 'Pat Smith',
      email: 'Agent@Example.com',
    });
  });

  it('reads getUser parsed or bare as well: an array or one object', async () => {
    const user = { First: 'Lee', Last: 'Ames', Email: 'lee@example.com' };
    for (const body of [[user], user, JSON.stringify(user)]) {
      stubFetch(() => json(body));
      expect(await new WiseAgentApi(tokens()).user()).toEqual({
        id: 'lee@example.com',
        name: 'Lee Ames',
        email: 'lee@example.com',
      });
    }
  });

  it('a getUser without an email is not an account Mojo Bridge can name', async () => {
    stubFetch(() => json(JSON.stringify([{ First: 'Lee', Last: 'Ames', Email: '' }])));
    expect((await caught(new WiseAgentApi(tokens()).user())).kind).toBe('malformed');
  });

  it('refreshes once on 401 invalid_grant, then gives up on a second', async () => {
    const source = tokens();
    const seen = stubFetch((_r, i) => (i === 0 ? json({ error: 'invalid_grant' }, 401) : json([])));
    expect((await new WiseAgentApi(source).contactsPage(1)).received).toBe(0);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer t0', 'Bearer t1']);
    expect(source.refreshAfter).toHaveBeenCalledExactlyOnceWith('t0');

    const again = tokens();
    stubFetch(() => json({ error: 'invalid_grant' }, 401));
    const error = await caught(new WiseAgentApi(again).contactsPage(1));
    expect(error).toMatchObject({ kind: 'auth', userMessage: 'Wise Agent needs to be connected again.' });
    expect(again.refreshAfter).toHaveBeenCalledTimes(1);
  });

  it('maps 403, 429 (with Retry-After), 5xx, success:"false" and HTML', async () => {
    stubFetch(() => json({ error: 'insufficient_scope' }, 403));
    const scope = await caught(new WiseAgentApi(tokens()).contactsPage(1));
    expect(scope.kind).toBe('permanent');
    expect(scope.userMessage).toMatch(/allow every permission/);
    stubFetch(() => json({ success: 'false', error: 'Too many requests' }, 429, { 'retry-after': '7' }));
    expect(await caught(new WiseAgentApi(tokens()).contactsPage(1))).toMatchObject({
      kind: 'retry',
      retryAfterMs: 7000,
    });
    // The HTTP layer now holds the next request for that Retry-After (http.ts): not this test's subject.
    clearRetryAfter();
    stubFetch(() => new Response('oops', { status: 500 }));
    const busy = await caught(new WiseAgentApi(tokens()).contactsPage(1));
    expect(busy.kind).toBe('retry');
    expect(busy.userMessage).toMatch(/^Wise Agent is busy/);
    stubFetch(() => json({ success: 'false', error: 'page must be a positive whole number' }));
    const refused = await caught(new WiseAgentApi(tokens()).contactsPage(1));
    expect(refused.kind).toBe('permanent');
    expect(refused.userMessage).toMatch(/page must be a positive whole number/);
    stubFetch(() => new Response('<html>Maintenance</html>', { headers: { 'content-type': 'text/html' } }));
    const html = await caught(new WiseAgentApi(tokens()).contactsPage(1));
    expect(html.kind).toBe('malformed');
    expect(html.userMessage).toBe('Wise Agent answered with a web page instead of data.');
  });
});

describe('WiseAgentApi.contactsPage', () => {
  it('asks for page and page_size 100 and one filter; reads a bad record as an error entry', async () => {
    const seen = stubFetch(() => json([contact(1), { ClientID: 2, CFirst: ['x'] }, contact(3)]));
    const page = await new WiseAgentApi(tokens()).contactsPage(2, { filter: { phone: '(512) 555-0101' } });
    expect(Object.fromEntries(seen[0]?.url.searchParams ?? [])).toEqual({
      requestType: 'getContacts',
      page: '2',
      page_size: '100',
      phone: '5125550101',
    });
    expect(page.received).toBe(3);
    expect(page.contacts.map((c) => c.ref.id)).toEqual(['1', '3']);
    // The records themselves, for the rules: Categories decoded, numbers as text.
    expect(page.raws['1']).toMatchObject({ ClientID: '1', CFirst: 'Jane', Categories: ['Buyer'] });
    expect(Object.keys(page.raws)).toEqual(['1', '3']);
    expect(page.errors).toEqual([{ id: '2', reason: expect.stringMatching(/ClientID 2.*CFirst/) }]);
  });

  it('sends DateUpdatedUTC in UTC, and reads {data:[…]}, a JSON string, null and an empty body', async () => {
    const answers = [
      json({ data: [contact(1)] }),
      json(JSON.stringify([contact(2)])),
      json(null),
      new Response('', { status: 200 }),
    ];
    const seen = stubFetch((_r, i) => answers[i] ?? json([]));
    const api = new WiseAgentApi(tokens());
    expect(
      (await api.contactsPage(1, { updatedSince: Date.UTC(2026, 10, 1, 8, 0, 0) })).contacts,
    ).toHaveLength(1);
    // The documented form: "YYYY-MM-DD HH:mm", 24-hour UTC.
    expect(seen[0]?.url.searchParams.get('DateUpdatedUTC')).toBe('2026-11-01 08:00');
    expect((await api.contactsPage(1)).contacts[0]?.ref.id).toBe('2');
    expect((await api.contactsPage(1)).received).toBe(0);
    expect((await api.contactsPage(1)).received).toBe(0);
  });

  it('calls an object where a list belongs, or a broken JSON string, malformed', async () => {
    stubFetch(() => json({ ClientID: 1 }));
    expect((await caught(new WiseAgentApi(tokens()).contactsPage(1))).kind).toBe('malformed');
    stubFetch(() => json('[{"ClientID":1,'));
    expect((await caught(new WiseAgentApi(tokens()).contactsPage(1))).kind).toBe('malformed');
  });
});

describe('WiseAgentApi.readContacts', () => {
  it('reads each id with getSingleContact, two at a time, and reports missing and bad ids', async () => {
    let inFlight = 0;
    let most = 0;
    const seen = stubFetch(async (request) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const id = Number(new URL(request.url).searchParams.get('clientID'));
      if (id === 404) return json('[]');
      if (id === 500) return json(JSON.stringify([{ ClientID: 500, CFirst: 42, CLast: { x: 1 } }]));
      if (id === 600) return json({ success: 'false', error: 'Contact not found' });
      return json(JSON.stringify([contact(id)]));
    });
    const page = await new WiseAgentApi(tokens()).readContacts([
      '1',
      '2',
      '404',
      '500',
      '600',
      '1',
      'x;y',
      '3',
    ]);
    expect(most).toBe(2);
    expect(seen).toHaveLength(6);
    expect(seen.every((s) => requestType(s) === 'getSingleContact' && s.method === 'GET')).toBe(true);
    expect(page.contacts.map((c) => c.ref.id)).toEqual(['1', '2', '3']);
    expect(page.errors.map((e) => e.id)).toEqual(['x;y', '404', '500', '600']);
    expect(page.errors[1]?.reason).toMatch(/Not found in Wise Agent/);
    expect(page.errors[2]?.reason).toMatch(/could not read/);
    expect(page.errors[3]?.reason).toMatch(/Contact not found/);
  });

  it('a busy server fails the whole read, so the step is retried', async () => {
    stubFetch((request) =>
      new URL(request.url).searchParams.get('clientID') === '2'
        ? json({}, 503)
        : json(JSON.stringify([contact(1)])),
    );
    expect((await caught(new WiseAgentApi(tokens()).readContacts(['1', '2', '3']))).kind).toBe('retry');
  });

  it('never takes another contact for the one asked', async () => {
    stubFetch(() => json(JSON.stringify([contact(9)])));
    const page = await new WiseAgentApi(tokens()).readContacts(['1']);
    expect(page.contacts).toEqual([]);
    expect(page.errors[0]?.reason).toMatch(/contact 9 instead/);
  });
});

describe('WiseAgentApi writes', () => {
  it('webcontact posts a form and says whether it created', async () => {
    const seen = stubFetch((_r, i) =>
      json({ success: 'true', data: { ClientID: 4100020, NewContact: i === 0 ? true : 'false' } }),
    );
    const api = new WiseAgentApi(tokens());
    expect(await api.createContact({ CFirst: 'A', CLast: 'B', Source: 'Mojo', CEmail: 'a@x.com' })).toEqual({
      clientId: '4100020',
      created: true,
      message: null,
    });
    expect(seen[0]?.method).toBe('POST');
    expect(requestType(seen[0])).toBe('webcontact');
    expect(seen[0]?.form).toEqual({ CFirst: 'A', CLast: 'B', Source: 'Mojo', CEmail: 'a@x.com' });
    expect((await api.createContact({ CFirst: 'A', CLast: 'B', Source: 'Mojo' })).created).toBe(false);
    expect((await caught(api.createContact({ CFirst: 'A', CLast: ' ', Source: 'Mojo' }))).code).toBe(
      'missing_field',
    );
  });

  it('updateContact sends clientID; a refusal is permanent', async () => {
    const seen = stubFetch((_r, i) =>
      i === 0
        ? json({ success: 'true', data: { ClientID: 1 } })
        : json({ success: 'false', error: 'Contact not found' }),
    );
    const api = new WiseAgentApi(tokens());
    await api.updateContact('1', { City: 'Buda', Rank: undefined });
    expect(seen[0]?.form).toEqual({ clientID: '1', City: 'Buda' });
    expect(await caught(api.updateContact('2', { City: 'X' }))).toMatchObject({ kind: 'permanent' });
  });

  it('addContactNote sends clientids as CSV and returns the note ids', async () => {
    const seen = stubFetch(() =>
      json([
        {
          success: 'true',
          data: [
            { NoteID: 1, ClientID: 1 },
            { NoteID: 2, ClientID: 2 },
          ],
        },
      ]),
    );
    expect(
      await new WiseAgentApi(tokens()).addContactNote({ clientIds: ['1', '2'], subject: 'S', note: 'N' }),
    ).toEqual(['1', '2']);
    expect(seen[0]?.form).toEqual({ clientids: '1,2', subject: 'S', note: 'N' });
  });

  it('calls sends Arizona time, a Reason of at most 100 characters and the flag', async () => {
    const seen = stubFetch(() => json({ success: 'true', data: { CallID: 99 } }));
    const id = await new WiseAgentApi(tokens()).addCall({
      clientId: '1',
      nextContactAt: Date.UTC(2026, 10, 21, 16, 30),
      callType: 'Follow up call',
      reason: 'x'.repeat(120),
      important: false,
    });
    expect(id).toBe('99');
    expect(seen[0]?.form).toMatchObject({
      ClientId: '1',
      NextContactDate: '2026-11-21 09:30',
      CallType: 'Follow up call',
      FlagImportant: 'false',
    });
    expect(seen[0]?.form.Reason).toHaveLength(100);
  });
});

describe('WiseAgentApi: the way back’s documented answers', () => {
  it('updateContact reads {"Success"} inside a string as done, and {"Error"} as a permanent refusal', async () => {
    stubFetch((_r, i) =>
      i === 0
        ? json(JSON.stringify({ Success: '1 updated' }))
        : i === 1
          ? json({ Error: 'Invalid Field Foo - 2 not updated' })
          : json({ nothing: true }),
    );
    const api = new WiseAgentApi(tokens());
    await api.updateContact('1', { City: 'Buda' });
    expect(await caught(api.updateContact('2', { City: 'X' }))).toMatchObject({
      kind: 'permanent',
      userMessage: 'Wise Agent refused to update contact 2: Invalid Field Foo - 2 not updated.',
    });
    expect((await caught(api.updateContact('3', { City: 'X' }))).kind).toBe('malformed');
  });

  it('calls reads the documented {success:true, id}', async () => {
    stubFetch(() => json({ success: true, id: 123 }));
    const id = await new WiseAgentApi(tokens()).addCall({
      clientId: '1',
      nextContactAt: 0,
      callType: 'Call',
      reason: 'r',
      important: false,
    });
    expect(id).toBe('123');
  });

  it('webcontact sends InsideTeamId when one is assigned', async () => {
    const seen = stubFetch(() => json({ success: 'true', data: { ClientID: 7, NewContact: true } }));
    await new WiseAgentApi(tokens()).createContact({
      CFirst: 'A',
      CLast: 'B',
      Source: 'Mojo',
      InsideTeamId: '2',
    });
    expect(seen[0]?.form).toEqual({ CFirst: 'A', CLast: 'B', Source: 'Mojo', InsideTeamId: '2' });
  });

  it('reads the team, the sources, a contact’s notes and call list, bare, wrapped or inside a string', async () => {
    const seen = stubFetch((request) => {
      const type = new URL(request.url).searchParams.get('requestType');
      if (type === 'getTeam')
        return json([
          { InsideTeamId: 1, Name: 'Pat Smith', Email: 'agent@example.com', JobTitle: 'Broker' },
          { Name: 'no id' },
        ]);
      if (type === 'getSources')
        return json(
          JSON.stringify([
            { ID: 1, Name: 'Zillow' },
            { ID: 2, Name: '' },
          ]),
        );
      if (type === 'getContactNotes')
        return json([
          { NoteID: 640318, ClientID: 1, Subject: 'S', Note: 'N<br>Mojo activity a', NoteDate: 'x' },
        ]);
      return json({
        Data: [
          {
            CallId: '11598',
            Reason: 'Call back',
            NextContactDate: '7/20/2020 6:03:36 PM',
            CallType: '',
            ClientId: '1',
          },
        ],
      });
    });
    const api = new WiseAgentApi(tokens());
    expect(await api.team()).toEqual([{ id: '1', name: 'Pat Smith', email: 'agent@example.com' }]);
    expect(await api.sources()).toEqual(['Zillow']);
    expect(await api.contactNotes('1', 2)).toEqual({
      items: [{ id: '640318', subject: 'S', note: 'N<br>Mojo activity a' }],
      received: 1,
    });
    expect(await api.callsOf('1', 1)).toEqual({
      items: [{ id: '11598', reason: 'Call back', nextContactDate: '7/20/2020 6:03:36 PM', callType: '' }],
      received: 1,
    });
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
    expect(Object.fromEntries(seen[2]?.url.searchParams ?? [])).toEqual({
      requestType: 'getContactNotes',
      ClientID: '1',
      page: '2',
      page_size: '100',
    });
    expect(Object.fromEntries(seen[3]?.url.searchParams ?? [])).toEqual({
      requestType: 'calls',
      clientId: '1',
      page: '1',
      page_size: '100',
    });
  });
});

describe('WiseAgentApi reads every documented answer (golden fixtures)', () => {
  const all = goldens('wiseagent');

  it('has the answers the product reads', () => {
    expect(Object.keys(all).sort()).toEqual(
      [
        'addContactNote',
        'calls-add',
        'calls-read',
        'getContactNotes',
        'getContacts',
        'getSingleContact',
        'getSources',
        'getTeam',
        'getUser',
        'token',
        'token-expired',
        'updateContact-error',
        'updateContact-success',
        'webcontact-created',
        'webcontact-existing',
      ].sort(),
    );
  });

  const answering = (name: string) => {
    const fixture = all[name];
    if (!fixture) throw new Error(`no fixture ${name}`);
    return stubFetch(() => json(fixture.body, fixture.httpStatus));
  };

  it('contacts: getContacts and getSingleContact', async () => {
    answering('getContacts');
    const page = await new WiseAgentApi(tokens()).contactsPage(1);
    expect(page.errors).toEqual([]);
    expect(page.contacts.map((c) => c.ref.id)).toEqual(['1822535']);
    answering('getSingleContact');
    expect((await new WiseAgentApi(tokens()).singleContact('1822535')).found).toBe(true);
  });

  it('team, sources, notes, call list', async () => {
    answering('getTeam');
    expect(await new WiseAgentApi(tokens()).team()).toEqual([
      { id: '1', name: 'Team Member Name', email: 'agent@wiseagent.com' },
    ]);
    answering('getSources');
    expect(await new WiseAgentApi(tokens()).sources()).toEqual(['234']);
    answering('getContactNotes');
    expect((await new WiseAgentApi(tokens()).contactNotes('1855159', 1)).items).toEqual([
      { id: '640318', subject: 'String', note: 'String' },
    ]);
    answering('calls-read');
    expect((await new WiseAgentApi(tokens()).callsOf('234', 1)).items).toEqual([
      { id: '11598', reason: '', nextContactDate: '7/20/2020 6:03:36 PM', callType: '' },
    ]);
  });

  it('writes: webcontact (new and existing), updateContact, addContactNote, calls', async () => {
    const fields = { CFirst: 'John', CLast: 'Becker', Source: 'API' };
    answering('webcontact-created');
    expect(await new WiseAgentApi(tokens()).createContact(fields)).toEqual({
      clientId: '1854784',
      created: true,
      message: null,
    });
    answering('webcontact-existing');
    expect(await new WiseAgentApi(tokens()).createContact(fields)).toEqual({
      clientId: '1854784',
      created: false,
      message: "Use 'updateContact' request to update contacts.",
    });
    answering('updateContact-success');
    await new WiseAgentApi(tokens()).updateContact('1854784', { City: 'Mesa' });
    answering('updateContact-error');
    expect((await caught(new WiseAgentApi(tokens()).updateContact('1854784', { Rank: 'Z' }))).kind).toBe(
      'permanent',
    );
    answering('addContactNote');
    expect(
      await new WiseAgentApi(tokens()).addContactNote({ clientIds: ['1882131'], subject: 's', note: 'n' }),
    ).toEqual(['663505']);
    answering('calls-add');
    expect(
      await new WiseAgentApi(tokens()).addCall({
        clientId: '234',
        nextContactAt: Date.UTC(2026, 0, 1),
        callType: 'Call',
        reason: 'r',
        important: false,
      }),
    ).toBe('123');
  });

  it('an expired token (401 invalid_grant) is refreshed once', async () => {
    const source = tokens();
    const expired = all['token-expired'];
    if (!expired) throw new Error('no fixture');
    stubFetch((_r, i) => (i === 0 ? json(expired.body, expired.httpStatus) : json([])));
    await new WiseAgentApi(source).contactsPage(1);
    expect(source.refreshAfter).toHaveBeenCalledTimes(1);
  });
});
