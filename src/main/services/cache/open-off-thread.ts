/**
 * Opening a large cache without blocking the event loop: when a migration or a repair of the totals is due, a
 * worker thread does it first (seconds on a million sessions), reporting progress, while the app keeps drawing
 * and answering; then the cache is opened here without repeating the worker's checks. The worker runs openCache
 * itself, so its transactions are the same ones: stopped midway, the file holds the old version or the complete
 * new one, and totals left half-built are found and rebuilt at the next open. A very large cache goes to the worker
 * at every open, its integrity and aggregate checks being a stall of their own. Small caches open in-line (a worker
 * start costs more than their upgrade), and so does everything when the worker cannot run.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CacheUpgradeProgress } from '../../../shared/dashboard';
import { createLogger, type Logger, type LogLevel } from '../logger';
import { totalsDisagree } from './aggregates';
import { BUSY_TIMEOUT_MS } from './connection';
import { readUserVersion, SCHEMA_VERSION } from './migrations';
import { openCache, type OpenCacheOptions } from './open-cache';
import type { Cache } from './types';

export type OpenWorkerMessage =
  | { type: 'progress'; progress: CacheUpgradeProgress }
  | { type: 'log'; level: LogLevel; scope: string; message: string; fields?: Record<string, unknown> }
  | { type: 'done'; recovered: Cache['recovered'] };

/** Below this a due upgrade takes well under a second (≈40k sessions): not worth a worker start. */
export const OFF_THREAD_MIN_BYTES = 16 * 1024 * 1024;
/**
 * From this size even a plain open goes to a worker: its integrity and aggregate checks alone stall a thread for
 * about a second at a million sessions (~800 MB), and the window should keep drawing meanwhile.
 */
const OFF_THREAD_CHECK_MIN_BYTES = 256 * 1024 * 1024;

export interface OpenOffThreadOptions extends OpenCacheOptions {
  /**
   * `auto`: a worker for a large cache with an upgrade due, and for any very large one; `always`: any cache
   * (tests); `never`: in-line.
   */
  offThread?: 'auto' | 'always' | 'never';
  /** In `auto`, the size from which every open runs in a worker (tests lower it). */
  checkOffThreadBytes?: number;
}

export async function openCacheOffThread(opts: OpenOffThreadOptions): Promise<Cache> {
  const log = opts.log ?? createLogger('cache');
  const file = resolve(opts.file);
  const mode = opts.offThread ?? 'auto';
  const veryLarge = mode === 'auto' && sizeOf(file) >= (opts.checkOffThreadBytes ?? OFF_THREAD_CHECK_MIN_BYTES);
  // A very large file goes to the worker without the read-only look first: that look is itself a stall.
  const found =
    mode === 'never' || veryLarge ? NOTHING_CHECKED : upgradeDue(file, mode === 'auto' ? OFF_THREAD_MIN_BYTES : 0);
  // Said before the worker starts, so the window shows it while the worker is still checking the file.
  if (found.due) opts.onProgress?.(found.due);
  let alreadyChecked: OpenCacheOptions['alreadyChecked'] = found.totalsAgree ? 'totals' : undefined;
  let recovered: Cache['recovered'] = null;
  if (found.due || mode === 'always' || veryLarge) {
    try {
      recovered = await openInWorker(file, log, opts.onProgress);
      alreadyChecked = 'all';
      log.info('checked the cache in a worker thread', { bytes: sizeOf(file) });
    } catch (err) {
      // Whatever stopped the worker, the open here meets it again and handles it the one way (open-cache.ts).
      log.warn('could not prepare the cache in a worker thread; opening it on this one', { error: err });
      alreadyChecked = undefined;
    }
  }
  const cache = openCache({ ...opts, file, log, alreadyChecked });
  return recovered && !cache.recovered ? { ...cache, recovered } : cache;
}

interface Found {
  /** The upgrade due, as its first progress event. */
  due: CacheUpgradeProgress | null;
  /** The totals were checked against their rows and agree (the open need not check them again). */
  totalsAgree: boolean;
}
const NOTHING_CHECKED: Found = { due: null, totalsAgree: false };

/**
 * The upgrade opening `file` has to do, asked read-only: a migration of a cache from an older release, or a rebuild
 * of totals that disagree with their rows; nothing asked for a file under `minBytes`. Anything unexpected says
 * none: the in-line open decides what the file is.
 */
/** The file's size in bytes; 0 when it is missing or unreadable (the open decides what it is). */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function upgradeDue(file: string, minBytes: number): Found {
  const size = sizeOf(file);
  if (size === 0 || size < minBytes) return NOTHING_CHECKED;
  let raw: DatabaseSync | null = null;
  try {
    raw = new DatabaseSync(file, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
    const db = raw;
    const version = readUserVersion(db);
    const start = { from: version, to: SCHEMA_VERSION, done: 0, total: 1 };
    if (version > 0 && version < SCHEMA_VERSION) return { due: { step: 'migrate', ...start }, totalsAgree: false };
    if (version !== SCHEMA_VERSION) return NOTHING_CHECKED;
    const disagree = totalsDisagree({ raw: db, stmt: (sql) => db.prepare(sql), close: () => db.close() });
    return disagree ? { due: { step: 'rebuild', ...start }, totalsAgree: false } : { due: null, totalsAgree: true };
  } catch {
    return NOTHING_CHECKED;
  } finally {
    raw?.close();
  }
}

function openInWorker(file: string, log: Logger, onProgress: OpenCacheOptions['onProgress']): Promise<Cache['recovered']> {
  return new Promise((done, fail) => {
    const worker = new Worker(OPEN_WORKER.script, { workerData: { file }, execArgv: OPEN_WORKER.execArgv });
    let recovered: Cache['recovered'] | undefined;
    worker.on('message', (m: OpenWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'log') (m.scope ? log.child(m.scope) : log)[m.level](m.message, m.fields);
      else recovered = m.recovered;
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (recovered !== undefined) done(recovered);
      else fail(new Error(`the cache worker stopped (exit code ${code}) before it was done`));
    });
  });
}

/**
 * The worker's script: in the app, the bundled entry next to main's (electron.vite.config.ts); run from source
 * (the CLI under tsx, the tests), the TypeScript file through tsx's loader. node:sqlite's experimental warning is
 * the main thread's to print (once), not the worker's again on the CLI's stderr.
 */
const QUIET = '--disable-warning=ExperimentalWarning';
export const OPEN_WORKER = __filename.endsWith('.ts')
  ? { script: join(__dirname, 'open-worker.ts'), execArgv: [QUIET, '--import', pathToFileURL(require.resolve('tsx')).href] }
  : { script: join(__dirname, 'cache-open-worker.js'), execArgv: [QUIET] };
