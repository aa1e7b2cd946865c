import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../lib/core/result';
import type { SendToCrmResult } from '../../lib/platform/protocol';
import { createSendStore, type SendToCrmClient } from './store';
import { openLinkText, safeRecordHref, sendButtonLabel, sentText } from './words';

const created: SendToCrmResult = {
  action: 'created',
  name: 'Jane Doe',
  recordUrl: 'https://crm.zoho.com/crm/org1/tab/Leads/1',
};

describe('words', () => {
  it('names the buttons by the CRM’s short name', () => {
    expect(sendButtonLabel('zoho')).toBe('Send to Zoho');
    expect(sendButtonLabel('wiseagent')).toBe('Send to Wise Agent');
    expect(sendButtonLabel('cinc')).toBe('Send to CINC');
  });

  it('says what happened, in which CRM', () => {
    expect(sentText('zoho', created)).toBe('Created Jane Doe in Zoho CRM');
    expect(sentText('cinc', { ...created, action: 'updated' })).toBe('Updated Jane Doe in CINC');
    expect(sentText('wiseagent', { ...created, name: ' ' })).toBe('Created the contact in Wise Agent');
    expect(openLinkText('zoho')).toBe('Open in Zoho CRM');
  });

  it('says a matched record was left alone under Do not update', () => {
    expect(sentText('zoho', { ...created, action: 'unchanged' })).toBe(
      'Matched Jane Doe in Zoho CRM; left unchanged (Do not update)',
    );
  });

  it('links only to https addresses', () => {
    expect(safeRecordHref(created.recordUrl)).toBe(created.recordUrl);
    expect(safeRecordHref('javascript:alert(1)')).toBeNull();
    expect(safeRecordHref('http://crm.zoho.com/crm/tab/Leads/1')).toBeNull();
    expect(safeRecordHref('data:text/html,<b>x</b>')).toBeNull();
    expect(safeRecordHref('not a url')).toBeNull();
    expect(safeRecordHref(null)).toBeNull();
  });
});

function deferred<T>() {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('send store', () => {
  it('is sending, then sent, per contact', async () => {
    const answer = deferred<Result<SendToCrmResult>>();
    const asked: unknown[] = [];
    const client: SendToCrmClient = {
      sendToCrm: (data) => {
        asked.push(data);
        return answer.promise;
      },
    };
    const store = createSendStore(client);
    const running = store.getState().send('zoho', 9001);
    expect(store.getState().byContact[9001]).toEqual({ status: 'sending', crm: 'zoho' });
    // A second click while the first is in flight does not send twice.
    await store.getState().send('zoho', 9001);
    answer.resolve(ok(created));
    await running;
    expect(asked).toEqual([{ crm: 'zoho', mojoContactId: 9001 }]);
    expect(store.getState().byContact[9001]).toEqual({ status: 'sent', crm: 'zoho', result: created });
    expect(store.getState().byContact[9002]).toBeUndefined();
  });

  it('tells a failure from a send that is still going on in the background', async () => {
    const store = createSendStore({
      sendToCrm: async ({ mojoContactId }) =>
        mojoContactId === 1
          ? fail('send_failed', 'Zoho CRM needs a last name.')
          : fail('still_sending', 'Still sending to Zoho CRM.'),
    });
    await store.getState().send('zoho', 1);
    await store.getState().send('zoho', 2);
    expect(store.getState().byContact[1]).toEqual({
      status: 'failed',
      crm: 'zoho',
      message: 'Zoho CRM needs a last name.',
    });
    expect(store.getState().byContact[2]).toMatchObject({ status: 'waiting' });
  });

  it('turns an undeliverable message into a readable failure', async () => {
    const store = createSendStore({
      sendToCrm: async () => {
        throw new Error('Extension context invalidated.');
      },
    });
    await store.getState().send('cinc', 5);
    expect(store.getState().byContact[5]).toMatchObject({
      status: 'failed',
      message: 'Mojo Bridge was updated or reloaded. Reload this page and try again.',
    });
  });
});
