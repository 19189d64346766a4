/** A cache file locked by another process is busy, not damaged: it is never moved aside. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, it } from 'vitest';
import { openCache } from '../../src/main/services/cache';
import { silentLogger } from '../../src/main/services/logger';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

it('reports a locked cache as busy and leaves the file where it is', () => {
  const dir = tempDir('busy-');
  const file = join(dir, 'cache.sqlite');
  openCache({ file, log: silentLogger }).close();

  // Another connection holds an exclusive lock, as a crashed-but-alive writer or a rollback-journal tool would.
  const holder = new DatabaseSync(file);
  holder.exec('PRAGMA journal_mode=DELETE; PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE hold(x); ');
  try {
    let outcome: unknown;
    try {
      const c = openCache({ file, log: silentLogger });
      outcome = c.recovered;
      c.close();
    } catch (err) {
      outcome = err;
    }
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/busy in another process/);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
    expect(existsSync(file)).toBe(true);
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
});
