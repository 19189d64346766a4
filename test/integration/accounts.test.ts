/**
 * Several Devin accounts in one data folder, never mixed: two simulators with different seeds, tokens and
 * principals, synced A → B → A through the CLI, the app core's `token:save` path and profile switches. Every
 * report must equal its own simulator's records and contain no organization, person or session of the other.
 * Real HTTP, real SQLite files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import type { DashboardData } from '../../src/shared/dashboard';
import { main as cli } from '../../src/main/cli/index';
import { LEGACY_IDENTITY_KEY } from '../../src/main/services/account/paths';
import { createAppCore, type AppCore } from '../../src/main/services/app-core';
import { openCache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import type { UsageReport } from '../../src/main/services/report';
import { createSyncEngine } from '../../src/main/services/sync';
import type { Keychain } from '../../src/main/services/token-store';
import { startDemoApi, startSimulator, type Simulator } from '../../src/main/simulator';
import { useTempDirs } from '../helpers/temp-dir';
import { nextEvent, syncedEvent } from '../helpers/core-events';

const makeTempDir = useTempDirs();

const to = currentBillingDay();
const from = addDaysTo(to, -20);
let simA: Simulator;
let simB: Simulator;
const tempDir = (): string => makeTempDir('accounts-');
const cores: AppCore[] = [];

beforeAll(async () => {
  [simA, simB] = await Promise.all([
    startSimulator({ seed: 101, orgs: 3, users: 12, days: 30, sessions: 300, token: 'cog_enterprise_a_token_0001' }),
    startSimulator({ seed: 202, orgs: 4, users: 10, days: 30, sessions: 250, token: 'cog_enterprise_b_token_0002' }),
  ]);
});
afterAll(async () => {
  await Promise.all([simA.close(), simB.close()]);
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

/** Every id of a simulator's world: none may show up in the other account's output. */
function idsOf(sim: Simulator): string[] {
  return [
    ...sim.data.orgs.map((o) => o.org_id),
    ...sim.data.users.map((u) => u.user_id),
    ...sim.data.serviceUsers.map((s) => s.service_user_id),
    ...sim.data.sessions.map((s) => s.session_id),
  ];
}

function expectOnly(text: string, own: Simulator, other: Simulator) {
  const leaked = idsOf(other).filter((id) => text.includes(id));
  expect(leaked, `ids of the other account in the output`).toEqual([]);
  expect(own.data.orgs.some((o) => text.includes(o.org_id))).toBe(true);
}

async function runCli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await cli(args, env, { out: (t) => (stdout += t), err: (l) => (stderr += l + '\n') });
  return { code, stdout, stderr };
}

function expectReportMatches(report: UsageReport, sim: Simulator) {
  const window = rangeWindow(from, to);
  expect(report.totals.acus).toBeCloseTo(sim.data.enterpriseAcus(window), 6);
  const sessions = sim.data.sessions.filter((s) => s.created_at >= window.timeAfter && s.created_at < window.timeBefore);
  expect(report.totals.sessions).toBe(sessions.length);
  expect(new Set(report.sessions.map((s) => s.session_id))).toEqual(new Set(sessions.map((s) => s.session_id)));
  expect(new Set(report.acus_by_org.map((o) => o.org_id))).toEqual(new Set(sim.data.orgs.map((o) => o.org_id)));
}

