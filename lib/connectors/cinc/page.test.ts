import { describe, expect, it } from 'vitest';
import { cincHostPermissions } from './hosts';
import { cincLeadPageUrl, cincLeadRef, cincPage, cincPageKind } from './page';

const u = (s: string) => new URL(s);

describe('CINC page URLs', () => {
  it('knows the leads dashboard and a lead page on any team sub-domain', () => {
    expect(cincPageKind(u('https://smithteam.cincpro.com/admin/leads'))).toBe('list');
    expect(cincPageKind(u('https://smithteam.cincpro.com/admin/leads/?filter=hot'))).toBe('list');
    expect(cincPageKind(u('https://other-team.cincpro.com/admin/leads/L-1001'))).toBe('record');
    expect(cincPageKind(u('https://smithteam.cincpro.com/admin/leads/L-1001/notes'))).toBe('record');
  });

  it('ignores other pages and other hosts', () => {
    expect(cincPageKind(u('https://smithteam.cincpro.com/admin/settings'))).toBeNull();
    expect(cincPageKind(u('https://smithteam.cincpro.com/'))).toBeNull();
    expect(cincPageKind(u('https://cincpro.com/admin/leads'))).toBeNull();
    expect(cincPageKind(u('https://smithteam.cincpro.com.evil.example/admin/leads'))).toBeNull();
    expect(cincPageKind(u('http://smithteam.cincpro.com/admin/leads'))).toBeNull();
  });

  it('links a lead to its page on the team host, and only there', () => {
    const url = cincLeadPageUrl('SmithTeam.cincpro.com', 'L-1001');
    expect(url).toBe('https://smithteam.cincpro.com/admin/leads/L-1001');
    expect(cincLeadRef(u(url ?? ''))).toEqual({ crm: 'cinc', module: 'lead', id: 'L-1001' });
    expect(cincLeadPageUrl('evil.example.com', 'L-1')).toBeNull();
    expect(cincLeadPageUrl('smithteam.cincpro.com.evil.example', 'L-1')).toBeNull();
    expect(cincLeadPageUrl('smithteam.cincpro.com', '../settings')).toBeNull();
    expect(cincLeadPageUrl(null, 'L-1')).toBeNull();
  });

  it('reads the lead from the URL', () => {
    expect(cincLeadRef(u('https://smithteam.cincpro.com/admin/leads/L-1001/activity'))).toEqual({
      crm: 'cinc',
      module: 'lead',
      id: 'L-1001',
    });
    expect(cincLeadRef(u('https://smithteam.cincpro.com/admin/leads/a%20b'))).toBeNull();
  });

  it('matches every team sub-domain and needs only the sign-in and API hosts', () => {
    expect(cincPage.matches).toEqual(['https://*.cincpro.com/*']);
    expect(cincHostPermissions()).toEqual(['https://authv2.cincapi.com/*', 'https://public.cincapi.com/*']);
  });
});
