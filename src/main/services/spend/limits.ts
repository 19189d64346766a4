/**
 * The limits report: every scope's limit and/or budget, use this cycle, forecast and run-out date, read from
 * the cache. Scopes: the enterprise first, then every organization (limited or not), then every user with a
 * limit; an org or user the cache does not know is shown by id, never dropped.
 *
 * Which use a scope is measured by (Devin limits count Devin ACUs only):
 *   enterprise limit  → the `devin` product of enterprise consumption
 *   enterprise budget → enterprise consumption, every product (what the bill shows)
 *   org limit/budget  → that org's consumption (Devin ACUs)
 *   user limit        → that user's consumption (`/consumption/daily/users/{id}`)
 */
import { addDaysTo, currentBillingDay, daysInRange, type DayString } from '../../../shared/billing-day';
import type { Budget, DatasetFreshness, Settings } from '../../../shared/dashboard';
import type { AppError } from '../../../shared/ipc/result';
import { LIMIT_STOP_DETAILS, type LimitsReport, type ScopeSpend, type SpendScope } from '../../../shared/spend';
import type { Cache } from '../cache';
import type { DailyUse, UseScope } from '../cache/spend-store';
import { cycleContaining, dayOfCycle } from './cycle';
import { forecastCycle, HISTORY_DAYS, type Forecast } from './forecast';

export interface LimitsOptions {
  /** Any day of the cycle to report (default today). */
  day?: DayString;
  nowMs: number;
  settings: Pick<Settings, 'budgets' | 'acuRateUsd' | 'alertThresholds'>;
}

/**
 * The datasets behind the use figures; `asOf` is the oldest of their last successes. Cycles and limits are not
 * among them: without them the report still stands (calendar month, `limitsError`) and says so.
 */
const FIGURE_DATASETS = ['consumption', 'org_consumption'] as const;

