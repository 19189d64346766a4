/**
 * Defensive reads. The cache file is outside our control (hand edits, disk faults), so nothing read back is
 * trusted, and a row that fails is skipped, never a crash:
 * - the figures (sessions and consumption, read by the thousand) are filtered in SQL by VALID_SESSION and
 *   VALID_CONSUMPTION; opening the cache logs how many rows those predicates will ignore;
 * - every other row turned into an object is checked with a zod schema, and skipped rows are logged per read.
 */
import { z } from 'zod';
import { APP_ERROR_CODES } from '../../../shared/ipc/result';
import type { Logger } from '../logger';
import { describeIssues } from '../zod-issues';

/**
 * SQL that is true when `column` holds a usable ACU figure. One range test does it all: in SQLite any TEXT or
 * BLOB sorts above every number and NULL compares as unknown, so hand-edited text, blobs, NULL (NaN),
 * negative values and infinity all fail it — as cheaply as a plain comparison on a covering index.
 */
export const validAcus = (column: string): string => `(${column} BETWEEN 0 AND 1e300)`;

/** SQL for a usable consumption row (alias `c`): usable ACUs on a well-formed day, in a text scope. */
export const VALID_CONSUMPTION = `(${validAcus('c.acus')} AND c.day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND typeof(c.scope) = 'text')`;

/**
 * SQL for a session row (alias `s`) that aggregates may count: usable ACUs. (A non-numeric `created_at` already
 * falls outside every range filter, by the same ordering rule.)
 */
export const VALID_SESSION = validAcus('s.acus');

/** SQL true for rows that fail `predicate` (which is NULL, not false, for a NULL column). */
export const fails = (predicate: string): string => `((${predicate}) IS NOT 1)`;

/** A JSON text column whose parsed value must match `schema`. */
export const jsonColumn = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

export const appErrorSchema = z.object({
  code: z.enum(APP_ERROR_CODES),
  message: z.string(),
  retryAt: z.number().optional(),
  permission: z.string().optional(),
});

export const acus = z.number().finite().nonnegative();
export const epochSeconds = z.number().int().nonnegative();
export const epochMs = z.number().int().nonnegative();

/** Validates `rows` with `schema`; invalid ones are dropped and reported once per call (first issue included). */
export function parseRows<T extends z.ZodType>(
  rows: readonly unknown[],
  schema: T,
  what: string,
  log: Logger,
): z.output<T>[] {
  const out: z.output<T>[] = [];
  let skipped = 0;
  let first: string | null = null;
  for (const row of rows) {
    const r = schema.safeParse(row);
    if (r.success) out.push(r.data);
    else {
      skipped++;
      first ??= describeIssue(r.error);
    }
  }
  if (skipped > 0) log.warn(`skipped ${skipped} invalid cached ${what} row(s)`, { firstIssue: first });
  return out;
}

/** One row, or null (logged) when it is invalid. */
export function parseRow<T extends z.ZodType>(
  row: unknown,
  schema: T,
  what: string,
  log: Logger,
): z.output<T> | null {
  return parseRows([row], schema, what, log)[0] ?? null;
}

const describeIssue = (error: z.ZodError): string => describeIssues(error, '(row)');
