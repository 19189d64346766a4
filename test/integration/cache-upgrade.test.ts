/**
 * Opening a cache that needs work first (issue 11, "bad input and failure"): a cache from before the session
 * totals is migrated, and totals that disagree with their rows are rebuilt, each with progress that only goes
 * forward and ends at 100 %, in a worker thread (as the app does for a large cache) and in-line (a small one);
 * after it the totals equal the rows, and no query ever answers with a tampered figure.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openCacheOffThread, type Cache } from '../../src/main/services/cache';
import { mismatchedDays } from '../../src/main/services/cache/aggregates';
import { openDb } from '../../src/main/services/cache/connection';
import { readUserVersion, SCHEMA_VERSION } from '../../src/main/services/cache/migrations';
import { OFF_THREAD_MIN_BYTES, OPEN_WORKER, type OpenWorkerMessage } from '../../src/main/services/cache/open-off-thread';
import { demoCacheFile } from '../../src/main/services/account/paths';
import { createAppCore, type AppCore } from '../../src/main/services/app-core';
import { startDemoApi } from '../../src/main/simulator';
import { nextEvent } from '../helpers/core-events';
import type { UsageReport } from '../../src/main/services/report';
import { createLogger, silentLogger } from '../../src/main/services/logger';
import { BILLING_DAY_OFFSET_SECONDS, billingDayOf } from '../../src/shared/billing-day';
import { cacheUpgradePercent } from '../../src/shared/cache-upgrade-text';
import type { CacheUpgradeProgress } from '../../src/shared/dashboard';
import { OLD_CACHE_VERSION, writeOldCache } from '../helpers/old-cache';
import { runCliProcess } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const SESSIONS = 4_000;
const DAYS = 90;
const AT = Date.UTC(2026, 10, 21) / 1000;

const opened: Cache[] = [];
const cores: AppCore[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) c.close();
  for (const c of cores.splice(0)) await c.stop();
});

async function open(file: string, offThread: 'always' | 'never' | 'auto') {
  const events: CacheUpgradeProgress[] = [];
  const cache = await openCacheOffThread({ file, log: silentLogger, offThread, onProgress: (p) => events.push(p) });
  opened.push(cache);
  return { cache, events };
}

function oldCache(count = SESSIONS): string {
  const file = join(tempDir('cache-upgrade-'), 'cache.sqlite');
  writeOldCache(file, { count, days: DAYS, orgs: 12, users: 300, endAt: AT });
  return file;
}

/** Every event moves forward (never back), several are heard on the way, and the last one says 100 %. */
function expectForwardTo100(events: CacheUpgradeProgress[], step: CacheUpgradeProgress['step']) {
  expect(events.length).toBeGreaterThan(3);
  expect(new Set(events.map((e) => e.step))).toEqual(new Set([step]));
  const percents = events.map(cacheUpgradePercent);
  for (let i = 1; i < percents.length; i++) expect(percents[i], `event ${i}: ${percents.join(',')}`).toBeGreaterThanOrEqual(percents[i - 1]!);
  expect(percents[0]).toBeLessThan(50);
  expect(percents.at(-1)).toBe(100);
  expect(events.at(-1)!.done).toBe(events.at(-1)!.total);
}

function inspect(file: string) {
  const db = openDb(file);
  try {
    const version = readUserVersion(db.raw);
    return { version, mismatched: version >= SCHEMA_VERSION ? mismatchedDays(db) : null };
  } finally {
    db.close();
  }
}

const DAY_SQL = `date(created_at - ${BILLING_DAY_OFFSET_SECONDS}, 'unixepoch')`;

describe('opening a cache from before the session totals (v4)', () => {
  for (const offThread of ['always', 'never'] as const) {
    it(`migrates it with progress up to 100 % (${offThread === 'always' ? 'in a worker thread' : 'in-line'})`, async () => {
      const file = oldCache();
      expect(inspect(file).version).toBe(OLD_CACHE_VERSION);
      const { cache, events } = await open(file, offThread);
      expectForwardTo100(events, 'migrate');
      expect(events[0]).toMatchObject({ from: OLD_CACHE_VERSION, to: SCHEMA_VERSION });
      // Every session counted: the totals equal their rows, day by day.
      expect(inspect(file)).toEqual({ version: SCHEMA_VERSION, mismatched: [] });
      const raw = new DatabaseSync(file, { readOnly: true });
      const { n } = raw.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
      raw.close();
      expect(n).toBe(SESSIONS);
      expect(cache.getSyncState()).toBeTruthy();
    });
  }

  it('says nothing when there is nothing to do', async () => {
    const file = oldCache();
    (await open(file, 'always')).cache.close();
    opened.length = 0;
    const { events } = await open(file, 'always');
    expect(events).toEqual([]);
  });
});

