/** One SQLite connection with the cache's pragmas and a per-connection cache of prepared statements. */
import { closeSync, openSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { makePrivate, PRIVATE_FILE_MODE } from '../data-dir';

export const BUSY_TIMEOUT_MS = 5_000;
const MMAP_BYTES = 1024 ** 3;
const CACHE_KIB = 64 * 1024;

export interface Db {
  readonly raw: DatabaseSync;
  /** The prepared statement for `sql`, compiled once per connection. */
  stmt(sql: string): StatementSync;
  close(): void;
}

/**
 * Opens `file` (creating it when missing) with the connection settings that write nothing to the file, so a
 * file that turns out to be unusable is moved aside exactly as it was found. `enableWal` comes after the checks.
 */
export function openDb(file: string): Db {
  // Owner-only before SQLite writes a byte; SQLite gives the -wal/-shm files it creates the database file's mode.
  createPrivateFile(file);
  makePrivate(file);
  const raw = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: BUSY_TIMEOUT_MS });
  try {
    raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.exec('PRAGMA foreign_keys = ON');
  } catch (err) {
    raw.close();
    throw err;
  }
  const statements = new Map<string, StatementSync>();
  return {
    raw,
    stmt(sql) {
      let s = statements.get(sql);
      if (!s) {
        s = raw.prepare(sql);
        statements.set(sql, s);
      }
      return s;
    },
    close() {
      statements.clear();
      if (raw.isOpen) raw.close();
    },
  };
}

/**
 * The rows of `sql` as arrays of column values, in SELECT order: far cheaper than one object per row when a
 * query returns thousands. The statement stays in array mode; it is prepared for this use only.
 */
export function selectArrays<T extends unknown[]>(db: Db, sql: string, params: Record<string, string | number> = {}): T[] {
  const stmt = db.stmt(sql);
  stmt.setReturnArrays(true);
  return stmt.all(params) as unknown as T[];
}

/** Runs `fn` in one write transaction: committed when it returns, rolled back when it throws. */
export function inWriteTransaction(db: Db, fn: () => void): void {
  db.raw.exec('BEGIN IMMEDIATE');
  try {
    fn();
    db.raw.exec('COMMIT');
  } catch (err) {
    if (db.raw.isTransaction) db.raw.exec('ROLLBACK');
    throw err;
  }
}

/** `raw` as a Db that prepares each statement anew (a migration's one-off statements need no cache). */
export function unpreparedDb(raw: DatabaseSync): Db {
  return { raw, stmt: (sql) => raw.prepare(sql), close: () => raw.close() };
}

/** Creates `file` empty and owner-only when missing (SQLite takes an empty file as a new database). */
function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (err) {
    // An existing file is SQLite's to open (or to refuse, with its own message).
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** WAL lets readers (the CLI, a second window) run during a sync; NORMAL sync is durable enough for a cache. */
export function enableWal(db: Db, file: string): void {
  db.raw.exec('PRAGMA journal_mode = WAL');
  db.raw.exec('PRAGMA synchronous = NORMAL');
  // Reads through a memory map: a range's day packs (tens of kB each) come off the page cache without a read()
  // per 4 kB page, several times faster at enterprise scale. Address space, not memory: untouched pages cost nothing.
  db.raw.exec(`PRAGMA mmap_size = ${MMAP_BYTES}`);
  // A full sync's one transaction inserts hundreds of thousands of rows into B-trees of hundreds of MB; in
  // SQLite's default 2 MB cache their pages are spilled and read back over and over. 64 MB cut the XL first
  // sync's transaction from about 65 to 50 s. It fills only as pages are used; bench/scale.ts prints the sync's RSS.
  db.raw.exec(`PRAGMA cache_size = -${CACHE_KIB}`);
  // Sidecars an older release left readable by others (new ones already follow the database file).
  for (const suffix of SIDECARS) makePrivate(file + suffix);
}

/** The files SQLite keeps next to a WAL database. */
export const SIDECARS = ['-wal', '-shm'] as const;
