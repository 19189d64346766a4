/** Aggregations the panels show that main does not precompute. */
import type { UserAcus } from '../../../shared/dashboard';
import { sumAcus } from '../../../shared/money';

export const TOP_USERS = 15;
export const OTHERS_ID = '__others__';

export interface UserBar {
  /** The user id, or OTHERS_ID for the bar that sums everyone past the top N. */
  id: string;
  name: string;
  acus: number;
  sessions: number;
  /** How many users the "Others" bar sums (1 for a single user). */
  users: number;
}

/**
 * The top `limit` users, plus one "Others" bar with the sum of the rest (when there is a rest). `users`
 * come largest first, as main's query orders them (`DashboardData.acusByUser`).
 */
export function topUsersWithOthers(users: readonly UserAcus[], limit = TOP_USERS): UserBar[] {
  const top: UserBar[] = users
    .slice(0, limit)
    .map((u) => ({ id: u.userId, name: u.name, acus: u.acus, sessions: u.sessions, users: 1 }));
  const rest = users.slice(limit);
  if (rest.length === 0) return top;
  const others: UserBar = {
    id: OTHERS_ID,
    name: `Others (${rest.length})`,
    acus: sumAcus(rest.map((u) => u.acus)),
    sessions: rest.reduce((n, u) => n + u.sessions, 0),
    users: rest.length,
  };
  return [...top, others];
}
