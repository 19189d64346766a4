/**
 * Wires main's events to the stores. `data:updated` names the datasets a sync changed, so only the stores
 * reading one of them reload; it can arrive in bursts during a sync, so reloads are coalesced: at most
 * one runs, and one more follows for everything that arrived meanwhile.
 */
import type { DatasetName } from '../../../shared/dashboard';
import { api } from '../api';
import { clearAccountFigures } from './account-figures';
import { useCostStore } from './cost';
import { useDashboardStore, useDashboardUsersStore } from './dashboard';
import { useProfilesStore } from './profiles';
import { useLimitsStore } from './limits';
import { useOutcomesStore } from './outcomes';
import { useQueryStore } from './query';
import { useSessionsStore } from './sessions';
import { useStatusStore } from './status';
import { useUiStore } from './ui';

/** The datasets each view's query reads in main's cache (the status reads them all, so it always reloads). */
const READS = {
  // Cards, charts and bars; organizations carry their ACU limits; cycles feed the date presets.
  dashboard: new Set<DatasetName>([
    'consumption',
    'org_consumption',
    'sessions',
    'organizations',
    'members',
    'active_users',
    'cycles',
    'acu_limits',
  ]),
  cost: new Set<DatasetName>(['consumption', 'org_consumption', 'organizations']),
  // Rows, with their creators' and organizations' names.
  sessions: new Set<DatasetName>(['sessions', 'members', 'organizations']),
  // PRs and outcomes of sessions, by org and user, where ACUs go, runaway sessions (against org limits).
  outcomes: new Set<DatasetName>(['sessions', 'organizations', 'members']),
  // Limits, use per scope (Devin ACUs by org and user), budgets' scopes, sessions stopped by a limit.
  limits: new Set<DatasetName>([
    'cycles',
    'acu_limits',
    'consumption',
    'org_consumption',
    'user_consumption',
    'organizations',
    'members',
    'sessions',
  ]),
};

/** What changed: some datasets, or everything (a mode or account switch sends no names). */
type Changed = ReadonlySet<DatasetName> | 'all';

const reads = (view: keyof typeof READS, changed: Changed): boolean =>
  changed === 'all' || [...changed].some((d) => READS[view].has(d));

async function reloadOnce(changed: Changed): Promise<void> {
  // A relative preset ("last 7 days") moves on with the day; the query change then triggers its own load.
  const cycles = useDashboardStore.getState().data?.cycles ?? [];
  useQueryStore.getState().rollForward(cycles);
  if (reads('sessions', changed)) useSessionsStore.getState().invalidate();
  await Promise.all([
    useStatusStore.getState().load(),
    reads('dashboard', changed) ? useDashboardStore.getState().reload() : null,
    // Only once the user filter has asked for it (a reload before the first load does nothing).
    reads('dashboard', changed) ? useDashboardUsersStore.getState().reload() : null,
    reads('cost', changed) ? useCostStore.getState().reload() : null,
    reads('limits', changed) ? useLimitsStore.getState().reload() : null,
    reads('outcomes', changed) ? useOutcomesStore.getState().reload() : null,
  ]);
}

let running: Promise<void> | null = null;
let pending: Changed | null = null;

const merge = (a: Changed | null, b: Changed): Changed =>
  a === 'all' || b === 'all' ? 'all' : new Set([...(a ?? []), ...b]);

/**
 * Reloads what shows the named datasets (all of it when none are named); calls while a reload runs
 * collapse into at most one follow-up covering all they named.
 */
export function reloadData(datasets: readonly DatasetName[] = []): Promise<void> {
  pending = merge(pending, datasets.length === 0 ? 'all' : new Set(datasets));
  if (running) return running;
  running = (async () => {
    try {
      while (pending) {
        const changed = pending;
        pending = null;
        await reloadOnce(changed);
      }
    } finally {
      running = null;
    }
  })();
  return running;
}

export function refreshNow(): Promise<void> {
  return useStatusStore.getState().refresh();
}

/** Subscribes to every main → renderer event; returns the unsubscribe. */
export function connectToMain(): () => void {
  const a = api();
  const status = useStatusStore.getState;
  const offs = [
    // Every sync ends with one `data:updated` (after its `done` progress), which also reloads the status.
    a.on('data:updated', ({ datasets }) => void reloadData(datasets)),
    a.on('sync:progress', (p) => status().setProgress(p)),
    a.on('cache:progress', (p) => status().setCacheUpgrade(p)),
    a.on('queue:changed', (q) => status().setQueue(q)),
    a.on('token:changed', (t) => status().setToken(t)),
    // Another account is on screen: its figures come with the `data:updated` that follows.
    a.on('account:changed', (account) => {
      clearAccountFigures();
      status().setAccount(account);
      void useProfilesStore.getState().load();
    }),
    a.on('profiles:changed', (p) => useProfilesStore.getState().set(p)),
    a.on('ui:command', ({ command }) => {
      if (command === 'open-settings') useUiStore.getState().openSettings();
      else if (command === 'open-limits') useUiStore.getState().showLimits();
      else if (command === 'open-runaway') document.querySelector('[data-testid="runaway-sessions"]')?.scrollIntoView({ block: 'start' });
      else void refreshNow();
    }),
    // Spend control: a sync's new alerts (main already notified the desktop).
    a.on('spend:alerts', () => void useLimitsStore.getState().loadAlerts()),
  ];
  return () => offs.forEach((off) => off());
}
