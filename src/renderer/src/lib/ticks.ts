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