describe('a very large cache with nothing to upgrade', () => {
  const lines: string[] = [];
  const log = createLogger('cache', (line) => void lines.push(line), 'info');

  it('is checked in a worker thread from the size set for it, and answers as an in-line open does', async () => {
    const file = oldCache();
    (await open(file, 'never')).cache.close(); // brought to the current version: nothing left to upgrade
    const here = await openCacheOffThread({ file, log, offThread: 'auto' });
    const expected = here.getDashboard({ from: billingDayOf(AT - 30 * 86_400), to: billingDayOf(AT), orgId: null });
    here.close();
    expect(lines.filter((l) => l.includes('in a worker thread'))).toEqual([]);

    const worker = await openCacheOffThread({ file, log, offThread: 'auto', checkOffThreadBytes: 1 });
    opened.push(worker);
    expect(lines.filter((l) => l.includes('checked the cache in a worker thread'))).toHaveLength(1);
    expect(worker.getDashboard({ from: expected.query.from, to: expected.query.to, orgId: null })).toEqual(expected);
  });
});

describe('totals that disagree with their rows', () => {
  const ways = [
    ['always', SESSIONS, 'in a worker'],
    ['never', SESSIONS, 'in-line'],
    // Large enough for the app's own choice: found by the read-only check before the open, rebuilt in a worker.
    ['auto', 60_000, 'as the app opens a large cache'],
  ] as const;
  for (const [offThread, count, how] of ways) {
    it(`are rebuilt at open with progress, and never answer a query (${how})`, async () => {
      const file = oldCache(count);
      (await open(file, 'never')).cache.close();
      opened.length = 0;

      // One day × org's total made 1000 sessions too many, as an interrupted or hand-made change could leave it.
      const raw = new DatabaseSync(file);
      const target = raw.prepare('SELECT day, org_id, sessions FROM session_totals ORDER BY day DESC, org_id LIMIT 1').get() as {
        day: string;
        org_id: string;
        sessions: number;
      };
      raw
        .prepare('UPDATE session_totals SET sessions = sessions + 1000 WHERE day = ? AND org_id = ? AND creator = (SELECT min(creator) FROM session_totals WHERE day = ? AND org_id = ?)')
        .run(target.day, target.org_id, target.day, target.org_id);
      const { n: rowsThatDay } = raw
        .prepare(`SELECT count(*) AS n FROM sessions WHERE org_id = ? AND ${DAY_SQL} = ?`)
        .get(target.org_id, target.day) as { n: number };
      raw.close();
      expect(inspect(file).mismatched).toEqual([target.day]);

      if (offThread === 'auto') expect(statSync(file).size).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
      const { cache, events } = await open(file, offThread);
      expectForwardTo100(events, 'rebuild');
      expect(inspect(file).mismatched).toEqual([]);
      const answer = cache.getDashboard({ from: target.day, to: target.day, orgId: target.org_id });
      expect(rowsThatDay).toBeGreaterThan(0);
      expect(answer.totals.sessions).toBe(rowsThatDay);
    });
  }
});

describe('an upgrade stopped midway', () => {
  it('leaves the old version, which the next open migrates', async () => {
    // Large enough that the migration takes a good part of a second after its first word.
    const file = oldCache(100_000);
    // The worker thread stopped once the fill of the new tables is under way: its transaction never commits.
    const worker = new Worker(OPEN_WORKER.script, { workerData: { file }, execArgv: OPEN_WORKER.execArgv });
    const heard = await new Promise<CacheUpgradeProgress[]>((resolve, reject) => {
      const events: CacheUpgradeProgress[] = [];
      worker.on('message', (m: OpenWorkerMessage) => {
        if (m.type !== 'progress') return;
        events.push(m.progress);
        if (m.progress.done > 0 && events.filter((e) => e.done > 0).length === 1) void worker.terminate().then(() => resolve(events));
      });
      worker.on('error', reject);
    });
    expect(cacheUpgradePercent(heard.at(-1)!)).toBeGreaterThan(0);
    expect(cacheUpgradePercent(heard.at(-1)!)).toBeLessThan(100);
    expect(inspect(file)).toEqual({ version: OLD_CACHE_VERSION, mismatched: null });
    const { events } = await open(file, 'always');
    expectForwardTo100(events, 'migrate');
    expect(inspect(file)).toEqual({ version: SCHEMA_VERSION, mismatched: [] });
  });
});

