import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../platform/protocol';
import {
  boundToSender,
  crmsNamed,
  type SenderRules,
  senderAllowed,
  senderCrm,
  senderKind,
  urlMatches,
} from './senders';

const rules: SenderRules = {
  extensionId: 'abcdefghijklmnopabcdefghijklmnop',
  extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  crmPages: {
    zoho: ['https://crm.zoho.com/crm/*'],
    cinc: ['https://*.cincpro.com/*'],
    wiseagent: ['https://thewiseagent.com/secure/*'],
  },
  mojoPages: ['https://*.mojosells.com/*'],
};
const ID = rules.extensionId;
const tab = { id: 7 };
const ALL = Object.keys(requestSchemas);
/** What may ever be asked from a page: no account, credential or settings message. */
const ACCOUNT_MESSAGES = [
  'getAccounts',
  'connectMojo',
  'disconnectMojo',
  'saveCrmConfig',
  'connectCrm',
  'resetCrm',
];

describe('senderKind', () => {
  it('knows the popup and the options page, and the content scripts on their own pages', () => {
    expect(senderKind({ id: ID, url: `${rules.extensionOrigin}/popup.html` }, rules)).toBe('extension-page');
    expect(senderKind({ id: ID, url: 'https://crm.zoho.com/crm/org1/tab/Contacts/1', tab }, rules)).toBe(
      'crm-page',
    );
    expect(senderKind({ id: ID, url: 'https://app31.mojosells.com/contacts/5', tab }, rules)).toBe(
      'mojo-page',
    );
  });

  it('refuses another extension, a missing id, a missing or unreadable URL', () => {
    expect(
      senderKind({ id: 'other-extension', url: `${rules.extensionOrigin}/popup.html` }, rules),
    ).toBeNull();
    expect(senderKind({ url: `${rules.extensionOrigin}/popup.html` }, rules)).toBeNull();
    expect(senderKind({ id: ID, tab }, rules)).toBeNull();
    expect(senderKind({ id: ID, url: 'not a url', tab }, rules)).toBeNull();
  });

  it('refuses our own id from a page no content script of ours runs on', () => {
    for (const url of [
      'https://evil.example/crm.zoho.com/crm/',
      'https://crm.zoho.com.evil.example/crm/x',
      'http://crm.zoho.com/crm/org1', // not https
      'https://crm.zoho.com/other/path',
      'https://thewiseagent.com/public/page',
      'chrome-extension://someoneelse/popup.html',
    ]) {
      expect(senderKind({ id: ID, url, tab }, rules), url).toBeNull();
    }
  });

  it('a CRM URL without a tab is not a content script', () => {
    expect(senderKind({ id: ID, url: 'https://crm.zoho.com/crm/org1' }, rules)).toBeNull();
  });
});

describe('senderAllowed', () => {
  it('the extension pages may send every message', () => {
    for (const type of ALL) {
      expect(senderAllowed(type, { id: ID, url: `${rules.extensionOrigin}/options.html` }, rules)).toBe(true);
    }
  });

  it('a CRM page may ask only what Add to Mojo needs', () => {
    const from = { id: ID, url: 'https://smithteam.cincpro.com/leads', tab };
    const allowed = ALL.filter((t) => senderAllowed(t, from, rules)).sort();
    expect(allowed).toEqual(
      ['countTarget', 'getJob', 'listGroups', 'previewAddToMojo', 'reportPage', 'startAddToMojo'].sort(),
    );
  });

  it("Mojo's pages may ask only for Send to CRM", () => {
    const from = { id: ID, url: 'https://app31.mojosells.com/contacts/5', tab };
    expect(ALL.filter((t) => senderAllowed(t, from, rules)).sort()).toEqual(['connectedCrms', 'sendToCrm']);
  });

  it('no page may touch accounts or credentials, and strangers may do nothing', () => {
    for (const url of ['https://crm.zoho.com/crm/org1', 'https://app31.mojosells.com/x']) {
      for (const type of ACCOUNT_MESSAGES)
        expect(senderAllowed(type, { id: ID, url, tab }, rules)).toBe(false);
    }
    for (const type of ALL) {
      expect(senderAllowed(type, { id: 'x', url: 'https://crm.zoho.com/crm/org1', tab }, rules)).toBe(false);
    }
  });
});

