import { afterEach, describe, expect, it, vi } from 'vitest';
import { caught, json, rotatingTokens } from '../test-helpers';
import { ZohoApi, type ZohoPage } from './api';
import { zohoReadFields } from './fields';

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
  body: unknown;
}

function stubFetch(answer: (request: Request, index: number) => Response | Promise<Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const text = await input.clone().text();
    seen.push({
      method: input.method,
      url: input.url,
      authorization: input.headers.get('authorization'),
      body: text === '' ? undefined : JSON.parse(text),
    });
    return answer(input, seen.length - 1);
  });
  return seen;
}

function inOrder(...answers: Array<() => Response>): (request: Request, index: number) => Response {
  return (request, index) => {
    const answer = answers[index];
    if (answer === undefined) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return answer();
  };
}

async function collect(stream: AsyncIterable<ZohoPage>): Promise<ZohoPage[]> {
  const pages: ZohoPage[] = [];
  for await (const page of stream) pages.push(page);
  return pages;
}

const tokens = () => rotatingTokens('https://www.zohoapis.com', '1000.t');

const record = (id: string) => ({
  id,
  First_Name: 'Jane',
  Last_Name: `Doe ${id}`,
  Email: `jane${id}@example.com`,
  Mobile: '512-555-0101',
  Mailing_City: 'Austin',
});

const params = (url: string | undefined) => Object.fromEntries(new URL(url ?? '').searchParams);

afterEach(() => vi.unstubAllGlobals());

