/**
 * Reads of the `consumption` table (enterprise or one org per scope), shared by the dashboard and cost views.
 * VALID_CONSUMPTION is these rows' validation — it covers every column read — so they come back as arrays,
 * without a per-row schema: the per-org chart reads thousands of them per request. ACUs leave here exact:
 * sums in micro-ACUs, single values through `roundAcus`.
 */
import { eachDay, type DayString } from '../../../../shared/billing-day';
import type { DailyPoint } from '../../../../shared/dashboard';
import { fromMicroAcus, roundAcus } from '../../../../shared/money';
import { selectArrays, type Db } from '../connection';
import { VALID_CONSUMPTION } from '../rows';
import { ENTERPRISE_SCOPE } from '../types';
import { sumMicroAcus } from './acus-sql';

/** The scope a view reads: the enterprise total, or one organization. */
export const scopeOf = (orgId: string | null): string => orgId ?? ENTERPRISE_SCOPE;

/** One point per day of [from, to], zero-filled. */
export function dailySeries(db: Db, scope: string, from: DayString, to: DayString): DailyPoint[] {
  const found = selectArrays<[string, number]>(
    db,
    `SELECT c.day, c.acus FROM consumption c
     WHERE c.scope = :scope AND c.day BETWEEN :from AND :to AND ${VALID_CONSUMPTION}`,
    { scope, from, to },
  );
  const byDay = new Map(found);
  return eachDay(from, to).map((date) => ({ date, acus: roundAcus(byDay.get(date) ?? 0) }));
}

export function scopeTotal(db: Db, scope: string, from: DayString, to: DayString): number {
  const [row] = selectArrays<[number]>(
    db,
    `SELECT ${sumMicroAcus('c.acus')} FROM consumption c
     WHERE c.scope = :scope AND c.day BETWEEN :from AND :to AND ${VALID_CONSUMPTION}`,
    { scope, from, to },
  );
  return fromMicroAcus(row?.[0] ?? 0);
}