describe('a CRM page speaks only for its own CRM', () => {
  const cincPage = { id: ID, url: 'https://smithteam.cincpro.com/leads', tab };
  const zohoView = { kind: 'view', crm: 'zoho', module: 'Contacts' } as const;
  const cincRef = { crm: 'cinc', module: 'leads', id: '1' } as const;
  const zohoRef = { crm: 'zoho', module: 'Contacts', id: '1' } as const;

  it('knows which CRM a page belongs to', () => {
    expect(senderCrm(cincPage, rules)).toBe('cinc');
    expect(senderCrm({ id: ID, url: 'https://crm.zoho.com/crm/org1', tab }, rules)).toBe('zoho');
    expect(senderCrm({ id: ID, url: `${rules.extensionOrigin}/popup.html` }, rules)).toBeNull();
  });

  it('names every CRM a request does', () => {
    expect(crmsNamed({ crm: 'cinc', target: { kind: 'records', refs: [cincRef, zohoRef] } })).toEqual([
      'cinc',
      'cinc',
      'zoho',
    ]);
    expect(crmsNamed({ target: zohoView })).toEqual(['zoho']);
    expect(crmsNamed(undefined)).toEqual([]);
  });

  it('refuses a CINC page previewing, counting or sending a Zoho view or record', () => {
    expect(boundToSender({ crm: 'zoho', target: zohoView }, cincPage, rules)).toBe(false);
    expect(boundToSender({ target: zohoView }, cincPage, rules)).toBe(false);
    expect(boundToSender({ crm: 'cinc', target: { ...zohoView, crm: 'zoho' } }, cincPage, rules)).toBe(false);
    expect(
      boundToSender({ crm: 'cinc', target: { kind: 'records', refs: [cincRef, zohoRef] } }, cincPage, rules),
    ).toBe(false);
  });

  it('answers a page about its own CRM, and the extension pages about any', () => {
    expect(
      boundToSender({ crm: 'cinc', target: { kind: 'records', refs: [cincRef] } }, cincPage, rules),
    ).toBe(true);
    expect(boundToSender(undefined, cincPage, rules)).toBe(true);
    expect(
      boundToSender(
        { crm: 'zoho', target: zohoView },
        { id: ID, url: `${rules.extensionOrigin}/options.html` },
        rules,
      ),
    ).toBe(true);
    expect(
      boundToSender({ crm: 'zoho', target: zohoView }, { id: 'x', url: 'https://a.example/', tab }, rules),
    ).toBe(false);
  });
});

describe('urlMatches (Chrome match patterns)', () => {
  const yes = (p: string, u: string) => expect(urlMatches(p, new URL(u)), `${p} ${u}`).toBe(true);
  const no = (p: string, u: string) => expect(urlMatches(p, new URL(u)), `${p} ${u}`).toBe(false);
  it('matches hosts exactly or by subdomain wildcard, and paths as globs over path and query', () => {
    yes('https://*.mojosells.com/*', 'https://app31.mojosells.com/x?y=1');
    yes('https://*.mojosells.com/*', 'https://mojosells.com/');
    no('https://*.mojosells.com/*', 'https://evilmojosells.com/');
    no('https://*.mojosells.com/*', 'https://mojosells.com.evil.example/');
    yes('https://crm.zoho.com/crm/*', 'https://crm.zoho.com/crm/org1/tab/Contacts?a=b');
    no('https://crm.zoho.com/crm/*', 'https://crm.zoho.com/crmx');
    no('https://crm.zoho.com/crm/*', 'http://crm.zoho.com/crm/org1');
    yes('*://a.example/p.q*', 'http://a.example/p.q?z');
    no('*://a.example/p.q*', 'https://a.example/pxq');
    no('not a pattern', 'https://a.example/');
  });
});
