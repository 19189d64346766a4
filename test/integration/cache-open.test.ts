/** Opening, recovery from unusable files, transactions and the write side, on real SQLite files in temp folders. */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../src/main/services/cache';
import { SCHEMA_VERSION } from '../../src/main/services/cache/migrations';
import { createLogger, type Logger } from '../../src/main/services/logger';
import { DATASETS } from '../../src/shared/dashboard';
import type { ApiSession } from '../../src/shared/devin-api';

let dir: string;
let file: string;
let lines: string[];
let log: Logger;
const open: Cache[] = [];
const openTracked = (f = file) => {
  const c = openCache({ file: f, log });
  open.push(c);
  return c;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-open-'));
  file = join(dir, 'cache.sqlite');
  lines = [];
  log = createLogger('cache', (l) => lines.push(l), 'debug');
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
  rmSync(dir, { recursive: true, force: true });
});

const session = (id: string, over: Partial<ApiSession> = {}): ApiSession => ({
  session_id: id,
  url: `https://app.devin.ai/sessions/${id}`,
  org_id: 'org-a',
  user_id: 'user-1',
  service_user_id: null,
  title: `Session ${id}`,
  status: 'exit',
  status_detail: null,
  acus_consumed: 2.5,
  created_at: Date.UTC(2026, 10, 10, 12) / 1000,
  updated_at: Date.UTC(2026, 10, 10, 13) / 1000,
  pull_requests: [],
  tags: [],
  origin: 'webapp',
  category: null,
  subcategory: null,
  is_archived: false,
  ...over,
});
const day = (acus: number, date: string) => ({ date, acus, devin: acus, cascade: 0, terminal: 0, review: 0 });
const dash = (c: Cache, orgId: string | null = null) =>
  c.getDashboard({ from: '2026-11-01', to: '2026-11-30', orgId });

function seed(c: Cache) {
  c.transaction((w) => {
    w.upsertSessions([session('devin-1'), session('devin-2', { acus_consumed: 4 })]);
    w.replaceConsumption('enterprise', { from: '2026-11-01', to: '2026-11-30' }, [
      day(10, '2026-11-10'),
      day(5, '2026-11-11'),
    ]);
    w.replaceOrganizations([
      { org_id: 'org-a', name: 'Alpha', created_at: 1, updated_at: 2, max_cycle_acu_limit: 50 },
    ]);
    w.markSuccess('sessions', 1_000);
  });
}

const rawDb = (f: string) => new DatabaseSync(f);
const pragma = (f: string, name: string) => {
  const db = rawDb(f);
  try {
    return Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
  } finally {
    db.close();
  }
};

const readRows = <T>(f: string, sql: string, row: (r: Record<string, unknown>) => T): T[] => {
  const db = new DatabaseSync(f, { readOnly: true });
  try {
    return db.prepare(sql).all().map(row);
  } finally {
    db.close();
  }
};
const sessionIds = (f: string) =>
  readRows(f, 'SELECT session_id FROM sessions ORDER BY 1', (r) => String(r.session_id));
const consumptionRows = (f: string) =>
  readRows(
    f,
    'SELECT scope, day, acus FROM consumption ORDER BY scope, day',
    (r) => `${r.scope} ${r.day} ${r.acus}`,
  );

describe('opening', () => {
  it('creates a migrated WAL database in a missing folder, empty and with every dataset never synced', () => {
    file = join(dir, 'nested', 'deeper', 'cache.sqlite');
    const c = openTracked(file);
    expect(c.file).toBe(file);
    expect(c.recovered).toBeNull();
    expect(existsSync(file)).toBe(true);
    expect(c.getFreshness()).toEqual(
      DATASETS.map((dataset) => ({ dataset, lastSuccessAt: null, lastAttemptAt: null, error: null })),
    );
    expect(c.getSyncState()).toEqual({
      sessionsUpdatedHighWater: null,
      syncedFrom: null,
      syncedTo: null,
      lastFullSyncAt: null,
      peopleSyncedAt: null,
      organizationsSyncedAt: null,
    });
    expect(c.getQueue()).toBeNull();
    expect(c.getOrganizations()).toEqual([]);
    expect(c.getDataVersion()).toBe(0);
    expect(dash(c).totals.sessions).toBe(0);
    c.close();
    expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION);
    expect(pragma(file, 'journal_mode')).toBe('wal');
  });

  it('keeps data and the data version across a reopen', () => {
    const c = openTracked();
    seed(c);
    c.close();
    const again = openTracked();
    expect(again.recovered).toBeNull();
    expect(again.getDataVersion()).toBe(1);
    expect(dash(again).totals).toMatchObject({ sessions: 2, acus: 15 });
    expect(again.getOrganizations()).toEqual([{ orgId: 'org-a', name: 'Alpha', maxCycleAcuLimit: 50 }]);
  });

  it('throws a clear error when the folder cannot be written (here: a file stands where the folder should be)', () => {
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    expect(() => openCache({ file: join(dir, 'not-a-folder', 'cache.sqlite'), log })).toThrow(
      /cache folder .*not-a-folder.* is not writable/,
    );
  });
});

