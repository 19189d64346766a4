/**
 * Small JSON files the app owns (settings, profiles, identities): read with a schema, written atomically
 * (temp file + rename, so a crash never leaves half a file) and private to the user (0600).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from './data-dir';
import { describeIssues } from './zod-issues';

export type JsonRead<T> = { ok: true; value: T | null } | { ok: false; problem: string };

/** `value: null` when the file does not exist; `ok: false` with why when it exists but cannot be used. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, fill: (raw: object) => unknown = (raw) => raw): JsonRead<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: null };
    return { ok: false, problem: (err as Error).message };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, problem: 'not a JSON object' };
  const parsed = schema.safeParse(fill(raw));
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: describeIssues(parsed.error) };
}

export function writeJsonFile(file: string, value: unknown): void {
  ensurePrivateDir(dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2), { mode: PRIVATE_FILE_MODE });
  // `mode` applies only when the file is created: a stale temp file keeps its own.
  makePrivate(tmp);
  renameSync(tmp, file);
}
