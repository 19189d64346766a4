/**
 * The renderer's only way to reach main. `window.api` is exposed by the preload; its type comes from the
 * IPC contract, so there is no hand-kept copy to drift.
 */
import type { DashboardApi } from '../../shared/ipc/channels';
import type { Result } from '../../shared/ipc/result';

declare global {
  interface Window {
    api: DashboardApi;
  }
}

export const api = (): DashboardApi => window.api;

/**
 * Runs one API call and turns a rejected promise into a failed Result. Main answers expected failures as
 * values; a rejection means something unexpected (a handler threw, the bridge is missing), and the UI
 * should show it like any other error instead of leaving a panel loading forever.
 */
export async function call<T>(invoke: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await invoke();
  } catch (err) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) },
    };
  }
}