describe('recovery from an unusable file', () => {
  /** Asserts the file was moved aside with its content, the warning logged, and the fresh cache works. */
  function expectRecovered(c: Cache, reason: RegExp, original: Buffer) {
    expect(c.recovered).not.toBeNull();
    expect(c.recovered!.reason).toMatch(reason);
    expect(c.recovered!.movedTo).toMatch(/cache\.sqlite\.corrupt-\d{14}$/);
    expect(readFileSync(c.recovered!.movedTo).equals(original)).toBe(true);
    expect(lines.some((l) => l.includes(' warn ') && l.includes(c.recovered!.movedTo))).toBe(true);
    seed(c);
    expect(dash(c).totals).toMatchObject({ sessions: 2, acus: 15 });
    expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION);
  }

  it('random bytes: not a SQLite database', () => {
    const bytes = randomBytes(64 * 1024);
    writeFileSync(file, bytes);
    expectRecovered(openTracked(), /^not a SQLite database/, bytes);
  });

  it('a truncated real database: damaged', () => {
    const c = openTracked();
    seed(c);
    c.transaction((w) => w.upsertSessions(Array.from({ length: 3000 }, (_, i) => session(`devin-x${i}`))));
    c.close();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const truncated = readFileSync(file);
    expectRecovered(openTracked(), /damaged|integrity/, truncated);
  });

  it('a page overwritten in the middle: fails the integrity check', () => {
    const c = openTracked();
    c.transaction((w) => w.upsertSessions(Array.from({ length: 3000 }, (_, i) => session(`devin-x${i}`))));
    c.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 50 * 4096);
    closeSync(fd);
    const damaged = readFileSync(file);
    expectRecovered(openTracked(), /failed the integrity check|damaged/, damaged);
  });

  it('a database from a newer version: moved aside untouched, with that reason', () => {
    const c = openTracked();
    seed(c);
    c.close();
    const db = rawDb(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(file);
    const again = openTracked();
    expect(again.recovered!.reason).toBe(
      `schema version ${SCHEMA_VERSION + 5} is newer than this app supports (${SCHEMA_VERSION}); kept for the newer version`,
    );
    expectRecovered(again, /newer/, before);
    // The newer file keeps its version and data.
    const kept = rawDb(again.recovered!.movedTo);
    expect(kept.prepare('PRAGMA user_version').get()?.user_version).toBe(SCHEMA_VERSION + 5);
    expect(kept.prepare('SELECT count(*) AS n FROM sessions').get()?.n).toBe(2);
    kept.close();
  });

  it('a database that cannot be migrated (a foreign table in the way)', () => {
    const db = rawDb(file);
    db.exec('CREATE TABLE sessions (something_else TEXT)');
    db.close();
    const before = readFileSync(file);
    expectRecovered(openTracked(), /^migration to schema v1 failed: .*sessions/, before);
  });

  it('an unreadable path (a folder where the file should be)', () => {
    mkdirSync(file);
    const c = openTracked();
    expect(c.recovered!.reason).toMatch(/^the file could not be opened/);
    expect(statSync(c.recovered!.movedTo).isDirectory()).toBe(true);
    seed(c);
    expect(dash(c).totals.sessions).toBe(2);
  });

  it('moves the -wal and -shm files aside with the database', () => {
    writeFileSync(file, randomBytes(8192));
    writeFileSync(`${file}-wal`, 'stale wal');
    writeFileSync(`${file}-shm`, 'stale shm');
    const c = openTracked();
    expect(readFileSync(`${c.recovered!.movedTo}-wal`, 'utf8')).toBe('stale wal');
    // -shm is SQLite's scratch index of the WAL (rebuilt on open), so only its presence matters.
    expect(existsSync(`${c.recovered!.movedTo}-shm`)).toBe(true);
    const names = readdirSync(dir).sort();
    expect(names.filter((n) => n.includes('.corrupt-'))).toHaveLength(3);
  });
});

