/**
 * Mojo publishes no API, so the emulator also answers in the shapes the one public client of Mojo's
 * partner API shows (RealGeeks/mojo-go): the `bulk_create` answer (HTTP 200 with an `errors` list, a
 * refused contact named only there), "Previous request was not finished or was interrupted." while
 * an earlier write runs, and a dead token as 403 `{detail}`. Add to Mojo must read every one: a 2xx
 * with errors is never a success for the contacts it does not confirm.
 */
import { admin, connectBoth, expect, openPage, selectRows, test, ZOHO_CONTACTS } from './fixtures';
import { addToGroup } from './flows';
import { findMojoContact, SEED_CONTACT_IDS } from './sandbox';

const ids = SEED_CONTACT_IDS;
const apiId = (id: string) => `zoho:Contacts:${id}`;

test('the bulk answer: refused contacts fail with Mojo’s words, a busy Mojo is waited for, a 403 dead token is refreshed once', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await admin(sandbox, 'POST', '/mojo/answer-style', { upsert: 'bulk', deadToken: 403, busyOnce: 1 });
  await admin(sandbox, 'POST', '/mojo/rejections', {
    api_contact_id: apiId(ids.markup),
    code: 'invalid_contact',
    message: 'Mojo refused this contact',
  });
  const refreshesBefore = sandbox.state.mojo.tokenRequests;
  sandbox.faults.add({ system: 'mojo', expireTokens: true });

  const page = await openPage(context, ZOHO_CONTACTS);
  await selectRows(page, ['Jane Doe', 'Marcus Whitfield', 'Mallory <img src=x onerror=alert(1)>']);
  const dialog = await addToGroup(page, 'Spring buyers');
  const status = dialog.getByRole('status');
  await expect(status).toContainText('2 added, 0 updated, 1 failed', { timeout: 30_000 });
  await expect(status).toContainText(
    `Mallory <img src=x onerror=alert(1)>: ${apiId(ids.markup)}: Mojo refused this contact`,
  );

  // What Mojo holds: the two it confirmed, once each; the refused one is not there.
  expect(findMojoContact(sandbox.state, apiId(ids.janeDoe))?.group_ids).toEqual([41]);
  expect(findMojoContact(sandbox.state, apiId(ids.markup))).toBeUndefined();
  expect(sandbox.state.mojo.contacts.size).toBe(2);
  // The dead token cost one refresh; the busy answer one more upsert, not a failure.
  expect(sandbox.state.mojo.tokenRequests - refreshesBefore).toBe(1);
  const mojoCalls = sandbox.requests
    .all()
    .filter((r) => r.path.startsWith('/api/v1/') && !r.path.startsWith('/api/v1/auth'));
  expect(mojoCalls.filter((r) => r.status === 403)).toHaveLength(1);
  const upserts = mojoCalls.filter((r) => r.path === '/api/v1/contacts/upsert');
  expect(upserts.map((r) => r.status)).toEqual([200, 200]);
});

test('sending the same records again in the bulk shape counts them as updated, from the links it holds', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  await admin(sandbox, 'POST', '/mojo/answer-style', { upsert: 'bulk' });
  const page = await openPage(context, ZOHO_CONTACTS);
  await selectRows(page, ['Jane Doe', 'Marcus Whitfield']);
  const first = await addToGroup(page, 'Spring buyers');
  await expect(first.getByRole('status')).toContainText('2 added, 0 updated, 0 failed');
  await first.getByRole('button', { name: 'Close' }).click();

  await selectRows(page, ['Jane Doe', 'Marcus Whitfield', 'Emily Chen']);
  const second = await addToGroup(page, 'Spring buyers');
  await expect(second.getByRole('status')).toContainText('1 added, 2 updated, 0 failed');
  expect(sandbox.state.mojo.contacts.size).toBe(3);
});
