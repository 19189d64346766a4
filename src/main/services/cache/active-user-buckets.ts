/**
 * Active users rebuilt from sessions (issue 11), kept at sync time: the distinct session creators (`user_id`) of
 * each UTC day, Monday–Sunday UTC week and UTC month — the buckets Devin's own DAU/WAU/MAU metrics use — per org
 * and for every org together (org_id ''). The dashboard reads them when the metrics are not cached or one org is
 * selected, so its active-user cards cost a few rows per range instead of a pass over every session in it.
 *
 * Distinct counts do not add up across buckets, so each bucket is recounted from its sessions whenever a billing
 * day it overlaps changes (in the writer's transaction, with the session totals).
 */
import { DAY_SECONDS, BILLING_DAY_OFFSET_SECONDS, type DayString } from '../../../shared/billing-day';
import type { Logger } from '../logger';
import { inWriteTransaction, selectArrays, type Db } from './connection';
import { VALID_SESSION } from './rows';

export const SESSION_ACTIVE_USERS_SCHEMA = `
CREATE TABLE session_active_users (
  org_id TEXT NOT NULL,          -- '' = every org
  kind TEXT NOT NULL,            -- 'dau' | 'wau' | 'mau'
  start_time INTEGER NOT NULL,   -- the UTC bucket [start_time, end_time), epoch seconds
  end_time INTEGER NOT NULL,
  users INTEGER NOT NULL,
  PRIMARY KEY (org_id, kind, start_time)
) WITHOUT ROWID;
`;

export type BucketKind = 'dau' | 'wau' | 'mau';

/** Epoch day 0 (1970-01-01) was a Thursday: shifting by 3 days makes weeks start on Monday. */
const MONDAY_SHIFT_DAYS = 3;

export const weekOf = (utcDay: number): number => Math.floor((utcDay + MONDAY_SHIFT_DAYS) / 7);
export const weekStartDay = (week: number): number => week * 7 - MONDAY_SHIFT_DAYS;

/** The first UTC day of the month holding `utcDay`, and the first of the next. */
export function monthDays(utcDay: number): { first: number; end: number } {
  const d = new Date(utcDay * DAY_SECONDS * 1000);
  return {
    first: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000 / DAY_SECONDS,
    end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000 / DAY_SECONDS,
  };
}

interface Bucket {
  kind: BucketKind;
  /** UTC days [first, end). */
  first: number;
  end: number;
}

/** The day, week and month buckets holding each UTC day, each once. */
function bucketsOf(utcDays: Iterable<number>): Bucket[] {
  const buckets = new Map<string, Bucket>();
  const add = (b: Bucket) => buckets.set(`${b.kind}:${b.first}`, b);
  for (const day of utcDays) {
    add({ kind: 'dau', first: day, end: day + 1 });
    const week = weekStartDay(weekOf(day));
    add({ kind: 'wau', first: week, end: week + 7 });
    add({ kind: 'mau', ...monthDays(day) });
  }
  return [...buckets.values()];
}

/** One bucket's rows as stored: per org, then every org together (none when it has no sessions). */
const COUNT_BUCKET = `
SELECT s.org_id, :kind, :start, :end, count(DISTINCT s.user_id) FROM sessions s
WHERE s.created_at >= :start AND s.created_at < :end AND s.user_id IS NOT NULL AND ${VALID_SESSION}
GROUP BY s.org_id
UNION ALL
SELECT '', :kind, :start, :end, count(DISTINCT s.user_id) FROM sessions s
WHERE s.created_at >= :start AND s.created_at < :end AND s.user_id IS NOT NULL AND ${VALID_SESSION}
HAVING count(*) > 0`;

const paramsOf = (b: Bucket) => ({ kind: b.kind, start: b.first * DAY_SECONDS, end: b.end * DAY_SECONDS });

