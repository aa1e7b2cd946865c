import { describe, expect, it } from 'vitest';
import { readAudit } from './audit-report';

const report = (vulnerabilities: Record<string, unknown>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities });
const vuln = (name: string, severity: string, url = `https://github.com/advisories/GHSA-${name}`) => ({
  name,
  severity,
  via: [{ url, title: `${name} is bad` }],
});

describe('readAudit', () => {
  it('is clean with no advisories, or only moderate and low ones', () => {
    expect(readAudit(report({}), [])).toEqual({ kind: 'clean', findings: [] });
    expect(readAudit(report({ a: vuln('a', 'moderate'), b: vuln('b', 'low') }), []).kind).toBe('clean');
  });

  it('fails on a high or critical advisory, naming it', () => {
    const outcome = readAudit(report({ a: vuln('a', 'high'), c: vuln('c', 'critical') }), []);
    expect(outcome.kind).toBe('failed');
    expect(outcome).toMatchObject({
      findings: [expect.stringContaining('high: a'), expect.stringContaining('critical: c')],
    });
  });

  it('accepts an advisory only with a matching exception, and shows the reason', () => {
    const exception = { name: 'a', advisory: 'GHSA-a', reason: 'only reachable from the build tool' };
    const outcome = readAudit(report({ a: vuln('a', 'high') }), [exception]);
    expect(outcome).toEqual({
      kind: 'clean',
      findings: [expect.stringContaining('accepted: only reachable')],
    });
    // Another advisory on the same package is not excused.
    expect(readAudit(report({ a: vuln('a', 'high', 'https://x/GHSA-other') }), [exception]).kind).toBe(
      'failed',
    );
  });

  it('says there is no report when the registry refuses or prints nothing', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    expect(readAudit(refused, [])).toEqual({ kind: 'unavailable', why: expect.stringContaining('405') });
    expect(readAudit('', []).kind).toBe('unavailable');
    expect(readAudit('<html>', []).kind).toBe('unavailable');
  });
});
