/** Spend control: the limits report of the cycle containing the range's last day, and the alert history. */
import { create } from 'zustand';
import type { DayString } from '../../../shared/billing-day';
import type { AppError } from '../../../shared/ipc/result';
import type { LimitsReport, SpendAlert } from '../../../shared/spend';
import { api, call } from '../api';

interface LimitsState {
  report: LimitsReport | null;
  error: AppError | null;
  loading: boolean;
  day: DayString | undefined;
  alerts: SpendAlert[];
  alertsError: AppError | null;
  load(day: DayString): Promise<void>;
  reload(): Promise<void>;
  loadAlerts(): Promise<void>;
  acknowledge(ids: number[]): Promise<void>;
}

let latest = 0;

export const useLimitsStore = create<LimitsState>()((set, get) => ({
  report: null,
  error: null,
  loading: false,
  day: undefined,
  alerts: [],
  alertsError: null,
  load: async (day) => {
    const seq = ++latest;
    set({ loading: true, day });
    const res = await call(() => api().getLimits({ day }));
    if (seq !== latest) return;
    if (res.ok) set({ report: res.data, error: null, loading: false });
    else set({ error: res.error, loading: false });
  },
  reload: async () => {
    const day = get().day;
    await Promise.all([day !== undefined ? get().load(day) : Promise.resolve(), get().loadAlerts()]);
  },
  loadAlerts: async () => {
    const res = await call(() => api().listAlerts());
    if (res.ok) set({ alerts: res.data, alertsError: null });
    else set({ alertsError: res.error });
  },
  acknowledge: async (ids) => {
    const res = await call(() => api().acknowledgeAlerts({ ids }));
    if (res.ok) set({ alerts: res.data, alertsError: null });
    else set({ alertsError: res.error });
  },
}));
