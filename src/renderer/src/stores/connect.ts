/**
 * Wires main's events to the stores. `data:updated` can arrive in bursts during a sync, so reloads are
 * coalesced: at most one runs, and one more follows if anything arrived meanwhile.
 */
import { api } from '../api';
import { useCostStore } from './cost';
import { useDashboardStore } from './dashboard';
import { useOutcomesStore } from './outcomes';
import { useQueryStore } from './query';
import { useSessionsStore } from './sessions';
import { useStatusStore } from './status';
import { useUiStore } from './ui';

async function reloadOnce(): Promise<void> {
  // A relative preset ("last 7 days") moves on with the day; the query change then triggers its own load.
  const cycles = useDashboardStore.getState().data?.cycles ?? [];
  useQueryStore.getState().rollForward(cycles);
  useSessionsStore.getState().invalidate();
  await Promise.all([
    useStatusStore.getState().load(),
    useDashboardStore.getState().reload(),
    useCostStore.getState().reload(),
    useOutcomesStore.getState().reload(), // outcomes (issue 10)
  ]);
}

let running: Promise<void> | null = null;
let again = false;

/** Reloads everything shown from main's cache; concurrent calls collapse into at most one follow-up. */
export function reloadData(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        await reloadOnce();
      } while (again);
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
    a.on('data:updated', () => void reloadData()),
    a.on('sync:progress', (p) => {
      status().setProgress(p);
      if (p.phase === 'done') void status().load();
    }),
    a.on('queue:changed', (q) => status().setQueue(q)),
    a.on('token:changed', (t) => status().setToken(t)),
    a.on('ui:command', ({ command }) => {
      if (command === 'open-settings') useUiStore.getState().openSettings();
      else void refreshNow();
    }),
  ];
  return () => offs.forEach((off) => off());
}
