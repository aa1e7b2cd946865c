import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MojoContactInput } from '../../core/models';
import { caught, golden, goldens, json, rotatingTokens } from '../test-helpers';
import { MojoApi } from './api';

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
  body: unknown;
}

function stubFetch(...answers: Array<() => Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const text = await input.clone().text();
    seen.push({
      method: input.method,
      url: input.url,
      authorization: input.headers.get('authorization'),
      body: text === '' ? undefined : JSON.parse(text),
    });
    const answer = answers[seen.length - 1];
    if (answer === undefined) throw new Error(`unexpected request ${input.method} ${input.url}`);
    return answer();
  });
  return seen;
}

const tokens = () => rotatingTokens('https://app31.mojosells.com/');

function contact(i: number): MojoContactInput {
  return {
    api_contact_id: `zoho:Contacts:${i}`,
    source: 'zoho',
    full_name: 'Jane Doe',
    first_name: 'Jane',
    last_name: 'Doe',
    address: '12 Main St',
    city: 'Austin',
    state: 'TX',
    zip: '78701',
    mediainfo_set: [{ type: 2, value: '5125550101' }],
    notes: [],
    misc: {},
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('MojoApi', () => {
  it('calls the account server with a Bearer token', async () => {
    const seen = stubFetch(() => json({ results: [], next_page: null }));
    await new MojoApi(tokens()).listGroups();
    expect(seen[0]?.url).toBe('https://app31.mojosells.com/api/v1/groups?page=1');
    expect(seen[0]?.authorization).toBe('Bearer t0');
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    const source = tokens();
    const seen = stubFetch(
      () => json({ error: 'token_expired' }, 401),
      () => json({ results: [{ id: 41, name: 'Spring buyers', contact_count: 12 }], next_page: null }),
    );
    expect(await new MojoApi(source).listGroups()).toEqual([
      { id: 41, name: 'Spring buyers', contact_count: 12 },
    ]);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer t0', 'Bearer t1']);
    expect(source.refreshAfter).toHaveBeenCalledExactlyOnceWith('t0');
  });

  it('gives up after a second 401', async () => {
    const source = tokens();
    stubFetch(
      () => json({ error: 'token_expired' }, 401),
      () => json({ error: 'token_expired' }, 401),
    );
    const error = await caught(new MojoApi(source).listGroups());
    expect(error.kind).toBe('auth');
    expect(source.refreshAfter).toHaveBeenCalledTimes(1);
  });

  it('follows next_page to the end', async () => {
    const seen = stubFetch(
      () => json({ results: [{ id: 1, name: 'A' }], next_page: 2 }),
      () => json({ results: [{ id: 2, name: 'B' }], next_page: 3 }),
      () => json({ results: [{ id: 3, name: 'C' }], next_page: null }),
    );
    const groups = await new MojoApi(tokens()).listGroups();
    expect(groups.map((g) => g.name)).toEqual(['A', 'B', 'C']);
    expect(seen.map((s) => new URL(s.url).searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('refuses a next_page that points backwards', async () => {
    stubFetch(
      () => json({ results: [], next_page: 2 }),
      () => json({ results: [], next_page: 1 }),
    );
    expect((await caught(new MojoApi(tokens()).listGroups())).kind).toBe('malformed');
  });

  it('creates a group', async () => {
    const seen = stubFetch(() => json({ id: 42, name: 'Open house' }, 201));
    expect(await new MojoApi(tokens()).createGroup('Open house')).toEqual({ id: 42, name: 'Open house' });
    expect(seen[0]).toMatchObject({ method: 'POST', body: { name: 'Open house' } });
  });

  it('returns the existing group when the name is taken', async () => {
    stubFetch(() => json({ error: 'group_exists', id: 41 }, 409));
    expect(await new MojoApi(tokens()).createGroup('spring buyers')).toEqual({
      id: 41,
      name: 'spring buyers',
    });
  });

  it('refuses to upsert more than 100 contacts without calling Mojo', async () => {
    const seen = stubFetch();
    const contacts = Array.from({ length: 101 }, (_, i) => contact(i));
    await expect(new MojoApi(tokens()).upsertContacts(41, contacts)).rejects.toThrow(RangeError);
    expect(seen).toHaveLength(0);
  });

  it('returns per-item upsert results', async () => {
    const seen = stubFetch(() =>
      json({
        results: [
          {
            api_contact_id: 'zoho:Contacts:1',
            contact_id: 9001,
            action: 'created',
            moved_from_group_id: null,
            error: null,
          },
          {
            api_contact_id: 'zoho:Contacts:2',
            contact_id: 9002,
            action: 'updated',
            moved_from_group_id: 17,
            error: null,
          },
          {
            api_contact_id: 'zoho:Contacts:3',
            contact_id: null,
            action: null,
            error: { code: 'invalid_phone', message: 'Phone is not valid' },
          },
        ],
      }),
    );
    const results = await new MojoApi(tokens()).upsertContacts(41, [contact(1), contact(2), contact(3)]);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: 'https://app31.mojosells.com/api/v1/contacts/upsert',
      body: { group_id: 41 },
    });
    expect(results[1]).toEqual({
      api_contact_id: 'zoho:Contacts:2',
      contact_id: 9002,
      action: 'updated',
      moved_from_group_id: 17,
      error: null,
    });
    expect(results[2]).toMatchObject({
      contact_id: null,
      moved_from_group_id: null,
      error: { code: 'invalid_phone' },
    });
  });

  describe('answers in the shape the public client shows (golden fixtures)', () => {
    const sent = (...ids: string[]) => ids.map((id) => ({ ...contact(0), api_contact_id: id }));
    const answer = (name: string) => {
      const fixture = golden('mojo', name);
      return () => json(fixture.body, fixture.httpStatus);
    };

    it('reads every fixture as an answer, an error or a busy signal — never as malformed', async () => {
      for (const [name, fixture] of Object.entries(goldens('mojo'))) {
        stubFetch(
          () => json(fixture.body, fixture.httpStatus),
          () => json(fixture.body, fixture.httpStatus),
        );
        try {
          await new MojoApi(tokens()).upsertContacts(41, sent('654A4BFB-41B6-4058-B91E-879ECE2C5A0A'));
        } catch (error) {
          expect((await caught(Promise.reject(error))).kind, name).not.toBe('malformed');
        }
        vi.unstubAllGlobals();
      }
    });

    it('a 2xx with an errors list fails the contacts it does not confirm, with Mojo’s words', async () => {
      stubFetch(answer('bulk-create-duplicate'));
      const results = await new MojoApi(tokens()).upsertContacts(
        41,
        sent(
          'a030a3fae0aa57f6bebf368fc4370221',
          'f2d4a646cebe53f6b9b3f7b846e11f1d',
          '68d480032155501eb2b2ca4c6a053306',
          '32ed3a5b524758968d676279fdc9aaaf',
        ),
      );
      expect(results.map((r) => [r.contact_id, r.error?.code ?? null])).toEqual([
        [null, 'duplicated_api_contact_id'],
        [816, null],
        [null, 'duplicated_api_contact_id'],
        [815, null],
      ]);
      expect(results[0]?.error?.message).toBe(
        "Duplicated 'api_contact_id': a030a3fae0aa57f6bebf368fc4370221, 68d480032155501eb2b2ca4c6a053306",
      );
    });

    it('a 2xx with only an errors list fails every contact with that text', async () => {
      stubFetch(answer('bulk-create-invalid'));
      const results = await new MojoApi(tokens()).upsertContacts(41, sent('a', 'b'));
      expect(results).toHaveLength(2);
      for (const r of results) {
        expect(r).toMatchObject({
          contact_id: null,
          error: { code: 'mojo_refused', message: 'All contacts should have the same group_id.' },
        });
      }
    });

    it('“previous request not finished” is Mojo being busy: try again, nothing failed', async () => {
      stubFetch(answer('bulk-create-busy'));
      const error = await caught(new MojoApi(tokens()).upsertContacts(41, sent('a')));
      expect(error).toMatchObject({ kind: 'retry', code: 'previous_request_unfinished' });
    });

    it('a created contact in the bulk shape is a success', async () => {
      stubFetch(answer('bulk-create-created'));
      const [result] = await new MojoApi(tokens()).upsertContacts(
        41,
        sent('654A4BFB-41B6-4058-B91E-879ECE2C5A0A'),
      );
      expect(result).toMatchObject({ contact_id: 58, error: null });
    });

    it('a 403 “Invalid access_token” refreshes the token once and tries again', async () => {
      const source = tokens();
      const seen = stubFetch(answer('forbidden-token'), answer('upsert-answer'));
      const [result] = await new MojoApi(source).upsertContacts(
        41,
        sent('zoho:Contacts:4876876000000623001'),
      );
      expect(result).toMatchObject({ contact_id: 9001, action: 'created' });
      expect(source.refreshAfter).toHaveBeenCalledTimes(1);
      expect(seen.map((s) => s.authorization)).toEqual(['Bearer t0', 'Bearer t1']);
    });

    it('a 403 for anything else is a refusal, not a reconnect', async () => {
      stubFetch(() => json({ detail: 'You do not have permission to perform this action.' }, 403));
      const error = await caught(new MojoApi(tokens()).upsertContacts(41, sent('a')));
      expect(error).toMatchObject({ kind: 'permanent', status: 403 });
    });

    it('an answer with neither results nor errors is malformed (safe to send again)', async () => {
      stubFetch(() => json({}));
      expect((await caught(new MojoApi(tokens()).upsertContacts(41, sent('a')))).kind).toBe('malformed');
    });
  });

  it('calls upsert results with wrong types malformed', async () => {
    stubFetch(() =>
      json({ results: [{ api_contact_id: 'zoho:Contacts:1', contact_id: '9001', action: 'created' }] }),
    );
    expect((await caught(new MojoApi(tokens()).upsertContacts(41, [contact(1)]))).kind).toBe('malformed');
  });

  it('calls an HTML answer malformed', async () => {
    stubFetch(
      () => new Response('<html><body>Sign in</body></html>', { headers: { 'content-type': 'text/html' } }),
    );
    const error = await caught(new MojoApi(tokens()).upsertContacts(41, [contact(1)]));
    expect(error.kind).toBe('malformed');
    expect(error.userMessage).toBe('Mojo answered with a web page instead of data.');
  });

  it('passes Retry-After on with a 429', async () => {
    stubFetch(() => json({ error: 'rate_limited' }, 429, { 'retry-after': '12' }));
    const error = await caught(new MojoApi(tokens()).upsertContacts(41, [contact(1)]));
    expect(error).toMatchObject({ kind: 'retry', status: 429, code: 'rate_limited', retryAfterMs: 12_000 });
  });

  it('links a CRM account', async () => {
    const seen = stubFetch(() => json({ linked: true }));
    expect(
      await new MojoApi(tokens()).linkCrm('zoho', { crm_account_id: 'org1', crm_account_label: 'Acme' }),
    ).toEqual({
      linked: true,
    });
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      url: 'https://app31.mojosells.com/api/v1/integrations/zoho',
      body: { crm_account_id: 'org1', crm_account_label: 'Acme' },
    });
  });

  it('names the other account when the link is taken', async () => {
    stubFetch(() => json({ error: 'linked_to_other_account', linked_account_label: 'Other Realty' }, 409));
    const error = await caught(
      new MojoApi(tokens()).linkCrm('zoho', { crm_account_id: 'org1', crm_account_label: 'Acme' }),
    );
    expect(error.code).toBe('linked_to_other_account');
    expect(error.linkedAccountLabel).toBe('Other Realty');
    expect(error.userMessage).toBe(
      'This Mojo account is connected to another Zoho CRM account (Other Realty). Use Reset credentials on that account in Mojo Bridge (or in Mojo) to release it, then connect again.',
    );
  });

  it('unlinks, and a link already gone is fine', async () => {
    const seen = stubFetch(
      () => new Response(null, { status: 204 }),
      () => json({ error: 'not_linked' }, 404),
    );
    const api = new MojoApi(tokens());
    await api.unlinkCrm('zoho');
    await api.unlinkCrm('zoho');
    expect(seen.map((s) => s.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('reads a contact', async () => {
    stubFetch(() =>
      json({
        id: 9001,
        api_contact_id: 'zoho:Contacts:1',
        full_name: 'Jane Doe',
        first_name: 'Jane',
        last_name: 'Doe',
        address: null,
        city: 'Austin',
        state: 'TX',
        zip: '78701',
        mediainfo_set: [{ type: 2, value: '5125550101' }],
        group_ids: [41],
        updated_at: '2026-11-21T15:04:05Z',
        notes: [{ id: 77, text: 'Met at open house', created_at: '2026-11-21T15:04:05Z' }],
        events: [],
      }),
    );
    const got = await new MojoApi(tokens()).getContact(9001);
    expect(got).toMatchObject({
      id: 9001,
      address: '',
      group_ids: [41],
      notes: [{ id: 77, api_note_id: null }],
    });
  });

  it('reads every activity type and reports the ones it cannot read', async () => {
    const contactRef = { id: 9001, api_contact_id: 'zoho:Contacts:1' };
    const seen = stubFetch(() =>
      json({
        results: [
          {
            id: 'act-1',
            type: 'call_result',
            at: '2026-11-21T15:04:05Z',
            contact: contactRef,
            call: {
              result: 'Contact',
              phone: '5125550101',
              duration_s: 95,
              agent: 'Pat Smith',
              notes: 'Wants a CMA',
            },
          },
          {
            id: 'act-2',
            type: 'contact_updated',
            at: '2026-11-21T15:05:00Z',
            contact: contactRef,
            changes: {
              mediainfo_set: { added: [{ type: 2, value: '5125550199' }] },
              city: { old: 'Austin', new: 'Round Rock' },
            },
          },
          {
            id: 'act-3',
            type: 'note_added',
            at: '2026-11-21T15:06:00Z',
            contact: contactRef,
            note: { id: 77, text: 'Hi' },
          },
          {
            id: 'act-4',
            type: 'event_created',
            at: '2026-11-21T15:07:00Z',
            contact: contactRef,
            event: {
              id: 5,
              kind: 'appointment',
              title: 'Showing',
              start: '2026-11-22T15:00:00Z',
              end: '2026-11-22T16:00:00Z',
            },
          },
          { id: 'act-5', type: 'sms_sent', at: '2026-11-21T15:08:00Z', contact: contactRef },
          {
            id: 'act-6',
            type: 'note_added',
            at: '2026-11-21T15:09:00Z',
            contact: contactRef,
            note: { text: 'no id' },
          },
        ],
        next_cursor: 'c-2',
      }),
    );
    const page = await new MojoApi(tokens()).activities('c-1', 50);
    expect(new URL(seen[0]?.url ?? '').searchParams.toString()).toBe('limit=50&since=c-1');
    expect(page.next_cursor).toBe('c-2');
    expect(page.results.map((a) => a.type)).toEqual([
      'call_result',
      'contact_updated',
      'note_added',
      'event_created',
    ]);
    const updated = page.results[1];
    if (updated?.type !== 'contact_updated') throw new Error('expected contact_updated');
    expect(updated.changes.mediainfo_set).toEqual({ added: [{ type: 2, value: '5125550199' }], removed: [] });
    expect(updated.changes.city).toEqual({ old: 'Austin', new: 'Round Rock' });
    expect(page.skipped.map((s) => [s.id, s.type])).toEqual([
      ['act-5', 'sms_sent'],
      ['act-6', 'note_added'],
    ]);
  });

  it('asks for activities from the start without a cursor', async () => {
    const seen = stubFetch(() => json({ results: [], next_cursor: 'c-1' }));
    await new MojoApi(tokens()).activities(null);
    expect(new URL(seen[0]?.url ?? '').searchParams.toString()).toBe('limit=200');
  });
});
