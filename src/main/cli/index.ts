/**
 * Headless CLI over the same services as the app (no Electron): sync, report, status.
 * stdout carries only the requested output; every problem is one clear line on stderr.
 */
import type { AppError } from '../../shared/ipc/result';
import type { DayString } from '../../shared/billing-day';
import { cacheUpgradeLine } from '../../shared/cache-upgrade-text';
import type { AccountIdentity, CacheUpgradeProgress } from '../../shared/dashboard';
import { DEFAULT_API_BASE_URL } from '../services/account/accounts';
import { identityFromSelf } from '../services/account/identity';
import { createIdentityRegistry } from '../services/account/identity-registry';
import { accountCacheFile, demoCacheFile, KEYCHAIN_ACCOUNT } from '../services/account/paths';
import { createProfileStore, keychainAccountFor, type ProfileRecord } from '../services/account/profiles';
import { apiBaseUrlFor, knownCacheKey, recordIdentity, type AccountStores, type TokenInUse } from '../services/account/resolution';
import { toAppError } from '../services/api-errors';
import { openCacheOffThread, type Cache } from '../services/cache';
import { ensurePrivateDataDir, resolveDataDir } from '../services/data-dir';
import { DevinClient } from '../services/devin-client';
import { createKeytarKeychain } from '../services/keytar-keychain';
import { createLogFileSink, logDirOf } from '../services/log-file';
import { createLogger, stderrSink, teeSink, type Logger } from '../services/logger';
import { buildReport, reportToCsv } from '../services/report';
import { createSettingsStore } from '../services/settings-store';
import { createSyncEngine } from '../services/sync';
import { createTokenStore, TOKEN_ENV } from '../services/token-store';
import { DEMO_PRESET, startSimulator, type Simulator } from '../simulator';
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

  const dataDir = resolveDataDir(env);
  ensurePrivateDataDir(dataDir);
  // Diagnostics go to <data dir>/logs/cli.log, and to stderr only on request: by default stderr carries just
  // the one line that explains a failure.
  const logFile = createLogFileSink({ dir: logDirOf(dataDir), name: 'cli' });
  const log: Logger = createLogger('cli', env.DEVIN_USAGE_LOG_LEVEL ? teeSink(stderrSink, logFile) : logFile);
  try {
    return await runFor(cmd, dataDir, env, io, log);
  } finally {
    logFile.close();
  }
}

async function runFor(cmd: Exclude<Command, { name: 'help' }>, dataDir: string, env: NodeJS.ProcessEnv, io: Io, log: Logger): Promise<number> {
  if (cmd.demo) return withCache(demoCacheFile(dataDir), io, log, (cache) => runCommand(cmd, cache, { kind: 'demo' }, { io, log, dataDir, env }));

  const stores: AccountStores = {
    dataDir,
    profiles: createProfileStore({ dataDir, defaultApiBaseUrl: env.DEVIN_API_BASE_URL || DEFAULT_API_BASE_URL, log }),
    registry: createIdentityRegistry({ dataDir, log }),
  };
  const profile = cmd.profile === null ? stores.profiles.active() : stores.profiles.byName(cmd.profile);
  if (!profile) {
    const names = stores.profiles.list().map((p) => `"${p.name}"`).join(', ');
    io.err(`devin-usage: there is no profile named "${cmd.profile}" (profiles: ${names})`);
    return EXIT.usage;
  }
  const token = await loadToken(env, profile, log.child('token'));
  const baseUrl = apiBaseUrlFor(profile, token, env);
  const account: Account = { kind: 'live', profile, token, baseUrl, identity: null };
  let cacheKey = knownCacheKey(stores, profile, token, baseUrl);
  let adoptedLegacy = false;

  // A sync always asks the API whose token this is first: data is written only into that account's cache.
  if (cmd.name === 'sync' || (cacheKey === null && token)) {
    if (!token) {
      io.err(`devin-usage: no Devin token for profile "${profile.name}": set DEVIN_SERVICE_USER_TOKEN, save one in the app, or pass --demo`);
      return EXIT.auth;
    }
    try {
      const client = new DevinClient({ baseUrl, token: token.value, log: log.child('api') });
      account.identity = identityFromSelf(baseUrl, await client.getSelf());
    } catch (err) {
      const error = toAppError(err);
      io.err(`devin-usage: cannot tell which account this token belongs to (${describe(error)})`);
      return exitFor(error);
    }
    ({ adoptedLegacy } = recordIdentity(stores, profile, account.identity, token, cacheKey));
    cacheKey = account.identity.key;
  }
  if (cacheKey === null) {
    io.err(`devin-usage: nothing synced for profile "${profile.name}" and no token to sync with: save a token in the app or set DEVIN_SERVICE_USER_TOKEN`);
    return EXIT.auth;
  }
  account.identity ??= stores.registry.get(cacheKey);
  return withCache(accountCacheFile(dataDir, cacheKey), io, log, (cache) =>
    // The cache made before profiles, now known to be this identity's: a full sync of its whole range.
    runCommand(cmd, cache, account, { io, log, dataDir, env }, adoptedLegacy ? cache.getSyncState().syncedFrom : null),
  );
}

type Account =
  | { kind: 'demo' }
  | { kind: 'live'; profile: ProfileRecord; token: TokenInUse | null; baseUrl: string; identity: AccountIdentity | null };

async function withCache(file: string, io: Io, log: Logger, run: (cache: Cache) => Promise<number>): Promise<number> {
  const cache = await openCacheOffThread({ file, log: log.child('cache'), onProgress: upgradeReporter(io) });
  if (cache.recovered) io.err(`devin-usage: warning: ${cache.recovered.reason}; the old file was kept at ${cache.recovered.movedTo}`);
  try {
    return await run(cache);
  } finally {
    cache.close();
  }
}

