import { describe, expect, it } from 'vitest';
import { DataCenter } from '../../platform/protocol';
import {
  knownAccountsServer,
  knownApiDomain,
  ZOHO_DATA_CENTERS,
  ZOHO_SCOPES,
  zohoHostPermissions,
  zohoWebMatchPatterns,
} from './datacenters';

describe('Zoho data centers', () => {
  it('covers every data center the settings offer', () => {
    expect(Object.keys(ZOHO_DATA_CENTERS).sort()).toEqual([...DataCenter.options].sort());
  });

  it('keeps Canada on zohocloud.ca', () => {
    expect(ZOHO_DATA_CENTERS.CA).toEqual({
      accounts: 'https://accounts.zohocloud.ca',
      api: 'https://www.zohoapis.ca',
      web: 'https://crm.zohocloud.ca',
    });
  });

  it('asks for the documented scopes, comma-separated', () => {
    expect(ZOHO_SCOPES).toBe(
      'ZohoCRM.modules.ALL,ZohoCRM.modules.notes.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.settings.fields.READ',
    );
  });

  it('matches the web app in every data center', () => {
    const patterns = zohoWebMatchPatterns();
    expect(patterns).toHaveLength(8);
    expect(patterns).toContain('https://crm.zoho.com/*');
    expect(patterns).toContain('https://crm.zoho.com.au/*');
  });

  it('asks one data center for its sign-in and API hosts', () => {
    expect(zohoHostPermissions('EU')).toEqual(['https://accounts.zoho.eu/*', 'https://www.zohoapis.eu/*']);
  });

  it('trusts only the known hosts, exactly', () => {
    expect(knownAccountsServer('https://accounts.zoho.eu')).toEqual({
      dc: 'EU',
      origin: 'https://accounts.zoho.eu',
    });
    expect(knownAccountsServer('https://accounts.zoho.eu/')?.dc).toBe('EU');
    expect(knownApiDomain('https://www.zohoapis.com.au')?.dc).toBe('AU');
    for (const bad of [
      'https://accounts.zoho.com.evil.example',
      'https://accounts.zoho.com@evil.example',
      'http://accounts.zoho.com',
      'https://accounts.zoho.com:8443',
      'https://accounts.zoho.com/path',
      'https://www.zohoapis.com',
      'accounts.zoho.com',
      '',
    ]) {
      expect(knownAccountsServer(bad), bad).toBeNull();
    }
    expect(knownApiDomain('https://accounts.zoho.com')).toBeNull();
  });
});
