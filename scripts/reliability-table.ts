/**
 * Turns the figures an e2e run wrote (test-results/figures/*.json, see e2e/faults/figures.ts) into
 * the tables of docs/RELIABILITY.md. Prints them; with `--write <file>` replaces the text between
 * the `<!-- figures:start -->` / `<!-- figures:end -->` and `<!-- outcomes:start -->` /
 * `<!-- outcomes:end -->` markers of that file, so the document is regenerated from a run and
 * never edited by hand where it states numbers.
 *
 *   npm run test:e2e && npm run test:faults && npm run reliability:table -- --write docs/RELIABILITY.md
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Figure = z.object({
  kind: z.literal('figure'),
  id: z.string(),
  fault: z.string(),
  scenario: z.string(),
  sent: z.number().int(),
  arrived: z.number().int(),
  duplicates: z.number().int(),
  lost: z.number().int(),
  resent: z.number().int().optional(),
  evidence: z.record(z.string(), z.union([z.number(), z.string()])),
  test: z.string(),
  durationMs: z.number(),
  at: z.string(),
});
type Figure = z.infer<typeof Figure>;

const Outcome = z.object({
  kind: z.literal('outcome'),
  id: z.string(),
  input: z.string(),
  expected: z.string(),
  observed: z.string(),
  test: z.string(),
  at: z.string(),
});
type Outcome = z.infer<typeof Outcome>;

const Entry = z.discriminatedUnion('kind', [Figure, Outcome]);

export function readEntries(dir: string): { figures: Figure[]; outcomes: Outcome[] } {
  const figures: Figure[] = [];
  const outcomes: Outcome[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const parsed = Entry.safeParse(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`${name}: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.kind === 'figure') figures.push(parsed.data);
    else outcomes.push(parsed.data);
  }
  return { figures, outcomes };
}

/** Text for a table cell: one line, no pipe to break the row. */
const cell = (value: string | number) =>
  String(value)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
const n = (value: number) => value.toLocaleString('en-US');

export function figuresTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) =>
    [
      f.fault,
      f.scenario,
      n(f.sent),
      n(f.arrived),
      n(f.duplicates),
      n(f.lost),
      f.resent === undefined ? '' : n(f.resent),
      Object.entries(f.evidence)
        .map(([k, v]) => `${k}: ${typeof v === 'number' ? n(v) : v}`)
        .join('; '),
      `${(f.durationMs / 1000).toFixed(1)} s`,
      `\`${f.test}\``,
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    '| Fault | Run | Sent | Arrived | Duplicates | Lost | Re-sent¹ | Evidence the fault happened | Time | Test |',
    '|---|---|--:|--:|--:|--:|--:|---|--:|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

export function outcomesTable(outcomes: readonly Outcome[]): string {
  return [
    '| Bad input | Expected outcome | Observed in the run | Test |',
    '|---|---|---|---|',
    ...outcomes.map((o) => `| ${[o.input, o.expected, o.observed, `\`${o.test}\``].map(cell).join(' | ')} |`),
  ].join('\n');
}

function runLine(entries: readonly { at: string }[]): string {
  const times = entries.map((e) => e.at).sort();
  const first = times[0]?.slice(0, 16).replace('T', ' ');
  const last = times.at(-1)?.slice(0, 16).replace('T', ' ');
  return first === undefined ? '_No figures yet: run the suite._' : `_Run ${first} – ${last} UTC._`;
}

function replaceBetween(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a === -1 || b === -1 || b < a) throw new Error(`markers ${start} … ${end} not found`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

function main(argv: readonly string[]): void {
  const dirFlag = argv.indexOf('--dir');
  const dir = path.resolve(dirFlag === -1 ? 'test-results/figures' : (argv[dirFlag + 1] ?? ''));
  const { figures, outcomes } = readEntries(dir);
  const figuresMd = `${runLine(figures)}\n\n${figuresTable(figures)}`;
  const outcomesMd = `${runLine(outcomes)}\n\n${outcomesTable(outcomes)}`;
  const writeFlag = argv.indexOf('--write');
  if (writeFlag === -1) {
    console.log(`${figuresMd}\n\n${outcomesMd}`);
    return;
  }
  const file = path.resolve(argv[writeFlag + 1] ?? '');
  const doc = replaceBetween(
    replaceBetween(readFileSync(file, 'utf8'), 'figures', figuresMd),
    'outcomes',
    outcomesMd,
  );
  writeFileSync(file, doc);
  console.log(
    `${path.relative(process.cwd(), file)}: ${figures.length} figures, ${outcomes.length} outcomes`,
  );
}

main(process.argv.slice(2));
