/**
 * The token store against a REAL keychain (keytar → libsecret → Secret Service over D-Bus), Linux only.
 *
 * Each scenario runs in a child Node process, so its environment (which D-Bus, which keyring) is exactly
 * what the test sets:
 *  - round trip: in the current D-Bus session when its Secret Service answers (the test script runs
 *    everything under `dbus-run-session` with an unlocked throwaway gnome-keyring); otherwise in a private
 *    `dbus-run-session` + gnome-keyring started here with fresh XDG dirs; skipped when neither is possible.
 *  - no keychain: D-Bus pointed at a socket that does not exist → memory-only state with the fix named.
 * A unique account name per run keeps runs (and a developer's real entries) apart.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../src/main/services/keytar-keychain';

const ROOT = resolve(__dirname, '../..');
const SERVICE = 'devin-usage-dashboard-test';
const ACCOUNT = `it-${process.pid}-${randomBytes(4).toString('hex')}`;
const TOKEN_A = `cog_keychain_it_${randomBytes(12).toString('hex')}`;
const TOKEN_B = `cog_keychain_it_${randomBytes(12).toString('hex')}`;

/** Runs in the child (ESM, TypeScript through tsx); prints one JSON line. */
const CHILD = `
const { createKeytarKeychain } = await import(${JSON.stringify(join(ROOT, 'src/main/services/keytar-keychain.ts'))});
const { createTokenStore } = await import(${JSON.stringify(join(ROOT, 'src/main/services/token-store.ts'))});
const { createLogger } = await import(${JSON.stringify(join(ROOT, 'src/main/services/logger.ts'))});
const { SERVICE, ACCOUNT, TOKEN_A, TOKEN_B, SCENARIO } = process.env;
const keychain = () => createKeytarKeychain({ service: SERVICE, account: ACCOUNT, timeoutMs: 10000 });
const store = () => createTokenStore({ keychain: keychain(), env: {}, platform: 'linux', log: createLogger('token') });
const out = {};
if (SCENARIO === 'roundtrip') {
  const kc = keychain();
  out.initial = await kc.get();
  await kc.set(TOKEN_A);
  out.readBack = (await kc.get()) === TOKEN_A;
  const s1 = store();
  out.loaded = await s1.load();
  out.loadedToken = s1.token() === TOKEN_A;
  out.saved = await s1.save(TOKEN_B);
  const s2 = store();
  out.reloaded = await s2.load();
  out.reloadedToken = s2.token() === TOKEN_B;
  out.removed = await s2.remove();
  out.afterRemove = await kc.get();
  out.finalLoad = await store().load();
} else {
  const s = store();
  out.loaded = await s.load();
  out.saved = await s.save(TOKEN_A);
  out.inMemory = s.token() === TOKEN_A;
}
process.stdout.write(JSON.stringify(out) + '\\n');
`;

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

