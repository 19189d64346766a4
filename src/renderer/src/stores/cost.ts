/** The cost view's data for the selected organization. */
import type { CostData } from '../../../shared/dashboard';
import { api } from '../api';
import { createResourceStore } from './resource';

export const useCostStore = createResourceStore<{ orgId: string | null }, CostData>((query) =>
  api().getCost(query),
);
