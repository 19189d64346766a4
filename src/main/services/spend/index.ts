/**
 * Spend control for the app core: the IPC handlers of the limits and alerts panels, and the check that runs
 * after every sync — it records the alerts the current cycle's figures imply (each only once, in the cache, so
 * a crossing that happened while the app was closed fires once at the next sync) and says what to notify.
 */
import type { Settings } from '../../../shared/dashboard';
import type { LimitsQuery, LimitsReport, SpendAlert, SpendAlertsEvent } from '../../../shared/spend';
import type { Cache } from '../cache';
import { silentLogger, type Logger } from '../logger';
import { alertCandidates, spendNotifications, spendTray } from './alerts';
import { buildLimitsReport } from './limits';

export { buildLimitsReport } from './limits';
export { spendTray, scopeLabel, type SpendTray, type SpendNotification } from './alerts';

export interface SpendServiceOptions {
  /** The current mode's cache (it changes when the token appears or goes). */
  cache: () => Cache;
  settings: () => Settings;
  now?: () => number;
  log?: Logger;
}

/** `fired`: alerts recorded by this check (never one that fired before). */
export type AfterSyncResult = SpendAlertsEvent;

export interface SpendService {
  handlers: {
    'limits:get': (q: LimitsQuery) => Promise<LimitsReport>;
    'alerts:list': () => Promise<SpendAlert[]>;
    'alerts:acknowledge': (a: { ids: number[] }) => Promise<SpendAlert[]>;
  };
  afterSync(): AfterSyncResult;
}

export function createSpendService(opts: SpendServiceOptions): SpendService {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLogger;
  const report = (day?: string) => buildLimitsReport(opts.cache(), { day, nowMs: now(), settings: opts.settings() });

  return {
    handlers: {
      'limits:get': async (q) => report(q.day),
      'alerts:list': async () => opts.cache().spend.listAlerts(),
      'alerts:acknowledge': async ({ ids }) => {
        opts.cache().spend.acknowledgeAlerts(ids, now());
        return opts.cache().spend.listAlerts();
      },
    },
    afterSync() {
      // A failing check must not fail the sync it follows: it is logged and tried again after the next one.
      try {
        const current = report();
        const fired = opts.cache().spend.recordAlerts(alertCandidates(current), now());
        if (fired.length > 0) log.info(`spend: ${fired.length} alert(s) fired`, { cycle: current.cycle.from });
        return { fired, notifications: spendNotifications(fired, opts.settings().notifications), tray: spendTray(current) };
      } catch (err) {
        log.warn('spend: alert check failed', { error: err });
        return { fired: [], notifications: [], tray: spendTray(null) };
      }
    },
  };
}
