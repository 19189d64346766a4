/**
 * Active users for a range of billing days. Devin's DAU/WAU/MAU are UTC buckets that never line up with billing
 * days, so the range is read as its window [timeAfter, timeBefore) and buckets are picked against it:
 * DAU buckets starting in the window, WAU buckets overlapping it, and the latest MAU bucket overlapping it.
 * With one organization selected (the metrics are enterprise-wide) or no metrics cached, the same buckets are
 * rebuilt from the distinct `user_id`s of sessions created in each full bucket, kept per bucket at sync time.
 */
import { z } from 'zod';
import { DAY_SECONDS, rangeWindow, type DayString } from '../../../../shared/billing-day';
import type { ActiveUsers } from '../../../../shared/dashboard';
import type { Logger } from '../../logger';
import { monthDays, weekOf, weekStartDay, type BucketKind } from '../active-user-buckets';
import { selectArrays, type Db } from '../connection';
import { parseRows } from '../rows';

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
  // holding its last second. Every bucket is counted whole, as Devin's metrics count them (cache/active-user-buckets.ts).
  const firstDay = Math.ceil(timeAfter / DAY_SECONDS);
  const endDay = Math.ceil(timeBefore / DAY_SECONDS);
  const firstWeek = weekOf(Math.floor(timeAfter / DAY_SECONDS));
  const lastWeek = weekOf(Math.floor((timeBefore - 1) / DAY_SECONDS));
  const month = monthDays(Math.floor((timeBefore - 1) / DAY_SECONDS));
  const sum = (kind: BucketKind, firstStart: number, lastStart: number): number => {
    const [[users] = [0]] = selectArrays<[number]>(
      db,
      `SELECT total(users) FROM session_active_users
       WHERE org_id = :org AND kind = :kind AND start_time BETWEEN :lo AND :hi`,
      { org: orgId ?? '', kind, lo: firstStart * DAY_SECONDS, hi: lastStart * DAY_SECONDS },
    );
    return users;
  };
  return {
    dau: endDay > firstDay ? round1(sum('dau', firstDay, endDay - 1) / (endDay - firstDay)) : null,
    wau: round1(sum('wau', weekStartDay(firstWeek), weekStartDay(lastWeek)) / (lastWeek - firstWeek + 1)),
    mau: sum('mau', month.first, month.first),
    source: 'sessions',
  };
}
