/**
 * Launches Chromium with the production build of the extension, pointed at the sandbox through
 * --host-resolver-rules so the extension calls the real hostnames (testing.md). Shared by the e2e
 * fixtures, the demo and the benchmarks.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Worker } from '@playwright/test';

/**
 * The production build to load. `EXTENSION_DIR` points elsewhere (the benchmarks build into their
 * own directory so a concurrent `npm run build` can't swap the extension under a measurement).
 */
export const EXTENSION_DIR = path.resolve(process.env.EXTENSION_DIR ?? '.output/chrome-mv3');

export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(
      `Chromium not found at ${p}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return p;
}

export interface LaunchOptions {
  hostResolverRules: string;
  headless?: boolean;
  userDataDir?: string;
  /** Another build than EXTENSION_DIR (the benchmarks load their own). */
  extensionDir?: string;
  /** Extra Chromium flags, e.g. `--remote-debugging-port=0` for a raw CDP connection. */
  args?: string[];
}

export async function launchWithExtension(
  opts: LaunchOptions,
): Promise<{ context: BrowserContext; userDataDir: string }> {
  const extensionDir = opts.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No production build in ${extensionDir}: run \`npm run build\` first.`);
  }
  const userDataDir = opts.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'mojo-bridge-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    viewport: { width: 1280, height: 800 },
    ignoreHTTPSErrors: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--ignore-certificate-errors',
      `--host-resolver-rules=${opts.hostResolverRules}`,
      ...(opts.args ?? []),
    ],
  });
  return { context, userDataDir };
}

export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  const [sw] = context.serviceWorkers();
  return sw ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
}

export async function extensionId(context: BrowserContext): Promise<string> {
  const sw = await serviceWorker(context);
  const id = new URL(sw.url()).host;
  if (!id) throw new Error(`Unexpected service worker URL ${sw.url()}`);
  return id;
}
