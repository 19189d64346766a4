/**
 * Threshold alerts as pure decisions. Which alerts a report implies (`alertCandidates`) is separate from
 * whether they are new (the cache's UNIQUE key: each (scope, cycle, kind, threshold) is stored once) and from
 * what the desktop shows (`spendNotifications`: at most one line per scope, one summary when many scopes
 * cross at once — an alert on every sync or every threshold is the spam users complain about).
 */
import type { Settings } from '../../../shared/dashboard';
import { TRAY_ATTENTION_PCT, type LimitsReport, type ScopeSpend, type SpendAlert } from '../../../shared/spend';
import type { AlertCandidate } from '../cache/spend-store';

/** Alerts the current cycle's figures imply. A past cycle implies none: it can no longer be acted on. */
export function alertCandidates(report: LimitsReport): AlertCandidate[] {
  if (report.past) return [];
  const out: AlertCandidate[] = [];
  for (const s of report.scopes) {
    const target = s.limitAcus ?? s.budgetAcus;
    if (target === null || s.usedPct === null) continue;
    const base = { scope: s.scope, scopeId: s.id, name: s.name, cycleFrom: report.cycle.from, targetAcus: target };
    for (const threshold of s.crossed) out.push({ ...base, kind: 'used', threshold, valueAcus: s.usedAcus, runOutDate: null });
    if (s.projectedOver && s.usedPct < 100)
      out.push({ ...base, kind: 'projected', threshold: 100, valueAcus: s.projectedAcus, runOutDate: s.runOutDate });
  }
  return out;
}

export interface SpendNotification {
  title: string;
  body: string;
}

const MAX_SCOPE_NOTIFICATIONS = 3;

/** What to show for alerts that just fired, under the user's notification preference. */
export function spendNotifications(fired: readonly SpendAlert[], preference: Settings['notifications']): SpendNotification[] {
  if (preference === 'off') return [];
  // "Important only": the higher thresholds and projected overruns.
  const shown = preference === 'all' ? fired : fired.filter((a) => a.kind === 'projected' || a.threshold >= TRAY_ATTENTION_PCT);
  const byScope = new Map<string, SpendAlert>();
  for (const a of shown) {
    const key = `${a.scope}:${a.scopeId ?? ''}`;
    const prev = byScope.get(key);
    if (!prev || rank(a) > rank(prev)) byScope.set(key, a);
  }
  const worst = [...byScope.values()].sort((a, b) => rank(b) - rank(a));
  if (worst.length > MAX_SCOPE_NOTIFICATIONS) {
    return [{ title: `${worst.length} spend alerts`, body: `${worst.slice(0, MAX_SCOPE_NOTIFICATIONS).map(alertLine).join('; ')}; …` }];
  }
  return worst.map((a) => ({ title: alertTitle(a), body: alertLine(a) }));
}

/** A used-threshold alert outranks a projection; higher thresholds outrank lower ones. */
const rank = (a: SpendAlert) => (a.kind === 'used' ? 1000 + a.threshold : a.threshold);

export function scopeLabel(s: { scope: ScopeSpend['scope']; id: string | null; name: string | null }): string {
  if (s.scope === 'enterprise') return 'Enterprise';
  return s.name ?? s.id ?? s.scope;
}

function alertTitle(a: SpendAlert): string {
  const label = scopeLabel({ scope: a.scope, id: a.scopeId, name: a.name });
  return a.kind === 'used' ? `${label}: ${a.threshold} % of its ACU limit` : `${label}: projected to exceed its ACU limit`;
}

function alertLine(a: SpendAlert): string {
  const label = scopeLabel({ scope: a.scope, id: a.scopeId, name: a.name });
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return a.kind === 'used'
    ? `${label} used ${fmt(a.valueAcus)} of ${fmt(a.targetAcus)} ACUs this cycle`
    : `${label} is projected to reach ${fmt(a.targetAcus)} ACUs${a.runOutDate ? ` by ${a.runOutDate}` : ''} (${fmt(a.valueAcus)} by cycle end)`;
}

export interface SpendTray {
  /** Menu lines for scopes at or above TRAY_ATTENTION_PCT, worst first. */
  lines: string[];
  /** Names the worst scope, or null when none needs attention. */
  tooltip: string | null;
}

/** The tray's view of the limits report (the Electron tray draws it). */
export function spendTray(report: LimitsReport | null): SpendTray {
  if (!report) return { lines: [], tooltip: null };
  const hot = report.scopes
    .filter((s) => s.usedPct !== null && s.usedPct >= TRAY_ATTENTION_PCT)
    .sort((a, b) => (b.usedPct ?? 0) - (a.usedPct ?? 0));
  const line = (s: ScopeSpend) => `${scopeLabel(s)}: ${Math.round(s.usedPct ?? 0)} % of ${s.limitAcus !== null ? 'limit' : 'budget'}`;
  const worst = hot[0];
  return { lines: hot.map(line), tooltip: worst ? `Spend: ${line(worst)}` : null };
}
