/**
 * B3: the production build into the benchmarks' own directory, and the size of every entrypoint
 * the manifest names — raw and gzip — counting everything the entrypoint loads (an HTML page's
 * scripts, preloaded chunks and styles; a script's static imports).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';

export const BENCH_BUILD = path.resolve('bench-output/extension/chrome-mv3');

export function buildExtension(): string {
  execFileSync('npx', ['wxt', 'build', '-c', 'bench/wxt.config.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (!existsSync(path.join(BENCH_BUILD, 'manifest.json')))
    throw new Error(`The build is not in ${BENCH_BUILD}`);
  return BENCH_BUILD;
}

const Manifest = z.object({
  background: z.object({ service_worker: z.string() }).optional(),
  action: z.object({ default_popup: z.string() }).optional(),
  options_ui: z.object({ page: z.string() }).optional(),
  options_page: z.string().optional(),
  content_scripts: z.array(z.object({ js: z.array(z.string()).optional() })).default([]),
});

export interface EntrySize {
  entry: string;
  kind: 'content script' | 'background' | 'page';
  files: string[];
  raw: number;
  /** gzip -9 of each file, summed: each file is fetched (or read from the package) on its own. */
  gzip: number;
}

/** Files a script pulls in through static imports (`from"./x.js"`, `import"./x.js"`). */
function scriptClosure(dir: string, file: string, seen: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(path.join(dir, file), 'utf8');
  for (const m of code.matchAll(/(?:from|import)\s*["']([^"']+\.js)["']/g)) {
    const spec = m[1] ?? '';
    const target = spec.startsWith('/') ? spec.slice(1) : path.posix.join(path.posix.dirname(file), spec);
    if (existsSync(path.join(dir, target))) scriptClosure(dir, target, seen);
  }
}

function pageClosure(dir: string, html: string): string[] {
  const seen = new Set<string>([html]);
  const text = readFileSync(path.join(dir, html), 'utf8');
  for (const m of text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
    const ref = (m[1] ?? '').replace(/^\//, '');
    if (ref.endsWith('.css')) seen.add(ref);
    else scriptClosure(dir, ref, seen);
  }
  return [...seen];
}

export function entrySizes(dir: string): EntrySize[] {
  const manifest = Manifest.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  const entries: { entry: string; kind: EntrySize['kind']; files: string[] }[] = [];
  for (const cs of manifest.content_scripts) {
    for (const js of cs.js ?? []) entries.push({ entry: js, kind: 'content script', files: [js] });
  }
  if (manifest.background) {
    const seen = new Set<string>();
    scriptClosure(dir, manifest.background.service_worker, seen);
    entries.push({ entry: manifest.background.service_worker, kind: 'background', files: [...seen] });
  }
  const pages = [manifest.action?.default_popup, manifest.options_ui?.page, manifest.options_page];
  for (const html of pages) {
    if (html && existsSync(path.join(dir, html)))
      entries.push({ entry: html, kind: 'page', files: pageClosure(dir, html) });
  }
  return entries.map((e) => {
    let raw = 0;
    let gzip = 0;
    for (const f of e.files) {
      const bytes = readFileSync(path.join(dir, f));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { ...e, raw, gzip };
  });
}
