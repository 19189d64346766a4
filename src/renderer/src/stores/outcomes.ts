/** The outcomes panels' data: the last good answer stays on screen when a later request fails. */
import type { DashboardQuery } from '../../../shared/dashboard';
import type { Result } from '../../../shared/ipc/result';
import type { OutcomesResult } from '../../../shared/outcomes';
import { api } from '../api';
import { createResourceStore } from './resource';

const PENDING_RETRY_MS = 1_500;

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export const useOutcomesStore = createResourceStore<DashboardQuery, OutcomesResult>(
  async (query): Promise<Result<OutcomesResult>> => {
    const res = await api().getOutcomes(query);
    // Every PR chip of the sessions table reads the hosts: unchanged hosts keep their array, so an org or range
    // change re-renders none of those rows for them.
    const kept = useOutcomesStore.getState().data?.prHosts;
    return res.ok && kept && sameList(kept, res.data.prHosts) ? { ...res, data: { ...res.data, prHosts: kept } } : res;
  },
  undefined,
  // Main does not hold our figures back for the API's PR count: ask again once it has had time to arrive.
  (query, data, isLatest, get) => {
    if (data.prMetrics.status !== 'pending') return;
    setTimeout(() => {
      if (isLatest()) void get().load(query);
    }, PENDING_RETRY_MS);
  },
);
