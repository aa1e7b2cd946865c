/**
 * Bad input, each with its expected outcome: a contact with no key, phones that are invalid or
 * foreign, 100,000-character notes both ways, emoji and non-Latin names, one record twice in a
 * selection, and a 10,000-contact selection. (Bad settings files: e2e/options.spec.ts.)
 */
import type { Locator, Page } from '@playwright/test';
import {
  admin,
  chooseGroup,
  connectBoth,
  expect,
  openDialog,
  openPage,
  sendToMojo,
  startSync,
  test,
  ZOHO_CONTACTS,
} from '../fixtures';
import { addToGroup } from '../flows';
import { findMojoContact, findZohoRecord, type Sandbox, SEED_CONTACT_IDS } from '../sandbox';
import {
  activityLines,
  expectNoLoss,
  jobOf,
  mojoFigures,
  SPRING_BUYERS,
  startAddOfRecords,
  writeFigure,
  writeOutcome,
  zohoNoteFigures,
} from './figures';
import { connectWithView } from './runs';

const TEST = 'e2e/faults/bad-input.spec.ts';
const apiId = (id: string) => `zoho:Contacts:${id}`;

/** 100,000 characters that say where they start and end. */
const LONG_NOTE = `Start of a very long note. ${'All work and no play. '.repeat(4_544)}The end.`.slice(
  0,
  100_000,
);

async function addRecords(sandbox: Sandbox, records: Record<string, string>[]): Promise<string[]> {
  const answer = (await admin(sandbox, 'POST', '/zoho/records', { module: 'Contacts', records })) as {
    records: { id: string }[];
  };
  return answer.records.map((r) => r.id);
}

/** Tick the rows of these records on the All Contacts list and send them to Spring buyers. */
async function sendRows(page: Page, ids: string[]): Promise<Locator> {
  await page.goto(ZOHO_CONTACTS);
  for (const id of ids) await page.locator(`[data-record-id="${id}"] input[type=checkbox]`).check();
  return addToGroup(page, 'Spring buyers');
}

const phonesOf = (sandbox: Sandbox, id: string) =>
  (findMojoContact(sandbox.state, apiId(id))?.mediainfo_set ?? [])
    .filter((m) => m.type !== 4)
    .map((m) => m.value);

