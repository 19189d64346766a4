/** The outcomes panels' data: the last good answer stays on screen when a later request fails. */
import type { DashboardQuery } from '../../../shared/dashboard';
import type { OutcomesResult } from '../../../shared/outcomes';
import { api } from '../api';
import { createResourceStore } from './resource';

const PENDING_RETRY_MS = 1_500;

export const useOutcomesStore = createResourceStore<DashboardQuery, OutcomesResult>(
  (query) => api().getOutcomes(query),
  undefined,
  // Main does not hold our figures back for the API's PR count: ask again once it has had time to arrive.
  (query, data, isLatest, get) => {
    if (data.prMetrics.status !== 'pending') return;
    setTimeout(() => {
      if (isLatest()) void get().load(query);
    }, PENDING_RETRY_MS);
  },
);
