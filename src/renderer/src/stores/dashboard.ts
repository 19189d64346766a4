/** The dashboard panels' data: the last good answer stays on screen when a later request fails. */
import { create } from 'zustand';
import type { DashboardData, DashboardQuery } from '../../../shared/dashboard';
import type { AppError } from '../../../shared/ipc/result';
import { api, call } from '../api';

interface DashboardState {
  /** The last successful answer (possibly for an earlier query while a new one loads). */
  data: DashboardData | null;
  error: AppError | null;
  loading: boolean;
  query: DashboardQuery | null;
  load(query: DashboardQuery): Promise<void>;
  /** Re-asks for the current query (after `data:updated`). */
  reload(): Promise<void>;
}

// Only the newest request may write: answers to superseded queries are dropped.
let latest = 0;

export const useDashboardStore = create<DashboardState>()((set, get) => ({
  data: null,
  error: null,
  loading: false,
  query: null,
  load: async (query) => {
    const seq = ++latest;
    set({ loading: true, query });
    const res = await call(() => api().getDashboard(query));
    if (seq !== latest) return;
    if (res.ok) set({ data: res.data, error: null, loading: false });
    else set({ error: res.error, loading: false });
  },
  reload: async () => {
    const query = get().query;
    if (query) await get().load(query);
  },
}));