test('no key, bad and foreign phones, a 100,000-character note, non-Latin names: each arrives intact or is reported', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(90_000);
  await connectBoth(popup);
  const NAMES = [
    ['Zoë 🦄', 'Ñúñez-Østergård'],
    ['小明', '王'],
    ['Мария', 'Иванова'],
    ['محمد', 'الأحمد'],
    ['Jose\u0301', 'Nguyễn 👩🏽‍💻'],
  ] as const;
  const [abroad, broken, long, ...named] = await addRecords(sandbox, [
    {
      First_Name: 'Phones',
      Last_Name: 'Abroad',
      Email: 'abroad@example.com',
      Phone: '+44 20 7946 0958',
      Mobile: '+81 3-1234-5678',
      Home_Phone: '(512) 555-0142 x12',
      Other_Phone: '５１２-５５５-０１９９',
    },
    {
      First_Name: 'Phones',
      Last_Name: 'Broken',
      Email: 'broken@example.com',
      Phone: '512-555-01',
      Mobile: '1-800-FLOWERS',
      Home_Phone: '+1 911 555 0100',
      Other_Phone: '020 7946 0958',
    },
    { First_Name: 'Long', Last_Name: 'Notes', Email: 'long@example.com', Description: LONG_NOTE },
    ...NAMES.map(([first, last], i) => ({
      First_Name: first,
      Last_Name: last,
      Email: `name${i}@example.com`,
    })),
  ]);
  if (!abroad || !broken || !long) throw new Error('records not made');
  const walter = SEED_CONTACT_IDS.noPhoneNoEmail;
  const page = await context.newPage();
  const dialog = await sendRows(page, [walter, abroad, broken, long, ...named]);
  const status = dialog.getByRole('status');
  await expect(status).toContainText(`${3 + named.length} added, 0 updated, 0 failed`);
  await expect(status).toContainText('1 excluded');
  const problems = (await status.getByRole('listitem').allTextContents()).join('\n');
  // The run's problems are logged as it finishes, just after the dialog shows its summary.
  await expect.poll(async () => (await activityLines(popup)).join('\n')).toContain('Add to Mojo: Walter Kim');
  const log = (await activityLines(popup)).join('\n');

  // No phone and no email: excluded, with the reason, nothing sent.
  expect(problems).toContain('Walter Kim: Excluded: No phone or email to dial or match');
  expect(log).toContain('Add to Mojo: Walter Kim: Excluded: No phone or email to dial or match');
  expect(findMojoContact(sandbox.state, apiId(walter))).toBeUndefined();
  expect(sandbox.state.mojo.upsertsReceived.has(apiId(walter))).toBe(false);
  writeOutcome({
    id: 'b1-no-key',
    input: 'A contact with no phone and no email',
    expected: 'Excluded: no key; nothing sent; the reason shown in the dialog and the activity log',
    observed: '"Walter Kim: Excluded: No phone or email to dial or match"; not sent to Mojo',
    test: TEST,
  });

  // Foreign and odd-but-valid phones: parsed to the digits Mojo stores, nothing invented.
  expect(phonesOf(sandbox, abroad).sort()).toEqual([
    '442079460958',
    '5125550142',
    '5125550199',
    '81312345678',
  ]);
  expect(problems).toContain("Phones Abroad: Phone '(512) 555-0142 x12' was sent without its extension 12");
  // Invalid ones: reported one by one with the value as typed; none reaches Mojo in any form.
  expect(phonesOf(sandbox, broken)).toEqual([]);
  for (const raw of ['512-555-01', '1-800-FLOWERS', '+1 911 555 0100', '020 7946 0958']) {
    expect(problems, raw).toContain(`Phones Broken: Phone skipped: '${raw}'`);
    expect(log, raw).toContain(`Add to Mojo: Phones Broken: Phone skipped: '${raw}'`);
  }
  writeOutcome({
    id: 'b2-phones',
    input:
      'Foreign (+44, +81), full-width digits, an extension; invalid: too short, letters, bad NANP, foreign without +',
    expected:
      'Valid ones parsed to exact digits; invalid ones reported with the value as typed, never altered or guessed',
    observed:
      'Mojo got 442079460958, 81312345678, 5125550142, 5125550199; the extension and all 4 invalid numbers reported, none sent',
    test: TEST,
  });

  // 100,000 characters into Mojo: cut to Mojo's 10,000 (assumed limit), marked, and said.
  const note = findMojoContact(sandbox.state, apiId(long))?.notes[0]?.text ?? '';
  expect(note.length).toBeLessThanOrEqual(10_000);
  expect(note.startsWith('Start of a very long note.')).toBe(true);
  expect(note.endsWith('… [truncated]')).toBe(true);
  expect(problems).toContain('Long Notes: A note was longer than 10,000 characters and was shortened');
  writeOutcome({
    id: 'b3-long-note-to-mojo',
    input: 'A Zoho Description of 100,000 characters (Add to Mojo)',
    expected: "Cut to Mojo's limit (10,000, assumed), ending with a marker; the cut listed for the record",
    observed: `Mojo note of ${note.length.toLocaleString('en-US')} characters ending "… [truncated]"; "A note was longer than 10,000 characters and was shortened"`,
    test: TEST,
  });

  // Names in any script, emoji included (ZWJ sequences, combining accents): exactly as in Zoho.
  for (const id of named) {
    const z = findZohoRecord(sandbox.state, 'Contacts', id);
    const m = findMojoContact(sandbox.state, apiId(id));
    expect(m?.first_name).toBe(z?.First_Name);
    expect(m?.last_name).toBe(z?.Last_Name);
    expect(m?.full_name).toBe(z?.Full_Name);
  }
  await expect(status).not.toContainText('\uFFFD');
  writeOutcome({
    id: 'b4-names',
    input: 'Names with emoji (🦄, 👩🏽‍💻), Chinese, Cyrillic, Arabic, a combining accent',
    expected: 'Arrive intact: first, last and full name equal to the CRM, code point for code point',
    observed: `${named.length} of ${named.length} names identical in Mojo`,
    test: TEST,
  });
});

test('a 100,000-character Mojo note goes to Zoho cut to its limit, and says so there and in the log', async ({
  context,
  popup,
  sandbox,
}) => {
  await connectBoth(popup);
  const page = await context.newPage();
  const dialog = await sendRows(page, [SEED_CONTACT_IDS.janeDoe]);
  await expect(dialog.getByRole('status')).toContainText('1 added');
  const jane = findMojoContact(sandbox.state, apiId(SEED_CONTACT_IDS.janeDoe));
  await admin(sandbox, 'POST', '/mojo/activities', {
    id: 'act-long-1',
    type: 'note_added',
    contact: { id: jane?.id, api_contact_id: jane?.api_contact_id },
    note: { id: 77, text: LONG_NOTE },
  });
  await startSync(popup);
  await expect.poll(() => zohoNoteFigures(sandbox, ['act-long-1']).arrived, { timeout: 30_000 }).toBe(1);
  const content = sandbox.state.zoho.notes[0]?.Note_Content ?? '';
  expect(content.length).toBeLessThanOrEqual(32_000);
  expect(content.startsWith('Start of a very long note.')).toBe(true);
  expect(content).toContain('… [Shortened by Mojo Bridge: the full note was 100,000 characters]');
  expect(content.endsWith('Mojo activity act-long-1')).toBe(true);
  await expect
    .poll(async () => (await activityLines(popup)).join('\n'))
    .toContain(
      'Note from Mojo → Zoho CRM: Jane Doe: the note had 100,000 characters, more than Zoho CRM takes (32,000); it was shortened and says so at its end',
    );
  writeOutcome({
    id: 'b5-long-note-to-crm',
    input: 'A Mojo note of 100,000 characters (Mojo → Zoho)',
    expected: "Cut to Zoho's limit (32,000, assumed) with a line saying so; the activity log names the note",
    observed: `Zoho note of ${content.length.toLocaleString('en-US')} characters ending "[Shortened by Mojo Bridge: the full note was 100,000 characters]" + its marker; logged`,
    test: TEST,
  });
});

