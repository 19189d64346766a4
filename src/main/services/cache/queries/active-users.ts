/**
 * Active users for a range of billing days. Devin's DAU/WAU/MAU are UTC buckets that never line up with billing
 * days, so the range is read as its window [timeAfter, timeBefore) and buckets are picked against it:
 * DAU buckets starting in the window, WAU buckets overlapping it, and the latest MAU bucket overlapping it.
 * With one organization selected (the metrics are enterprise-wide) or no metrics cached, the same buckets are
 * rebuilt from the distinct `user_id`s of sessions created in each full bucket.
 */
import { z } from 'zod';
import { DAY_SECONDS, rangeWindow, type DayString } from '../../../../shared/billing-day';
import type { ActiveUsers } from '../../../../shared/dashboard';
import type { Logger } from '../../logger';
import type { Db } from '../connection';
import { parseRows, VALID_SESSION } from '../rows';
import type { SqlParams } from './session-scope';

/** Epoch day 0 (1970-01-01) was a Thursday: shifting by 3 days makes weeks start on Monday. */
const MONDAY_SHIFT_DAYS = 3;

const bucketRow = z.object({
  active_users: z.number().int().nonnegative(),
  start_time: z.number().int(),
  end_time: z.number().int(),
});

const round1 = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: number[]) => (xs.length === 0 ? null : round1(xs.reduce((a, b) => a + b, 0) / xs.length));

export function hasActiveUserMetrics(db: Db): boolean {
  return db.stmt('SELECT EXISTS (SELECT 1 FROM active_users) AS present').get()?.present === 1;
}

export function activeUsersFromMetrics(db: Db, log: Logger, from: DayString, to: DayString): ActiveUsers {
  const { timeAfter, timeBefore } = rangeWindow(from, to);
  const read = (sql: string) =>
    parseRows(db.stmt(sql).all(timeAfter, timeBefore), bucketRow, 'active_users', log);
  const dau = read(`SELECT active_users, start_time, end_time FROM active_users
                    WHERE kind = 'dau' AND start_time >= ? AND start_time < ?`);
  const wau = read(`SELECT active_users, start_time, end_time FROM active_users
                    WHERE kind = 'wau' AND end_time > ? AND start_time < ?`);
  const mau = read(`SELECT active_users, start_time, end_time FROM active_users
                    WHERE kind = 'mau' AND end_time > ? AND start_time < ? ORDER BY start_time DESC`);
  return {
    dau: mean(dau.map((b) => b.active_users)),
    wau: mean(wau.map((b) => b.active_users)),
    mau: mau[0]?.active_users ?? null,
    source: 'metrics',
  };
}

export function activeUsersFromSessions(
  db: Db,
  from: DayString,
  to: DayString,
  orgId: string | null,
): ActiveUsers {
  const { timeAfter, timeBefore } = rangeWindow(from, to);
  // DAU: UTC days starting inside the window. WAU: Monday–Sunday UTC weeks overlapping it. MAU: the UTC month
  // holding its last second. Every bucket is counted whole, as Devin's metrics count them.
  const firstDay = Math.ceil(timeAfter / DAY_SECONDS);
  const endDay = Math.ceil(timeBefore / DAY_SECONDS);
  const weekOf = (day: number) => Math.floor((day + MONDAY_SHIFT_DAYS) / 7);
  const firstWeek = weekOf(Math.floor(timeAfter / DAY_SECONDS));
  const lastWeek = weekOf(Math.floor((timeBefore - 1) / DAY_SECONDS));
  const last = new Date((timeBefore - 1) * 1000);
  const monthFirstDay = Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 1) / 1000 / DAY_SECONDS;
  const monthEndDay = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1) / 1000 / DAY_SECONDS;

  // One pass over the span covering all buckets, grouped in JS: SQLite's DISTINCT would cost more than the sets.
  const spanFirstDay = Math.min(firstWeek * 7 - MONDAY_SHIFT_DAYS, monthFirstDay);
  const spanEndDay = Math.max((lastWeek + 1) * 7 - MONDAY_SHIFT_DAYS, monthEndDay);
  const params: SqlParams = { lo: spanFirstDay * DAY_SECONDS, hi: spanEndDay * DAY_SECONDS };
  if (orgId !== null) params.org = orgId;
  const stmt = db.stmt(
    `SELECT s.created_at, s.user_id FROM sessions s
     WHERE s.created_at >= :lo AND s.created_at < :hi ${orgId === null ? '' : 'AND s.org_id = :org'}
       AND s.user_id IS NOT NULL AND ${VALID_SESSION}`,
  );
  stmt.setReturnArrays(true); // thousands of rows of two columns: arrays are much cheaper than objects
  const rows = stmt.all(params) as unknown as [unknown, unknown][];

  const days = new Map<number, Set<string>>();
  const weeks = new Map<number, Set<string>>();
  const month = new Set<string>();
  const add = (m: Map<number, Set<string>>, key: number, user: string) => {
    let set = m.get(key);
    if (!set) m.set(key, (set = new Set()));
    set.add(user);
  };
  for (const [createdAt, userId] of rows) {
    const d = Math.floor(Number(createdAt) / DAY_SECONDS);
    const user = String(userId);
    if (d >= firstDay && d < endDay) add(days, d, user);
    const w = weekOf(d);
    if (w >= firstWeek && w <= lastWeek) add(weeks, w, user);
    if (d >= monthFirstDay && d < monthEndDay) month.add(user);
  }
  let dauSum = 0;
  for (const set of days.values()) dauSum += set.size;
  let wauSum = 0;
  for (const set of weeks.values()) wauSum += set.size;
  return {
    dau: endDay > firstDay ? round1(dauSum / (endDay - firstDay)) : null,
    wau: round1(wauSum / (lastWeek - firstWeek + 1)),
    mau: month.size,
    source: 'sessions',
  };
}
