/**
 * The CLI's spend commands, read from the cache (run `sync` first):
 *   limits  the cycle containing --day: every scope's limit/budget, use, forecast, run-out date (public JSON shape);
 *   check   exit 4 when a scope's use reaches --threshold % or its projection exceeds its limit/budget.
 */
import type { DayString } from '../../shared/billing-day';
import type { Settings } from '../../shared/dashboard';
import type { LimitsReport, ScopeSpend } from '../../shared/spend';
import type { Cache } from '../services/cache';
import { buildLimitsReport, scopeLabel } from '../services/spend';

/** `check` found a scope over its threshold or projected past its limit/budget (for cron jobs and CI). */
export const EXIT_LIMIT = 4;

export interface LimitsJson {
  cycle: { from: DayString; to: DayString; source: 'contract' | 'calendar' };
  as_of: string | null;
  day_of_cycle: number;
  days_in_cycle: number;
  scopes: ScopeJson[];
}

export interface ScopeJson {
  scope: 'enterprise' | 'org' | 'user';
  id: string | null;
  name: string | null;
  limit_acus: number | null;
  budget_usd: number | null;
  budget_acus: number | null;
  used_acus: number;
  used_pct: number | null;
  projected_acus: number;
  projected_low_acus: number;
  projected_high_acus: number;
  run_out_date: DayString | null;
  crossed: number[];
}

const round = (n: number, digits: number) => Math.round((n + Number.EPSILON) * 10 ** digits) / 10 ** digits;
const round2 = (n: number | null) => (n === null ? null : round(n, 2));

export function limitsJson(r: LimitsReport): LimitsJson {
  return {
    cycle: { from: r.cycle.from, to: r.cycle.to, source: r.cycle.source },
    as_of: r.asOf === null ? null : new Date(r.asOf).toISOString(),
    day_of_cycle: r.dayOfCycle,
    days_in_cycle: r.daysInCycle,
    scopes: r.scopes.map(scopeJson),
  };
}

function scopeJson(s: ScopeSpend): ScopeJson {
  return {
    scope: s.scope,
    id: s.id,
    name: s.name,
    limit_acus: s.limitAcus,
    budget_usd: round2(s.budgetUsd),
    budget_acus: round2(s.budgetAcus),
    used_acus: round(s.usedAcus, 2),
    used_pct: s.usedPct === null ? null : round(s.usedPct, 1),
    projected_acus: round(s.projectedAcus, 2),
    projected_low_acus: round(s.projectedLowAcus, 2),
    projected_high_acus: round(s.projectedHighAcus, 2),
    run_out_date: s.runOutDate,
    crossed: s.crossed,
  };
}

interface Io {
  out: (text: string) => void;
  err: (line: string) => void;
}

type Report = { day: DayString | null; settings: Settings; nowMs?: number };

function report(cache: Cache, q: Report): LimitsReport {
  return buildLimitsReport(cache, { day: q.day ?? undefined, nowMs: q.nowMs ?? Date.now(), settings: q.settings });
}

function warnings(r: LimitsReport, io: Io): void {
  if (r.asOf === null) io.err('devin-usage: warning: nothing synced yet for these figures; run `sync` first');
  if (r.cycle.source === 'calendar') io.err('devin-usage: warning: no contract billing cycle for this day; using the calendar month');
  if (r.limitsError) io.err(`devin-usage: warning: ACU limits could not be read (${r.limitsError.message}); showing budgets and use only`);
  for (const s of r.scopes) if (s.budgetNote) io.err(`devin-usage: warning: ${scopeLabel(s)}: ${s.budgetNote}`);
}

export function runLimits(cache: Cache, q: Report & { format: 'json' | 'text' }, io: Io): number {
  const r = report(cache, q);
  if (q.format === 'json') io.out(JSON.stringify(limitsJson(r), null, 2) + '\n');
  else io.out(limitsText(r));
  warnings(r, io);
  return 0;
}

/** Scopes whose use reached `threshold` % or whose projection exceeds the limit/budget. */
export function flaggedScopes(r: LimitsReport, threshold: number): ScopeSpend[] {
  return r.scopes.filter((s) => (s.usedPct !== null && s.usedPct >= threshold) || s.projectedOver);
}

export function runCheck(cache: Cache, q: Report & { threshold: number; format: 'json' | 'text' }, io: Io): number {
  const r = report(cache, q);
  const flagged = flaggedScopes(r, q.threshold);
  if (q.format === 'json') {
    const json = limitsJson({ ...r, scopes: flagged });
    io.out(JSON.stringify({ threshold: q.threshold, cycle: json.cycle, as_of: json.as_of, scopes: json.scopes }, null, 2) + '\n');
  } else {
    for (const s of flagged) io.out(checkLine(s, q.threshold) + '\n');
  }
  warnings(r, io);
  return flagged.length > 0 ? EXIT_LIMIT : 0;
}

const acus = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

function checkLine(s: ScopeSpend, threshold: number): string {
  const target = s.limitAcus !== null ? `limit ${acus(s.limitAcus)}` : `budget ${acus(s.budgetAcus ?? 0)}`;
  const why =
    s.usedPct !== null && s.usedPct >= threshold
      ? `${round(s.usedPct, 1)} % of ${target} ACUs used (threshold ${threshold} %)`
      : `projected ${acus(s.projectedAcus)} ACUs exceeds ${target} ACUs${s.runOutDate ? ` on ${s.runOutDate}` : ''}`;
  return `${s.scope} ${scopeLabel(s)}${s.id && s.name ? ` (${s.id})` : ''}: ${why}`;
}

function limitsText(r: LimitsReport): string {
  const lines = [
    `cycle ${r.cycle.from} … ${r.cycle.to} (${r.cycle.source}), day ${r.dayOfCycle} of ${r.daysInCycle}; as of ${r.asOf === null ? 'never synced' : new Date(r.asOf).toISOString()}`,
    ...r.scopes.map((s) => {
      const target = s.limitAcus !== null ? `limit ${acus(s.limitAcus)}` : s.budgetAcus !== null ? `budget ${acus(s.budgetAcus)}` : 'no limit';
      const pct = s.usedPct === null ? '' : ` (${round(s.usedPct, 1)} %)`;
      const runOut = s.runOutDate ? `, runs out ${s.runOutDate}` : '';
      return `  ${s.scope.padEnd(10)} ${scopeLabel(s).padEnd(24)} ${acus(s.usedAcus)} ACUs${pct}, ${target}; projected ${acus(s.projectedAcus)} [${acus(s.projectedLowAcus)}–${acus(s.projectedHighAcus)}]${runOut}`;
    }),
  ];
  return lines.join('\n') + '\n';
}
