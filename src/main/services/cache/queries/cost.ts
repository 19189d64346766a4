/** The cost view: six months by org, the last 30 days, and month to date, for the enterprise or one org. */
import { addDaysTo, monthBounds, type DayString } from '../../../../shared/billing-day';
import type { CostData } from '../../../../shared/dashboard';
import type { Logger } from '../../logger';
import type { Db } from '../connection';
import { dailySeries, scopeOf, scopeTotal } from './consumption';
import { monthlyOrgSums } from './pack-sums';
import { panelDatasets, readAsOf, readOrgNames } from './status';

const MONTHS = 6;
const LAST_DAYS = 30;

export function getCost(db: Db, log: Logger, q: { orgId: string | null; today: DayString }): CostData {
  const { orgId, today } = q;
  const scope = scopeOf(orgId);
  const current = monthBounds(today, 0);
  const names = readOrgNames(db, log);
  const first = monthBounds(today, -(MONTHS - 1)).first;
  const monthlyByOrg = monthlyOrgSums(db, log, first, current.last, orgId, (id) => names.get(id) ?? id);
  return {
    orgId,
    monthlyByOrg,
    last30Days: dailySeries(db, scope, addDaysTo(today, -(LAST_DAYS - 1)), today),
    monthToDate: {
      month: today.slice(0, 7),
      acus: scopeTotal(db, scope, current.first, today),
      daysElapsed: Number(today.slice(8, 10)),
      daysInMonth: Number(current.last.slice(8, 10)),
    },
    asOf: readAsOf(db, log, panelDatasets(orgId)),
  };
}
