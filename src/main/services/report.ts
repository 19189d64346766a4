/**
 * The usage report the CLI prints (and scripts consume): one object for a range and optional organization,
 * read from the cache. Money is derived from exact ACUs and rounded to cents once, here at output.
 */
import type { DayString } from '../../shared/billing-day';
import { toCsv } from '../../shared/csv';
import { costUsd, roundCents } from '../../shared/money';
import type { Cache } from './cache';
import { buildOutcomesReport, outcomesCsvTables, type OutcomesReport } from './report-outcomes';

export interface UsageReport extends OutcomesReport {
  range: { from: DayString; to: DayString };
  org_id: string | null;
  /** ISO time of the oldest last-successful sync behind these figures; null if never synced. */
  as_of: string | null;
  rate_usd_per_acu: number | null;
  totals: { sessions: number; acus: number; cost_usd: number | null };
  active_users: { dau: number | null; wau: number | null; mau: number | null; source: 'metrics' | 'sessions' };
  /** ACUs that belong to no organization (Cascade, Terminal, Review); 0 when one organization is selected. */
  unattributed_acus: number;
  acus_by_day: { date: DayString; acus: number }[];
  acus_by_user: { user_id: string; name: string; acus: number }[];
  acus_by_org: { org_id: string; name: string; acus: number; cost_usd: number | null }[];
  sessions: { session_id: string; org_id: string; user_id: string | null; status: string; created_at: string; acus: number; cost_usd: number | null }[];
}

const PAGE = 500;

export function buildReport(cache: Cache, q: { from: DayString; to: DayString; orgId: string | null; rate: number | null }): UsageReport {
  const d = cache.getDashboard({ from: q.from, to: q.to, orgId: q.orgId });
  const cost = (acus: number) => roundCents(costUsd(acus, q.rate));
  const sessions: UsageReport['sessions'] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = cache.getSessionsPage({ from: q.from, to: q.to, orgId: q.orgId, userId: null, status: null, sort: 'created_at', direction: 'desc', offset, limit: PAGE });
    for (const s of page.rows) {
      sessions.push({
        session_id: s.sessionId,
        org_id: s.orgId,
        user_id: s.userId,
        status: s.status,
        created_at: new Date(s.createdAt).toISOString(),
        acus: s.acus,
        cost_usd: cost(s.acus),
      });
    }
    if (offset + PAGE >= page.total) break;
  }
  const { dau, wau, mau, source } = d.totals.activeUsers;
  return {
    range: { from: q.from, to: q.to },
    org_id: q.orgId,
    as_of: d.asOf === null ? null : new Date(d.asOf).toISOString(),
    rate_usd_per_acu: q.rate,
    totals: { sessions: d.totals.sessions, acus: d.totals.acus, cost_usd: cost(d.totals.acus) },
    active_users: { dau, wau, mau, source },
    unattributed_acus: d.unattributedAcus,
    acus_by_day: d.acusByDay.map((p) => ({ date: p.date, acus: p.acus })),
    acus_by_user: cache.getUserAcus({ from: q.from, to: q.to, orgId: q.orgId }).map((u) => ({ user_id: u.userId, name: u.name, acus: u.acus })),
    acus_by_org: d.acusByOrg.map((o) => ({ org_id: o.orgId, name: o.name, acus: o.acus, cost_usd: cost(o.acus) })),
    sessions,
    ...buildOutcomesReport(cache, q),
  };
}

/** The same data as CSV tables, one after another, each introduced by a `# name` line. */
export function reportToCsv(r: UsageReport): string {
  const tables: [string, string[], (string | number | null)[][]][] = [
    ['summary', ['from', 'to', 'org_id', 'as_of', 'sessions', 'acus', 'cost_usd', 'dau', 'wau', 'mau', 'unattributed_acus'], [
      [r.range.from, r.range.to, r.org_id, r.as_of, r.totals.sessions, r.totals.acus, r.totals.cost_usd, r.active_users.dau, r.active_users.wau, r.active_users.mau, r.unattributed_acus],
    ]],
    ['acus_by_day', ['date', 'acus'], r.acus_by_day.map((p) => [p.date, p.acus])],
    ['acus_by_user', ['user_id', 'name', 'acus'], r.acus_by_user.map((u) => [u.user_id, u.name, u.acus])],
    ['acus_by_org', ['org_id', 'name', 'acus', 'cost_usd'], r.acus_by_org.map((o) => [o.org_id, o.name, o.acus, o.cost_usd])],
    // Before `sessions`, which stays last so readers that take "everything after # sessions" keep working.
    ...outcomesCsvTables(r),
    ['sessions', ['session_id', 'org_id', 'user_id', 'status', 'created_at', 'acus', 'cost_usd'], r.sessions.map((s) => [s.session_id, s.org_id, s.user_id, s.status, s.created_at, s.acus, s.cost_usd])],
  ];
  return tables.map(([name, header, rows]) => `# ${name}\r\n${toCsv(header, rows)}`).join('\r\n');
}
