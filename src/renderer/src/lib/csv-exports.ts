/**
 * One CSV builder per panel, each from exactly the figures the panel shows. ACUs stay exact; money uses
 * the shared cent rounding for machine output (the screen uses Intl instead).
 */
import { toCsv } from '../../../shared/csv';
import type { CostData, DashboardData, SessionRow } from '../../../shared/dashboard';
import { costUsd, roundCents } from '../../../shared/money';
import type { UserBar } from './aggregate';
import { changeVsPrevious } from './format';
import type { DayRange } from './range';

const cost = (acus: number, rate: number | null): number | null => roundCents(costUsd(acus, rate));
const pct = (current: number | null, previous: number | null): number | null => {
  const change = changeVsPrevious(current, previous).pct;
  return change === null ? null : Math.round(change * 10) / 10;
};

/** A file name the save dialog accepts (`[\w.-]+\.csv`). */
export function csvFileName(panel: string, range?: DayRange): string {
  const suffix = range ? `-${range.from}_${range.to}` : '';
  return `devin-${panel}${suffix}.csv`.replace(/[^\w.-]/g, '-');
}

export function summaryCsv(data: DashboardData, rate: number | null): string {
  const { totals: now, previous: before } = data;
  const rows: [string, number | null, number | null][] = [
    ['sessions', now.sessions, before.sessions],
    ['acus', now.acus, before.acus],
    ['cost_usd', cost(now.acus, rate), cost(before.acus, rate)],
    ['weekly_active_users', now.activeUsers.wau, before.activeUsers.wau],
    ['daily_active_users', now.activeUsers.dau, before.activeUsers.dau],
    ['monthly_active_users', now.activeUsers.mau, before.activeUsers.mau],
  ];
  return toCsv(
    ['metric', 'current', 'previous', 'change_pct'],
    rows.map(([metric, current, previous]) => [metric, current, previous, pct(current, previous)]),
  );
}

/** The daily series as drawn: the total, plus one column per organization when split. */
export function dailyAcusCsv(data: DashboardData, split: boolean): string {
  const orgs = split ? data.acusByDayByOrg : [];
  const byOrg = orgs.map((o) => new Map(o.points.map((p) => [p.date, p.acus])));
  return toCsv(
    ['date', 'total_acus', ...orgs.map((o) => `${o.name} acus`)],
    data.acusByDay.map((p) => [p.date, p.acus, ...byOrg.map((m) => m.get(p.date) ?? 0)]),
  );
}

export function usersCsv(bars: readonly UserBar[], rate: number | null): string {
  return toCsv(
    ['user', 'user_id', 'acus', 'sessions', 'cost_usd'],
    bars.map((b) => [b.name, b.users === 1 ? b.id : null, b.acus, b.sessions, cost(b.acus, rate)]),
  );
}

/**
 * The sessions table as listed, with its outcome columns: `origin` as the API sent it (empty when none), `tags`
 * joined by ", " and `prs` as "url (state)" joined by a space (a state the API gave none of is "none"; PR URLs
 * hold no spaces or parentheses at their end, so the cell splits back unambiguously).
 */
export function sessionsCsv(rows: readonly SessionRow[], rate: number | null): string {
  return toCsv(
    ['title', 'user', 'organization', 'status', 'created_at', 'duration_seconds', 'acus', 'cost_usd', 'url', 'origin', 'tags', 'prs'],
    rows.map((r) => [
      r.title,
      r.userName ?? r.userId,
      r.orgName ?? r.orgId,
      r.status,
      new Date(r.createdAt).toISOString(),
      r.durationSeconds,
      r.acus,
      cost(r.acus, rate),
      r.url,
      r.origin,
      r.tags.join(', '),
      r.prs.map((p) => `${p.url} (${p.state ?? 'none'})`).join(' '),
    ]),
  );
}

export function costMonthlyCsv(data: CostData, rate: number | null): string {
  return toCsv(
    ['month', 'organization', 'org_id', 'acus', 'cost_usd'],
    data.monthlyByOrg.map((m) => [m.month, m.name, m.orgId, m.acus, cost(m.acus, rate)]),
  );
}

export function costDailyCsv(data: CostData, rate: number | null): string {
  return toCsv(
    ['date', 'acus', 'cost_usd'],
    data.last30Days.map((p) => [p.date, p.acus, cost(p.acus, rate)]),
  );
}
