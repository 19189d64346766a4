/**
 * Opens the cache file, or replaces it when it cannot be used: an unusable file (not SQLite, damaged, from a
 * newer app, failing migration, unreadable) is moved aside and a fresh, empty cache is created; the next sync
 * refills it. Only a folder we cannot write to is an error, because then no cache is possible at all.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { DayString } from '../../../shared/billing-day';
import type { CacheUpgradeProgress, DashboardQuery, SessionsPageQueryParsed } from '../../../shared/dashboard';
import { ensurePrivateDir } from '../data-dir';
import { createLogger, type Logger } from '../logger';
import { verifySessionTotals } from './aggregates';
import { verifyActiveUserBuckets } from './active-user-buckets';
import { verifyDayPacks } from './day-packs';
import { BUSY_TIMEOUT_MS, enableWal, openDb, type Db } from './connection';
import { migrate, MigrationError, MIGRATIONS, NewerSchemaError, readUserVersion, SCHEMA_VERSION } from './migrations';
import { getCost } from './queries/cost';
import { getDashboard, getUserAcus } from './queries/dashboard';
import { getOutcomes, readPrHosts } from './queries/outcomes';
import { getSessionsPage } from './queries/sessions-page';
import {
  readDataVersion,
  readFreshness,
  readOrganizations,
  readQueue,
  readSyncState,
} from './queries/status';
import { errorText, moveAside, UnusableCacheError } from './recovery';
import { fails, VALID_CONSUMPTION, VALID_SESSION } from './rows';
import { createSpendStore } from './spend-store';
import type { Cache, CacheWriter } from './types';
import { createWriter, discardStagedSessions, stageSessions } from './writer';

export interface OpenCacheOptions {
  file: string;
  log?: Logger;
  /** Hears how far a migration of an existing cache, or a rebuild of its totals, is (synchronously, as it runs). */
  onProgress?: (progress: CacheUpgradeProgress) => void;
  /**
   * What was checked on this very file just before, so the open does not do it again (seconds on a million
   * sessions): `all` after a worker thread opened it completely (open-off-thread.ts), `totals` after a read-only
   * check found the totals agree with their rows.
   */
  alreadyChecked?: 'all' | 'totals';
}

export function openCache(opts: OpenCacheOptions): Cache {
  const log = opts.log ?? createLogger('cache');
  const onProgress = opts.onProgress ?? (() => undefined);
  const file = resolve(opts.file);
  ensureWritableFolder(dirname(file));

  let recovered: Cache['recovered'] = null;
  let db: Db;
  const existed = existsSync(file);
  try {
    db = openUsable(file, existed && opts.alreadyChecked !== 'all', onProgress);
  } catch (err) {
    if (err instanceof CacheBusyError) throw err;
    if (!existed || !(err instanceof UnusableCacheError)) throw cannotCreate(file, err);
    let movedTo: string;
    try {
      movedTo = moveAside(file);
    } catch (moveErr) {
      const why = `The cache file ${file} is unusable (${err.reason}) and could not be moved aside`;
      throw new Error(`${why}: ${errorText(moveErr)}`, { cause: moveErr });
    }
    recovered = { movedTo, reason: err.reason };
    log.warn('cache file was unusable; moved it aside and started an empty cache', recovered);
    try {
      db = openUsable(file, false, onProgress);
    } catch (freshErr) {
      throw cannotCreate(file, freshErr);
    }
  }
  if (opts.alreadyChecked !== 'all') auditRows(db, log);
  if (!opts.alreadyChecked || recovered) verifySessionTotals(db, log, stepProgress('rebuild', SCHEMA_VERSION, onProgress));
  // Cheap next to the totals' check; the worker's open ran them already ('all').
  if (opts.alreadyChecked !== 'all' || recovered) {
    verifyDayPacks(db, log);
    verifyActiveUserBuckets(db, log);
  }
  return createCache(db, file, recovered, log);
}

function ensureWritableFolder(dir: string): void {
  try {
    ensurePrivateDir(dir);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new Error(`The cache folder ${dir} is not writable: ${errorText(err)}`, { cause: err });
  }
}

function cannotCreate(file: string, err: unknown): Error {
  const why = err instanceof UnusableCacheError ? err.reason : errorText(err);
  return new Error(`Could not create the cache file ${file}: ${why}`, { cause: err });
}

/**
 * Opens and migrates `file`; every way it can be unusable becomes an UnusableCacheError with a specific reason.
 * An existing file is first inspected read-only: a read-write connection would rewrite its header (WAL) and,
 * on close, delete -wal/-shm files it cannot use — and the file must be moved aside exactly as it was found.
 */
function openUsable(file: string, inspectFirst: boolean, onProgress: (p: CacheUpgradeProgress) => void): Db {
  if (inspectFirst) inspect(file);
  let db: Db;
  try {
    db = openDb(file);
  } catch (err) {
    if (isBusy(err)) throw new CacheBusyError(file, err);
    throw new UnusableCacheError(describeSqliteError(err, 'the file could not be opened'));
  }
  try {
    const from = readUserVersion(db.raw);
    // A new file's migrations have no rows to go through: only an existing cache's upgrade is worth a message.
    if (from > 0 && from < SCHEMA_VERSION) {
      const progress = stepProgress('migrate', from, onProgress);
      // One scale over every pending migration, each an equal share, so the figure only ever goes forward.
      const pending = SCHEMA_VERSION - from;
      const share = 1000;
      progress(0, pending * share);
      migrate(db.raw, MIGRATIONS, (p) => {
        const within = p.total > 0 ? Math.floor((p.done * share) / p.total) : share;
        progress((p.version - from - 1) * share + within, pending * share);
      });
      progress(pending * share, pending * share);
    } else migrate(db.raw);
    enableWal(db, file);
    return db;
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new CacheBusyError(file, err);
    throw new UnusableCacheError(
      err instanceof NewerSchemaError || err instanceof MigrationError
        ? describeSchemaError(err)
        : describeSqliteError(err, 'the database is damaged'),
    );
  }
}

