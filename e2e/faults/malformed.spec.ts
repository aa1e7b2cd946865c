/**
 * Fault 5: malformed answers — HTML instead of JSON, truncated JSON, wrong types, missing fields —
 * from Zoho's reads, Mojo's upserts and Zoho's note writes. Each is a clear line in the activity
 * log naming what it was doing; nothing crashes, nothing is half-written, and once the answers are
 * whole again everything arrives once. A record that is itself malformed is a per-record error.
 */
import type { Locator } from '@playwright/test';
import { connectBoth, expect, postActivity, startSync, test } from '../fixtures';
import { callResultsOver, linkZohoContacts } from '../flows';
import type { FaultSpec } from '../sandbox';
import {
  activityLines,
  expectNoLoss,
  mojoFigures,
  SPRING_BUYERS,
  sendView,
  writeFigure,
  zohoNoteFigures,
} from './figures';
import { connectWithView } from './runs';

const KINDS = ['html', 'truncated', 'wrong-types', 'missing-fields'] as const;
/** How the activity log words each kind (lib/connectors/http.ts). */
const WORDS: Record<(typeof KINDS)[number], RegExp> = {
  html: /answered with a web page instead of data/,
  truncated: /answered with something that is not valid JSON/,
  'wrong-types': /answered in a shape Mojo Bridge does not understand/,
  'missing-fields': /answered in a shape Mojo Bridge does not understand/,
};

const malformedFaults = (system: FaultSpec['system'], pathPrefix: string): FaultSpec[] =>
  KINDS.map((kind) => ({ system, pathPrefix, malformed: { count: 1, kind } }));

test('malformed Zoho reads and Mojo upsert answers: each logged clearly, a bad record reported on its own, all else arrives once', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(180_000);
  const started = Date.now();
  const N = 300;
  const ids = await connectWithView(popup, sandbox, N);
  // One record that is itself malformed: an email that is a number.
  const [broken] = sandbox.state.zoho.records.Contacts.splice(0, 1);
  if (!broken) throw new Error('no record');
  Object.assign(broken, { Email: 12_345 });
  sandbox.state.zoho.records.Contacts.push(broken);
  const good = ids.filter((id) => id !== `zoho:Contacts:${broken.id}`);

  const { dialog } = await sendView(context, N, () => {
    for (const f of [
      ...malformedFaults('zoho-api', '/crm/v7/Contacts'),
      ...malformedFaults('mojo', '/api/v1/contacts/upsert'),
    ])
      sandbox.faults.add(f);
  });
  const status = dialog.getByRole('status');
  await expect(status).toContainText(`${N - 1} added, 0 updated, 1 failed`, { timeout: 150_000 });
  await expect(status).toContainText(`Record ${broken.id}: Zoho sent a record we could not read`);

  const corrupted = sandbox.requests
    .all()
    .filter((r) => (r.faults ?? []).some((f) => f.startsWith('malformed:')));
  expect(corrupted).toHaveLength(8);
  const log = await activityLines(popup);
  for (const kind of KINDS)
    expect(
      log.some((l) => WORDS[kind].test(l)),
      kind,
    ).toBe(true);
  expect(log.some((l) => /^Reading a page of a Zoho CRM view: .*Trying again in \d+ s\.$/.test(l))).toBe(
    true,
  );
  expect(log.some((l) => /^Add to Mojo: \d+ contacts: .*Trying again in \d+ s\.$/.test(l))).toBe(true);
  expect(log).toContain(`Add to Mojo: Record ${broken.id}: ${await dialogReason(status, broken.id)}`);

  // Nothing half-written: every contact in Mojo is whole (name, email and phone, as in Zoho).
  for (const c of sandbox.state.mojo.contacts.values()) {
    const number = /^Contact (\d{5})$/.exec(c.full_name)?.[1];
    expect(number, c.full_name).toBeDefined();
    expect(c.mediainfo_set.filter((m) => m.type === 4).map((m) => m.value)).toEqual([
      `contact${number}@example.com`,
    ]);
    expect(c.mediainfo_set.filter((m) => m.type !== 4)).toHaveLength(1);
  }
  const f = mojoFigures(sandbox, good, SPRING_BUYERS);
  expectNoLoss(f);
  writeFigure({
    id: 'f5a-malformed-add-to-mojo',
    fault: '5. Malformed answers',
    scenario: `Add to Mojo of ${N - 1} good contacts (+1 malformed record); Zoho reads and Mojo upserts answer HTML, truncated JSON, wrong types, missing fields`,
    ...f,
    evidence: {
      'malformed answers': corrupted.length,
      'malformed record reported on its own': 1,
      'contacts half-written': 0,
    },
    test: 'e2e/faults/malformed.spec.ts',
    durationMs: Date.now() - started,
  });
});

/** The reason the dialog lists for a record, as it reads there. */
async function dialogReason(status: Locator, id: string): Promise<string> {
  const item = status.getByRole('listitem').filter({ hasText: `Record ${id}:` });
  const text = (await item.textContent()) ?? '';
  return text.slice(`Record ${id}: `.length);
}

test('malformed answers to Zoho note writes: each logged, every note written exactly once and whole', async ({
  context,
  popup,
  sandbox,
}) => {
  test.setTimeout(150_000);
  const started = Date.now();
  await connectBoth(popup);
  await linkZohoContacts(context, ['Jane Doe']);

  const jane = [...sandbox.state.mojo.contacts.values()][0];
  const ids = Array.from({ length: 20 }, (_, i) => `act-malformed-${i}`);
  await postActivity(sandbox, {
    activities: callResultsOver(ids, [jane], (i) => ({ result: 'Contact', notes: `call number ${i}` })),
  });
  for (const f of malformedFaults('zoho-api', '/crm/v7/Notes')) sandbox.faults.add(f);
  await startSync(popup);
  await expect.poll(() => zohoNoteFigures(sandbox, ids).arrived, { timeout: 120_000 }).toBe(20);
  await popup.waitForTimeout(1_000);

  const log = await activityLines(popup);
  for (const kind of KINDS)
    expect(
      log.some((l) => WORDS[kind].test(l)),
      kind,
    ).toBe(true);
  expect(log.some((l) => /^Mojo call: Contact for Jane Doe \(Zoho CRM\): .*Trying again/.test(l))).toBe(true);
  // Whole: each note holds its own call's line and its marker, once.
  for (const [i, id] of ids.entries()) {
    const notes = sandbox.state.zoho.notes.filter((n) => n.Note_Content.endsWith(`Mojo activity ${id}`));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.Note_Content).toContain(`Notes: call number ${i}`);
  }
  const f = zohoNoteFigures(sandbox, ids);
  expectNoLoss(f);
  writeFigure({
    id: 'f5b-malformed-notes',
    fault: '5. Malformed answers',
    scenario:
      'Mojo → Zoho drain of 20 notes; Zoho answers note writes with HTML, truncated JSON, wrong types, missing fields (after writing)',
    ...f,
    evidence: {
      'malformed answers': sandbox.requests
        .all()
        .filter((r) => (r.faults ?? []).some((x) => x.startsWith('malformed:'))).length,
    },
    test: 'e2e/faults/malformed.spec.ts',
    durationMs: Date.now() - started,
  });
});
