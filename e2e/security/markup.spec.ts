/**
 * Markup in CRM data (`<img onerror>`, `javascript:` links, `<script>`) never executes and never
 * becomes markup anywhere: the overlay on the CRM page, the popup (account label, activity log,
 * failed list), the options page (field names the CRM lists), and the notes written to the CRM.
 * Execution is watched for directly (a global the payload would set, dialogs, CSP reports on the
 * extension pages) and so is its precondition (no element or link built from the data).
 */
import type { ConsoleMessage, Page } from '@playwright/test';
import { ask } from '../faults/figures';
import {
  admin,
  chooseGroup,
  connectMojo,
  connectZoho,
  expect,
  openDialog,
  test,
  ZOHO_WEB,
} from '../fixtures';
import { findMojoContact, SEED_CONTACT_IDS, SEED_VIEWS } from '../sandbox';

const IMG = '<img src=x onerror="window.__xss=1">';
const LINK = '<a href="javascript:window.__xss=2">open</a>';
const SCRIPT = '<script>window.__xss=3</script>';

/** What markup would leave behind if it had become DOM. */
async function injected(page: Page): Promise<{ imgs: number; jsLinks: number; xss: unknown }> {
  return page.evaluate(() => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    let imgs = 0;
    let jsLinks = 0;
    for (const r of roots) {
      imgs += r.querySelectorAll('img[src="x"], [onerror]').length;
      jsLinks += [...r.querySelectorAll('a[href]')].filter((a) =>
        (a.getAttribute('href') ?? '').trim().toLowerCase().startsWith('javascript:'),
      ).length;
    }
    return { imgs, jsLinks, xss: (window as unknown as { __xss?: unknown }).__xss };
  });
}