describe('ZohoApi requests', () => {
  it('sends Zoho-oauthtoken (not Bearer) to {api_domain}/crm/v7', async () => {
    const seen = stubFetch(
      inOrder(() =>
        json({ org: [{ id: '20077', company_name: 'Acme Realty', domain_name: 'org20077', extra: 1 }] }),
      ),
    );
    expect(await new ZohoApi(tokens()).org()).toEqual({
      id: '20077',
      company_name: 'Acme Realty',
      domain_name: 'org20077',
    });
    expect(seen[0]?.url).toBe('https://www.zohoapis.com/crm/v7/org');
    expect(seen[0]?.authorization).toBe('Zoho-oauthtoken 1000.t0');
  });

  it('refreshes once on INVALID_TOKEN and retries', async () => {
    const source = tokens();
    const seen = stubFetch(
      inOrder(
        () =>
          json({ code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' }, 401),
        () => json({ count: 42 }),
      ),
    );
    expect(await new ZohoApi(source).countView('Contacts', '111')).toBe(42);
    expect(seen.map((s) => s.authorization)).toEqual(['Zoho-oauthtoken 1000.t0', 'Zoho-oauthtoken 1000.t1']);
    expect(source.refreshAfter).toHaveBeenCalledExactlyOnceWith('1000.t0');
    expect(seen[1]?.url).toBe('https://www.zohoapis.com/crm/v7/Contacts/actions/count?cvid=111');
  });

  it('gives up after a second dead token (INVALID_OAUTHTOKEN)', async () => {
    const source = tokens();
    stubFetch(() =>
      json({ code: 'INVALID_OAUTHTOKEN', message: 'invalid oauth token', status: 'error' }, 401),
    );
    const error = await caught(new ZohoApi(source).countView('Contacts', undefined));
    expect(error).toMatchObject({ kind: 'auth', code: 'INVALID_OAUTHTOKEN' });
    expect(source.refreshAfter).toHaveBeenCalledTimes(1);
  });

  it('does not refresh for a missing scope, and names it', async () => {
    const source = tokens();
    stubFetch(() =>
      json({ code: 'OAUTH_SCOPE_MISMATCH', message: 'invalid oauth scope', status: 'error' }, 401),
    );
    const error = await caught(new ZohoApi(source).users());
    expect(error.kind).toBe('permanent');
    expect(error.userMessage).toMatch(/ZohoCRM\.users\.READ/);
    expect(source.refreshAfter).not.toHaveBeenCalled();
  });

  it('names the missing permission on NO_PERMISSION', async () => {
    stubFetch(() =>
      json(
        {
          code: 'NO_PERMISSION',
          details: { permissions: ['Crm_Implied_View_Contacts'] },
          message: 'permission denied',
          status: 'error',
        },
        403,
      ),
    );
    const error = await caught(new ZohoApi(tokens()).countView('Contacts', undefined));
    expect(error).toMatchObject({ kind: 'permanent', code: 'NO_PERMISSION' });
    expect(error.userMessage).toMatch(/Crm_Implied_View_Contacts/);
  });

  it('treats 429 as retry, with no Retry-After to go on', async () => {
    stubFetch(() => json({ code: 'TOO_MANY_REQUESTS', message: 'too many', status: 'error' }, 429));
    const error = await caught(new ZohoApi(tokens()).countView('Contacts', undefined));
    expect(error).toMatchObject({ kind: 'retry', code: 'TOO_MANY_REQUESTS', retryAfterMs: null });
  });

  it('keeps Zoho’s code on other 4xx', async () => {
    stubFetch(() =>
      json(
        { code: 'INVALID_DATA', details: {}, message: 'the id given seems to be invalid', status: 'error' },
        400,
      ),
    );
    const error = await caught(new ZohoApi(tokens()).countView('Contacts', 'x'));
    expect(error).toMatchObject({ kind: 'permanent', code: 'INVALID_DATA', status: 400 });
  });

  it('calls an HTML 200 malformed', async () => {
    stubFetch(
      () =>
        new Response('<html>Zoho is under maintenance</html>', { headers: { 'content-type': 'text/html' } }),
    );
    expect((await caught(new ZohoApi(tokens()).org())).kind).toBe('malformed');
  });

  it('reads active users', async () => {
    const seen = stubFetch(
      inOrder(() =>
        json({
          users: [{ id: '1', email: 'pat@example.com', full_name: 'Pat Smith', status: 'active', role: {} }],
          info: { more_records: false },
        }),
      ),
    );
    expect(await new ZohoApi(tokens()).users()).toEqual([
      { id: '1', email: 'pat@example.com', full_name: 'Pat Smith', status: 'active' },
    ]);
    expect(params(seen[0]?.url)).toEqual({ type: 'ActiveUsers', per_page: '200', page: '1' });
  });
});

describe('ZohoApi.getRecords', () => {
  it('reads ids in batches of 100 with the module fields', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `4876876000000623${String(i).padStart(3, '0')}`);
    const seen = stubFetch((request) => {
      const asked = new URL(request.url).searchParams.get('ids')?.split(',') ?? [];
      return json({ data: asked.map(record), info: { more_records: false } });
    });
    const pages = await collect(new ZohoApi(tokens()).getRecords('Contacts', ids));
    expect(seen.map((s) => params(s.url).ids?.split(',').length)).toEqual([100, 100, 50]);
    expect(params(seen[0]?.url).fields).toBe(zohoReadFields('Contacts').join(','));
    expect(new URL(seen[0]?.url ?? '').pathname).toBe('/crm/v7/Contacts');
    expect(pages.flatMap((p) => p.records)).toHaveLength(250);
    expect(pages[0]?.records[0]).toMatchObject({
      ref: { crm: 'zoho', module: 'Contacts', id: ids[0] },
      firstName: 'Jane',
      city: 'Austin',
      emails: [`jane${ids[0]}@example.com`],
    });
  });

  it('reports a malformed record and a missing one without failing the page', async () => {
    stubFetch(inOrder(() => json({ data: [record('1'), { id: '2', First_Name: 42, Last_Name: 'Two' }] })));
    const [page] = await collect(new ZohoApi(tokens()).getRecords('Contacts', ['1', '2', '3']));
    expect(page?.records.map((r) => r.ref.id)).toEqual(['1']);
    expect(page?.errors.map((e) => e.id)).toEqual(['2', '3']);
    expect(page?.errors[1]?.reason).toMatch(/Not found/);
  });

  it('a record without the fields asked for makes the answer malformed (read again), not a contact with no phone', async () => {
    stubFetch(inOrder(() => json({ data: [record('1'), { id: '2' }] })));
    const error = await caught(collect(new ZohoApi(tokens()).getRecords('Contacts', ['1', '2'])));
    expect(error).toMatchObject({ kind: 'malformed' });
  });

  it('reads 204 as nothing there', async () => {
    stubFetch(inOrder(() => new Response(null, { status: 204 })));
    const [page] = await collect(new ZohoApi(tokens()).getRecords('Leads', ['7']));
    expect(page?.records).toEqual([]);
    expect(page?.errors.map((e) => e.id)).toEqual(['7']);
  });

  it('never sends something that is not a record id', async () => {
    const seen = stubFetch(() => json({ data: [] }));
    const pages = await collect(new ZohoApi(tokens()).getRecords('Contacts', ['1,2', '../x']));
    expect(seen).toHaveLength(0);
    expect(pages[0]?.errors.map((e) => e.id)).toEqual(['1,2', '../x']);
  });

  it('refuses a module it has no fields for', async () => {
    stubFetch(() => json({ data: [] }));
    const error = await caught(collect(new ZohoApi(tokens()).getRecords('Deals', ['1'])));
    expect(error.code).toBe('unsupported_module');
  });
});

