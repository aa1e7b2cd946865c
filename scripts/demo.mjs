#!/usr/bin/env node
// `npm run demo` on a fresh machine: install (npm ci), build, make sure Chromium is there, then run
// the demo flow. Plain Node on purpose: nothing from node_modules exists yet when it starts.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  run('npm ci --no-audit --no-fund');
}
run('npm run build');

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0) {
    console.log('Installing Chromium (Debian package)…');
    run(
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation',
    );
  } else {
    console.error(
      `Chromium not found at ${chromium}. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
}
run(`npx tsx scripts/demo-flow.ts ${process.argv.slice(2).join(' ')}`);