describe('transactions', () => {
  it('rolls back everything on a throw, rethrows the same error, and leaves the data version alone', () => {
    const c = openTracked();
    seed(c);
    const before = dash(c);
    const boom = new Error('boom');
    expect(() =>
      c.transaction((w) => {
        w.upsertSessions([session('devin-3', { acus_consumed: 100 })]);
        w.replaceConsumption('enterprise', { from: '2026-11-01', to: '2026-11-30' }, []);
        w.markFailure('sessions', 2_000, { code: 'OFFLINE', message: 'offline' });
        throw boom;
      }),
    ).toThrow(boom);
    expect(dash(c)).toEqual(before);
    expect(c.getFreshness().find((f) => f.dataset === 'sessions')).toMatchObject({
      lastSuccessAt: 1_000,
      error: null,
    });
    expect(c.getDataVersion()).toBe(1);
  });

  it('counts committed transactions in the data version', () => {
    const c = openTracked();
    seed(c);
    c.transaction((w) => w.setQueue({ queue_size: 3, status: 'normal' }, 5));
    expect(c.getDataVersion()).toBe(2);
    expect(c.transaction(() => 'result')).toBe('result');
    expect(c.getDataVersion()).toBe(3);
  });

  it('refuses nesting, async functions and a writer used after its transaction', () => {
    const c = openTracked();
    expect(() => c.transaction(() => c.transaction(() => 1))).toThrow(/nested/);
    expect(() => c.transaction(async (w) => w.upsertSessions([session('devin-9')]))).toThrow(/synchronous/);
    let leaked: Parameters<Parameters<Cache['transaction']>[0]>[0] | undefined;
    c.transaction((w) => {
      leaked = w;
    });
    expect(() => leaked!.upsertSessions([session('devin-9')])).toThrow(/after its transaction ended/);
    expect(dash(c).totals.sessions).toBe(0);
    // The connection is still usable after all of that.
    seed(c);
    expect(dash(c).totals.sessions).toBe(2);
  });

  it('rejects a malformed consumption window or day, rolling back', () => {
    const c = openTracked();
    seed(c);
    expect(() =>
      c.transaction((w) => w.replaceConsumption('enterprise', { from: '2026-11-30', to: '2026-11-01' }, [])),
    ).toThrow(/reversed/);
    expect(() =>
      c.transaction((w) =>
        w.replaceConsumption('enterprise', { from: '2026-11-01', to: '2026-11-30' }, [day(1, '11/12/2026')]),
      ),
    ).toThrow(/not a day/);
    expect(dash(c).totals.acus).toBe(15);
  });
});

