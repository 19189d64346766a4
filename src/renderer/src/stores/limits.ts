/** Spend control: the limits report of the cycle containing the range's last day, and the alert history. */
import type { DayString } from '../../../shared/billing-day';
import type { AppError } from '../../../shared/ipc/result';
import type { LimitsReport, SpendAlert } from '../../../shared/spend';
import { api, call } from '../api';
import { createResourceStore } from './resource';

interface AlertsExtra {
  alerts: SpendAlert[];
  alertsError: AppError | null;
  /** The report and the alerts again (after a budget change). */
  reloadAll(): Promise<void>;
  loadAlerts(): Promise<void>;
  acknowledge(ids: number[]): Promise<void>;
}

/** The resource is the report for a day (`query`); the alert history rides along. */
export const useLimitsStore = createResourceStore<DayString, LimitsReport, AlertsExtra>(
  (day) => api().getLimits({ day }),
  (set, get) => {
    const alertsFrom = async (invoke: () => ReturnType<ReturnType<typeof api>['listAlerts']>) => {
      const res = await call(invoke);
      set(res.ok ? { alerts: res.data, alertsError: null } : { alertsError: res.error });
    };
    return {
      alerts: [],
      alertsError: null,
      reloadAll: async () => {
        await Promise.all([get().reload(), get().loadAlerts()]);
      },
      loadAlerts: () => alertsFrom(() => api().listAlerts()),
      acknowledge: (ids) => alertsFrom(() => api().acknowledgeAlerts({ ids })),
    };
  },
);
