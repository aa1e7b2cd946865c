/**
 * What the extension may do, reviewed: the built manifest's permissions are exactly the reviewed
 * minimal list (docs/RELIABILITY.md, "Permissions"), other Zoho data centers are optional and asked
 * for only when chosen, the extension pages' CSP is strict (no eval, no inline, no remote), and no
 * code is loaded from anywhere but the package.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR } from '../browser';
import { connectMojoFirst, connectZoho, expect, test } from '../fixtures';

interface Manifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: { extension_pages?: string; sandbox?: string };
  content_scripts?: { matches: string[]; js: string[] }[];
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
  background?: { service_worker?: string };
}

const manifest = () =>
  JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Manifest;

/** The reviewed list; each entry's reason is in docs/RELIABILITY.md. A change here is a review. */
const PERMISSIONS = ['alarms', 'identity', 'storage'];
const HOST_PERMISSIONS = [
  'https://*.mojosells.com/*',
  'https://accounts.zoho.com/*',
  'https://authv2.cincapi.com/*',
  'https://public.cincapi.com/*',
  'https://sync.thewiseagent.com/*',
  'https://www.zohoapis.com/*',
];
const OTHER_ZOHO_DCS = ['eu', 'in', 'com.au', 'jp', 'sa', 'uk'];
const OPTIONAL_HOSTS = [
  ...OTHER_ZOHO_DCS.flatMap((tld) => [`https://accounts.zoho.${tld}/*`, `https://www.zohoapis.${tld}/*`]),
  'https://accounts.zohocloud.ca/*',
  'https://www.zohoapis.ca/*',
].sort();

test('the permissions are the reviewed minimal list; other Zoho data centers are optional', () => {
  const m = manifest();
  expect([...(m.permissions ?? [])].sort()).toEqual(PERMISSIONS);
  expect([...(m.host_permissions ?? [])].sort()).toEqual(HOST_PERMISSIONS);
  expect([...(m.optional_host_permissions ?? [])].sort()).toEqual(OPTIONAL_HOSTS);
  expect(m.optional_permissions ?? []).toEqual([]);
  // Nothing that would let a web page or another extension in, nor expose files to pages.
  expect(m.externally_connectable).toBeUndefined();
  expect(m.web_accessible_resources).toBeUndefined();
  // Content scripts only on the CRMs' and Mojo's own web apps, never everywhere.
  for (const cs of m.content_scripts ?? []) {
    for (const match of cs.matches) {
      expect(match).toMatch(/^https:\/\/(\*\.)?[a-z0-9.-]+\.[a-z]{2,}\/[^*]*\*?$/);
      expect(match).not.toMatch(/<all_urls>|^\*:|^https:\/\/\*\//);
    }
  }
});

test('the CSP is strict: the extension pages refuse inline script, eval and remote script', async ({
  context,
  extensionId,
}) => {
  const csp = manifest().content_security_policy?.extension_pages ?? '';
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name = '', ...values]) => [name, values]),
  );
  expect(directives['script-src']).toEqual(["'self'"]);
  expect(directives['object-src']).toEqual(["'none'"]);
  expect(directives['base-uri']).toEqual(["'none'"]);
  expect(directives['form-action']).toEqual(["'none'"]);
  expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:|data:|blob:|\*/);
  // Enforced, not only declared. (A DevTools evaluation may eval; the page's own code may not.)
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  const outcome = await page.evaluate(async () => {
    const w = window as unknown as { __inline?: number; __timer?: number; __remote?: number };
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
    const inline = document.createElement('script');
    inline.textContent = 'window.__inline = 1';
    document.head.append(inline);
    // A string handed to setTimeout is eval: the page's CSP decides when it fires.
    (setTimeout as unknown as (code: string, ms: number) => number)('window.__timer = 1', 0);
    const remote = document.createElement('script');
    remote.src = 'https://www.zohoapis.com/evil.js';
    document.head.append(remote);
    // A <base> would re-point relative URLs; an <object> would load a plugin.
    const base = document.createElement('base');
    base.href = 'https://www.zohoapis.com/';
    document.head.append(base);
    const object = document.createElement('object');
    object.data = 'https://www.zohoapis.com/evil.swf';
    document.body.append(object);
    await new Promise((r) => setTimeout(r, 500));
    return { ran: [w.__inline, w.__timer, w.__remote], violations: violations.sort() };
  });
  expect(outcome.ran).toEqual([undefined, undefined, undefined]);
  expect(outcome.violations.join('\n')).toMatch(/script-src.* inline/);
  expect(outcome.violations.join('\n')).toMatch(/script-src.* eval/);
  expect(outcome.violations.join('\n')).toMatch(/script-src.* https:\/\/www\.zohoapis\.com\/evil\.js/);
  expect(outcome.violations.join('\n')).toMatch(/base-uri/);
  expect(outcome.violations.join('\n')).toMatch(/object-src/);
});

