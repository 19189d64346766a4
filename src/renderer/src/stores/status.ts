/** App status (mode, token, sync, queue, connectivity) and the Refresh action. */
import { create } from 'zustand';
import type { AppStatus, QueueHealth, SyncProgress, TokenState } from '../../../shared/dashboard';
import type { AppError } from '../../../shared/ipc/result';
import { api, call } from '../api';

interface StatusState {
  status: AppStatus | null;
  error: AppError | null;
  /** Progress of the sync main is running, from `sync:progress`; null when none is running. */
  progress: SyncProgress | null;
  /** A Refresh this window asked for is in flight. */
  refreshing: boolean;
  refreshError: AppError | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  setQueue(queue: QueueHealth): void;
  setToken(token: TokenState): void;
  setProgress(progress: SyncProgress): void;
}

let latest = 0;

export const useStatusStore = create<StatusState>()((set, get) => ({
  status: null,
  error: null,
  progress: null,
  refreshing: false,
  refreshError: null,
  load: async () => {
    const seq = ++latest;
    const res = await call(() => api().getStatus());
    if (seq !== latest) return;
    if (res.ok) set({ status: res.data, error: null });
    else set({ error: res.error });
  },
  refresh: async () => {
    if (get().refreshing) return;
    set({ refreshing: true, refreshError: null });
    const res = await call(() => api().syncNow({ full: false }));
    set({ refreshing: false, refreshError: res.ok ? null : res.error });
    await get().load();
  },
  setQueue: (queue) => {
    const status = get().status;
    if (status) set({ status: { ...status, queue } });
  },
  setToken: (token) => {
    const status = get().status;
    if (status) set({ status: { ...status, token } });
  },
  setProgress: (progress) => set({ progress: progress.phase === 'done' ? null : progress }),
}));

export const selectSyncing = (s: StatusState): boolean =>
  s.refreshing || s.progress !== null || s.status?.syncing === true;
