/** Cycle naming, forecast and run-out arithmetic on hand-computed cycles (past and current). */
import { describe, expect, it } from 'vitest';
import { addDaysTo, eachDay, type DayString } from '../../../src/shared/billing-day';
import { cycleContaining, dayOfCycle } from '../../../src/main/services/spend/cycle';
import { forecastCycle, straightLine } from '../../../src/main/services/spend/forecast';

// 2026-10-05 is a Monday; the contract cycle [2026-10-05 08:00Z, 2026-11-05 08:00Z) is 31 billing days.
const CYCLE = { from: '2026-10-05', to: '2026-11-04' };

const series = (from: DayString, to: DayString, value: (d: DayString) => number) =>
  new Map(eachDay(from, to).map((d) => [d, value(d)]));
const isWeekend = (d: DayString) => [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay());

describe('billing cycles', () => {
  const cycles = [
    { from: '2026-11-05', to: '2026-12-04' },
    { from: '2026-10-05', to: '2026-11-04' },
  ];

  it('finds the contract cycle containing a day, at both ends', () => {
    expect(cycleContaining('2026-10-05', cycles)).toEqual({ ...CYCLE, source: 'contract' });
    expect(cycleContaining('2026-11-04', cycles)).toEqual({ ...CYCLE, source: 'contract' });
    expect(cycleContaining('2026-11-05', cycles)).toEqual({ from: '2026-11-05', to: '2026-12-04', source: 'contract' });
  });

  it('falls back to the calendar month, labelled, without a contract cycle', () => {
    expect(cycleContaining('2026-12-20', cycles)).toEqual({ from: '2026-12-01', to: '2026-12-31', source: 'calendar' });
    expect(cycleContaining('2028-02-10', [])).toEqual({ from: '2028-02-01', to: '2028-02-29', source: 'calendar' });
  });

  it('counts the day of the cycle from 1', () => {
    const c = { ...CYCLE, source: 'contract' as const };
    expect(dayOfCycle(c, '2026-10-05')).toBe(1);
    expect(dayOfCycle(c, '2026-10-10')).toBe(6);
    expect(dayOfCycle(c, '2026-11-04')).toBe(31);
  });
});

describe('forecast of a past cycle', () => {
  const daily = series('2026-10-05', '2026-11-04', () => 10);
  const past = (target: number | null) => forecastCycle({ daily, knownFrom: '2026-09-01', cycle: CYCLE, today: '2026-11-10', target });

  it('projects exactly what was used, with no band', () => {
    expect(past(null)).toEqual({ used: 310, projected: 310, low: 310, high: 310, runOutDate: null });
  });

  it('dates the run-out on the day the cumulative use actually reached the target', () => {
    expect(past(100).runOutDate).toBe('2026-10-14'); // 10 days × 10
    expect(past(310).runOutDate).toBe('2026-11-04');
    expect(past(310.01).runOutDate).toBeNull();
    expect(past(0).runOutDate).toBe('2026-10-05');
  });
});

describe('forecast of the current cycle', () => {
  it('on a flat series: the rest of today plus every later day at the daily level, no band', () => {
    // 10 ACUs every complete day since August; today (day 7) has 4 so far.
    const daily = series('2026-08-01', '2026-10-10', () => 10);
    daily.set('2026-10-11', 4);
    const f = forecastCycle({ daily, knownFrom: '2026-08-01', cycle: CYCLE, today: '2026-10-11', target: 200 });
    expect(f.used).toBeCloseTo(64, 9); // 6 days × 10 + 4
    expect(f.projected).toBeCloseTo(64 + 6 + 24 * 10, 9); // today's other 6, then Oct 12 … Nov 4
    expect(f.low).toBeCloseTo(f.projected, 9);
    expect(f.high).toBeCloseTo(f.projected, 9);
    // 70 by the end of today; 13 more days of 10 reach 200.
    expect(f.runOutDate).toBe('2026-10-24');
  });

  it('follows the weekday shape where the straight line does not', () => {
    // Weekdays 10, weekends 2, for eight weeks before the cycle and its first week.
    const daily = series('2026-08-10', '2026-10-11', (d) => (isWeekend(d) ? 2 : 10));
    const today = '2026-10-12'; // Monday, day 8, nothing yet
    const f = forecastCycle({ daily, knownFrom: '2026-08-10', cycle: CYCLE, today, target: null });
    expect(f.used).toBeCloseTo(54, 9);
    // Oct 12 … Nov 1 are three full weeks (3 × 54), then Mon–Wed Nov 2–4 (30).
    expect(f.projected).toBeCloseTo(54 + 3 * 54 + 30, 6);
    expect(straightLine(f.used, 7, 31)).toBeCloseTo((54 / 7) * 31, 9);
    expect(Math.abs(f.projected - 246)).toBeLessThan(Math.abs(straightLine(f.used, 7, 31) - 246));
  });

  it('widens the band with noise and keeps it around the projection, never below the use so far', () => {
    let k = 0;
    const daily = series('2026-08-01', '2026-10-10', () => (k++ % 2 === 0 ? 6 : 14));
    const f = forecastCycle({ daily, knownFrom: '2026-08-01', cycle: CYCLE, today: '2026-10-11', target: null });
    expect(f.low).toBeLessThan(f.projected);
    expect(f.high).toBeGreaterThan(f.projected);
    expect(f.low).toBeGreaterThanOrEqual(f.used);
  });

  it('projects the use so far when there is no history at all', () => {
    const f = forecastCycle({ daily: new Map(), knownFrom: '2026-10-11', cycle: CYCLE, today: '2026-10-11', target: 5 });
    expect(f).toEqual({ used: 0, projected: 0, low: 0, high: 0, runOutDate: null });
  });

  it('counts unknown days before the synced range as unknown, not as zero', () => {
    // Synced from Oct 1 only: the level is 10 a day, not diluted by the empty weeks before.
    const daily = series('2026-10-01', '2026-10-10', () => 10);
    const f = forecastCycle({ daily, knownFrom: '2026-10-01', cycle: CYCLE, today: '2026-10-11', target: null });
    expect(f.projected).toBeCloseTo(60 + 25 * 10, 6);
    expect(addDaysTo(CYCLE.from, 6)).toBe('2026-10-11');
  });
});