describe('ZohoApi.listView', () => {
  /** A view of `total` records served 200 a page, numbered to 2,000 and by token beyond. */
  function serveView(total: number) {
    return (request: Request) => {
      const q = new URL(request.url).searchParams;
      const token = q.get('page_token');
      const page = token === null ? Number(q.get('page')) : 10 + Number(token.slice('tok'.length));
      const start = (page - 1) * 200;
      const data = Array.from({ length: Math.max(0, Math.min(200, total - start)) }, (_, i) =>
        record(String(start + i + 1)),
      );
      const more = start + data.length < total;
      return json({
        data,
        info: {
          per_page: 200,
          count: data.length,
          page,
          more_records: more,
          next_page_token: more ? `tok${page - 9}` : null,
        },
      });
    };
  }

  it('pages to 2,000 by number, then by page_token (2,500 records)', async () => {
    const seen = stubFetch(serveView(2500));
    const pages = await collect(new ZohoApi(tokens()).listView('Contacts', '4876876000000087501'));
    expect(pages.map((p) => p.records.length)).toEqual([...Array(12).fill(200), 100]);
    expect(
      seen.map((s) => {
        const { page, page_token } = params(s.url);
        return page_token ?? `page=${page}`;
      }),
    ).toEqual([
      'page=1',
      'page=2',
      'page=3',
      'page=4',
      'page=5',
      'page=6',
      'page=7',
      'page=8',
      'page=9',
      'page=10',
      'tok1',
      'tok2',
      'tok3',
    ]);
    for (const s of seen) {
      expect(params(s.url)).toMatchObject({ cvid: '4876876000000087501', per_page: '200' });
      expect('page' in params(s.url) && 'page_token' in params(s.url)).toBe(false);
    }
    expect(new Set(pages.flatMap((p) => p.records.map((r) => r.ref.id))).size).toBe(2500);
  });

  it("stops at Zoho's 100,000-record page_token limit and says so, never silently", async () => {
    stubFetch(serveView(100_400));
    const api = new ZohoApi(tokens());
    const tenth = await api.viewPage('Contacts', undefined, 'p:10');
    expect(tenth.next).toBe('t11:tok1');
    const before = await api.viewPage('Contacts', undefined, 't499:tok489');
    expect(before.next).toBe('t500:tok490');
    expect(before.cutShort).toBeUndefined();
    const last = await api.viewPage('Contacts', undefined, 't500:tok490');
    expect(last.records).toHaveLength(200);
    expect(last.next).toBeNull();
    expect(last.cutShort).toMatch(/first 100,000 records/);
    // A cursor saved by an older version (no page number) still reads on.
    expect((await api.viewPage('Contacts', undefined, 't:tok5')).next).toBe('t:tok6');
  });

  it('streams: a page is fetched only when the consumer asks for it', async () => {
    const seen = stubFetch(serveView(2500));
    const stream = new ZohoApi(tokens()).listView('Contacts', undefined)[Symbol.asyncIterator]();
    await stream.next();
    expect(seen).toHaveLength(1);
    expect('cvid' in params(seen[0]?.url)).toBe(false);
    await stream.next();
    expect(seen).toHaveLength(2);
    await stream.return?.(undefined);
  });

  it('ends on 204', async () => {
    const seen = stubFetch(inOrder(() => new Response(null, { status: 204 })));
    expect(await collect(new ZohoApi(tokens()).listView('Leads', undefined))).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('calls a missing page token past 2,000 malformed', async () => {
    stubFetch((request) => {
      const page = Number(new URL(request.url).searchParams.get('page'));
      return json({ data: [record(String(page))], info: { page, more_records: true } });
    });
    expect((await caught(collect(new ZohoApi(tokens()).listView('Contacts', undefined)))).kind).toBe(
      'malformed',
    );
  });
});

describe('ZohoApi.insert', () => {
  it('sends trigger: [] and reads a mixed 207 per record', async () => {
    const seen = stubFetch(
      inOrder(() =>
        json(
          {
            data: [
              {
                code: 'SUCCESS',
                duplicate_field: 'Email',
                action: 'update',
                details: { Modified_Time: '2026-11-21T10:00:00-06:00', id: '111' },
                message: 'record updated',
                status: 'success',
              },
              {
                code: 'SUCCESS',
                duplicate_field: null,
                action: 'insert',
                details: { id: '222' },
                message: 'record added',
                status: 'success',
              },
              {
                code: 'DUPLICATE_DATA',
                details: {
                  api_name: 'Email',
                  duplicate_record: { id: '333', module: { api_name: 'Contacts' } },
                },
                message: 'duplicate data',
                status: 'error',
              },
              {
                code: 'MANDATORY_NOT_FOUND',
                details: { api_name: 'Last_Name' },
                message: 'required field not found',
                status: 'error',
              },
            ],
          },
          207,
        ),
      ),
    );
    const records = [{ Email: 'a@x.com' }, { Email: 'b@x.com' }, { Email: 'c@x.com' }, { First_Name: 'D' }];
    const results = await new ZohoApi(tokens()).insert('Contacts', records);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: 'https://www.zohoapis.com/crm/v7/Contacts',
      body: { data: records, trigger: [] },
    });
    expect(results).toEqual([
      { ok: true, id: '111', action: 'update', code: 'SUCCESS', message: 'record updated' },
      { ok: true, id: '222', action: 'insert', code: 'SUCCESS', message: 'record added' },
      { ok: false, id: '333', field: 'Email', code: 'DUPLICATE_DATA', message: 'duplicate data' },
      { ok: false, field: 'Last_Name', code: 'MANDATORY_NOT_FOUND', message: 'required field not found' },
    ]);
  });

  it('reads a 400 where every record failed as per-record results', async () => {
    stubFetch(
      inOrder(() =>
        json(
          {
            data: [
              {
                code: 'INVALID_DATA',
                details: { api_name: 'Email' },
                message: 'invalid data',
                status: 'error',
              },
            ],
          },
          400,
        ),
      ),
    );
    expect(await new ZohoApi(tokens()).insert('Leads', [{ Email: 'nope' }])).toEqual([
      { ok: false, field: 'Email', code: 'INVALID_DATA', message: 'invalid data' },
    ]);
  });

  it('calls a count mismatch malformed', async () => {
    stubFetch(inOrder(() => json({ data: [] })));
    expect((await caught(new ZohoApi(tokens()).insert('Leads', [{ Last_Name: 'X' }]))).kind).toBe(
      'malformed',
    );
  });

  it('refuses more than 100 records without calling Zoho', async () => {
    const seen = stubFetch(() => json({ data: [] }));
    const records = Array.from({ length: 101 }, () => ({ Last_Name: 'X' }));
    await expect(new ZohoApi(tokens()).insert('Contacts', records)).rejects.toThrow(RangeError);
    expect(seen).toHaveLength(0);
  });
});

