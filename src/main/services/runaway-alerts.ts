/**
 * Whether to notify about runaway sessions after a sync (issue 10): a pure decision, so the Electron glue
 * only shows what this returns. Off by default. Only a **running** session that **crosses** the rule between
 * two syncs is announced — not sessions already over it when the app started (the first sync only sets the
 * baseline), not finished ones, and never the same session twice.
 */
import type { RunawaySession } from '../../shared/outcomes';

export interface RunawayAlert {
  sessionId: string;
  title: string;
  body: string;
}

export interface RunawayAlertDecision {
  alerts: RunawayAlert[];
  /** Pass back as `previouslyFlagged` after the next sync. */
  flagged: ReadonlySet<string>;
}

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