function inspect(file: string): void {
  let raw: DatabaseSync;
  try {
    raw = new DatabaseSync(file, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    if (isReadOnlyLimitation(err)) return;
    throw new UnusableCacheError(describeSqliteError(err, 'the file could not be opened'));
  }
  try {
    const problems = quickCheck(raw);
    if (problems.length > 0)
      throw new UnusableCacheError(`failed the integrity check: ${problems.slice(0, 3).join('; ')}`);
    const version = readUserVersion(raw);
    if (version > SCHEMA_VERSION)
      throw new UnusableCacheError(describeSchemaError(new NewerSchemaError(version, SCHEMA_VERSION)));
  } catch (err) {
    if (err instanceof UnusableCacheError) throw err;
    if (isBusy(err)) throw new CacheBusyError(file, err);
    // Something only a writer can do (e.g. roll back a hot journal): let the read-write open decide.
    if (isReadOnlyLimitation(err)) return;
    throw new UnusableCacheError(describeSqliteError(err, 'the database is damaged'));
  } finally {
    raw.close();
  }
}

/** Progress of one upgrade step, as `(done, total)` callbacks from the migrations and the totals' fill. */
const stepProgress =
  (step: CacheUpgradeProgress['step'], from: number, onProgress: (p: CacheUpgradeProgress) => void) =>
  (done: number, total: number) =>
    onProgress({ step, from, to: SCHEMA_VERSION, done, total });

const isReadOnlyLimitation = (err: unknown) => /read.?only/i.test(errorText(err));

function describeSchemaError(err: NewerSchemaError | MigrationError): string {
  return err instanceof NewerSchemaError ? `${err.message}; kept for the newer version` : err.message;
}

/** Another process (the app, the CLI) holding the write lock past the busy timeout: not damage, so nothing moves. */
export class CacheBusyError extends Error {
  readonly code = 'CACHE_ERROR';
  constructor(file: string, cause: unknown) {
    super(`The cache ${file} is busy in another process (${errorText(cause)}); try again in a moment`, { cause });
    this.name = 'CacheBusyError';
  }
}

const isBusy = (err: unknown) => /database is locked|SQLITE_BUSY|database table is locked/i.test(errorText(err));

function describeSqliteError(err: unknown, otherwise: string): string {
  const text = errorText(err);
  if (/not a database/i.test(text)) return `not a SQLite database (${text})`;
  if (/malformed|corrupt/i.test(text)) return `the database is damaged (${text})`;
  return `${otherwise} (${text})`;
}

/** The problems `PRAGMA quick_check` reports, one per line (it may pack several lines into one row). */
function quickCheck(db: DatabaseSync): string[] {
  return db
    .prepare('PRAGMA quick_check')
    .all()
    .flatMap((r) => String(r.quick_check).split('\n'))
    .filter((line) => line !== 'ok' && !line.startsWith('*** in database'));
}

/** Hand-edited or damaged rows that the queries will ignore: said once at open so the gap is explained in the log. */
function auditRows(db: Db, log: Logger): void {
  const count = (sql: string) => Number(db.raw.prepare(sql).get()?.n ?? 0);
  const sessions = count(`SELECT count(*) AS n FROM sessions s WHERE ${fails(VALID_SESSION)}`);
  const consumption = count(`SELECT count(*) AS n FROM consumption c WHERE ${fails(VALID_CONSUMPTION)}`);
  if (sessions + consumption > 0)
    log.warn('cached rows with unusable figures are ignored', { sessions, consumption });
}

function createCache(db: Db, file: string, recovered: Cache['recovered'], log: Logger): Cache {
  return {
    file,
    recovered,
    close: () => db.close(),
    transaction<T>(fn: (w: CacheWriter) => T): T {
      if (db.raw.isTransaction) throw new Error('Cache.transaction cannot be nested');
      db.raw.exec('BEGIN IMMEDIATE');
      const { writer, finish, end } = createWriter(db, log);
      try {
        const result = fn(writer);
        if (result instanceof Promise) {
          void result.catch(() => undefined);
          throw new TypeError('Cache.transaction needs a synchronous function: fetch first, then write');
        }
        finish();
        db.stmt('UPDATE sync_state SET data_version = data_version + 1 WHERE id = 1').run();
        db.raw.exec('COMMIT');
        return result;
      } catch (err) {
        try {
          if (db.raw.isTransaction) db.raw.exec('ROLLBACK');
        } catch (rollbackErr) {
          log.error('rollback failed', { error: rollbackErr });
        }
        throw err;
      } finally {
        end();
      }
    },
    stageSessions: (rows) => stageSessions(db, rows),
    discardStagedSessions: () => discardStagedSessions(db),
    getDashboard: (q: DashboardQuery) => getDashboard(db, log, q),
    getUserAcus: (q: DashboardQuery) => getUserAcus(db, log, q),
    getSessionsPage: (q: SessionsPageQueryParsed) => getSessionsPage(db, log, q),
    getCost: (q: { orgId: string | null; today: DayString }) => getCost(db, log, q),
    getFreshness: () => readFreshness(db, log),
    getQueue: () => readQueue(db, log),
    getSyncState: () => readSyncState(db, log),
    getOrganizations: () => readOrganizations(db, log),
    getDataVersion: () => readDataVersion(db),
    spend: createSpendStore(db, log),
    getOutcomes: (q, opts) => getOutcomes(db, log, q, opts),
    getPrHosts: () => readPrHosts(db),
  };
}
