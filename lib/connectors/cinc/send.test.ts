/**
 * Send to CINC on the write path: the upsert's answer body is undocumented (a bare 201 is a created
 * lead, found again by its email), CINC's upsert matches by email so the user's identification rule
 * must be checked before it can (needs review, never a silent merge), Do not update writes nothing
 * and says "unchanged", and an existing lead's email is never sent (CINC cannot change it).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CrmRules, ObjectRules } from '../../core/rules/model';
import { ApiError } from '../http';
import { json } from '../test-helpers';
import type { ContactDraft, SendOptions } from '../types';
import { cincConnector } from './index';

const API = 'https://public.cincapi.com/v2';
const tokens = {
  current: async () => ({ accessToken: 't', apiBase: API }),
  refreshAfter: async () => ({ accessToken: 't', apiBase: API }),
};

interface Post {
  body: Record<string, unknown>;
}

/**
 * A small CINC: a list of leads (50 a page), each lead by id, agents unknown, and the upsert
 * answering with `upsertAnswer` — by default a 201 with no body, as CINC's docs' example leaves it.
 */
function fakeCinc(
  leads: Record<string, unknown>[],
  upsertAnswer: (body: Record<string, unknown>) => Response = () => new Response(null, { status: 201 }),
): Post[] {
  const posts: Post[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    const path = url.pathname.replace('/v2', '');
    if (input.method === 'POST' && path === '/site/leads') {
      const body = (await input.json()) as Record<string, unknown>;
      posts.push({ body });
      const answer = upsertAnswer(body);
      if (answer.status === 201 && body.id === undefined) {
        // The new lead lands at the end of the list, as any lead added in CINC would.
        const contact = (body.info as { contact: Record<string, unknown> }).contact;
        leads.push({ id: `L-new-${posts.length}`, username: contact.email, info: { contact } });
      }
      return answer;
    }
    if (path === '/site/leads') {
      const offset = Number(url.searchParams.get('offset'));
      return json({ leads: leads.slice(offset, offset + 50) });
    }
    if (path === '/site/me') return json({ id: 'site-1', name: 'Team' });
    const byId = /^\/site\/leads\/([^/]+)$/.exec(path);
    const lead = leads.find((l) => l.id === byId?.[1]);
    if (lead) return json({ lead });
    return json({ error: 'not_found', message: 'Not found' }, 404);
  });
  return posts;
}

const DANA: ContactDraft = {
  firstName: 'Dana',
  lastName: 'Reyes',
  fullName: 'Dana Reyes',
  address: '',
  city: 'Austin',
  state: '',
  zip: '',
  country: '',
  phones: [{ kind: 'mobile', raw: '5125550177' }],
  emails: ['dana@example.com'],
  notes: [],
  misc: {},
};

function options(object: Partial<ObjectRules> = {}): SendOptions {
  return {
    link: null,
    recordType: 'lead',
    object: { ...ObjectRules.parse({}), ...object },
    crm: { ...CrmRules.parse({}), owner: 'none' },
    agentEmail: null,
  };
}

const send = (draft: ContactDraft, opts: SendOptions) => {
  const c = cincConnector(tokens);
  if (!c.sendContact) throw new Error('no Send to CINC');
  return c.sendContact(draft, opts);
};

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

afterEach(() => vi.unstubAllGlobals());

describe('a new lead whose upsert answers 201 with no body', () => {
  it('is created once and found again by its email', async () => {
    const posts = fakeCinc([{ id: 'L-1', info: { contact: { email: 'other@example.com' } } }]);
    const sent = await send(DANA, options());
    expect(sent).toMatchObject({ action: 'created', ref: { crm: 'cinc', module: 'lead', id: 'L-new-1' } });
    expect(posts).toHaveLength(1);
  });

  it.each([
    ['{}', () => json({}, 201)],
    ['a text body', () => new Response('Created', { status: 201 })],
  ])('and with %s', async (_what, answer) => {
    const posts = fakeCinc([], answer);
    expect((await send(DANA, options())).ref.id).toBe('L-new-1');
    expect(posts).toHaveLength(1);
  });

  it('not found again: a permanent error naming the contact, never a second write', async () => {
    const posts = fakeCinc([]);
    // The lead list does not show it (yet): the write happened, so it must not be sent again.
    vi.stubGlobal(
      'fetch',
      (
        (inner) => async (input: Request) =>
          new URL(input.url).pathname === '/v2/site/leads' && input.method === 'GET'
            ? json({ leads: [] })
            : inner(input)
      )(globalThis.fetch),
    );
    const error = await refusal(send(DANA, options()));
    expect(error.kind).toBe('permanent');
    expect(error.userMessage).toContain('Dana Reyes');
    expect(posts).toHaveLength(1);
  });
});

describe("the user's identification rule decides, not CINC's email key", () => {
  const jane = {
    id: 'L-7',
    username: 'jane@example.com',
    info: { contact: { first_name: 'Jane', email: 'jane@example.com', phone_numbers: {} } },
  };

  it('Phone only found nothing, but a lead has the email: needs review, nothing written', async () => {
    const posts = fakeCinc([jane]);
    const error = await refusal(
      send({ ...DANA, emails: ['Jane@Example.com'] }, options({ identify: ['phone'] })),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'needs_review' });
    expect(error.userMessage).toContain('Dana Reyes');
    expect(error.userMessage).toContain('L-7');
    expect(error.userMessage).toMatch(/phone/i);
    expect(posts).toEqual([]);
  });

  it('Phone only with a username equal to the email is the same: needs review', async () => {
    const posts = fakeCinc([{ ...jane, info: { contact: { first_name: 'Jane' } } }]);
    const error = await refusal(
      send({ ...DANA, emails: ['jane@example.com'] }, options({ identify: ['phone'] })),
    );
    expect(error.code).toBe('needs_review');
    expect(posts).toEqual([]);
  });

  it('with Email in the rule the lead is found and updated by its id', async () => {
    const posts = fakeCinc([jane], () => new Response(null, { status: 200 }));
    const sent = await send(
      { ...DANA, emails: ['jane@example.com'] },
      options({ identify: ['phone', 'email'] }),
    );
    expect(sent).toMatchObject({ action: 'updated', ref: { id: 'L-7' } });
    expect(posts[0]?.body.id).toBe('L-7');
  });
});

describe('Do not update', () => {
  it('a matched lead is left unchanged, nothing written', async () => {
    const posts = fakeCinc([
      { id: 'L-7', info: { contact: { first_name: 'Jane', email: 'dana@example.com' } } },
    ]);
    const sent = await send(DANA, options({ policy: 'do_not_update' }));
    expect(sent).toMatchObject({ action: 'unchanged', ref: { id: 'L-7' } });
    expect(posts).toEqual([]);
  });
});

describe("an existing lead's email", () => {
  it('is never sent: CINC cannot change it', async () => {
    const posts = fakeCinc(
      [{ id: 'L-7', info: { contact: { first_name: 'Dana', phone_numbers: { cell_phone: '5125550177' } } } }],
      () => new Response(null, { status: 200 }),
    );
    const sent = await send(DANA, options({ identify: ['phone'] }));
    expect(sent).toMatchObject({ action: 'updated', ref: { id: 'L-7' } });
    const contact = (posts[0]?.body.info as { contact: Record<string, unknown> } | undefined)?.contact;
    expect(contact?.email).toBeUndefined();
    expect(sent.notes.join(' ')).toContain('dana@example.com');
  });
});
