import { defineConfig } from '@playwright/test';

// Each worker runs its own sandbox and each test its own Chromium profile, so tests never share state.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  // Playwright empties its output directory on every run; the reliability figures written beside
  // it (test-results/figures, e2e/faults/figures.ts) must survive `npm run test:faults` after `npm test`.
  outputDir: 'test-results/playwright',
  projects: [
    // `npm test`: everything but the long fault runs.
    { name: 'e2e', grepInvert: /@slow/ },
    // `npm run test:faults` (CI runs it after `npm test`): 10,000 contacts, 30 s client timeouts.
    { name: 'faults', grep: /@slow/, timeout: 10 * 60_000 },
  ],
});
