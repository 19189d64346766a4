/**
 * The first screen in one round trip: `app:initial-data` carries every store's first answer, and each store takes
 * its part as if it had asked on its own (errors included). main.tsx sends it before React and the panels' code
 * are evaluated, so main's queries run while the window is still loading. Outcomes follow at once on their own
 * channel: their query is the slowest, and the first screen should not wait for it.
 */
import type { InitialData } from '../../../shared/ipc/channels';
import { api, call } from '../api';
import { MARKS } from '../lib/perf-marks';
import { useCostStore } from './cost';
import { useDashboardStore } from './dashboard';
import { useLimitsStore } from './limits';
import { useOutcomesStore } from './outcomes';
import { useProfilesStore } from './profiles';
import { useQueryStore } from './query';
import { useSessionsStore } from './sessions';
import { useSettingsStore } from './settings';
import { useStatusStore } from './status';

/**
 * Asks for the first screen, unless it was asked for already (the dashboard store then has its query). Resolves
 * once every store has taken its part (outcomes aside), whether the parts succeeded or not.
 */
export async function loadInitialData(): Promise<void> {
  if (useDashboardStore.getState().query !== null) return;
  const { from, to, orgId } = useQueryStore.getState();
  const dashboard = { from, to, orgId };
  const sessions = useSessionsStore.getState();
  const query = {
    dashboard,
    cost: { orgId },
    sessionsPage: sessions.firstPageQuery(dashboard),
    limits: { day: to },
  };
  performance.mark(MARKS.initialDataSent);
  const answer = call(() => api().getInitialData(query)).finally(() => performance.mark(MARKS.initialDataAnswered));
  // A failed call fails every part with its error.
  const part = <K extends keyof InitialData>(key: K): Promise<InitialData[K]> =>
    answer.then((res) => (res.ok ? res.data[key] : res));

  const dashboardLoaded = useDashboardStore.getState().load(dashboard, part('dashboard'));
  void useOutcomesStore.getState().load(dashboard);
  sessions.setBase(dashboard, part('sessionsPage'));
  await Promise.all([
    dashboardLoaded,
    useStatusStore.getState().load(undefined, part('status')),
    useSettingsStore.getState().load(part('settings')),
    useProfilesStore.getState().load(part('profiles')),
    useCostStore.getState().load(query.cost, part('cost')),
    useLimitsStore.getState().load(to, part('limits')),
    useLimitsStore.getState().loadAlerts(part('alerts')),
    // The sessions store has taken its page once the answer is in (it then sets it in the same task).
    answer,
  ]);
}
