/** The dashboard panels' data for the selected range and organization. */
import type { DashboardData, DashboardQuery } from '../../../shared/dashboard';
import { api } from '../api';
import { createResourceStore } from './resource';

export const useDashboardStore = createResourceStore<DashboardQuery, DashboardData>((query) =>
  api().getDashboard(query),
);
