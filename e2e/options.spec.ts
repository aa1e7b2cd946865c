/**
 * The options page itself: what shows with and without a connected CRM, saving as you go with
 * inline reasons for values that can't be saved, and the settings file (export, import, and the
 * files it refuses without changing anything).
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { serviceWorker } from './browser';
import { writeOutcome } from './faults/figures';
import { connectBoth, expect, test } from './fixtures';

async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.getByRole('heading', { name: 'Mojo Bridge settings' })).toBeVisible();
  return page;
}

async function storedRules(context: BrowserContext): Promise<unknown> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    return (await api.storage.local.get('rules')).rules ?? null;
  });
}

const pollMinutes = async (context: BrowserContext) =>
  ((await storedRules(context)) as { schedule?: { pollMinutes?: number } } | null)?.schedule?.pollMinutes;

const saved = (page: Page) => page.getByRole('status').filter({ hasText: /^Saved$/ });

test('with no CRM connected: a pointer to the popup, and the schedule and advanced settings', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  await expect(options.getByText('Connect a CRM in the Mojo Bridge popup first')).toBeVisible();
  await expect(options.getByRole('tab')).toHaveCount(0);
  const schedule = options.getByRole('region', { name: 'Schedule' });
  await expect(schedule.getByLabel('Read Mojo activities every (minutes)')).toHaveValue('5');
  await expect(schedule.getByRole('checkbox', { name: 'Push my changes at once' })).toBeChecked();

  const advanced = options.getByRole('region', { name: 'Advanced' });
  const url = advanced.getByRole('textbox', { name: 'Mojo dialer URL template' });
  await url.fill('{base}/data-and-dialer?view=power-dialer');
  await expect(advanced.getByText('The dialer URL needs {group}')).toBeVisible();
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await options.waitForTimeout(800);
  expect(await storedRules(context)).toBeNull();

  await url.fill('{base}/data-and-dialer?group={group}&view=power-dialer&x=1');
  await expect(advanced.getByText('The dialer URL needs {group}')).toHaveCount(0);
  await expect(saved(options)).toBeVisible();
  await expect
    .poll(
      async () => ((await storedRules(context)) as { advanced?: { dialerUrlTemplate?: string } })?.advanced,
    )
    .toMatchObject({ dialerUrlTemplate: '{base}/data-and-dialer?group={group}&view=power-dialer&x=1' });

  await advanced.getByLabel('Zoho CRM requests at once').fill('25');
  await expect(advanced.getByText('Enter a whole number from 1 to 20.')).toBeVisible();
  await advanced.getByLabel('Zoho CRM requests at once').fill('3');
  await expect
    .poll(
      async () =>
        ((await storedRules(context)) as { advanced: { concurrency: Record<string, number> } }).advanced,
    )
    .toMatchObject({ concurrency: { zoho: 3 } });
});

test('a connected CRM has a tab per object with its rules', async ({ context, extensionId, popup }) => {
  await connectBoth(popup);
  const options = await openOptions(context, extensionId);
  const zoho = options.getByRole('region', { name: 'Zoho CRM' });
  const tabs = zoho.getByRole('tablist', { name: 'Zoho CRM objects' }).getByRole('tab');
  await expect(tabs).toHaveText(['Contacts', 'Leads', 'Accounts']);
  await expect(zoho.getByRole('tab', { name: 'Contacts' })).toHaveAttribute('aria-selected', 'true');

  // Keyboard: arrows move between tabs and select them.
  await zoho.getByRole('tab', { name: 'Contacts' }).focus();
  await options.keyboard.press('ArrowRight');
  await expect(zoho.getByRole('tab', { name: 'Leads' })).toBeFocused();
  const leads = zoho.getByRole('tabpanel', { name: 'Leads' });
  await expect(leads.getByRole('combobox', { name: 'Mojo field for Lead_Status' })).toHaveValue('misc');
  // Zoho lists the Leads fields: no documentation note.
  await expect(leads.getByText('Field list from documentation')).toHaveCount(0);

  // The sandbox has no Accounts module: the field list falls back to the documented one.
  await zoho.getByRole('tab', { name: 'Accounts' }).click();
  const accounts = zoho.getByRole('tabpanel', { name: 'Accounts' });
  await expect(
    accounts.getByText('Field list from documentation (connect to load your fields)'),
  ).toBeVisible();

  const contacts = await (async () => {
    await zoho.getByRole('tab', { name: 'Contacts' }).click();
    return zoho.getByRole('tabpanel', { name: 'Contacts' });
  })();
  await expect(contacts.getByRole('radio', { name: 'PUSH AND PULL' })).toBeChecked();
  await expect(contacts.getByRole('radio', { name: 'Overwrite' })).toBeChecked();
  await expect(contacts.getByRole('radio', { name: 'Match all (AND)' })).toBeChecked();

  // Identification order: move, turn on, and the last one on can't be turned off.
  await contacts.getByRole('checkbox', { name: 'Phone' }).check();
  await contacts.getByRole('button', { name: 'Move Phone up' }).click();
  await expect
    .poll(async () => (await storedRules(context)) as Record<string, unknown>)
    .toMatchObject({ crms: { zoho: { objects: { Contacts: { identify: ['phone', 'email'] } } } } });
  await contacts.getByRole('checkbox', { name: 'Email' }).uncheck();
  await expect(contacts.getByRole('checkbox', { name: 'Phone' })).toBeDisabled();

  // Mapping rows: remove one, add one, then back to the defaults.
  await contacts.getByRole('button', { name: 'Remove Owner' }).click();
  await expect(contacts.getByRole('button', { name: 'Remove Owner' })).toHaveCount(0);
  await contacts.getByRole('button', { name: 'Add field' }).click();
  await expect(contacts.getByRole('combobox', { name: 'Mojo field for Full_Name' })).toHaveValue('misc');
  await expect
    .poll(async () => (await storedRules(context)) as Record<string, unknown>)
    .toMatchObject({
      crms: {
        zoho: {
          objects: {
            Contacts: {
              fields: expect.arrayContaining([
                { crmField: 'Full_Name', mojoField: 'misc:Full Name', direction: 'both', transform: 'text' },
              ]),
            },
          },
        },
      },
    });
  await contacts.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(contacts.getByRole('button', { name: 'Remove Owner' })).toBeVisible();
  await expect(contacts.getByRole('button', { name: 'Remove Full_Name' })).toHaveCount(0);
  await expect
    .poll(async () => (await storedRules(context)) as Record<string, unknown>)
    .toMatchObject({ crms: { zoho: { objects: { Contacts: { fields: [] } } } } });
});

test('settings are exported and imported back as the same document', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  const minutes = options.getByLabel('Read Mojo activities every (minutes)');
  await minutes.fill('7');
  await expect.poll(() => pollMinutes(context)).toBe(7);
  await expect(saved(options)).toBeVisible();
  const exported = await storedRules(context);

  const downloading = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export settings' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('mojo-bridge-settings.json');
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  expect(JSON.parse(text)).toEqual(exported);

  await minutes.fill('9');
  await expect.poll(() => pollMinutes(context)).toBe(9);

  await options.getByLabel('Import settings').setInputFiles({
    name: 'mojo-bridge-settings.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(options.getByRole('status').filter({ hasText: 'Settings imported' })).toBeVisible();
  expect(await storedRules(context)).toEqual(exported);
  await expect(minutes).toHaveValue('7');
});

const BAD_FILES: { name: string; body: string; reason: RegExp }[] = [
  { name: 'not JSON', body: '{"version": 1, "schedule": ', reason: /The file is not JSON/ },
  {
    name: 'a newer version',
    body: JSON.stringify({ version: 9, crms: {} }),
    reason: /newer Mojo Bridge \(version 9\)\. Update the extension first/,
  },
  {
    name: 'bad types',
    body: JSON.stringify({ version: 1, schedule: { pollMinutes: 'often', pushImmediately: true } }),
    reason: /The settings are not valid at schedule\.pollMinutes/,
  },
];

test('a corrupt file, a newer version and bad types are refused with the reason; nothing changes', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  await options.getByLabel('Read Mojo activities every (minutes)').fill('11');
  await expect.poll(() => pollMinutes(context)).toBe(11);
  const before = await storedRules(context);

  for (const bad of BAD_FILES) {
    await options.getByLabel('Import settings').setInputFiles({
      name: `${bad.name}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(bad.body),
    });
    const alert = options.getByRole('alert');
    await expect(alert, bad.name).toHaveText(bad.reason);
    await expect(alert, bad.name).toContainText('Nothing was changed.');
    expect(await storedRules(context), bad.name).toEqual(before);
    await expect(options.getByLabel('Read Mojo activities every (minutes)')).toHaveValue('11');
  }

  // Too large to be a settings file.
  await options.getByLabel('Import settings').setInputFiles({
    name: 'huge.json',
    mimeType: 'application/json',
    buffer: Buffer.alloc(1024 * 1024 + 1, 0x20),
  });
  await expect(options.getByRole('alert')).toHaveText(/larger than 1 MB/);
  expect(await storedRules(context)).toEqual(before);
  // For the "Bad input" table in docs/RELIABILITY.md (e2e/faults/figures.ts).
  writeOutcome({
    id: 'b8-settings-import',
    input: 'A settings file that is not JSON, of a newer version, with bad types, or over 1 MB',
    expected: 'Refused with the reason; nothing changes',
    observed:
      'Each refused with its own reason ("not JSON", "newer Mojo Bridge (version 9)", "not valid at schedule.pollMinutes", "larger than 1 MB"); settings unchanged',
    test: 'e2e/options.spec.ts',
  });
});

test('a change made in another tab shows here at once', async ({ context, extensionId }) => {
  const first = await openOptions(context, extensionId);
  const second = await openOptions(context, extensionId);
  await second.getByRole('checkbox', { name: 'Push my changes at once' }).uncheck();
  await expect(saved(second)).toBeVisible();
  await first.bringToFront();
  await expect(first.getByRole('checkbox', { name: 'Push my changes at once' })).not.toBeChecked();
});
