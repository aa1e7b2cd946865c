/**
 * `npm run audit`: `npm audit --omit=dev` for high and critical advisories, minus the ones
 * scripts/audit-exceptions.json accepts with a reason. Exits 1 on any other. When the registry
 * cannot answer (this project's build machines: 405 on the advisories endpoint) it says so loudly
 * and exits 0: there is no report to act on, and docs/RELIABILITY.md records the manual review.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AuditException, readAudit } from './audit-report';

const exceptions = z
  .array(AuditException)
  .parse(JSON.parse(readFileSync(new URL('./audit-exceptions.json', import.meta.url), 'utf8')));

let stdout: string;
try {
  stdout = execFileSync('npm', ['audit', '--omit=dev', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 120_000,
  });
} catch (err) {
  // npm audit exits 1 both for findings and for a refused request; the JSON tells them apart.
  stdout = String((err as { stdout?: unknown }).stdout ?? '');
}

const outcome = readAudit(stdout, exceptions);
if (outcome.kind === 'unavailable') {
  console.warn(`npm audit --omit=dev: NO REPORT — ${outcome.why}. See docs/RELIABILITY.md (npm audit).`);
} else {
  for (const line of outcome.findings) console.log(line);
  console.log(
    outcome.kind === 'clean'
      ? 'npm audit --omit=dev: no high or critical advisory outstanding.'
      : 'npm audit --omit=dev: high or critical advisories above; fix them or accept one in scripts/audit-exceptions.json with its reason.',
  );
  if (outcome.kind === 'failed') process.exitCode = 1;
}
