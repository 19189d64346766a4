/** Shapes the panels draw from main's aggregates. */
import type { DashboardData } from '../../../shared/dashboard';

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

/** The bars of the users chart: main's top users, then one "Others" bar with main's sum of the rest. */
export function userBars(data: Pick<DashboardData, 'acusByUser' | 'otherUsers'>): UserBar[] {
  const top: UserBar[] = data.acusByUser.map((u) => ({
    id: u.userId,
    name: u.name,
    acus: u.acus,
    sessions: u.sessions,
    users: 1,
  }));
  const rest = data.otherUsers;
  if (rest.users === 0) return top;
  return [...top, { id: OTHERS_ID, name: `Others (${rest.users})`, acus: rest.acus, sessions: rest.sessions, users: rest.users }];
}