describe('ZohoApi.addNote', () => {
  it('adds a note to the record and returns its id', async () => {
    const seen = stubFetch(
      inOrder(() =>
        json(
          { data: [{ code: 'SUCCESS', details: { id: '991' }, message: 'record added', status: 'success' }] },
          201,
        ),
      ),
    );
    expect(await new ZohoApi(tokens()).addNote('Contacts', '111', 'Call: Contact', 'Wants a CMA')).toBe(
      '991',
    );
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: 'https://www.zohoapis.com/crm/v7/Notes',
      body: {
        data: [
          {
            Note_Title: 'Call: Contact',
            Note_Content: 'Wants a CMA',
            Parent_Id: { module: { api_name: 'Contacts' }, id: '111' },
          },
        ],
      },
    });
  });

  it('throws with Zoho’s code when the note was refused', async () => {
    stubFetch(
      inOrder(() =>
        json(
          {
            data: [
              {
                code: 'INVALID_DATA',
                details: { api_name: 'Parent_Id' },
                message: 'invalid data',
                status: 'error',
              },
            ],
          },
          400,
        ),
      ),
    );
    const error = await caught(new ZohoApi(tokens()).addNote('Contacts', '111', 't', 'c'));
    expect(error).toMatchObject({ kind: 'permanent', code: 'INVALID_DATA' });
  });
});

describe('ZohoApi.cursorsUpFront', () => {
  it('names the numbered pages a view of that size needs, at most Zoho’s ten, at least one', () => {
    expect(ZohoApi.cursorsUpFront(0)).toEqual(['p:1']);
    expect(ZohoApi.cursorsUpFront(200)).toEqual(['p:1']);
    expect(ZohoApi.cursorsUpFront(201)).toEqual(['p:1', 'p:2']);
    const many = ZohoApi.cursorsUpFront(10_000);
    expect(many).toHaveLength(10);
    // The last one is the page whose answer carries the page token onwards.
    expect(many.at(-1)).toBe('p:10');
  });
});
