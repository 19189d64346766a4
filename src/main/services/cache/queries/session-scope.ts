/** The sessions a range (and optionally one org) covers, as SQL shared by every sessions query. */
import { rangeWindow, type DayString } from '../../../../shared/billing-day';
import { VALID_SESSION } from '../rows';

export type SqlParams = Record<string, string | number>;

/** `created_at` window and optional org filter for sessions of a range (named parameters :lo, :hi, :org). */
export function sessionScope(
  from: DayString,
  to: DayString,
  orgId: string | null,
): { where: string; params: SqlParams } {
  const { timeAfter, timeBefore } = rangeWindow(from, to);
  const params: SqlParams = { lo: timeAfter, hi: timeBefore };
  if (orgId !== null) params.org = orgId;
  return {
    where: `s.created_at >= :lo AND s.created_at < :hi ${orgId === null ? '' : 'AND s.org_id = :org'} AND ${VALID_SESSION}`,
    params,
  };
}

/**
 * The same range (and org) over the session totals (alias `t`, see cache/aggregates.ts): whole billing days, so
 * the totals of a range equal the figures of its sessions (named parameters :from, :to, :org).
 */
export function totalsScope(
  from: DayString,
  to: DayString,
  orgId: string | null,
): { where: string; params: SqlParams } {
  const params: SqlParams = { from, to };
  if (orgId !== null) params.org = orgId;
  return { where: `t.day BETWEEN :from AND :to ${orgId === null ? '' : 'AND t.org_id = :org'}`, params };
}

/** The same range over the status rollup (alias `st`): one org's rows, or the '' rows of every org together. */
export function statusTotalsScope(
  from: DayString,
  to: DayString,
  orgId: string | null,
): { where: string; params: SqlParams } {
  return {
    where: 'st.org_id = :org AND st.day BETWEEN :from AND :to',
    params: { from, to, org: orgId ?? '' },
  };
}
