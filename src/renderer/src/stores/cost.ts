/** The cost view's data for the selected organization. */
import { create } from 'zustand';
import type { CostData } from '../../../shared/dashboard';
import type { AppError } from '../../../shared/ipc/result';
import { api, call } from '../api';

interface CostState {
  data: CostData | null;
  error: AppError | null;
  loading: boolean;
  orgId: string | null | undefined;
  load(orgId: string | null): Promise<void>;
  reload(): Promise<void>;
}

let latest = 0;

export const useCostStore = create<CostState>()((set, get) => ({
  data: null,
  error: null,
  loading: false,
  orgId: undefined,
  load: async (orgId) => {
    const seq = ++latest;
    set({ loading: true, orgId });
    const res = await call(() => api().getCost({ orgId }));
    if (seq !== latest) return;
    if (res.ok) set({ data: res.data, error: null, loading: false });
    else set({ error: res.error, loading: false });
  },
  reload: async () => {
    const orgId = get().orgId;
    if (orgId !== undefined) await get().load(orgId);
  },
}));
