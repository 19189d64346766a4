/** The dashboard's panels for one range and scope, from the session totals, the day packs and consumption. */
import { z } from 'zod';
import { eachDay, previousRange, type DayString } from '../../../../shared/billing-day';
import {
  OTHER_ORGS_ID,
  SPLIT_ORGS,
  TOP_USERS,
  type DailyPoint,
  type DashboardData,
  type DashboardQuery,
  type OrgAcus,
  type OrgSeries,
  type PeriodTotals,
  type UserAcus,
} from '../../../../shared/dashboard';
import { fromMicroAcus, sumAcus, toMicroAcus } from '../../../../shared/money';
import type { Logger } from '../../logger';
import type { Db } from '../connection';
import { parseRows } from '../rows';
import { activeUsersFromMetrics, activeUsersFromSessions, hasActiveUserMetrics } from './active-users';
import { dailySeries, scopeOf, scopeTotal } from './consumption';
import { creatorSums, inRankOrder, orgDailySplit, orgSums, TopKeys, type KeySums } from './pack-sums';
import { statusTotalsScope } from './session-scope';
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

const nameRow = z.object({ id: z.string(), name: z.string() });

/** Display names of creators (human or service users): the person's name, then email, then the id. */
function creatorNames(db: Db, log: Logger, ids: readonly string[] | null): Map<string, string> {
  const rows = db
    .stmt(
      `SELECT p.id, coalesce(nullif(p.name, ''), nullif(p.email, ''), p.id) AS name FROM people p
       ${ids === null ? '' : 'WHERE p.id IN (SELECT value FROM json_each(:ids))'}`,
    )
    .all(ids === null ? {} : { ids: JSON.stringify(ids) });
  return new Map(parseRows(rows, nameRow, 'people', log).map((r) => [r.id, r.name]));
}

/** Whether key index `k` is a creator (human or service user) with sessions in the range: any but "no creator". */
const isUser = (sums: KeySums, k: number): boolean => sums.sessions[k]! > 0 && sums.keys[k] !== '';

function userAcus(sums: KeySums, k: number, names: Map<string, string>): UserAcus {
  const userId = sums.keys[k]!;
  return { userId, name: names.get(userId) ?? userId, acus: fromMicroAcus(sums.micro[k]!), sessions: sums.sessions[k]! };
}

/** The `limit` creators with the most ACUs in the range (ties by id), and the rest summed. */
function topUsers(
  db: Db,
  log: Logger,
  from: DayString,
  to: DayString,
  orgId: string | null,
  limit: number,
): Pick<DashboardData, 'acusByUser' | 'otherUsers'> {
  const sums = creatorSums(db, log, from, to, orgId);
  // One pass over every person (20,000 at enterprise scale): the top list and the totals of everyone.
  const best = new TopKeys(sums, limit);
  let users = 0;
  let micro = 0;
  let sessions = 0;
  for (let k = 0; k < sums.keys.length; k++) {
    if (!isUser(sums, k)) continue;
    users++;
    micro += sums.micro[k]!;
    sessions += sums.sessions[k]!;
    if (sums.micro[k]! >= best.floor) best.offer(k);
  }
  const top = best.keys;
  const names = creatorNames(db, log, top.map((k) => sums.keys[k]!));
  for (const k of top) {
    micro -= sums.micro[k]!;
    sessions -= sums.sessions[k]!;
  }
  return {
    acusByUser: top.map((k) => userAcus(sums, k, names)),
    otherUsers: { users: users - top.length, acus: fromMicroAcus(micro), sessions },
  };
}

/** Every creator with sessions in the range, most ACUs first (ties by id): the sessions filter, the CLI report. */
export function getUserAcus(db: Db, log: Logger, query: DashboardQuery): UserAcus[] {
  const sums = creatorSums(db, log, query.from, query.to, query.orgId);
  const names = creatorNames(db, log, null);
  const users: number[] = [];
  for (let k = 0; k < sums.keys.length; k++) if (isUser(sums, k)) users.push(k);
  return inRankOrder(sums, users).map((k) => userAcus(sums, k, names));
}

/**
 * Per-org ACUs of the range, largest first, and (for every org) the daily series of the `SPLIT_ORGS` largest
 * with one more series for the rest.
 */
function acusByOrgAndDay(
  db: Db,
  log: Logger,
  from: DayString,
  to: DayString,
  orgId: string | null,
  nameOf: (id: string) => string,
): Pick<DashboardData, 'acusByOrg' | 'acusByDayByOrg'> {
  const sums = orgSums(db, log, from, to, orgId);
  const withAcus: number[] = [];
  for (let k = 0; k < sums.keys.length; k++) if (sums.micro[k]! > 0) withAcus.push(k);
  const ranked = inRankOrder(sums, withAcus);
  const acusByOrg: OrgAcus[] = ranked.map((k) => ({
    orgId: sums.keys[k]!,
    name: nameOf(sums.keys[k]!),
    acus: fromMicroAcus(sums.micro[k]!),
  }));
  if (orgId !== null) return { acusByOrg, acusByDayByOrg: [] };
  const days = eachDay(from, to);
  const split = ranked.slice(0, SPLIT_ORGS);
  const { series, rest } = orgDailySplit(db, from, to, split.map((k) => sums.keys[k]!));
  const points = (micro: Float64Array): DailyPoint[] =>
    days.map((date, d) => ({ date, acus: fromMicroAcus(micro[d]!) }));
  const acusByDayByOrg: OrgSeries[] = split.map((k, i) => ({
    orgId: sums.keys[k]!,
    name: nameOf(sums.keys[k]!),
    points: points(series[i]!),
  }));
  if (ranked.length > split.length)
    acusByDayByOrg.push({ orgId: OTHER_ORGS_ID, name: 'Other organizations', points: points(rest) });
  return { acusByOrg, acusByDayByOrg };
}

export function getDashboard(db: Db, log: Logger, query: DashboardQuery): DashboardData {
  const { from, to, orgId } = query;
  const metrics = hasActiveUserMetrics(db);
  const prev = previousRange(from, to);
  const organizations = readOrganizations(db, log);
  const orgName = new Map(organizations.map((o) => [o.orgId, o.name]));
  const nameOf = (id: string) => orgName.get(id) ?? id;

  const totals = periodTotals(db, log, from, to, orgId, metrics);
  const { acusByOrg, acusByDayByOrg } = acusByOrgAndDay(db, log, from, to, orgId, nameOf);
  const orgSum = sumAcus(acusByOrg.map((o) => o.acus));
  return {
    query,
    asOf: readAsOf(db, log, panelDatasets(orgId)),
    totals,
    previous: periodTotals(db, log, prev.from, prev.to, orgId, metrics),
    acusByDay: dailySeries(db, scopeOf(orgId), from, to),
    acusByDayByOrg,
    ...topUsers(db, log, from, to, orgId, TOP_USERS),
    acusByOrg,
    unattributedAcus:
      orgId === null ? fromMicroAcus(Math.max(0, toMicroAcus(totals.acus) - toMicroAcus(orgSum))) : 0,
    organizations,
    cycles: readCycles(db, log),
  };
}