test('the same record several times in one selection is sent once', async ({ popup, sandbox }) => {
  await connectBoth(popup);
  const a = apiId(SEED_CONTACT_IDS.janeDoe);
  const b = apiId(SEED_CONTACT_IDS.emailOnly);
  const jobId = await startAddOfRecords(popup, [a, a, b, a, b, b]);
  await expect.poll(async () => (await jobOf(popup, jobId))?.phase, { timeout: 30_000 }).toBe('done');
  expect(await jobOf(popup, jobId)).toMatchObject({ added: 2, updated: 0, failed: 0, read: 2 });
  expect([sandbox.state.mojo.upsertsReceived.get(a), sandbox.state.mojo.upsertsReceived.get(b)]).toEqual([
    1, 1,
  ]);
  expect(sandbox.state.mojo.contacts.size).toBe(2);
  writeOutcome({
    id: 'b6-duplicates-in-selection',
    input: 'One selection naming two records 3 times each',
    expected: 'Each record read and sent once',
    observed: 'Run counted 2 read, 2 added; Mojo received each contact once',
    test: TEST,
  });
});

test('a 10,000-contact selection completes with progress shown @slow', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(600_000);
  const started = Date.now();
  const N = 10_000;
  const ids = await connectWithView(popup, sandbox, N);
  // Mojo at a realistic pace (the sandbox answers in ~1 ms), so the progress can be watched.
  sandbox.faults.add({ system: 'mojo', pathPrefix: '/api/v1/contacts/upsert', latencyMs: 400 });
  // The list fixture can show every row on one page (?rows=), as a long infinite list would.
  const page = await openPage(context, `${ZOHO_CONTACTS}?rows=${N}`);
  await page.getByRole('checkbox', { name: 'Select all' }).check();
  const dialog = await openDialog(page);
  await expect(dialog.getByText('Adding: 10,000 selected records')).toBeVisible({ timeout: 30_000 });
  await chooseGroup(dialog, 'Spring buyers');
  // Progress is shown while it runs: every value the bar takes is recorded in the page as it
  // changes (polling from here missed most of them on a busy machine), between 0 and 10,000.
  await dialog.evaluate((el) => {
    const root = el.getRootNode() as ShadowRoot | Document;
    const seen: { now: number; max: number }[] = [];
    (window as unknown as { __progress: typeof seen }).__progress = seen;
    new MutationObserver(() => {
      const bar = root.querySelector('[role="progressbar"]');
      if (!bar) return;
      const now = Number(bar.getAttribute('aria-valuenow'));
      const max = Number(bar.getAttribute('aria-valuemax'));
      if (now !== seen.at(-1)?.now) seen.push({ now, max });
    }).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await sendToMojo(dialog);
  const status = dialog.getByRole('status');
  await expect(status).toBeVisible({ timeout: 480_000 });
  const progress = await page.evaluate(
    () => (window as unknown as { __progress: { now: number; max: number }[] }).__progress,
  );
  const between = progress.filter((p) => p.now > 0 && p.now < N);
  for (const p of between) expect(p.max).toBe(N);
  const seen = between.map((p) => p.now);
  await expect(status).toContainText('10,000 added, 0 updated, 0 failed');
  expect(seen.length).toBeGreaterThanOrEqual(2);
  // Never backwards.
  expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  const f = mojoFigures(sandbox, ids, SPRING_BUYERS);
  expectNoLoss(f);
  writeFigure({
    id: 'f7-selection-10000',
    fault: 'Bad input: a 10,000-contact selection',
    scenario: 'Add to Mojo of 10,000 rows ticked with Select all on one list page (Mojo answering in 400 ms)',
    ...f,
    evidence: { 'progress values seen while sending': seen.length, 'progress maximum': N },
    test: TEST,
    durationMs: Date.now() - started,
  });
  writeOutcome({
    id: 'b7-selection-10000',
    input: 'A selection of 10,000 contacts',
    expected: 'Completes; progress shown all along',
    observed: `10,000 of 10,000 arrived in ${Math.round((Date.now() - started) / 1000)} s; the progress bar counted up through ${seen.length} values`,
    test: TEST,
  });
});
