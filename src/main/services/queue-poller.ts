/**
 * Polls the queue health on an interval that settings may change at any time. One check at a time;
 * after consecutive failed readings (level `unknown`) the wait doubles up to `maxBackoffMs`, so an
 * offline laptop or a revoked token does not hammer the API. Paused while the machine sleeps.
 */
import type { QueueHealth } from '../../shared/dashboard';
import { redact } from '../../shared/redact';

export interface QueuePollerOptions {
  check: () => Promise<QueueHealth>;
  intervalMs: () => number;
  onCheck: (h: QueueHealth) => void;
  maxBackoffMs?: number;
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
  now?: () => number;
}

export interface QueuePoller {
  start(): void;
  stop(): void;
  /** Checks at once (or joins the check in flight) and restarts the interval from now. */
  checkNow(): Promise<QueueHealth>;
  pause(): void;
  /** Leaves the paused state with an immediate check and a fresh backoff. */
  resume(): void;
}

export const DEFAULT_MAX_BACKOFF_MS = 15 * 60_000;

/** The wait before the next check after `failures` consecutive failed readings. */
export function nextDelayMs(intervalMs: number, failures: number, maxBackoffMs: number): number {
  if (failures === 0) return intervalMs;
  return Math.max(intervalMs, Math.min(intervalMs * 2 ** failures, maxBackoffMs));
}

export function createQueuePoller(opts: QueuePollerOptions): QueuePoller {
  const timers = opts.timers ?? { setTimeout, clearTimeout };
  const maxBackoffMs = opts.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  const now = opts.now ?? Date.now;
  let running = false;
  // Set by stop(): a check still in flight then reports to no one (checks before start() do report).
  let stopped = false;
  let paused = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<QueueHealth> | null = null;

  const clearTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const schedule = () => {
    clearTimer();
    if (!running || paused || inFlight) return;
    timer = timers.setTimeout(() => {
      timer = null;
      void runCheck();
    }, nextDelayMs(opts.intervalMs(), failures, maxBackoffMs));
  };

  function runCheck(): Promise<QueueHealth> {
    if (inFlight) return inFlight;
    clearTimer();
    const promise = opts
      .check()
      .catch((err: unknown): QueueHealth => {
        // `check` is expected to answer with an `unknown` reading rather than throw; stay alive if it does not.
        const reason = err instanceof Error ? redact(err.message) : 'Queue check failed';
        return { level: 'unknown', queueSize: null, checkedAt: now(), reason };
      })
      .then((health) => {
        failures = health.level === 'unknown' ? failures + 1 : 0;
        if (!stopped) opts.onCheck(health);
        return health;
      })
      .finally(() => {
        inFlight = null;
        schedule();
      });
    inFlight = promise;
    return promise;
  }

  return {
    start() {
      if (running) return;
      running = true;
      stopped = false;
      if (!inFlight && !paused) void runCheck();
    },
    stop() {
      running = false;
      stopped = true;
      clearTimer();
    },
    checkNow: runCheck,
    pause() {
      paused = true;
      clearTimer();
    },
    resume() {
      if (!paused) return;
      paused = false;
      failures = 0;
      if (running) void runCheck();
    },
  };
}
