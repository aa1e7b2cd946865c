/**
 * Runs the sandbox on its own: `tsx e2e/sandbox/main.ts [--port N] [--admin-port N] [--contacts N]
 * [--seed default|empty]`. Prints one JSON line (port, adminUrl, hostResolverRules) for scripts
 * to read, then serves until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'admin-port': { type: 'string' },
    contacts: { type: 'string' },
    seed: { type: 'string' },
  },
});

function intOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${raw}"`);
  return n;
}

const seed = values.seed;
if (seed !== undefined && seed !== 'default' && seed !== 'empty') {
  throw new Error(`--seed must be "default" or "empty", got "${seed}"`);
}

const sandbox = await startSandbox({
  port: intOption('port', values.port),
  adminPort: intOption('admin-port', values['admin-port']),
  zohoContacts: intOption('contacts', values.contacts),
  seed,
});

process.stdout.write(
  `${JSON.stringify({ port: sandbox.port, adminUrl: sandbox.adminUrl, hostResolverRules: sandbox.hostResolverRules })}\n`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await sandbox.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
