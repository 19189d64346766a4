/** The outcomes panels' data (issue 10): the last good answer stays on screen when a later request fails. */
import { create } from 'zustand';
import type { DashboardQuery } from '../../../shared/dashboard';
import type { AppError } from '../../../shared/ipc/result';
import type { OutcomesResult } from '../../../shared/outcomes';
import { api, call } from '../api';

interface OutcomesState {
  data: OutcomesResult | null;
  error: AppError | null;
  loading: boolean;
  query: DashboardQuery | null;
  load(query: DashboardQuery): Promise<void>;
  reload(): Promise<void>;
}

const PENDING_RETRY_MS = 1_500;

// Only the newest request may write: answers to superseded queries are dropped.
let latest = 0;

export const useOutcomesStore = create<OutcomesState>()((set, get) => ({
  data: null,
  error: null,
  loading: false,
  query: null,
  load: async (query) => {
    const seq = ++latest;
    set({ loading: true, query });
    const res = await call(() => api().getOutcomes(query));
    if (seq !== latest) return;
    if (res.ok) set({ data: res.data, error: null, loading: false });
    else set({ error: res.error, loading: false });
    // Main does not hold our figures back for the API's PR count: ask again once it has had time to arrive.
    if (res.ok && res.data.prMetrics.status === 'pending') {
      setTimeout(() => {
        if (seq === latest) void get().load(query);
      }, PENDING_RETRY_MS);
    }
  },
  reload: async () => {
    const query = get().query;
    if (query) await get().load(query);
  },
}));
