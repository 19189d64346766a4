/**
 * When the app talks to the API on its own: the queue poller (its interval and backoff live in queue-poller.ts)
 * and the auto-refresh sync, both following the settings, paused while the machine sleeps.
 */
import type { QueueHealth } from '../../shared/dashboard';
import { createQueuePoller } from './queue-poller';
import type { SettingsStore } from './settings-store';

export interface SchedulerOptions {
  settings: SettingsStore;
  checkQueue: () => Promise<QueueHealth>;
  onQueue: (health: QueueHealth) => void;
  /** An incremental sync; failures are the caller's to log (it knows which account they belong to). */
  refresh: () => void;
}

export interface Scheduler {
  start(): void;
  stop(): void;
  /** Re-reads the auto-refresh interval (after a settings change). */
  reschedule(): void;
  checkQueueNow(): Promise<QueueHealth>;
  suspend(): void;
  resume(): void;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  let autoRefresh: NodeJS.Timeout | null = null;
  let running = false;
  const poller = createQueuePoller({
    intervalMs: () => opts.settings.get().queuePollSeconds * 1000,
    check: opts.checkQueue,
    onCheck: opts.onQueue,
  });

  function reschedule() {
    if (autoRefresh) clearInterval(autoRefresh);
    autoRefresh = null;
    const minutes = opts.settings.get().autoRefreshMinutes;
    if (running && minutes > 0) {
      autoRefresh = setInterval(opts.refresh, minutes * 60_000);
      autoRefresh.unref();
    }
  }

  return {
    start() {
      running = true;
      poller.start();
      reschedule();
    },
    stop() {
      running = false;
      poller.stop();
      reschedule();
    },
    reschedule,
    checkQueueNow: () => poller.checkNow(),
    suspend: () => poller.pause(),
    resume() {
      poller.resume();
      opts.refresh();
    },
  };
}
