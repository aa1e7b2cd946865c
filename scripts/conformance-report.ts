/** `npm run conformance`: checks docs/CONFORMANCE.md (scripts/conformance.ts) and prints the counts. */
import { existsSync, readFileSync } from 'node:fs';
import { checkRows, countsTable, parseRows } from './conformance';

const root = new URL('../', import.meta.url);
const read = (path: string) => {
  const url = new URL(path, root);
  return existsSync(url) ? readFileSync(url, 'utf8') : null;
};
const rows = parseRows(read('docs/CONFORMANCE.md') ?? '');
const problems = checkRows(rows, read);
console.log(countsTable(rows));
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exitCode = 1;
