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
