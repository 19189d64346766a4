/** The dashboard's users panel against the full list: main's top users, and the rest summed exactly. */
import { expect } from 'vitest';
import { TOP_USERS, type DashboardData, type UserAcus } from '../../src/shared/dashboard';
import { exactSum } from './exact-decimal';

export function expectTopUsersOf(d: Pick<DashboardData, 'acusByUser' | 'otherUsers'>, all: readonly UserAcus[], label?: string): void {
  expect(d.acusByUser, label).toEqual(all.slice(0, TOP_USERS));
  const rest = all.slice(TOP_USERS);
  expect(d.otherUsers, label).toEqual({
    users: rest.length,
    acus: exactSum(rest.map((u) => u.acus)),
    sessions: rest.reduce((n, u) => n + u.sessions, 0),
  });
}
