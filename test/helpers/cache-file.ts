/** A cache file worked on from outside the app, as the repair tests need: filled, hand-edited, inspected. */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'vitest';
import { openCache } from '../../src/main/services/cache';
import { unpreparedDb, type Db } from '../../src/main/services/cache/connection';
import { silentLogger } from '../../src/main/services/logger';
import { loadFixture, type CacheFixture } from './cache-fixtures';

/** A closed cache file in `dir` holding fixture `f`, loaded as of `at`. */
export function fixtureCacheFile(dir: string, f: CacheFixture, at: number): string {
  const file = join(dir, 'cache.sqlite');
  const cache = openCache({ file, log: silentLogger });
  loadFixture(cache, f, at);
  cache.close();
  return file;
}

/** Runs `sql` on the closed file, as a hand edit (or a damaged disk) would, and checks it changed something. */
export function handEditFile(file: string, sql: string): void {
  const db = new DatabaseSync(file);
  try {
    expect(db.prepare(sql).run().changes, sql).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}

/** `read` over the closed file without opening it as the app does (no checks, no repairs). */
export function readFile<T>(file: string, read: (db: Db) => T): T {
  const raw = new DatabaseSync(file);
  try {
    return read(unpreparedDb(raw));
  } finally {
    raw.close();
  }
}
