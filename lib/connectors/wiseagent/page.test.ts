import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { wiseAgentPage } from './page';

const doc = (html: string): Document =>
  parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`).document;
const EMPTY = doc('');
const url = (path: string, host = 'www.thewiseagent.com') => new URL(`https://${host}${path}`);

describe('wiseAgentPage URLs', () => {
  it('knows the contact page and the contacts home on both hosts, in any letter case', () => {
    for (const host of ['thewiseagent.com', 'www.thewiseagent.com']) {
      expect(wiseAgentPage.kind(url('/secure/client/summary?clientId=4100001', host), EMPTY)).toBe('record');
      expect(wiseAgentPage.kind(url('/secure/client/ClientWelcome.asp', host), EMPTY)).toBe('list');
    }
    expect(wiseAgentPage.kind(url('/Secure/Client/Summary?ClientID=7'), EMPTY)).toBe('record');
    expect(wiseAgentPage.kind(url('/secure/client/clientwelcome.asp?page=2'), EMPTY)).toBe('list');
  });

  it('ignores other pages, hosts and contact pages without a ClientID', () => {
    for (const u of [
      url('/secure/client/summary'),
      url('/secure/client/summary?clientId=abc'),
      url('/secure/calendar/'),
      url('/secure/client/summary?clientId=1', 'evil.example'),
      url('/secure/client/summary?clientId=1', 'sync.thewiseagent.com'),
    ]) {
      expect(wiseAgentPage.kind(u, EMPTY), u.href).toBeNull();
    }
  });

  it('takes the record from the URL and the list as the whole contact list', () => {
    expect(
      wiseAgentPage.recordRef(url('/secure/client/summary?foo=1&clientid=%204100002%20'), EMPTY),
    ).toEqual({
      crm: 'wiseagent',
      module: 'contact',
      id: '4100002',
    });
    expect(wiseAgentPage.recordRef(url('/secure/client/ClientWelcome.asp'), EMPTY)).toBeNull();
    expect(wiseAgentPage.listView(url('/secure/client/ClientWelcome.asp'), EMPTY)).toEqual({
      module: 'contact',
      viewId: undefined,
    });
    expect(wiseAgentPage.listView(url('/secure/client/summary?clientId=1'), EMPTY)).toBeNull();
  });

  it('matches only the secure pages of the two web hosts', () => {
    expect(wiseAgentPage.matches).toEqual([
      'https://thewiseagent.com/secure/*',
      'https://www.thewiseagent.com/secure/*',
    ]);
  });
});

describe('wiseAgentPage DOM', () => {
  const LIST = url('/secure/client/ClientWelcome.asp');
  const row = (id: string, checked: boolean, box = `name="chkClient" value="${id}"`) =>
    `<tr><td><input type="checkbox" ${box}${checked ? ' checked' : ''}></td><td><a href="/secure/client/summary?clientId=${id}">C ${id}</a></td></tr>`;

  it('reads the checked ClientIDs, once each, never a non-id value', () => {
    const d = doc(
      `<table><tr><th><input type="checkbox" id="chkAll" checked></th></tr>${row('1', true)}${row('2', false)}${row('3', true)}${row('3', true)}${row('x', true)}</table>`,
    );
    expect(wiseAgentPage.selection(LIST, d).map((r) => r.id)).toEqual(['1', '3']);
    expect(wiseAgentPage.selection(url('/secure/client/summary?clientId=1'), d)).toEqual([]);
  });

  it('falls back to the row’s contact link when the boxes lost name and value, skipping layout rows', () => {
    const d = doc(
      `<table><tr><td><table>${row('11', true, '')}${row('12', false, '')}${row('13', true, '')}</table></td></tr></table>`,
    );
    expect(wiseAgentPage.selection(LIST, d).map((r) => r.id)).toEqual(['11', '13']);
  });

  it('finds the anchors and the list’s name, with a default name when the title is gone', () => {
    const d = doc(
      '<div id="clientToolbar" class="clientToolbar"><span id="clientListTitle"> All Contacts </span></div>',
    );
    expect(wiseAgentPage.viewName?.(d)).toBe('All Contacts');
    expect(wiseAgentPage.viewName?.(EMPTY)).toBe('All Contacts');
    expect(d.querySelector(wiseAgentPage.anchors.list[0] ?? '')).not.toBeNull();
    expect(wiseAgentPage.anchors.record[0]).toBe('#clientActions');
  });
});