test('markup in CRM data stays text in the overlay, the popup and the options page, and is defused in notes written to the CRM', async ({
  context,
  extensionId,
  popup,
  sandbox,
}) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  const watch = (p: Page) => {
    p.on('dialog', (d) => {
      problems.push(`dialog on ${p.url()}: ${d.message()}`);
      void d.dismiss();
    });
    p.on('console', (m: ConsoleMessage) => {
      // The extension pages' CSP would block an inline handler or a javascript: URL and say so.
      if (/Content Security Policy|inline event handler|javascript:/i.test(m.text())) problems.push(m.text());
    });
  };
  watch(popup);
  context.on('page', watch);

  // The CRM's own names carry markup: its org name, a contact, and a field it lists.
  sandbox.state.zoho.org.company_name = `Acme ${IMG} Realty`;
  const [eve] = (
    (await admin(sandbox, 'POST', '/zoho/records', {
      module: 'Contacts',
      records: [
        { First_Name: 'Eve', Last_Name: `${IMG}${LINK}`, Email: 'eve@example.com', Description: SCRIPT },
      ],
    })) as { records: { id: string }[] }
  ).records;
  if (!eve) throw new Error('no record');
  await context.route(
    (url) => url.hostname === 'www.zohoapis.com' && url.pathname.endsWith('/settings/fields'),
    async (route) => {
      // The sandbox's real answer (asked in-process: Node cannot resolve the mapped host), plus one.
      const asked = route.request();
      const real = (await (await sandbox.fetch(asked.url(), { headers: asked.headers() })).json()) as {
        fields: unknown[];
      };
      await route.fulfill({
        json: { fields: [...real.fields, { api_name: 'Evil_Field', field_label: `Evil ${IMG} ${LINK}` }] },
      });
    },
  );
  await admin(sandbox, 'POST', '/mojo/rejections', {
    api_contact_id: `zoho:Contacts:${eve.id}`,
    code: 'invalid_contact',
    message: `Mojo refused ${LINK}`,
  });

  // Popup: the org name shows as text.
  await connectMojo(popup);
  await expect(popup.getByText('Connected as Pat Smith')).toBeVisible();
  await connectZoho(popup);
  await expect(popup.getByText(`Connected to Acme ${IMG} Realty`)).toBeVisible();

  // Overlay: Mallory (markup in her name) and Eve (refused by Mojo, listed with her name).
  const page = await context.newPage();
  await page.goto(`${ZOHO_WEB}/tab/Contacts/custom-view/${SEED_VIEWS.allContacts}/list`);
  for (const id of [SEED_CONTACT_IDS.markup, eve.id, SEED_CONTACT_IDS.janeDoe]) {
    await page.locator(`[data-record-id="${id}"] input[type=checkbox]`).check();
  }
  const dialog = await openDialog(page);
  await chooseGroup(dialog, 'Spring buyers');
  await dialog.getByRole('button', { name: 'Send to Mojo' }).click();
  const status = dialog.getByRole('status');
  await expect(status).toContainText('2 added, 0 updated, 1 failed');
  await expect(status).toContainText(`Eve ${IMG}${LINK}: Mojo refused ${LINK}`);
  expect(await injected(page)).toEqual({ imgs: 0, jsLinks: 0, xss: undefined });

  // Notes written to the CRM: a Mojo note full of markup arrives in Zoho defused.
  const jane = findMojoContact(sandbox.state, `zoho:Contacts:${SEED_CONTACT_IDS.janeDoe}`);
  const mallory = findMojoContact(sandbox.state, `zoho:Contacts:${SEED_CONTACT_IDS.markup}`);
  await admin(sandbox, 'POST', '/mojo/activities', {
    id: 'act-markup-note',
    type: 'note_added',
    contact: { id: jane?.id, api_contact_id: jane?.api_contact_id },
    note: { id: 5, text: `Call back ${IMG} ${LINK} ${SCRIPT} — a < b, <3` },
  });
  // And a step that fails for Mallory (her Zoho record is gone), so the popup lists her by name.
  const records = sandbox.state.zoho.records.Contacts;
  records.splice(
    records.findIndex((r) => r.id === SEED_CONTACT_IDS.markup),
    1,
  );
  await admin(sandbox, 'POST', '/mojo/activities', {
    id: 'act-markup-call',
    type: 'call_result',
    contact: { id: mallory?.id, api_contact_id: mallory?.api_contact_id },
    call: { result: 'Voicemail', phone: '5125550108', duration_s: 3, agent: 'Pat Smith', notes: LINK },
  });
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => sandbox.state.zoho.notes.length, { timeout: 20_000 }).toBe(1);
  const note = sandbox.state.zoho.notes[0]?.Note_Content ?? '';
  expect(note).not.toMatch(/<(img|a|script)\b/i);
  expect(note).toContain(
    'Call back &lt;img src=x onerror="window.__xss=1"> &lt;a href="javascript:window.__xss=2">open&lt;/a>',
  );
  // Text that only looks a little like markup is left as typed.
  expect(note).toContain('a < b, <3');

  // Popup: the activity log and the failed list name Eve and Mallory as text.
  await expect(popup.getByText(`Add to Mojo: Eve ${IMG}${LINK}: Mojo refused ${LINK}`)).toBeVisible();
  await expect(
    popup
      .getByRole('list', { name: 'Failed' })
      .getByRole('listitem')
      .filter({ hasText: 'Mojo call: Voicemail for Mallory <img src=x onerror=alert(1)> (Zoho CRM)' }),
  ).toBeVisible({ timeout: 20_000 });
  expect(await injected(popup)).toEqual({ imgs: 0, jsLinks: 0, xss: undefined });

  // Options: the field Zoho lists with markup in its name is offered as text.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const contacts = options
    .getByRole('region', { name: /Zoho CRM/ })
    .getByRole('tabpanel', { name: 'Contacts' });
  await contacts.getByRole('button', { name: 'Add field' }).click();
  await expect(options.locator('option', { hasText: `Evil ${IMG} ${LINK}` }).first()).toBeAttached();
  expect(await injected(options)).toEqual({ imgs: 0, jsLinks: 0, xss: undefined });

  // Nothing ran anywhere: no alert, no CSP report of a blocked handler or javascript: URL.
  expect(await injected(page)).toEqual({ imgs: 0, jsLinks: 0, xss: undefined });
  expect(problems).toEqual([]);
  // And the account label crossed the message boundary as plain data.
  expect(JSON.stringify(await ask(popup, 'getAccounts'))).toContain(
    `Acme ${IMG.replace(/"/g, '\\"')} Realty`,
  );
});
