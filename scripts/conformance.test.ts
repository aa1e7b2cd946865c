import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRows, counts, countsTable, namedPaths, parseRows } from './conformance';

const root = new URL('../', import.meta.url);
const read = (path: string) => {
  const url = new URL(path, root);
  return existsSync(url) ? readFileSync(url, 'utf8') : null;
};

describe('docs/CONFORMANCE.md', () => {
  const rows = parseRows(read('docs/CONFORMANCE.md') ?? '');

  it('has a row for each vendor', () => {
    expect(new Set(rows.map((r) => r.vendor))).toEqual(new Set(['Zoho CRM', 'Wise Agent', 'CINC', 'Mojo']));
  });

  it('shows the counts it really has', () => {
    expect(read('docs/CONFORMANCE.md')).toContain(countsTable(rows));
  });

  it('every row has a source, a status, and client, emulator and test code that exist', () => {
    expect(checkRows(rows, read)).toEqual([]);
  });
});

describe('the checker', () => {
  const table = (row: string) =>
    `## Acme\n\n| Behaviour | Source | Status | Client | Emulator | Test |\n|---|---|---|---|---|---|\n${row}\n`;
  const files: Record<string, string> = { 'a.ts': 'x', 'a.test.ts': "it('reads the answer', …)" };
  const read = (path: string) => files[path] ?? null;

  it('accepts a complete row, pipes inside code included', () => {
    const rows = parseRows(
      table(
        '| `GET /x` → `a|b` | https://acme.test/docs | documented | `a.ts` | `a.ts` | `a.test.ts` "reads the answer" |',
      ),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.behaviour).toBe('`GET /x` → `a|b`');
    expect(checkRows(rows, read)).toEqual([]);
    expect(counts(rows)).toEqual({
      Acme: { documented: 1, inferred: 0, assumed: 0 },
      All: { documented: 1, inferred: 0, assumed: 0 },
    });
  });

  it('names what a row lacks', () => {
    const rows = parseRows(
      table(
        '| x | the docs | documented | `a.ts` | `gone.ts` | `a.test.ts` "writes the answer" |\n| y |  | sure | | `a.ts` | |',
      ),
    );
    expect(checkRows(rows, read)).toEqual([
      'line 5 (Acme: x): a documented row needs a URL or owner/repo:path as its source',
      'line 5 (Acme: x): emulator path gone.ts does not exist',
      'line 5 (Acme: x): a.test.ts has no test "writes the answer"',
      'line 6 (Acme: y): status "sure"',
      'line 6 (Acme: y): no source',
      'line 6 (Acme: y): no client path',
      'line 6 (Acme: y): no test path',
    ]);
  });

  it('reads quoted test names after each path, an ellipsis ending a prefix', () => {
    expect(namedPaths('`a.test.ts` "one", "two…", `b.ts`')).toEqual([
      { path: 'a.test.ts', names: ['one', 'two'] },
      { path: 'b.ts', names: [] },
    ]);
  });

  it('takes owner/repo:path as a public source', () => {
    const rows = parseRows(
      table('| x | `RealGeeks/mojo-go:mojo.go` | inferred | `a.ts` | `a.ts` | `a.test.ts` |'),
    );
    expect(checkRows(rows, read)).toEqual([]);
  });
});
