/** Naming and moving an unusable cache file aside (real files in a temp folder). */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corruptStamp, moveAside } from '../../../src/main/services/cache/recovery';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-recovery-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('moveAside', () => {
  it('stamps the name with the UTC time as yyyymmddHHMMss', () => {
    expect(corruptStamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)))).toBe('20260102030405');
  });

  it('moves the file and its sidecars, and never overwrites an earlier one from the same second', () => {
    const file = join(dir, 'cache.sqlite');
    const at = new Date(Date.UTC(2026, 10, 25, 14, 0, 0));
    writeFileSync(file, 'first');
    writeFileSync(`${file}-wal`, 'first wal');
    const first = moveAside(file, at);
    expect(first).toBe(`${file}.corrupt-20261125140000`);
    expect(readFileSync(`${first}-wal`, 'utf8')).toBe('first wal');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);

    writeFileSync(file, 'second');
    const second = moveAside(file, at);
    expect(second).toBe(`${file}.corrupt-20261125140000-2`);
    expect(readFileSync(first, 'utf8')).toBe('first');
    expect(readFileSync(second, 'utf8')).toBe('second');
    expect(existsSync(`${second}-wal`)).toBe(false);
  });
});
