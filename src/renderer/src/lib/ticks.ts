/**
 * X-axis ticks for daily series. A tick per day is unreadable past a couple of weeks, so ranges are
 * thinned to about `maxTicks` labels; past ~3 months, ticks sit on the first of a month.
 */
import type { DayString } from '../../../shared/billing-day';

const LONG_RANGE_DAYS = 92;

export function dayTicks(days: readonly DayString[], maxTicks = 8): DayString[] {
  if (days.length <= maxTicks) return [...days];
  const candidates = days.length > LONG_RANGE_DAYS ? days.filter((d) => d.endsWith('-01')) : days;
  const step = Math.ceil(candidates.length / maxTicks);
  return candidates.filter((_, i) => i % step === 0);
}

/** date-fns pattern for tick labels at this range length. */
export function dayTickPattern(dayCount: number): string {
  return dayCount > LONG_RANGE_DAYS ? 'MMM yyyy' : 'd MMM';
}

/**
 * About `count` round ticks (steps of 1, 2 or 5 × 10ⁿ) from 0 up to the first tick at or past `max`; the
 * last tick is the axis end, so the largest bar never touches the edge of the plot.
 */
export function linearTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  // The thresholds are the geometric means between 1, 2, 5 and 10, as in d3's ticks.
  const step =
    (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.SQRT2 ? 2 : 1) * power;
  const last = Math.ceil(max / step - 1e-9);
  // toPrecision drops binary noise such as 3 × 0.1 = 0.30000000000000004.
  return Array.from({ length: last + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}
