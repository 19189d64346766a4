/**
 * The active users Devin's metrics would report, counted here from a list of sessions: distinct `user_id`s per
 * UTC day whose midnight lies in the range's window (DAU, averaged), per Monday–Sunday UTC week overlapping it
 * (WAU, averaged), and in the UTC month of its last second (MAU). The oracle for the cache's session buckets.
 */
import type { ActiveUsers } from '../../src/shared/dashboard';

const DAY = 86_400;
const r1 = (x: number) => Math.round(x * 10) / 10;
const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Billing day `day` starts at 08:00 UTC (midnight PST, no DST). */
const billingStart = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000 + 8 * 3600;

export function activeUsersOfSessions(
  sessions: Iterable<{ org_id: string; user_id?: string | null; created_at: number }>,
  from: string,
  to: string,
  orgId: string | null,
): ActiveUsers {
  const lo = billingStart(from);
  const hi = billingStart(to) + DAY;
  const scoped = [...sessions].filter((s) => (orgId === null || s.org_id === orgId) && s.user_id);
  const usersWhere = (pred: (t: number) => boolean) =>
    new Set(scoped.filter((s) => pred(s.created_at)).map((s) => s.user_id)).size;
  const dayCounts: number[] = [];
  for (let t = Math.ceil(lo / DAY) * DAY; t < hi; t += DAY) dayCounts.push(usersWhere((c) => c >= t && c < t + DAY));
  const weekCounts: number[] = [];
  const first = new Date(lo * 1000);
  const mondayMs =
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()) -
    ((first.getUTCDay() + 6) % 7) * DAY * 1000;
  for (let w = mondayMs / 1000; w < hi; w += 7 * DAY) weekCounts.push(usersWhere((c) => c >= w && c < w + 7 * DAY));
  const last = new Date((hi - 1) * 1000);
  const m0 = Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 1) / 1000;
  const m1 = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1) / 1000;
  return {
    dau: r1(sumOf(dayCounts) / dayCounts.length),
    wau: r1(sumOf(weekCounts) / weekCounts.length),
    mau: usersWhere((c) => c >= m0 && c < m1),
    source: 'sessions',
  };
}
