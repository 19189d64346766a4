/**
 * Every figure on screen belongs to one account. When another account takes its place (or is about to), they
 * are dropped at once — with answers still on their way — so nothing of the previous account stays visible,
 * not even for a moment.
 */
import { useBudgetDrafts } from './budget-drafts';
import { useCostStore } from './cost';
import { useDashboardStore, useDashboardUsersStore } from './dashboard';
import { useLimitsStore } from './limits';
import { useOutcomesStore } from './outcomes';
import { useQueryStore } from './query';
import { useSessionsStore } from './sessions';

export function clearAccountFigures(): void {
  useDashboardStore.getState().clear();
  useDashboardUsersStore.getState().clear();
  useCostStore.getState().clear();
  useSessionsStore.getState().clear();
  useLimitsStore.getState().clear();
  useOutcomesStore.getState().clear();
  useLimitsStore.setState({ alerts: [], alertsError: null });
  useBudgetDrafts.getState().clear();
  // An organization of the previous account means nothing in this one.
  useQueryStore.getState().setOrg(null);
}

/** Asks again for what `clearAccountFigures` dropped (a switch main refused leaves the same account on screen). */
export function reloadAccountFigures(): void {
  void useDashboardStore.getState().reload();
  void useDashboardUsersStore.getState().reload();
  void useCostStore.getState().reload();
  void useLimitsStore.getState().reloadAll();
  void useOutcomesStore.getState().reload();
  useSessionsStore.getState().invalidate();
}
