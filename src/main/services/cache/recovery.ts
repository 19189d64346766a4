/**
 * What to do with a cache file we cannot use: say precisely why, and move it (with its -wal/-shm) aside to
 * `<file>.corrupt-<yyyymmddHHMMss>` (UTC) so nothing is lost and a fresh cache can take its place. The copies
 * kept aside hold the same data, so they are as private as the cache.
 */
import { existsSync, renameSync } from 'node:fs';
import { makePrivate } from '../data-dir';
import { SIDECARS } from './connection';

/** A cache file that exists but cannot be used; `reason` is shown to the user. */
export class UnusableCacheError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnusableCacheError';
  }
}

export function corruptStamp(at: Date): string {
  return at.toISOString().replace(/\D/g, '').slice(0, 14);
}

/** Renames `file` and its sidecars aside; returns the new path of the database file. */
export function moveAside(file: string, at: Date = new Date()): string {
  const base = `${file}.corrupt-${corruptStamp(at)}`;
  let target = base;
  // Two failures within the same second must not overwrite the first file kept aside.
  for (let n = 2; [target, ...SIDECARS.map((s) => target + s)].some(existsSync); n++) target = `${base}-${n}`;
  renameSync(file, target);
  makePrivate(target);
  for (const suffix of SIDECARS) {
    if (!existsSync(file + suffix)) continue;
    renameSync(file + suffix, target + suffix);
    makePrivate(target + suffix);
  }
  return target;
}

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
