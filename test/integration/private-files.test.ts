/**
 * On POSIX the data folder is owner-only (0700) and every file holding data is 0600: the cache with its -wal/-shm,
 * copies moved aside as `.corrupt-*`, and settings.json; files an older release left readable are tightened on
 * start and on open. Real files in temp folders, under a umask that would leave them readable (0000).
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../src/main/services/cache';
import { ensurePrivateDataDir } from '../../src/main/services/data-dir';
import { silentLogger } from '../../src/main/services/logger';
import { createSettingsStore } from '../../src/main/services/settings-store';

const POSIX = process.platform !== 'win32';
if (!POSIX)
  console.info(
    'private-files tests skipped: file modes are POSIX-only (Windows protects the profile folder with ACLs)',
  );

const mode = (path: string) => statSync(path).mode & 0o7777;
const modes = (folder: string) =>
  Object.fromEntries(readdirSync(folder).map((name) => [name, mode(join(folder, name)).toString(8)]));

let dir: string;
let umask: number;
const open: Cache[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'private-files-'));
  // The widest umask: whatever comes out 0600/0700 was set explicitly, not inherited.
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
  for (const c of open.splice(0)) c.close();
  rmSync(dir, { recursive: true, force: true });
});
const openTracked = (file: string) => {
  const c = openCache({ file, log: silentLogger });
  open.push(c);
  return c;
};

describe.skipIf(!POSIX)('the data folder', () => {
  it('is created 0700, missing parents included', () => {
    const data = join(dir, 'a', 'data');
    ensurePrivateDataDir(data);
    expect(mode(data)).toBe(0o700);
    expect(mode(join(dir, 'a'))).toBe(0o700);
  });

  it('tightens an existing folder and every data file an older release left in it, and nothing else', () => {
    chmodSync(dir, 0o755);
    const old = [
      'cache.sqlite',
      'cache.sqlite-wal',
      'cache.sqlite-shm',
      'demo.sqlite',
      'cache.sqlite.corrupt-20261125140000',
      'cache.sqlite.corrupt-20261125140000-wal',
      'settings.json',
    ];
    for (const name of [...old, 'notes.txt']) writeFileSync(join(dir, name), 'x', { mode: 0o644 });
    mkdirSync(join(dir, 'exports'), { mode: 0o755 });
    const outside = join(mkdtempSync(join(tmpdir(), 'private-files-target-')), 'target.sqlite');
    writeFileSync(outside, 'x', { mode: 0o644 });
    symlinkSync(outside, join(dir, 'linked.sqlite'));

    try {
      ensurePrivateDataDir(dir);
      expect(mode(dir)).toBe(0o700);
      for (const name of old) expect(mode(join(dir, name)), name).toBe(0o600);
      expect(mode(join(dir, 'notes.txt'))).toBe(0o644);
      expect(mode(join(dir, 'exports'))).toBe(0o755);
      // A symlink is not followed: the file it points to is not ours to change.
      expect(lstatSync(join(dir, 'linked.sqlite')).isSymbolicLink()).toBe(true);
      expect(mode(outside)).toBe(0o644);
    } finally {
      rmSync(join(outside, '..'), { recursive: true, force: true });
    }
  });

  it('leaves a shared sticky folder (like /tmp) open, while its data files still become 0600', () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    writeFileSync(join(shared, 'cache.sqlite'), 'x', { mode: 0o644 });
    ensurePrivateDataDir(shared);
    expect(mode(shared)).toBe(0o1777);
    expect(mode(join(shared, 'cache.sqlite'))).toBe(0o600);
  });
});

describe.skipIf(!POSIX)('cache files', () => {
  it('a new cache: folder 0700, database, -wal and -shm 0600, also when SQLite recreates the sidecars', () => {
    const folder = join(dir, 'profiles', 'one');
    const file = join(folder, 'cache.sqlite');
    const c = openTracked(file);
    c.transaction((w) => w.setSyncState({ syncedFrom: '2026-11-01' }));
    expect(mode(folder)).toBe(0o700);
    expect(modes(folder)).toEqual({
      'cache.sqlite': '600',
      'cache.sqlite-wal': '600',
      'cache.sqlite-shm': '600',
    });

    // The last connection's close removes the sidecars; the next open makes new ones.
    c.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = openTracked(file);
    again.transaction((w) => w.setSyncState({ syncedTo: '2026-11-02' }));
    expect(modes(folder)).toEqual({
      'cache.sqlite': '600',
      'cache.sqlite-wal': '600',
      'cache.sqlite-shm': '600',
    });
  });

  it('an existing cache with readable files (an older release): tightened when opened, sidecars included', () => {
    const file = join(dir, 'cache.sqlite');
    openTracked(file).close();
    // A reader left open keeps the -wal/-shm files on disk, as another process would.
    const reader = new DatabaseSync(file);
    try {
      reader.exec('CREATE TABLE IF NOT EXISTS extra (x); INSERT INTO extra VALUES (1)');
      for (const name of ['', '-wal', '-shm']) chmodSync(file + name, 0o644);
      chmodSync(dir, 0o755);
      expect(modes(dir)).toEqual({
        'cache.sqlite': '644',
        'cache.sqlite-wal': '644',
        'cache.sqlite-shm': '644',
      });

      const c = openTracked(file);
      expect(c.recovered).toBeNull();
      expect(mode(dir)).toBe(0o700);
      expect(modes(dir)).toEqual({
        'cache.sqlite': '600',
        'cache.sqlite-wal': '600',
        'cache.sqlite-shm': '600',
      });
    } finally {
      reader.close();
    }
  });

  it('an unusable cache is moved aside 0600 with its sidecars, and the fresh one is 0600', () => {
    const file = join(dir, 'cache.sqlite');
    writeFileSync(file, 'not a database at all, just some text that is long enough', { mode: 0o644 });
    writeFileSync(`${file}-wal`, 'wal', { mode: 0o644 });
    const c = openTracked(file);
    expect(c.recovered).not.toBeNull();
    const movedTo = c.recovered!.movedTo;
    expect(mode(movedTo)).toBe(0o600);
    expect(mode(`${movedTo}-wal`)).toBe(0o600);
    expect(mode(file)).toBe(0o600);
  });
});

describe.skipIf(!POSIX)('settings.json', () => {
  it('is written 0600 into a folder created 0700, even over a stale temp file that was readable', () => {
    const data = join(dir, 'data');
    const store = createSettingsStore({ dataDir: data, env: {} });
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    writeFileSync(join(data, `settings.json.${process.pid}.tmp`), '{}', { mode: 0o644 });
    store.update({ acuRateUsd: 2.25 });
    expect(mode(data)).toBe(0o700);
    expect(modes(data)).toEqual({ 'settings.json': '600' });
  });
});
