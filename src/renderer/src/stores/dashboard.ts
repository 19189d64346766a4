/** The dashboard panels' data for the selected range and organization. */
import type { DashboardData, DashboardQuery, UserAcus } from '../../../shared/dashboard';
import { api } from '../api';
import { createResourceStore } from './resource';

export const useDashboardStore = createResourceStore<DashboardQuery, DashboardData>((query) =>
  api().getDashboard(query),
);

/**
 * Every user with sessions in the dashboard's range (the dashboard names only the top ones): the sessions
 * table's user filter loads it when it opens, since an enterprise may list 20,000 people.
 */
export const useDashboardUsersStore = createResourceStore<DashboardQuery, UserAcus[]>((query) =>
  api().getDashboardUsers(query),
);
