/**
 * Reads the conformance tables (docs/CONFORMANCE.md) and checks what a row promises: a status the
 * table defines, a source (a URL or `owner/repo:path` wherever the row is not assumed), and client,
 * emulator and test paths that exist — with every test named in quotes present in its file. Pure over
 * a file reader, so the unit test runs it on the real document; `npm run conformance` prints the
 * counts per vendor.
 */

export const STATUSES = ['documented', 'inferred', 'assumed'] as const;
export type Status = (typeof STATUSES)[number];

export interface Row {
  vendor: string;
  line: number;
  behaviour: string;
  source: string;
  status: string;
  client: string;
  emulator: string;
  test: string;
}

const HEADER = ['Behaviour', 'Source', 'Status', 'Client', 'Emulator', 'Test'];

/** Splits a markdown table row on the pipes that are not inside backticks. */
function cells(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let code = false;
  for (const ch of line.trim().replace(/^\|/, '').replace(/\|$/, '')) {
    if (ch === '`') code = !code;
    if (ch === '|' && !code) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** Every row of every table with the conformance header, with the `## Vendor` heading above it. */
export function parseRows(markdown: string): Row[] {
  const rows: Row[] = [];
  let vendor = '';
  let inTable = false;
  markdown.split('\n').forEach((text, index) => {
    const heading = /^##\s+(.+)$/.exec(text);
    if (heading) vendor = heading[1]?.trim() ?? '';
    if (!text.trim().startsWith('|')) {
      inTable = false;
      return;
    }
    const c = cells(text);
    if (c.join('|') === HEADER.join('|')) {
      inTable = true;
      return;
    }
    if (!inTable || c.every((cell) => /^:?-+:?$/.test(cell))) return;
    const [behaviour = '', source = '', status = '', client = '', emulator = '', test = ''] = c;
    rows.push({ vendor, line: index + 1, behaviour, source, status, client, emulator, test });
  });
  return rows;
}

const PUBLIC_SOURCE = /https?:\/\/|\b[a-z0-9.]+\.[a-z]{2,}\/|[\w.-]+\/[\w.-]+:[\w./-]+/i;
const PATH = /`([\w./-]+\.(?:ts|tsx|js|mjs|json|md))`/g;

/** The paths a cell names, each with the test or symbol names quoted after it ("…" may end a prefix). */
export function namedPaths(cell: string): { path: string; names: string[] }[] {
  const found: { path: string; names: string[] }[] = [];
  const matches = [...cell.matchAll(PATH)];
  matches.forEach((m, i) => {
    const end = matches[i + 1]?.index ?? cell.length;
    const tail = cell.slice((m.index ?? 0) + m[0].length, end);
    const names = [...tail.matchAll(/"([^"]+)"/g)].map((q) => (q[1] ?? '').split('…')[0]?.trim() ?? '');
    found.push({ path: m[1] ?? '', names: names.filter((n) => n !== '') });
  });
  return found;
}

/** What is wrong with each row, as `line N (vendor): …`; empty when every row keeps its promise. */
export function checkRows(rows: Row[], read: (path: string) => string | null): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    const at = `line ${row.line} (${row.vendor}: ${row.behaviour.slice(0, 60)})`;
    if (!(STATUSES as readonly string[]).includes(row.status)) problems.push(`${at}: status "${row.status}"`);
    if (row.source.trim() === '') problems.push(`${at}: no source`);
    else if (row.status !== 'assumed' && !PUBLIC_SOURCE.test(row.source))
      problems.push(`${at}: a ${row.status} row needs a URL or owner/repo:path as its source`);
    for (const [column, cell] of [
      ['client', row.client],
      ['emulator', row.emulator],
      ['test', row.test],
    ] as const) {
      const paths = namedPaths(cell);
      if (paths.length === 0) problems.push(`${at}: no ${column} path`);
      for (const { path, names } of paths) {
        const text = read(path);
        if (text === null) {
          problems.push(`${at}: ${column} path ${path} does not exist`);
          continue;
        }
        if (column !== 'test') continue;
        for (const name of names)
          if (!text.includes(name)) problems.push(`${at}: ${path} has no test "${name}"`);
      }
    }
  }
  return problems;
}

/** documented / inferred / assumed per vendor, and in all. */
export function counts(rows: Row[]): Record<string, Record<Status, number>> {
  const out: Record<string, Record<Status, number>> = {};
  for (const row of rows) {
    for (const key of [row.vendor, 'All']) {
      out[key] ??= { documented: 0, inferred: 0, assumed: 0 };
      const bucket = out[key];
      if ((STATUSES as readonly string[]).includes(row.status)) bucket[row.status as Status]++;
    }
  }
  return out;
}

/** The counts as the table at the top of docs/CONFORMANCE.md shows them (the unit test keeps it true). */
export function countsTable(rows: Row[]): string {
  const lines = ['| Vendor | documented | inferred | assumed |', '| --- | --- | --- | --- |'];
  const all = counts(rows);
  const vendors = [...Object.keys(all).filter((v) => v !== 'All'), 'All'];
  for (const vendor of vendors) {
    const c = all[vendor];
    if (c === undefined) continue;
    const name = vendor === 'All' ? '**All**' : vendor;
    lines.push(`| ${name} | ${c.documented} | ${c.inferred} | ${c.assumed} |`);
  }
  return lines.join('\n');
}