export function buildLimitsReport(cache: Cache, opts: LimitsOptions): LimitsReport {
  const store = cache.spend;
  const today = currentBillingDay(opts.nowMs);
  const day = opts.day ?? today;
  const cycle = cycleContaining(day, store.cycles());
  const daysInCycle = daysInRange(cycle.from, cycle.to);
  const past = today > cycle.to;
  const { budgets, acuRateUsd: rate, alertThresholds: thresholds } = opts.settings;
  const knownFrom = cache.getSyncState().syncedFrom;
  const historyFrom = addDaysTo(cycle.from, -HISTORY_DAYS);
  const readTo = past ? cycle.to : today;

  const limits = store.limits();
  const limitOf = (scope: SpendScope, id: string | null) => {
    const found = limits.filter((l) => l.scope === scope && (scope === 'enterprise' || (scope === 'org' ? l.orgId : l.userId) === id));
    return found.length === 0 ? null : Math.max(...found.map((l) => l.acus));
  };
  const budgetOf = (scope: 'enterprise' | 'org', id: string | null) => budgets.find((b) => b.scope === scope && b.id === id) ?? null;
  const stopped = store.stoppedSessions(cycle.from, cycle.to, LIMIT_STOP_DETAILS);

  const series = (scope: UseScope) => store.dailyUse(scope, historyFrom, readTo);
  const forecast = (rows: DailyUse[], pick: (r: DailyUse) => number, target: number | null): Forecast =>
    forecastCycle({ daily: new Map(rows.map((r) => [r.date, pick(r)])), knownFrom, cycle, today, target });

  const scopeSpend = (
    scope: SpendScope,
    id: string | null,
    name: string | null,
    limit: number | null,
    budget: Budget | null,
    rows: DailyUse[],
    stoppedSessions: number,
  ): ScopeSpend => {
    const b = budgetFigures(budget, rate);
    // The enterprise limit counts Devin ACUs; an enterprise budget the whole bill. Orgs and users: Devin ACUs.
    const budgetBasis = scope === 'enterprise' ? (r: DailyUse) => r.acus : (r: DailyUse) => r.devin;
    const target = limit ?? b.acus;
    const main = forecast(rows, limit !== null || budget === null ? (r) => r.devin : budgetBasis, target);
    const onBudget = limit !== null && b.acus !== null ? forecast(rows, budgetBasis, b.acus) : null;
    const usedPct = target === null ? null : target === 0 ? 100 : (100 * main.used) / target;
    // A limit of 0 is used up from the start.
    const over = (f: Forecast | null, t: number | null) => f !== null && t !== null && (t === 0 || f.projected > t);
    return {
      scope,
      id,
      name,
      limitAcus: limit,
      budgetUsd: b.usd,
      budgetAcus: b.acus,
      budgetNote: b.note,
      usedAcus: main.used,
      usedPct,
      projectedAcus: main.projected,
      projectedLowAcus: main.low,
      projectedHighAcus: main.high,
      runOutDate: target === null ? null : main.runOutDate,
      crossed: usedPct === null ? [] : thresholds.filter((t) => usedPct >= t),
      projectedOver: over(main, target) || over(onBudget, b.acus),
      stoppedSessions,
    };
  };

  const scopes: ScopeSpend[] = [
    scopeSpend('enterprise', null, null, limitOf('enterprise', null), budgetOf('enterprise', null), series({ kind: 'enterprise' }), stopped.total),
  ];

  const orgs = store.organizations();
  const orgIds = new Set(orgs.map((o) => o.orgId));
  const unknownOrgs = [
    ...limits.flatMap((l) => (l.scope === 'org' && l.orgId ? [l.orgId] : [])),
    ...budgets.flatMap((b) => (b.scope === 'org' && b.id ? [b.id] : [])),
  ].filter((id, i, all) => !orgIds.has(id) && all.indexOf(id) === i);
  for (const o of [...orgs, ...unknownOrgs.map((orgId) => ({ orgId, name: null, maxCycleAcuLimit: null }))]) {
    // The acu-limits endpoint's org entry (the Devin cloud limit) wins over the organization's own setting.
    const limit = limitOf('org', o.orgId) ?? o.maxCycleAcuLimit;
    scopes.push(scopeSpend('org', o.orgId, o.name, limit, budgetOf('org', o.orgId), series({ kind: 'org', id: o.orgId }), stopped.byOrg.get(o.orgId) ?? 0));
  }

  const userIds = [...new Set(limits.flatMap((l) => (l.scope === 'user' && l.userId ? [l.userId] : [])))];
  const names = store.peopleNames(userIds);
  for (const userId of userIds) {
    scopes.push(scopeSpend('user', userId, names.get(userId) ?? null, limitOf('user', userId), null, series({ kind: 'user', id: userId }), stopped.byUser.get(userId) ?? 0));
  }

  const freshness = cache.getFreshness();
  const datasets: readonly string[] = userIds.length > 0 ? [...FIGURE_DATASETS, 'user_consumption'] : FIGURE_DATASETS;
  return {
    cycle,
    asOf: oldestSuccess(freshness.filter((f) => datasets.includes(f.dataset))),
    dayOfCycle: dayOfCycle(cycle, day),
    daysInCycle,
    past,
    rateUsdPerAcu: rate,
    thresholds: [...thresholds],
    scopes,
    limitsError: limitsError(freshness),
  };
}

/** A budget in both units where the rate allows; a USD budget without a rate says so instead of guessing. */
export function budgetFigures(budget: Budget | null, rate: number | null): { usd: number | null; acus: number | null; note: string | null } {
  if (!budget) return { usd: null, acus: null, note: null };
  if (budget.unit === 'acus') return { usd: rate === null ? null : budget.amount * rate, acus: budget.amount, note: null };
  if (rate === null || rate === 0) return { usd: budget.amount, acus: null, note: 'A USD budget needs a $/ACU rate (Settings) to compare with ACUs' };
  return { usd: budget.amount, acus: budget.amount / rate, note: null };
}

function oldestSuccess(fresh: DatasetFreshness[]): number | null {
  let oldest: number | null = null;
  for (const f of fresh) {
    if (f.lastSuccessAt === null) return null;
    oldest = oldest === null ? f.lastSuccessAt : Math.min(oldest, f.lastSuccessAt);
  }
  return oldest;
}

function limitsError(fresh: DatasetFreshness[]): AppError | null {
  return fresh.find((f) => f.dataset === 'acu_limits')?.error ?? null;
}