describe('the CLI opening a large cache from before the totals', () => {
  it('says how far the upgrade is on stderr, and stdout stays the JSON report', async () => {
    const dataDir = tempDir('cache-upgrade-cli-');
    // Large enough to take well over the half second before the CLI mentions an upgrade, and to go to a worker.
    const file = demoCacheFile(dataDir);
    writeOldCache(file, { count: 150_000, days: DAYS, orgs: 12, users: 300, endAt: AT });
    expect(statSync(file).size).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    const day = billingDayOf(AT - 1);
    const raw = new DatabaseSync(file, { readOnly: true });
    const { n: sessionsThatDay } = raw.prepare(`SELECT count(*) AS n FROM sessions WHERE ${DAY_SQL} = ?`).get(day) as { n: number };
    raw.close();

    const r = await runCliProcess(['report', '--demo', '--from', day, '--to', day, '--format', 'json'], { DEVIN_USAGE_DATA_DIR: dataDir });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('Upgrading the local cache'));
    expect(lines.length, r.stderr).toBeGreaterThan(0);
    expect(lines.at(-1)).toBe(`Upgrading the local cache (v${OLD_CACHE_VERSION} → v${SCHEMA_VERSION}): 100 %`);
    const percents = lines.map((l) => Number(/: (\d+) %$/.exec(l)?.[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const report = JSON.parse(r.stdout) as UsageReport;
    expect(sessionsThatDay).toBeGreaterThan(0);
    expect(report.totals.sessions).toBe(sessionsThatDay);
  }, 120_000);
});

describe('the app opening a large cache from before the totals', () => {
  it('keeps its event loop turning while a worker upgrades it, says so in the status, then shows the figures', async () => {
    const dataDir = tempDir('cache-upgrade-app-');
    const file = demoCacheFile(dataDir);
    // Long before the demo sync's window, so the sync that follows the start leaves these rows alone.
    const endAt = AT - 400 * 86_400;
    writeOldCache(file, { count: 60_000, days: DAYS, orgs: 12, users: 300, endAt });
    expect(statSync(file).size).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    const day = billingDayOf(endAt - 1);
    const raw = new DatabaseSync(file, { readOnly: true });
    const { n: sessionsThatDay } = raw.prepare(`SELECT count(*) AS n FROM sessions WHERE ${DAY_SQL} = ?`).get(day) as { n: number };
    raw.close();

    const core = createAppCore({ dataDir, keychainFor: () => null, startDemoApi, env: {} });
    cores.push(core);
    let turns = 0;
    const timer = setInterval(() => turns++, 1);
    const heard: { progress: CacheUpgradeProgress; turns: number }[] = [];
    core.on('cache:progress', (progress) => heard.push({ progress, turns }));
    const first = nextEvent(core, 'cache:progress');
    const started = core.start();
    try {
      await first;
      // Meanwhile the status says how far it is, and a request for figures hears why there are none yet.
      expect(core.getStatus().cacheUpgrade).toMatchObject({ step: 'migrate', from: OLD_CACHE_VERSION, to: SCHEMA_VERSION });
      await expect(core.handlers['dashboard:get']({ from: day, to: day, orgId: null })).rejects.toThrow(/being opened/);
      await started;
    } finally {
      clearInterval(timer);
    }
    expectForwardTo100(heard.map((h) => h.progress), 'migrate');
    // Timers ran between the first word and the last: the upgrade did not hold the event loop.
    expect(heard.at(-1)!.turns).toBeGreaterThan(heard[0]!.turns);
    expect(core.getStatus().cacheUpgrade).toBeNull();
    const d = await core.handlers['dashboard:get']({ from: day, to: day, orgId: null });
    expect(sessionsThatDay).toBeGreaterThan(0);
    expect(d.totals.sessions).toBe(sessionsThatDay);
  }, 60_000);
});
