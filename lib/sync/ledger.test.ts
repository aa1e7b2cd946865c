import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../platform/db';
import { applyPendingLinks, applyPendingLinksInBackground } from './ledger';
import { complete, enqueue, lease } from './outbox';
import { clearDb } from './test-db';

beforeEach(clearDb);

const link = (written: Record<string, string>, mojoContactId = 7) => ({
  apiContactId: 'zoho:Contacts:1',
  mojoContactId,
  name: 'Ann Lee',
  written,
});

async function finishWith(links: ReturnType<typeof link>[], now: number): Promise<boolean> {
  await enqueue(
    [{ system: 'mojo', kind: 'mojo.upsertContacts', key: `k${now}`, payload: {}, jobId: 'j1' }],
    now,
  );
  const [e] = await lease('mojo', 1, now);
  const done = await complete(e?.id ?? -1, { links }, now);
  await applyPendingLinks();
  return done;
}

describe('links recorded when an upsert step finishes', () => {
  it('records the link in the transaction that finishes the entry, and not when the entry was gone', async () => {
    await enqueue([{ system: 'mojo', kind: 'mojo.upsertContacts', key: 'k', payload: {}, jobId: 'j1' }], 1);
    const [e] = await lease('mojo', 1, 1);
    expect(await complete(e?.id ?? -1, {}, 1)).toBe(true);
    expect(await complete(e?.id ?? -1, { links: [link({ firstName: 'f1' })] }, 2)).toBe(false);
    await applyPendingLinks();
    expect(await (await db()).get('ledger', 'zoho:Contacts:1')).toBeUndefined();

    expect(await finishWith([link({ firstName: 'f1', 'phone:5125550101': '1' })], 3)).toBe(true);
    expect(await (await db()).get('ledger', 'zoho:Contacts:1')).toEqual({
      apiContactId: 'zoho:Contacts:1',
      mojoContactId: 7,
      crm: 'zoho',
      module: 'Contacts',
      crmId: '1',
      name: 'Ann Lee',
      lastWrittenToMojo: { firstName: 'f1', 'phone:5125550101': '1' },
      lastWrittenToCrm: null,
      updatedAt: 3,
    });
  });

  it('adds to what was written before and keeps what was written to the CRM', async () => {
    await finishWith([link({ firstName: 'f1', 'phone:5125550101': '1' })], 1);
    const d = await db();
    const first = await d.get('ledger', 'zoho:Contacts:1');
    if (!first) throw new Error('no link');
    await d.put('ledger', { ...first, lastWrittenToCrm: { city: 'c1' } });
    await finishWith([link({ firstName: 'f2', 'phone:5125550199': '1' })], 2);
    expect(await d.get('ledger', 'zoho:Contacts:1')).toMatchObject({
      lastWrittenToMojo: { firstName: 'f2', 'phone:5125550101': '1', 'phone:5125550199': '1' },
      lastWrittenToCrm: { city: 'c1' },
      updatedAt: 2,
    });
  });

  it('leaves a link that already says the same as it is (it still tells when it was first made)', async () => {
    await finishWith([link({ firstName: 'f1', 'phone:5125550101': '1' })], 1);
    await finishWith([link({ firstName: 'f1' })], 2);
    expect((await (await db()).get('ledger', 'zoho:Contacts:1'))?.updatedAt).toBe(1);
    // Another Mojo contact (deleted in Mojo and made again): rewritten.
    await finishWith([link({ firstName: 'f1' }, 8)], 3);
    expect(await (await db()).get('ledger', 'zoho:Contacts:1')).toMatchObject({
      mojoContactId: 8,
      updatedAt: 3,
    });
  });
});

describe('pending links', () => {
  it('are durable with the finished entry and reach the ledger when applied, oldest first', async () => {
    for (const [i, name] of ['First', 'Second'].entries()) {
      await enqueue(
        [{ system: 'mojo', kind: 'mojo.upsertContacts', key: `k${i}`, payload: {}, jobId: 'j1' }],
        i,
      );
      const [e] = await lease('mojo', 1, i);
      await complete(e?.id ?? -1, { links: [{ ...link({ firstName: name }), name }] }, i);
    }
    const d = await db();
    expect(await d.count('pendingLinks')).toBe(2);
    expect(await d.get('ledger', 'zoho:Contacts:1')).toBeUndefined();
    await Promise.all([applyPendingLinks(), applyPendingLinks()]);
    expect(await d.count('pendingLinks')).toBe(0);
    expect(await d.get('ledger', 'zoho:Contacts:1')).toMatchObject({
      name: 'Second',
      lastWrittenToMojo: { firstName: 'Second' },
      updatedAt: 1,
    });
  });
});

describe('pending links in the background', () => {
  it('make way for other work, and a reader still gets them all', async () => {
    for (const i of [0, 1]) {
      await enqueue(
        [{ system: 'mojo', kind: 'mojo.upsertContacts', key: `b${i}`, payload: {}, jobId: 'j1' }],
        i,
      );
      const [e] = await lease('mojo', 1, i);
      await complete(
        e?.id ?? -1,
        { links: [{ ...link({ firstName: `f${i}` }), apiContactId: `zoho:Contacts:${i}` }] },
        i,
      );
    }
    const d = await db();
    let busy = false;
    const background = applyPendingLinksInBackground(() => {
      const wasBusy = busy;
      busy = true; // a run starts after the first batch
      return wasBusy;
    });
    // A reader arriving meanwhile waits for it, then applies what it left.
    const reader = applyPendingLinks();
    expect(await background).toBe(false);
    await reader;
    expect(await d.count('pendingLinks')).toBe(0);
    expect(await d.count('ledger')).toBe(2);
    expect(await applyPendingLinksInBackground(() => true)).toBe(true);
  });
});
