/**
 * Headless CLI over the same services as the app (no Electron): sync, report, status.
 * stdout carries only the requested output; every problem is one clear line on stderr.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppError } from '../../shared/ipc/result';
import { DEFAULT_API_BASE_URL } from '../services/app-core';
import { toAppError } from '../services/api-errors';
import { openCache, type Cache } from '../services/cache';
import { resolveDataDir } from '../services/data-dir';
import { DevinClient } from '../services/devin-client';
import { createKeytarKeychain } from '../services/keytar-keychain';
import { createLogger, silentLogger, type Logger } from '../services/logger';
import { buildReport, reportToCsv } from '../services/report';
import { createSyncEngine } from '../services/sync';
import { createTokenStore } from '../services/token-store';
import { DEMO_PRESET, startSimulator, type Simulator } from '../simulator';
import { createSettingsStore } from '../services/settings-store';
import { parseCommand, USAGE, UsageError, type Command } from './args';
import { runCheck, runLimits } from './spend';

export const EXIT = { ok: 0, usage: 1, auth: 2, api: 3 } as const;

interface Io {
  out: (text: string) => void;
  err: (line: string) => void;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = defaultIo): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseCommand(argv, env);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`devin-usage: ${err.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw err;
  }
  if (cmd.name === 'help') {
    io.out(USAGE + '\n');
    return EXIT.ok;
  }

  // Diagnostics only on request: by default stderr carries just the one line that explains a failure.
  const log: Logger = env.DEVIN_USAGE_LOG_LEVEL ? createLogger('cli') : silentLogger;
  const dataDir = resolveDataDir(env);
  mkdirSync(dataDir, { recursive: true });
  const cache = openCache({ file: join(dataDir, cmd.demo ? 'demo.sqlite' : 'cache.sqlite'), log: log.child('cache') });
  if (cache.recovered) io.err(`devin-usage: warning: ${cache.recovered.reason}; the old file was kept at ${cache.recovered.movedTo}`);
  try {
    switch (cmd.name) {
      case 'sync':
        return await runSync(cmd, cache, env, io, log);
      case 'report': {
        const report = buildReport(cache, { from: cmd.from, to: cmd.to, orgId: cmd.orgId, rate: cmd.rate });
        io.out(cmd.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportToCsv(report));
        if (report.as_of === null) io.err('devin-usage: warning: nothing synced yet for these figures; run `sync` first');
        return EXIT.ok;
      }
      case 'status':
        return await printStatus(cmd, cache, env, io);
      // Spend control (issue 9): src/main/cli/spend.ts
      case 'limits':
      case 'check': {
        const settings = createSettingsStore({ dataDir, env, log: log.child('settings') }).get();
        return cmd.name === 'limits' ? runLimits(cache, { ...cmd, settings }, io) : runCheck(cache, { ...cmd, settings }, io);
      }
    }
  } finally {
    cache.close();
  }
}

async function runSync(cmd: Extract<Command, { name: 'sync' }>, cache: Cache, env: NodeJS.ProcessEnv, io: Io, log: Logger): Promise<number> {
  let simulator: Simulator | null = null;
  let client: DevinClient;
  if (cmd.demo) {
    simulator = await startSimulator(DEMO_PRESET);
    client = new DevinClient({ baseUrl: simulator.url, token: simulator.token });
  } else {
    const token = await loadToken(env);
    if (!token) {
      io.err('devin-usage: no Devin token: set DEVIN_SERVICE_USER_TOKEN, save one in the app, or pass --demo');
      return EXIT.auth;
    }
    client = new DevinClient({ baseUrl: env.DEVIN_API_BASE_URL || DEFAULT_API_BASE_URL, token, log: log.child('api') });
  }
  try {
    const report = await createSyncEngine({ client, cache, log: log.child('sync') }).run({
      kind: cmd.full ? 'full' : 'incremental',
      from: cmd.from,
      to: cmd.to,
    });
    io.out(JSON.stringify(report, null, 2) + '\n');
    const worst = report.failed.map((f) => f.error).sort((a, b) => exitFor(b) - exitFor(a))[0];
    if (!worst) return EXIT.ok;
    io.err(`devin-usage: ${report.failed.length} dataset(s) not updated (last good data kept): ${describe(worst)}`);
    return exitFor(worst);
  } catch (err) {
    const error = toAppError(err);
    io.err(`devin-usage: sync failed: ${describe(error)}`);
    return exitFor(error);
  } finally {
    await simulator?.close();
  }
}

async function printStatus(cmd: Extract<Command, { name: 'status' }>, cache: Cache, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const tokenSource = cmd.demo ? 'demo' : env.DEVIN_SERVICE_USER_TOKEN ? 'env' : (await loadToken(env)) ? 'keychain' : 'none';
  const datasets = cache.getFreshness();
  const queue = cache.getQueue();
  if (cmd.format === 'json') {
    io.out(JSON.stringify({ token_source: tokenSource, data_file: cache.file, datasets, queue }, null, 2) + '\n');
    return EXIT.ok;
  }
  const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());
  const lines = [
    `token:  ${tokenSource}`,
    `cache:  ${cache.file}`,
    `queue:  ${queue ? `${queue.status} (${queue.queueSize} waiting, checked ${when(queue.checkedAt)})` : 'unknown (never checked)'}`,
    'datasets:',
    ...datasets.map((d) => `  ${d.dataset.padEnd(16)} last ok ${when(d.lastSuccessAt)}${d.error ? `  — last attempt failed: ${d.error.message}` : ''}`),
  ];
  io.out(lines.join('\n') + '\n');
  return EXIT.ok;
}

/** Environment first, then the keychain; a keychain that is unavailable simply yields no token here. */
async function loadToken(env: NodeJS.ProcessEnv): Promise<string | null> {
  const store = createTokenStore({ keychain: env.DEVIN_SERVICE_USER_TOKEN ? null : createKeytarKeychain(), env });
  await store.load();
  return store.token();
}

function exitFor(e: AppError): number {
  return e.code === 'AUTH_INVALID' || e.code === 'PERMISSION_DENIED' ? EXIT.auth : EXIT.api;
}

function describe(e: AppError): string {
  return `${e.code}: ${e.message}`;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(line + '\n'),
};

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`devin-usage: ${toAppError(err).message}\n`);
      process.exit(EXIT.api);
    },
  );
}