function lastJson(r: ChildResult): Record<string, unknown> {
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`child printed no result (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

const hasTool = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const nodeArgs = ['--import', 'tsx', '--input-type=module', '-e', CHILD];
const baseEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...process.env,
  SERVICE,
  ACCOUNT,
  TOKEN_A,
  TOKEN_B,
  DEVIN_USAGE_LOG_LEVEL: 'error',
  ...extra,
});

/** Fresh XDG dirs, so a private gnome-keyring creates its own login keyring with a known password. */
function freshXdg(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'keychain-it-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'run'));
  chmodSync(join(dir, 'run'), 0o700);
  return { dir, env: { XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: join(dir, 'run'), HOME: dir } };
}

/** Every file under `dir`, for the "never on disk in plain text" check. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
}

const linux = process.platform === 'linux';
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.skipIf(!linux)('keychain (real Secret Service)', () => {
  let mode: 'session' | 'private' | null = null;
  let skipReason = '';

  beforeAll(async () => {
    if (process.env.DBUS_SESSION_BUS_ADDRESS) {
      try {
        await createKeytarKeychain({ service: SERVICE, account: ACCOUNT, timeoutMs: 3_000 }).get();
        mode = 'session';
        return;
      } catch (err) {
        skipReason = `the current D-Bus session's Secret Service did not answer (${(err as Error).message})`;
      }
    } else skipReason = 'DBUS_SESSION_BUS_ADDRESS is not set';
    if (hasTool('dbus-run-session') && hasTool('gnome-keyring-daemon')) mode = 'private';
    else skipReason += '; dbus-run-session or gnome-keyring-daemon is not installed (apt-get install dbus gnome-keyring)';
  });

  it('saves, reads back, survives a new store instance, and deletes', async (ctx) => {
    if (mode === null) {
      console.warn(`keychain round trip skipped: ${skipReason}`);
      ctx.skip();
    }
    let result: ChildResult;
    if (mode === 'session') {
      result = await runChild(process.execPath, nodeArgs, baseEnv({ SCENARIO: 'roundtrip' }));
    } else {
      const xdg = freshXdg();
      temps.push(xdg.dir);
      const script = 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$NODE_BIN" --import tsx --input-type=module -e "$CHILD_SCRIPT"';
      result = await runChild('dbus-run-session', ['--', 'sh', '-c', script], baseEnv({
        ...xdg.env,
        SCENARIO: 'roundtrip',
        NODE_BIN: process.execPath,
        CHILD_SCRIPT: CHILD,
      }));
    }
    const out = lastJson(result);
    expect(out.initial).toBeNull();
    expect(out.readBack).toBe(true);
    expect(out.loaded).toEqual({ source: 'keychain', keychainAvailable: true, keychainMessage: null });
    expect(out.loadedToken).toBe(true);
    expect(out.saved).toEqual({ source: 'keychain', keychainAvailable: true, keychainMessage: null });
    expect(out.reloaded).toMatchObject({ source: 'keychain' });
    expect(out.reloadedToken).toBe(true);
    expect(out.removed).toEqual({ source: 'none', keychainAvailable: true, keychainMessage: null });
    expect(out.afterRemove).toBeNull();
    expect(out.finalLoad).toMatchObject({ source: 'none', keychainAvailable: true });
    expect(result.stdout + result.stderr).not.toContain(TOKEN_A);
    expect(result.stdout + result.stderr).not.toContain(TOKEN_B);
  });
});

describe.skipIf(!linux)('no keychain reachable (D-Bus removed)', () => {
  it('keeps the token in memory only and says how to fix it; nothing is written in plain text', async () => {
    const xdg = freshXdg();
    temps.push(xdg.dir);
    const env = baseEnv({
      ...xdg.env,
      SCENARIO: 'nokeychain',
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(xdg.dir, 'no-such-bus')}`,
      DISPLAY: '',
      DEVIN_USAGE_LOG_LEVEL: 'debug',
    });
    const result = await runChild(process.execPath, nodeArgs, env);
    const out = lastJson(result);
    const loaded = out.loaded as { source: string; keychainAvailable: boolean; keychainMessage: string };
    expect(loaded.source).toBe('none');
    expect(loaded.keychainAvailable).toBe(false);
    expect(loaded.keychainMessage).toMatch(/install and unlock gnome-keyring or another Secret Service provider \(KWallet on KDE\)/);
    const saved = out.saved as typeof loaded;
    expect(saved.source).toBe('memory');
    expect(saved.keychainAvailable).toBe(false);
    expect(saved.keychainMessage).toContain('memory for this session only');
    expect(out.inMemory).toBe(true);
    // Logged at debug level, still no token; and no file under the child's HOME/XDG dirs holds it.
    expect(result.stderr.length).toBeGreaterThan(0);
    expect(result.stdout + result.stderr).not.toContain(TOKEN_A);
    for (const file of filesUnder(xdg.dir)) expect(readFileSync(file, 'utf8'), file).not.toContain(TOKEN_A);
  });
});