describe('CLI: one data folder, two enterprises', () => {
  it('reports A, then B, then A again, each equal to its own records and free of the other', async () => {
    const dataDir = tempDir();
    const envOf = (sim: Simulator) => ({ DEVIN_USAGE_DATA_DIR: dataDir, DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token });
    for (const [own, other] of [
      [simA, simB],
      [simB, simA],
      [simA, simB],
    ] as const) {
      const sync = await runCli(['sync', '--from', from, '--to', to], envOf(own));
      expect(sync.stderr).toBe('');
      expect(sync.code).toBe(0);
      const r = await runCli(['report', '--from', from, '--to', to], envOf(own));
      expect(r.code).toBe(0);
      expectReportMatches(JSON.parse(r.stdout) as UsageReport, own);
      expectOnly(r.stdout, own, other);
    }
    // Two identities, two caches, private to the user (POSIX).
    const accounts = readdirSync(join(dataDir, 'accounts')).filter((d) => d.startsWith('id-'));
    expect(accounts).toHaveLength(2);
    if (process.platform !== 'win32') {
      const mode = (p: string) => statSync(p).mode & 0o777;
      for (const p of [join(dataDir, 'accounts'), ...accounts.map((a) => join(dataDir, 'accounts', a))]) expect(mode(p)).toBe(0o700);
      for (const f of ['profiles.json', 'identities.json', ...accounts.map((a) => join('accounts', a, 'cache.sqlite'))])
        expect(mode(join(dataDir, f))).toBe(0o600);
    }
  });

  it('reopens the cache remembered for an env token when the API is unreachable, and names the account in status', async () => {
    const dataDir = tempDir();
    const env = { DEVIN_USAGE_DATA_DIR: dataDir, DEVIN_API_BASE_URL: simB.url, DEVIN_SERVICE_USER_TOKEN: simB.token };
    expect((await runCli(['sync', '--from', from, '--to', to], env)).code).toBe(0);
    // Another token on the same host, never seen: no cache may be picked for it.
    const stranger = await runCli(['report'], { ...env, DEVIN_API_BASE_URL: 'http://127.0.0.1:9', DEVIN_SERVICE_USER_TOKEN: 'cog_never_seen_here_123' });
    expect(stranger.code).toBe(3);
    expect(stranger.stderr).toMatch(/cannot tell which account this token belongs to/);
    expect(stranger.stdout).toBe('');

    const status = await runCli(['status', '--format', 'json'], env);
    const parsed = JSON.parse(status.stdout) as { profile: { name: string }; account: { principalId: string }; token_source: string };
    expect(parsed.profile.name).toBe('default');
    expect(parsed.account.principalId).toBe(simB.data.serviceUsers[0]!.service_user_id);
    expect(status.stdout).not.toContain(simB.token);
    const text = await runCli(['status'], env);
    expect(text.stdout).toMatch(/^profile: default$/m);
    expect(text.stdout).toContain(simB.data.serviceUsers[0]!.service_user_id);
  });

  it('refuses a profile that does not exist, naming the ones that do', async () => {
    const r = await runCli(['report', '--profile', 'nope'], { DEVIN_USAGE_DATA_DIR: tempDir(), DEVIN_SERVICE_USER_TOKEN: simA.token, DEVIN_API_BASE_URL: simA.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no profile named "nope" \(profiles: "default"\)/);
  });
});

/** A keychain double per entry: the keychain itself is tested for real in keychain.test.ts. */
function memoryKeychains() {
  const entries = new Map<string, string>();
  const keychainFor = (account: string): Keychain => ({
    get: async () => entries.get(account) ?? null,
    set: async (token) => void entries.set(account, token),
    delete: async () => void entries.delete(account),
  });
  return { entries, keychainFor };
}

function makeCore(dataDir: string, keychainFor: (account: string) => Keychain | null, env: NodeJS.ProcessEnv = {}): AppCore {
  const core = createAppCore({ dataDir, keychainFor, startDemoApi, env });
  cores.push(core);
  return core;
}

const next = nextEvent;
const synced = (core: AppCore) => syncedEvent(core);

/** Records every dashboard the core serves from the moment it is called: proof that no answer mixes accounts. */
function watchDashboards(core: AppCore) {
  const seen: { text: string }[] = [];
  const get = core.handlers['dashboard:get'];
  const read = async () => {
    const d: DashboardData = await get({ from, to, orgId: null });
    seen.push({ text: JSON.stringify(d) });
    return d;
  };
  return { seen, read };
}

describe('app core: token:save and profiles', () => {
  it('token:save A → B → A: the dashboard follows the token at once and never serves the other account', async () => {
    const dataDir = tempDir();
    const { keychainFor } = memoryKeychains();
    const core = makeCore(dataDir, keychainFor);
    await core.start();
    const dash = watchDashboards(core);
    // Every answer after each account change is recorded, including those served while the sync is running.
    const poll = setInterval(() => void dash.read().catch(() => undefined), 5);
    try {
      for (const [own, other] of [
        [simA, simB],
        [simB, simA],
        [simA, simB],
      ] as const) {
        const done = synced(core);
        await core.handlers['token:save']({ token: own.token, apiBaseUrl: own.url });
        const before = dash.seen.length;
        // Right after the save: the cache on screen is the new account's (empty at first, A's own data the second time).
        const now = JSON.stringify(await core.handlers['dashboard:get']({ from, to, orgId: null }));
        expect(idsOf(other).filter((id) => now.includes(id))).toEqual([]);
        await done;
        const d = await dash.read();
        expect(d.totals.acus).toBeCloseTo(own.data.enterpriseAcus(rangeWindow(from, to)), 6);
        expectOnly(JSON.stringify(d), own, other);
        for (const s of dash.seen.slice(before)) expect(idsOf(other).filter((id) => s.text.includes(id))).toEqual([]);
        expect(core.getStatus().account?.identity?.principalId).toBe(own.data.serviceUsers[0]!.service_user_id);
      }
    } finally {
      clearInterval(poll);
    }
  });

  it('does not store a token whose account /v3/self cannot tell, and says why', async () => {
    const { entries, keychainFor } = memoryKeychains();
    const core = makeCore(tempDir(), keychainFor);
    await core.start();
    simA.control.injectFault({ path: '/v3/self', kind: 'status', status: 503, times: -1 });
    try {
      await expect(core.handlers['token:save']({ token: simA.token, apiBaseUrl: simA.url })).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    } finally {
      simA.control.clearFaults();
    }
    await expect(core.handlers['token:save']({ token: simA.token, apiBaseUrl: 'http://127.0.0.1:9' })).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(entries.size).toBe(0);
    expect(core.getStatus().mode).toBe('demo');
    expect(core.getStatus().token.source).toBe('none');
  });

  it('A and B in two profiles: switching shows each one’s own figures; removing B leaves no file with its data', async () => {
    const dataDir = tempDir();
    const { entries, keychainFor } = memoryKeychains();
    const core = makeCore(dataDir, keychainFor);
    await core.start();

    let done = synced(core);
    await core.handlers['token:save']({ token: simA.token, apiBaseUrl: simA.url });
    await done;
    const added = await core.handlers['profiles:add']({ name: 'Enterprise B', apiBaseUrl: simB.url });
    const b = added.profiles.find((p) => p.name === 'Enterprise B')!;
    const switched = next(core, 'account:changed');
    await core.handlers['profiles:switch']({ id: b.id });
    expect(await switched).toBeNull(); // no token yet in B: demo, and the window is told before anything else
    expect(core.getStatus().mode).toBe('demo');
    done = synced(core);
    await core.handlers['token:save']({ token: simB.token });
    await done;
    expectOnly(JSON.stringify(await core.handlers['dashboard:get']({ from, to, orgId: null })), simB, simA);

    // Back to "default" (A): its cache is there at once, before any sync.
    await core.handlers['profiles:switch']({ id: 'default' });
    const a = await core.handlers['dashboard:get']({ from, to, orgId: null });
    expect(a.totals.acus).toBeCloseTo(simA.data.enterpriseAcus(rangeWindow(from, to)), 6);
    expectOnly(JSON.stringify(a), simA, simB);

    // Names: empty, too long and duplicate are refused with a message; nothing changes.
    await expect(core.handlers['profiles:add']({ name: '   ' })).rejects.toThrow(/needs a name/);
    await expect(core.handlers['profiles:add']({ name: 'x'.repeat(65) })).rejects.toThrow(/at most 64/);
    await expect(core.handlers['profiles:rename']({ id: 'default', name: 'enterprise b' })).rejects.toThrow(/already exists/);
    expect((await core.handlers['profiles:list'](undefined)).profiles).toHaveLength(2);

    await core.handlers['profiles:remove']({ id: b.id });
    expect([...entries.keys()].some((k) => k.endsWith(b.id))).toBe(false);
    await core.stop();
    cores.splice(0);
    const leaked = filesContaining(dataDir, idsOf(simB));
    expect(leaked).toEqual([]);
    // A is untouched.
    expect(filesContaining(dataDir, [simA.data.orgs[0]!.org_id]).length).toBeGreaterThan(0);
  });

  it('an env token the app has synced before opens its cache offline, read-only; an unknown one says it cannot tell', async () => {
    const dataDir = tempDir();
    const env = { DEVIN_API_BASE_URL: simA.url, DEVIN_SERVICE_USER_TOKEN: simA.token };
    const first = makeCore(dataDir, () => null, env);
    const done = synced(first);
    await first.start();
    await done;
    const online = await first.handlers['dashboard:get']({ from, to, orgId: null });
    await first.stop();

    const offline = makeCore(dataDir, () => null, { ...env, DEVIN_API_BASE_URL: 'http://127.0.0.1:9' });
    // Same token, but the host differs: not the same identity, so no cache.
    await offline.start();
    await expect(offline.handlers['dashboard:get']({ from, to, orgId: null })).rejects.toMatchObject({ code: 'ACCOUNT_UNKNOWN' });
    expect(offline.getStatus().account?.problem).toMatch(/Cannot tell which account this token belongs to/);
    await offline.stop();

    // The API is down but the host is the same: the remembered cache, unverified, no sync can write it.
    await simA.close();
    try {
      const remembered = makeCore(dataDir, () => null, env);
      await remembered.start();
      const d = await remembered.handlers['dashboard:get']({ from, to, orgId: null });
      expect(d.totals).toEqual(online.totals);
      expect(remembered.getStatus().account?.verified).toBe(false);
      await remembered.refresh();
      expect(remembered.getStatus().online).toBe(false);
      expect((await remembered.handlers['dashboard:get']({ from, to, orgId: null })).totals).toEqual(online.totals);
    } finally {
      simA = await startSimulator({ seed: 101, orgs: 3, users: 12, days: 30, sessions: 300, token: 'cog_enterprise_a_token_0001', port: Number(new URL(simA.url).port) });
    }
  });
});

describe('upgrade from the single-cache release', () => {
  it('moves cache.sqlite and the keychain entry into profile "default", shows it at once, then verifies and keeps every figure', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    // What the previous release left: <dataDir>/cache.sqlite synced with the token in 'service-user-token'.
    const legacy = openCache({ file: join(dataDir, 'cache.sqlite') });
    await createSyncEngine({ client: new DevinClient({ baseUrl: simB.url, token: simB.token }), cache: legacy }).run({ kind: 'full', from, to });
    const before = legacy.getDashboard({ from, to, orgId: null });
    legacy.close();
    const { entries, keychainFor } = memoryKeychains();
    entries.set('service-user-token', simB.token);

    const core = makeCore(dataDir, keychainFor, { DEVIN_API_BASE_URL: simB.url });
    const done = synced(core);
    await core.start();
    // At once, from the moved file, before /v3/self has answered.
    const shown = await core.handlers['dashboard:get']({ from, to, orgId: null });
    expect(shown.totals).toEqual(before.totals);
    expect(existsSync(join(dataDir, 'cache.sqlite'))).toBe(false);
    await done;
    const status = core.getStatus();
    expect(status.account?.profileName).toBe('default');
    expect(status.account?.verified).toBe(true);
    expect(status.lastSync?.kind).toBe('full');
    const after = await core.handlers['dashboard:get']({ from, to, orgId: null });
    expect(after.totals.acus).toBeCloseTo(before.totals.acus, 6);
    expect(after.totals.sessions).toBe(before.totals.sessions);
    expect(existsSync(join(dataDir, 'accounts', LEGACY_IDENTITY_KEY))).toBe(false);
    expect(existsSync(join(dataDir, 'accounts', status.account!.identity!.key, 'cache.sqlite'))).toBe(true);
  });
});

/** Files under `dir` (any depth, binary too) that contain any of `needles`. */
function filesContaining(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p).toString('latin1');
        if (needles.some((n) => text.includes(n))) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}