/** Recounts the buckets holding these UTC days (epoch day numbers) from their sessions. */
export function refreshActiveUserBuckets(db: Db, utcDays: Iterable<number>): void {
  const remove = db.stmt('DELETE FROM session_active_users WHERE kind = :kind AND start_time = :start');
  const insert = db.stmt(
    `INSERT INTO session_active_users (org_id, kind, start_time, end_time, users) ${COUNT_BUCKET}`,
  );
  for (const b of bucketsOf(utcDays)) {
    const { kind, start } = paramsOf(b);
    remove.run({ kind, start });
    insert.run(paramsOf(b));
  }
}

/** The UTC days a billing day overlaps (it starts at 08:00 UTC, so two). */
export function utcDaysOfBillingDays(days: Iterable<DayString>): Set<number> {
  const out = new Set<number>();
  for (const day of days) {
    const start = Date.parse(`${day}T00:00:00Z`) / 1000 + BILLING_DAY_OFFSET_SECONDS;
    if (!Number.isFinite(start)) continue;
    out.add(Math.floor(start / DAY_SECONDS));
    out.add(Math.floor((start + DAY_SECONDS - 1) / DAY_SECONDS));
  }
  return out;
}

const COUNTED = `typeof(s.created_at) IN ('integer', 'real') AND s.user_id IS NOT NULL AND ${VALID_SESSION}`;

/** UTC days (epoch day numbers) with a countable session. */
function sessionUtcDays(db: Db): number[] {
  return selectArrays<[number]>(
    db,
    `SELECT DISTINCT CAST(s.created_at / ${DAY_SECONDS} AS INTEGER) FROM sessions s WHERE ${COUNTED}`,
  ).map(([d]) => d);
}

/** Every bucket, from the sessions (the migration, and the repair at open). */
export function rebuildActiveUserBuckets(db: Db): void {
  db.stmt('DELETE FROM session_active_users').run();
  refreshActiveUserBuckets(db, sessionUtcDays(db));
}

/**
 * At open, a spot check rather than a recount of every bucket (distinct counts cannot be checked by sums): the
 * newest all-orgs day bucket must be the newest UTC day with sessions, and that day's day and week buckets, every
 * org, must equal a recount. Anything else is rebuilt before it is read.
 */
export function verifyActiveUserBuckets(db: Db, log: Logger): void {
  // The newest countable session, from the end of the creation index.
  const [[newest] = [null]] = selectArrays<[number | null]>(db, `SELECT max(s.created_at) FROM sessions s WHERE ${COUNTED}`);
  const day = newest === null ? undefined : Math.floor(newest / DAY_SECONDS);
  const [[latest] = [null]] = selectArrays<[number | null]>(
    db,
    `SELECT max(start_time) FROM session_active_users WHERE org_id = '' AND kind = 'dau'`,
  );
  let why: string | null = null;
  if (latest !== (day === undefined ? null : day * DAY_SECONDS)) why = 'the newest day is missing or extra';
  else if (day !== undefined) {
    const sorted = (rows: unknown[][]) => JSON.stringify(rows.map((r) => JSON.stringify(r)).sort());
    // The day and its week: the month would recount tens of thousands of sessions at every start.
    for (const b of bucketsOf([day]).filter((x) => x.kind !== 'mau')) {
      const { kind, start } = paramsOf(b);
      const stored = selectArrays<unknown[]>(
        db,
        `SELECT org_id, kind, start_time, end_time, users FROM session_active_users WHERE kind = :kind AND start_time = :start`,
        { kind, start },
      );
      if (sorted(stored) !== sorted(selectArrays<unknown[]>(db, COUNT_BUCKET, paramsOf(b))))
        why = `the ${kind} bucket of ${new Date(start * 1000).toISOString().slice(0, 10)} disagrees with its sessions`;
    }
  }
  if (why === null) return;
  log.warn('active-user buckets disagreed with their sessions; rebuilding them', { why });
  inWriteTransaction(db, () => rebuildActiveUserBuckets(db));
}
