/**
 * Which billing cycle a day belongs to. Contract cycles come from `/consumption/cycles` as `[after, before)`
 * instants and are named by billing days (cache `readCycles`): 2026-10-05 08:00Z … 2026-11-05 08:00Z is
 * `2026-10-05 … 2026-11-04`. Without a contract cycle for the day, the calendar month stands in, labelled so.
 */
import { addDaysTo, daysInRange, type DayString } from '../../../shared/billing-day';
import type { CycleInfo } from '../../../shared/spend';

export function cycleContaining(day: DayString, cycles: readonly { from: DayString; to: DayString }[]): CycleInfo {
  const contract = cycles.find((c) => c.from <= day && day <= c.to);
  if (contract) return { from: contract.from, to: contract.to, source: 'contract' };
  const from = `${day.slice(0, 7)}-01`;
  const [y, m] = day.split('-').map(Number) as [number, number];
  const nextMonth = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`;
  return { from, to: addDaysTo(nextMonth, -1), source: 'calendar' };
}

/** 1-based position of `day` in the cycle, clamped to it. */
export function dayOfCycle(cycle: CycleInfo, day: DayString): number {
  const n = daysInRange(cycle.from, cycle.to);
  if (day < cycle.from) return 1;
  return Math.min(n, daysInRange(cycle.from, day));
}
