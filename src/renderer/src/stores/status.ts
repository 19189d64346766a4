/** App status (mode, token, sync, queue, connectivity) and the Refresh action. */
import type { AccountStatus, AppStatus, CacheUpgradeProgress, QueueHealth, SyncProgress, TokenState } from '../../../shared/dashboard';
import type { AppError } from '../../../shared/ipc/result';
import { SYNC_CANCELLED_TEXT } from '../../../shared/sync-progress-text';
import { api, call } from '../api';
import { createResourceStore, type ResourceState } from './resource';

interface StatusActions {
  /** Progress of the sync main is running, from `sync:progress`; null when none is running. */
  progress: SyncProgress | null;
  /** A Refresh this window asked for is in flight. */
  refreshing: boolean;
  refreshError: AppError | null;
  /** What the last sync's end needs said (a cancelled sync); cleared when the next one starts. */
  syncNotice: string | null;
  refresh(): Promise<void>;
  /** Stops the running sync; main keeps the previous data. */
  cancelSync(): Promise<void>;
  setQueue(queue: QueueHealth): void;
  setToken(token: TokenState): void;
  setAccount(account: AccountStatus | null): void;
  setProgress(progress: SyncProgress): void;
  /** From `cache:progress`; the last one (100 %) stays until the status reload that follows the account's open. */
  setCacheUpgrade(progress: CacheUpgradeProgress): void;
}

type StatusState = ResourceState<void, AppStatus> & StatusActions;

export const useStatusStore = createResourceStore<void, AppStatus, StatusActions>(
  () => api().getStatus(),
  (set, get) => ({
    progress: null,
    refreshing: false,
    refreshError: null,
    syncNotice: null,
    refresh: async () => {
      if (get().refreshing) return;
      set({ refreshing: true, refreshError: null });
      const res = await call(() => api().syncNow({ full: false }));
      // A cancelled sync is no failure: cancelSync says what happened.
      set({ refreshing: false, refreshError: res.ok || res.error.code === 'CANCELLED' ? null : res.error });
      // A sync that ran ends with `data:updated`, which reloads the status; one that did not start does not.
      if (!res.ok) await get().load();
    },
    setQueue: (queue) => {
      const status = get().data;
      if (status) set({ data: { ...status, queue } });
    },
    setToken: (token) => {
      const status = get().data;
      if (status) set({ data: { ...status, token } });
    },
    setAccount: (account) => {
      const status = get().data;
      if (status) set({ data: { ...status, account } });
    },
    setCacheUpgrade: (cacheUpgrade) => {
      const status = get().data;
      if (status) set({ data: { ...status, cacheUpgrade } });
    },
    cancelSync: async () => {
      const res = await call(() => api().cancelSync());
      if (!res.ok) set({ refreshError: res.error });
      else if (res.data.cancelled) set({ syncNotice: SYNC_CANCELLED_TEXT });
    },
    setProgress: (progress) => {
      const status = get().data;
      set({
        progress: progress.phase === 'done' ? null : progress,
        ...(progress.phase === 'start' && { syncNotice: null }),
        // A cancelled sync ends without `data:updated`, so the status loaded while it ran would keep saying syncing.
        ...(progress.phase === 'done' && status?.syncing && { data: { ...status, syncing: false } }),
      });
    },
  }),
);

export const selectSyncing = (s: StatusState): boolean =>
  s.refreshing || s.progress !== null || s.data?.syncing === true;
