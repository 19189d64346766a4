/** The dashboard's panels for one range and scope, aggregated in SQL. */
import { z } from 'zod';
import { eachDay, previousRange, type DayString } from '../../../../shared/billing-day';
import type {
  DashboardData,
  DashboardQuery,
  OrgAcus,
  OrgSeries,
  PeriodTotals,
  UserAcus,
} from '../../../../shared/dashboard';
import { fromMicroAcus, sumAcus, toMicroAcus } from '../../../../shared/money';
import type { Logger } from '../../logger';
import type { Db } from '../connection';
import { acus, parseRows } from '../rows';
import { activeUsersFromMetrics, activeUsersFromSessions, hasActiveUserMetrics } from './active-users';
import { dailySeries, orgDailyRows, scopeOf, scopeTotal } from './consumption';
import { statusTotalsScope, totalsScope } from './session-scope';
import { panelDatasets, readAsOf, readCycles, readOrganizations } from './status';

function sessionCount(db: Db, from: DayString, to: DayString, orgId: string | null): number {
  const { where, params } = statusTotalsScope(from, to, orgId);
  const n = db
    .stmt(`SELECT total(st.sessions) AS n FROM session_status_totals st WHERE ${where}`)
    .get(params)?.n;
  return typeof n === 'number' ? n : 0;
}

function periodTotals(
  db: Db,
  log: Logger,
  from: DayString,
  to: DayString,
  orgId: string | null,
  metrics: boolean,
): PeriodTotals {
  return {
    sessions: sessionCount(db, from, to, orgId),
    acus: scopeTotal(db, scopeOf(orgId), from, to),
    activeUsers:
      orgId === null && metrics
        ? activeUsersFromMetrics(db, log, from, to)
        : activeUsersFromSessions(db, from, to, orgId),
  };
}

const userRow = z.object({
  user_id: z.string().min(1),
  name: z.string(),
  micro_acus: acus,
  sessions: z.number().int().positive(),
});

/** Sessions' ACUs per creator (human or service user), named from people (name, then email, then the id). */
function acusByUser(db: Db, log: Logger, from: DayString, to: DayString, orgId: string | null): UserAcus[] {
  const { where, params } = totalsScope(from, to, orgId);
  const rows = db
    .stmt(
      `SELECT g.user_id, coalesce(nullif(p.name, ''), nullif(p.email, ''), g.user_id) AS name, g.micro_acus, g.sessions
       FROM (SELECT t.creator AS user_id, total(t.micro_acus) AS micro_acus, sum(t.sessions) AS sessions
             FROM session_totals t WHERE ${where} AND t.creator <> '' GROUP BY t.creator) g
       LEFT JOIN people p ON p.id = g.user_id
       ORDER BY g.micro_acus DESC, g.user_id`,
    )
    .all(params);
  return parseRows(rows, userRow, 'sessions', log).map((r) => ({
    userId: r.user_id,
    name: r.name,
    acus: fromMicroAcus(r.micro_acus),
    sessions: r.sessions,
  }));
}

const byTotalDesc = (a: { acus: number; orgId: string }, b: { acus: number; orgId: string }) =>
  b.acus - a.acus || (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0);

export function getDashboard(db: Db, log: Logger, query: DashboardQuery): DashboardData {
  const { from, to, orgId } = query;
  const metrics = hasActiveUserMetrics(db);
  const prev = previousRange(from, to);
  const organizations = readOrganizations(db, log);
  const orgName = new Map(organizations.map((o) => [o.orgId, o.name]));
  const nameOf = (id: string) => orgName.get(id) ?? id;

  const totals = periodTotals(db, log, from, to, orgId, metrics);

  // Per-org figures from one read of the orgs' daily rows: totals for the bars, series for the chart.
  const byOrgDay = new Map<string, Map<string, number>>();
  for (const [scope, day, acus] of orgDailyRows(db, from, to, orgId)) {
    let m = byOrgDay.get(scope);
    if (!m) byOrgDay.set(scope, (m = new Map()));
    m.set(day, acus);
  }
  const acusByOrg: OrgAcus[] = [...byOrgDay]
    .map(([id, days]) => ({ orgId: id, name: nameOf(id), acus: sumAcus(days.values()) }))
    .filter((o) => o.acus > 0)
    .sort(byTotalDesc);
  const days = eachDay(from, to);
  const acusByDayByOrg: OrgSeries[] =
    orgId !== null
      ? []
      : acusByOrg.map((o) => {
          const m = byOrgDay.get(o.orgId);
          return {
            orgId: o.orgId,
            name: o.name,
            points: days.map((date) => ({ date, acus: m?.get(date) ?? 0 })),
          };
        });
  const orgSum = sumAcus(acusByOrg.map((o) => o.acus));
  return {
    query,
    asOf: readAsOf(db, log, panelDatasets(orgId)),
    totals,
    previous: periodTotals(db, log, prev.from, prev.to, orgId, metrics),
    acusByDay: dailySeries(db, scopeOf(orgId), from, to),
    acusByDayByOrg,
    acusByUser: acusByUser(db, log, from, to, orgId),
    acusByOrg,
    unattributedAcus:
      orgId === null ? fromMicroAcus(Math.max(0, toMicroAcus(totals.acus) - toMicroAcus(orgSum))) : 0,
    organizations,
    cycles: readCycles(db, log),
  };
}
