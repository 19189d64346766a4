/**
 * Whether to notify about runaway sessions after a sync (issue 10). Off by default (`runawayNotifications`).
 * Only a **running** session that **crosses** the rule between two syncs is announced — not sessions already
 * over it when the app started or the setting was turned on (that sync only sets the baseline), not finished
 * ones, and never the same session twice in a run of the app.
 */
import { lastDays } from '../../shared/billing-day';
import type { Settings } from '../../shared/dashboard';
import { RUNAWAY_MEDIAN_DAYS, type RunawayAlert, type RunawayAlertsEvent, type RunawaySession } from '../../shared/outcomes';
import type { Cache } from './cache';
import { silentLogger, type Logger } from './logger';

export interface RunawayAlertDecision {
  alerts: RunawayAlert[];
  /** Pass back as `previouslyFlagged` after the next sync. */
  flagged: ReadonlySet<string>;
}

/** The pure decision: which of `flagged` to announce, given what was flagged (or announced) before. */
export function decideRunawayAlerts(opts: {
  enabled: boolean;
  /** Session ids flagged after the previous sync; null before the first sync of this run. */
  previouslyFlagged: ReadonlySet<string> | null;
  /** The runaway list after this sync (e.g. `OutcomesData.runaway` for the current billing day). */
  flagged: readonly RunawaySession[];
}): RunawayAlertDecision {
  const flagged = new Set(opts.flagged.map((r) => r.sessionId));
  if (!opts.enabled || opts.previouslyFlagged === null) return { alerts: [], flagged };
  const previous = opts.previouslyFlagged;
  const alerts = opts.flagged
    .filter((r) => r.status === 'running' && !previous.has(r.sessionId))
    .map((r) => ({ sessionId: r.sessionId, title: `Runaway session: ${r.title ?? r.sessionId}`, body: r.reason }));
  return { alerts, flagged };
}

const MAX_NOTIFICATIONS = 3;

/** What the desktop shows for `alerts`: one notification each, or one summary past three. */
export function runawayNotifications(alerts: readonly RunawayAlert[]): { title: string; body: string }[] {
  if (alerts.length <= MAX_NOTIFICATIONS) return alerts.map(({ title, body }) => ({ title, body }));
  return [{ title: `${alerts.length} runaway sessions`, body: alerts.slice(0, MAX_NOTIFICATIONS).map((a) => a.title.replace(/^Runaway session: /, '')).join('; ') + '; …' }];
}

/**
 * Runs the decision after each sync of an account, remembering per cache file (one per account) every session
 * already flagged in this run, so each session is announced at most once. Off (the setting, or desktop
 * notifications off) costs nothing and drops the baseline: turning it on never announces the backlog.
 */
export function createRunawayAlerter(opts: { settings: () => Settings; now?: () => number; log?: Logger }) {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLogger;
  const seen = new Map<string, Set<string>>();
  return {
    afterSync(cache: Cache): RunawayAlertsEvent {
      const settings = opts.settings();
      if (!settings.runawayNotifications || settings.notifications === 'off') {
        seen.delete(cache.file);
        return { alerts: [], notifications: [] };
      }
      // A failing check must not fail the sync it follows.
      try {
        const previous = seen.get(cache.file) ?? null;
        const { runaway } = cache.getOutcomes({ ...lastDays(RUNAWAY_MEDIAN_DAYS, now()), orgId: null });
        const decision = decideRunawayAlerts({ enabled: true, previouslyFlagged: previous, flagged: runaway });
        seen.set(cache.file, new Set([...(previous ?? []), ...decision.flagged]));
        if (decision.alerts.length > 0) log.info(`runaway: ${decision.alerts.length} session(s) crossed the rule`);
        return { alerts: decision.alerts, notifications: runawayNotifications(decision.alerts) };
      } catch (err) {
        log.warn('runaway: check failed', { error: err });
        return { alerts: [], notifications: [] };
      }
    },
  };
}
