/**
 * Reads `npm audit --json` for `npm run audit`. Kept apart from the command so it can be tested
 * without a registry: the build machines' registry answers the advisories endpoint with 405.
 */
import { z } from 'zod';

/** An advisory we have decided to live with, and why (docs/RELIABILITY.md lists them too). */
export const AuditException = z.object({
  name: z.string().min(1),
  advisory: z.string().min(1),
  reason: z.string().min(10),
});
export type AuditException = z.infer<typeof AuditException>;

const Via = z.union([z.string(), z.object({ url: z.string().optional(), title: z.string().optional() })]);
const Report = z.object({
  vulnerabilities: z.record(
    z.string(),
    z.object({ name: z.string(), severity: z.string(), via: z.array(Via).default([]) }),
  ),
});
const Refusal = z.object({ message: z.string().optional(), statusCode: z.number().optional() });

export type AuditOutcome =
  | { kind: 'clean'; findings: string[] }
  | { kind: 'failed'; findings: string[] }
  | { kind: 'unavailable'; why: string };

const SERIOUS = new Set(['high', 'critical']);

export function readAudit(stdout: string, exceptions: readonly AuditException[]): AuditOutcome {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', why: `npm audit printed no report (${stdout.slice(0, 120) || 'nothing'})` };
  }
  const report = Report.safeParse(json);
  if (!report.success) {
    const refusal = Refusal.safeParse(json);
    const why = refusal.success
      ? (refusal.data.message ?? `HTTP ${refusal.data.statusCode}`)
      : 'an unknown answer';
    return { kind: 'unavailable', why: `the registry gave no advisories: ${why}` };
  }
  const serious: string[] = [];
  const accepted: string[] = [];
  for (const v of Object.values(report.data.vulnerabilities)) {
    if (!SERIOUS.has(v.severity)) continue;
    const advisories = v.via.flatMap((via) => (typeof via === 'string' ? [] : [via.url ?? via.title ?? '']));
    const excused = exceptions.find(
      (e) => e.name === v.name && advisories.some((a) => a.includes(e.advisory)),
    );
    const line = `${v.severity}: ${v.name} ${advisories.filter(Boolean).join(', ')}`.trim();
    if (excused) accepted.push(`${line} — accepted: ${excused.reason}`);
    else serious.push(line);
  }
  return serious.length > 0
    ? { kind: 'failed', findings: [...serious, ...accepted] }
    : { kind: 'clean', findings: accepted };
}