/** Only an upgrade that makes a person wait is mentioned: from half a second on, a line a second and the last. */
const UPGRADE_QUIET_MS = 500;
const UPGRADE_EVERY_MS = 1_000;

/** Progress of a cache upgrade on stderr (stdout carries only the command's output). */
function upgradeReporter(io: Io, now: () => number = Date.now): (p: CacheUpgradeProgress) => void {
  const startedAt = now();
  let saidAt: number | null = null;
  let said = '';
  return (p) => {
    const at = now();
    const last = p.done >= p.total;
    if (at - startedAt < UPGRADE_QUIET_MS || (!last && saidAt !== null && at - saidAt < UPGRADE_EVERY_MS)) return;
    const line = cacheUpgradeLine(p);
    if (line === said) return;
    io.err(line);
    said = line;
    saidAt = at;
  };
}

async function runCommand(
  cmd: Exclude<Command, { name: 'help' }>,
  cache: Cache,
  account: Account,
  { io, log, dataDir, env }: { io: Io; log: Logger; dataDir: string; env: NodeJS.ProcessEnv },
  owedFullFrom: DayString | null = null,
): Promise<number> {
  switch (cmd.name) {
    case 'sync':
      return runSync(cmd, cache, account, io, log, owedFullFrom);
    case 'report': {
      const report = buildReport(cache, { from: cmd.from, to: cmd.to, orgId: cmd.orgId, rate: cmd.rate });
      io.out(cmd.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportToCsv(report));
      if (report.as_of === null) io.err('devin-usage: warning: nothing synced yet for these figures; run `sync` first');
      return EXIT.ok;
    }
    case 'status':
      return printStatus(cmd, cache, account, io);
    // Spend control: src/main/cli/spend.ts
    case 'limits':
    case 'check': {
      const settings = createSettingsStore({ dataDir, env, log: log.child('settings') }).get();
      return cmd.name === 'limits' ? runLimits(cache, { ...cmd, settings }, io) : runCheck(cache, { ...cmd, settings }, io);
    }
  }
}

async function runSync(
  cmd: Extract<Command, { name: 'sync' }>,
  cache: Cache,
  account: Account,
  io: Io,
  log: Logger,
  owedFullFrom: DayString | null,
): Promise<number> {
  let simulator: Simulator | null = null;
  let client: DevinClient;
  if (account.kind === 'demo') {
    simulator = await startSimulator(DEMO_PRESET);
    client = new DevinClient({ baseUrl: simulator.url, token: simulator.token });
  } else {
    client = new DevinClient({ baseUrl: account.baseUrl, token: account.token?.value ?? '', log: log.child('api') });
  }
  try {
    const full = cmd.full || owedFullFrom !== null;
    const report = await createSyncEngine({ client, cache, log: log.child('sync') }).run({
      kind: full ? 'full' : 'incremental',
      from: owedFullFrom ?? cmd.from,
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

async function printStatus(cmd: Extract<Command, { name: 'status' }>, cache: Cache, account: Account, io: Io): Promise<number> {
  const tokenSource = account.kind === 'demo' ? 'demo' : !account.token ? 'none' : account.token.fromEnv ? 'env' : 'keychain';
  const profile = account.kind === 'live' ? { id: account.profile.id, name: account.profile.name } : null;
  const identity = account.kind === 'live' ? account.identity : null;
  const datasets = cache.getFreshness();
  const queue = cache.getQueue();
  if (cmd.format === 'json') {
    io.out(JSON.stringify({ profile, account: identity, token_source: tokenSource, data_file: cache.file, datasets, queue }, null, 2) + '\n');
    return EXIT.ok;
  }
  const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());
  const who = identity
    ? `${identity.principalName ?? identity.principalId} (${identity.principalType} ${identity.principalId}) at ${identity.apiBaseUrl}`
    : 'not verified yet';
  const lines = [
    `profile: ${profile ? profile.name : 'demo'}`,
    ...(account.kind === 'live' ? [`account: ${who}`] : []),
    `token:   ${tokenSource}`,
    `cache:   ${cache.file}`,
    `queue:   ${queue ? `${queue.status} (${queue.queueSize} waiting, checked ${when(queue.checkedAt)})` : 'unknown (never checked)'}`,
    'datasets:',
    ...datasets.map((d) => `  ${d.dataset.padEnd(16)} last ok ${when(d.lastSuccessAt)}${d.error ? `  — last attempt failed: ${d.error.message}` : ''}`),
  ];
  io.out(lines.join('\n') + '\n');
  return EXIT.ok;
}

/** Environment first, then the profile's keychain entry; a keychain that is unavailable simply yields no token. */
async function loadToken(env: NodeJS.ProcessEnv, profile: ProfileRecord, log: Logger): Promise<TokenInUse | null> {
  const fromEnv = Boolean(env[TOKEN_ENV]?.trim());
  const keychain = fromEnv ? null : createKeytarKeychain({ account: keychainAccountFor(KEYCHAIN_ACCOUNT, profile.id) });
  const store = createTokenStore({ keychain, env, log });
  await store.load();
  const value = store.token();
  return value ? { value, fromEnv } : null;
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
    // Exit once stdout is flushed: a piped report larger than the pipe's buffer would be cut short otherwise.
    (code) => process.stdout.write('', () => process.exit(code)),
    (err: unknown) => {
      process.stderr.write(`devin-usage: ${toAppError(err).message}\n`);
      process.exit(EXIT.api);
    },
  );
}
