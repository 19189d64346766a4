/** Spend control: the limits report of the cycle containing the range's last day, and the alert history. */
import type { DayString } from '../../../shared/billing-day';
import type { AppError, Result } from '../../../shared/ipc/result';
import type { LimitsReport, SpendAlert } from '../../../shared/spend';
import { api, call } from '../api';
import { createResourceStore } from './resource';

interface AlertsExtra {
  alerts: SpendAlert[];
  alertsError: AppError | null;
  /** The report and the alerts again (after a budget change). */
  reloadAll(): Promise<void>;
  /** `answer`: the history already on its way (`app:initial-data`). */
  loadAlerts(answer?: Promise<Result<SpendAlert[]>>): Promise<void>;
  /** `loadAlerts`, unless the history was asked for already (events and actions keep it current). */
  requestAlerts(): Promise<void>;
  alertsAsked: boolean;
  acknowledge(ids: number[]): Promise<void>;
}

/** The resource is the report for a day (`query`); the alert history rides along. */
export const useLimitsStore = createResourceStore<DayString, LimitsReport, AlertsExtra>(
  (day) => api().getLimits({ day }),
  (set, get) => {
    const alertsFrom = async (invoke: () => Promise<Result<SpendAlert[]>>, answer?: Promise<Result<SpendAlert[]>>) => {
      const res = await (answer ?? call(invoke));
      set(res.ok ? { alerts: res.data, alertsError: null } : { alertsError: res.error });
    };
    return {
      alerts: [],
      alertsError: null,
      alertsAsked: false,
      reloadAll: async () => {
        await Promise.all([get().reload(), get().loadAlerts()]);
      },
      loadAlerts: (answer) => {
        set({ alertsAsked: true });
        return alertsFrom(() => api().listAlerts(), answer);
      },
      requestAlerts: async () => {
        if (!get().alertsAsked) await get().loadAlerts();
      },
      acknowledge: (ids) => alertsFrom(() => api().acknowledgeAlerts({ ids })),
    };
  },
);
