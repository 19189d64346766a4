/**
 * Cycle-end forecast and run-out date, as pure arithmetic on a daily series.
 *
 * The straight line (use so far ÷ days elapsed × days in cycle) ignores that weekends are quiet and that use
 * grows, and it has only the cycle's own few days to go on early in a cycle. This model looks at the last
 * HISTORY_DAYS complete days (also before the cycle):
 *   - weekday shape: each weekday's mean relative to the overall mean (from two weeks of data on);
 *   - level: a recency-weighted mean (half-life HALF_LIFE_DAYS) of the de-seasonalised days;
 *   - trend: the slope of a plain linear fit over the whole window, damped (TREND_DAMPING);
 *   - each remaining day = fitted level at that day × its weekday factor;
 *   - band: ±Z × the spread of the fit's daily errors over the remaining days, plus the level's own uncertainty.
 * `npm run bench` backtests it against the straight line on the simulator's history.
 */
import { addDaysTo, daysInRange, eachDay, type DayString } from '../../../shared/billing-day';

export const HISTORY_DAYS = 84;
const HALF_LIFE_DAYS = 14;
/** Weekday factors need two weeks; a trend three. */
const MIN_DAYS_FOR_SHAPE = 14;
const MIN_DAYS_FOR_TREND = 21;
/** The fitted trend is damped: extrapolating a full slope for weeks overshoots more than it gains (backtested). */
const TREND_DAMPING = 0.75;
/** ≈ 80 % band. */
const Z = 1.28;

export interface ForecastInput {
  /** ACUs per billing day; a missing day within the known history counts as 0. */
  daily: ReadonlyMap<DayString, number>;
  /** First day the series is known from (earlier days are unknown, not zero). */
  knownFrom: DayString | null;
  cycle: { from: DayString; to: DayString };
  /** The current billing day: days before it are complete, its own figure is partial. */
  today: DayString;
  /** Limit or budget in ACUs, for the run-out date; null when there is neither. */
  target: number | null;
}

export interface Forecast {
  used: number;
  projected: number;
  low: number;
  high: number;
  /** First billing day the (actual, then projected) cumulative use reaches the target; null if it does not. */
  runOutDate: DayString | null;
}

/** The straight line the cost view uses: use so far ÷ days elapsed × days in the cycle. */
export function straightLine(used: number, daysElapsed: number, daysInCycle: number): number {
  return daysElapsed <= 0 ? used : (used / daysElapsed) * daysInCycle;
}

export function forecastCycle(input: ForecastInput): Forecast {
  const { daily, cycle, today, target } = input;
  const value = (d: DayString) => daily.get(d) ?? 0;
  const lastActual = today > cycle.to ? cycle.to : today;
  const actualDays = lastActual < cycle.from ? [] : eachDay(cycle.from, lastActual);
  let used = 0;
  let runOutDate: DayString | null = null;
  for (const d of actualDays) {
    used += value(d);
    if (runOutDate === null && target !== null && used >= target) runOutDate = d;
  }
  if (today > cycle.to) return { used, projected: used, low: used, high: used, runOutDate };

  const model = fitModel(daily, input.knownFrom, today);
  // Days still to come: today's rest, then every later day of the cycle.
  const first = today < cycle.from ? cycle.from : today;
  let remaining = 0;
  let cumulative = used;
  let days = 0;
  for (const d of eachDay(first, cycle.to)) {
    const expected = model ? model.expect(d) : 0;
    const add = d === today ? Math.max(0, expected - value(d)) : expected;
    remaining += add;
    days += 1;
    cumulative += add;
    if (runOutDate === null && target !== null && cumulative >= target) runOutDate = d;
  }
  const projected = used + remaining;
  const spread = model ? Z * Math.sqrt(days * model.dailySd ** 2 + (days * model.levelSd) ** 2) : 0;
  return { used, projected, low: Math.max(used, projected - spread), high: projected + spread, runOutDate };
}

interface Model {
  expect(day: DayString): number;
  /** Standard deviation of one day's use around the fit. */
  dailySd: number;
  /** Standard error of the fitted level. */
  levelSd: number;
}

function fitModel(daily: ReadonlyMap<DayString, number>, knownFrom: DayString | null, today: DayString): Model | null {
  let from = addDaysTo(today, -HISTORY_DAYS);
  if (knownFrom !== null && knownFrom > from) from = knownFrom;
  const to = addDaysTo(today, -1);
  if (from > to) return null;
  const days = eachDay(from, to);
  const values = days.map((d) => daily.get(d) ?? 0);
  const n = days.length;
  const weekday = (d: DayString) => new Date(`${d}T12:00:00Z`).getUTCDay();

  const mean = values.reduce((a, b) => a + b, 0) / n;
  const factor = Array.from({ length: 7 }, () => 1);
  if (n >= MIN_DAYS_FOR_SHAPE && mean > 0) {
    const sum = Array.from({ length: 7 }, () => 0);
    const count = Array.from({ length: 7 }, () => 0);
    days.forEach((d, i) => {
      sum[weekday(d)]! += values[i]!;
      count[weekday(d)]! += 1;
    });
    // Two weeks give every weekday at least two samples. (Shrinking factors towards 1 biases the level low.)
    for (let w = 0; w < 7; w++) factor[w] = Math.max(0.02, sum[w]! / count[w]! / mean);
  }

  // Weighted linear fit of the de-seasonalised series on t (days relative to today; yesterday = -1).
  const t = days.map((_, i) => i - n);
  const x = values.map((v, i) => v / factor[weekday(days[i]!)]!);
  const w = t.map((ti) => Math.pow(0.5, -ti / HALF_LIFE_DAYS));
  const sw = w.reduce((a, b) => a + b, 0);
  const tm = t.reduce((a, ti, i) => a + w[i]! * ti, 0) / sw;
  const xm = x.reduce((a, xi, i) => a + w[i]! * xi, 0) / sw;
  let slope = 0;
  if (n >= MIN_DAYS_FOR_TREND) {
    // The slope from the whole window, unweighted: a trend read off the last two weeks is mostly noise.
    const v = t.map(() => 1);
    const sv = n;
    const vt = t.reduce((a, ti, i) => a + v[i]! * ti, 0) / sv;
    const vx = x.reduce((a, xi, i) => a + v[i]! * xi, 0) / sv;
    const sxx = t.reduce((a, ti, i) => a + v[i]! * (ti - vt) ** 2, 0);
    const sxy = t.reduce((a, ti, i) => a + v[i]! * (ti - vt) * (x[i]! - vx), 0);
    slope = sxx > 0 ? (TREND_DAMPING * sxy) / sxx : 0;
  }
  const level = (ti: number) => Math.max(0, xm + slope * (ti - tm));

  const residuals = values.map((v, i) => v - level(t[i]!) * factor[weekday(days[i]!)]!);
  const dailySd = Math.sqrt(residuals.reduce((a, r, i) => a + w[i]! * r * r, 0) / sw);
  const nEff = sw ** 2 / w.reduce((a, wi) => a + wi * wi, 0);

  return {
    expect: (d) => level(daysInRange(today, d) - 1) * factor[weekday(d)]!,
    dailySd,
    levelSd: dailySd / Math.sqrt(Math.max(1, nEff)),
  };
}