test('no remote code: every script is in the package, and none loads code from elsewhere', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(EXTENSION_DIR);
  const html = files.filter((f) => f.endsWith('.html'));
  const js = files.filter((f) => f.endsWith('.js'));
  expect(js.length).toBeGreaterThan(3);
  for (const f of html) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/<script\b[^>]*>/g)) {
      // Only the package's own files, by relative path; no inline script either.
      expect(m[0], f).toMatch(/\bsrc="\/?(chunks|assets|[\w-]+)\/?[\w.-]*\.js"/);
    }
    expect(text, f).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
    expect(text, f).not.toMatch(/<(link|script)\b[^>]*\b(src|href)="(https?:)?\/\//);
  }
  for (const f of js) {
    const text = readFileSync(f, 'utf8');
    // Loading code: importScripts, a dynamic import of a URL, a script element pointed anywhere.
    expect(text, f).not.toMatch(/importScripts\s*\(/);
    expect(text, f).not.toMatch(/import\(\s*["'`]https?:/);
    expect(text, f).not.toMatch(/\.src\s*=\s*["'`]https?:[^"'`]*\.js/);
    expect(text, f).not.toMatch(/chrome\.scripting|executeScript/);
  }
  expect(manifest().background?.service_worker).toBe('background.js');
});

test('choosing another Zoho data center asks for exactly its hosts, and nothing is saved without them', async ({
  popup,
  sandbox,
}) => {
  // Record what the popup asks the browser for, and answer "no" (a headless browser has no prompt).
  await popup.evaluate(() => {
    const asked: string[][] = [];
    (window as unknown as { __asked: string[][] }).__asked = asked;
    type Api = { permissions: { request(p: { origins?: string[] }): Promise<boolean> } };
    const g = globalThis as unknown as { chrome: Api; browser?: Api };
    for (const api of [g.chrome, g.browser]) {
      if (!api?.permissions) continue;
      Object.defineProperty(api.permissions, 'request', {
        configurable: true,
        value: async (p: { origins?: string[] }) => {
          asked.push([...(p.origins ?? [])].sort());
          return false;
        },
      });
    }
  });
  await connectMojoFirst(popup);
  await connectZoho(popup, 'EU');
  const zoho = popup.getByRole('region', { name: 'Zoho CRM' });
  await expect(zoho.getByRole('alert')).toContainText(
    "can't reach Zoho CRM in that data center without your permission",
  );
  const asked = await popup.evaluate(() => (window as unknown as { __asked: string[][] }).__asked);
  expect(asked).toEqual([['https://accounts.zoho.eu/*', 'https://www.zohoapis.eu/*']]);
  // Refused: not connected, and the EU hosts were never contacted.
  await expect(zoho.getByRole('button', { name: 'Connect Zoho' })).toBeVisible();
  const granted = await popup.evaluate(async () =>
    (
      globalThis as unknown as { chrome: { permissions: { getAll(): Promise<{ origins?: string[] }> } } }
    ).chrome.permissions.getAll(),
  );
  expect(granted.origins ?? []).not.toContain('https://www.zohoapis.eu/*');
  expect(
    sandbox.requests.all().filter((r) => r.host.endsWith('zoho.eu') || r.host.endsWith('zohoapis.eu')),
  ).toEqual([]);
});