describe('writer', () => {
  it('replaces consumption only for the scope and days of the window', () => {
    const c = openTracked();
    c.transaction((w) => {
      w.replaceConsumption('enterprise', { from: '2026-11-01', to: '2026-11-30' }, [
        day(1, '2026-11-01'),
        day(2, '2026-11-15'),
        day(3, '2026-11-30'),
      ]);
      w.replaceConsumption('org-a', { from: '2026-11-01', to: '2026-11-30' }, [day(7, '2026-11-15')]);
    });
    c.transaction((w) =>
      w.replaceConsumption('enterprise', { from: '2026-11-10', to: '2026-11-20' }, [day(20, '2026-11-12')]),
    );
    const d = dash(c);
    const series = Object.fromEntries(d.acusByDay.filter((p) => p.acus > 0).map((p) => [p.date, p.acus]));
    expect(series).toEqual({ '2026-11-01': 1, '2026-11-12': 20, '2026-11-30': 3 });
    expect(d.acusByOrg).toEqual([{ orgId: 'org-a', name: 'org-a', acus: 7 }]);
  });

  it('replaces the consumption of every organization in the window, never the enterprise scope or other days', () => {
    const c = openTracked();
    const month = { from: '2026-11-01', to: '2026-11-30' };
    c.transaction((w) => {
      w.replaceConsumption('enterprise', month, [day(1, '2026-11-01'), day(2, '2026-11-15')]);
      w.replaceConsumption('org-a', month, [day(3, '2026-11-01'), day(4, '2026-11-15')]);
      w.replaceConsumption('org-gone', month, [day(5, '2026-11-01'), day(6, '2026-11-15')]);
    });
    c.transaction((w) =>
      w.replaceOrgConsumption(
        { from: '2026-11-10', to: '2026-11-20' },
        new Map([['org-a', [day(8, '2026-11-12')]]]),
      ),
    );
    expect(consumptionRows(file)).toEqual([
      'enterprise 2026-11-01 1',
      'enterprise 2026-11-15 2',
      'org-a 2026-11-01 3',
      'org-a 2026-11-12 8',
      'org-gone 2026-11-01 5',
    ]);
    expect(() =>
      c.transaction((w) => w.replaceOrgConsumption(month, new Map([['enterprise', [day(9, '2026-11-02')]]]))),
    ).toThrow(/not an organization id/);
    expect(consumptionRows(file)).toContain('enterprise 2026-11-01 1');
  });

  it('replaces the sessions created in a window with the staged ones: unstaged sessions created inside it go', () => {
    const c = openTracked();
    const at = (h: number) => Date.UTC(2026, 10, 10, h) / 1000;
    const window = { timeAfter: at(8), timeBefore: at(20) };
    c.transaction((w) =>
      w.upsertSessions([
        session('before', { created_at: window.timeAfter - 1 }),
        session('first-second', { created_at: window.timeAfter }),
        session('inside', { created_at: at(12) }),
        session('kept', { created_at: at(13) }),
        session('at-end', { created_at: window.timeBefore }),
      ]),
    );
    c.stageSessions([
      session('kept', { created_at: at(13), acus_consumed: 7 }),
      session('new', { created_at: at(14) }),
    ]);
    expect(c.transaction((w) => w.replaceSessionsCreatedIn(window))).toBe(2);
    expect(sessionIds(file)).toEqual(['at-end', 'before', 'kept', 'new']);
    expect(dash(c).acusByUser[0]?.acus).toBe(2.5 + 7 + 2.5 + 2.5);
    expect(() =>
      c.transaction((w) => w.replaceSessionsCreatedIn({ timeAfter: at(9), timeBefore: at(9) })),
    ).toThrow(/not a time span/);
    expect(sessionIds(file)).toHaveLength(4);
  });

  it('upserts sessions by id', () => {
    const c = openTracked();
    c.transaction((w) => w.upsertSessions([session('devin-1'), session('devin-2')]));
    c.transaction((w) =>
      w.upsertSessions([session('devin-2', { status: 'running', acus_consumed: 9, title: 'Renamed' })]),
    );
    const page = c.getSessionsPage({
      from: '2026-11-01',
      to: '2026-11-30',
      orgId: null,
      userId: null,
      status: null,
      sort: 'acus',
      direction: 'desc',
      offset: 0,
      limit: 10,
    });
    expect(page.total).toBe(2);
    expect(page.rows[0]).toMatchObject({
      sessionId: 'devin-2',
      status: 'running',
      acus: 9,
      title: 'Renamed',
    });
  });

  it('replaces active-user buckets of one kind inside the window only', () => {
    const c = openTracked();
    const b = (start: number, n: number) => ({
      start_time: start,
      end_time: start + 86_399,
      active_users: n,
    });
    const t0 = Date.UTC(2026, 10, 2) / 1000;
    c.transaction((w) => {
      w.replaceActiveUsers('dau', { timeAfter: t0, timeBefore: t0 + 3 * 86_400 }, [
        b(t0, 1),
        b(t0 + 86_400, 2),
        b(t0 + 2 * 86_400, 3),
      ]);
      w.replaceActiveUsers('mau', { timeAfter: t0, timeBefore: t0 + 86_400 }, [b(t0, 50)]);
    });
    c.transaction((w) =>
      w.replaceActiveUsers('dau', { timeAfter: t0 + 86_400, timeBefore: t0 + 2 * 86_400 }, [
        b(t0 + 86_400, 8),
      ]),
    );
    const au = c.getDashboard({ from: '2026-11-01', to: '2026-11-03', orgId: null }).totals.activeUsers;
    expect(au).toEqual({ dau: (1 + 8 + 3) / 3, wau: null, mau: 50, source: 'metrics' });
  });

  it('merges sync-state patches, ignoring undefined and storing null', () => {
    const c = openTracked();
    c.transaction((w) =>
      w.setSyncState({ syncedFrom: '2026-01-01', syncedTo: '2026-02-01', sessionsUpdatedHighWater: 123 }),
    );
    c.transaction((w) =>
      w.setSyncState({
        syncedTo: '2026-03-01',
        lastFullSyncAt: 9,
        syncedFrom: undefined,
        sessionsUpdatedHighWater: null,
      }),
    );
    expect(c.getSyncState()).toEqual({
      sessionsUpdatedHighWater: null,
      syncedFrom: '2026-01-01',
      syncedTo: '2026-03-01',
      lastFullSyncAt: 9,
      peopleSyncedAt: null,
      organizationsSyncedAt: null,
    });
  });

  it('stores the queue reading', () => {
    const c = openTracked();
    c.transaction((w) => w.setQueue({ queue_size: 60, status: 'high' }, 1234));
    c.transaction((w) => w.setQueue({ queue_size: 12, status: 'elevated' }, 5678));
    expect(c.getQueue()).toEqual({ queueSize: 12, status: 'elevated', checkedAt: 5678 });
  });
});
