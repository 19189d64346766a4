import { describe, expect, it } from 'vitest';
import {
  addDaysTo,
  billingDayOf,
  billingDayStart,
  consumptionDay,
  daysInRange,
  eachDay,
  isDayString,
  lastDays,
  previousRange,
  rangeWindow,
} from '../../../src/shared/billing-day';

describe('billing day (08:00 UTC, fixed UTC−8)', () => {
  it('starts at 08:00 UTC on its date (the docs example, corrected: 1733385600 is 2024-12-05)', () => {
    expect(billingDayStart('2024-12-05')).toBe(1733385600);
    expect(billingDayStart('2025-12-05')).toBe(1764921600);
  });

  it('puts instants before 08:00 UTC on the previous billing day', () => {
    const start = billingDayStart('2026-03-10');
    expect(billingDayOf(start)).toBe('2026-03-10');
    expect(billingDayOf(start - 1)).toBe('2026-03-09');
    expect(billingDayOf(start + 86_399)).toBe('2026-03-10');
  });

  it('ignores daylight saving: summer days start at 08:00 UTC too', () => {
    expect(new Date(billingDayStart('2026-07-04') * 1000).toISOString()).toBe('2026-07-04T08:00:00.000Z');
  });

  it('reads a consumption date anchored at 00:00 UTC or 08:00 UTC as the same day', () => {
    expect(consumptionDay(Date.parse('2026-11-02T00:00:00Z') / 1000)).toBe('2026-11-02');
    expect(consumptionDay(Date.parse('2026-11-02T08:00:00Z') / 1000)).toBe('2026-11-02');
    expect(consumptionDay(Date.parse('2026-11-02T07:59:59Z') / 1000)).toBe('2026-11-01');
  });

  it('validates calendar dates strictly', () => {
    expect(isDayString('2026-02-28')).toBe(true);
    expect(isDayString('2026-02-29')).toBe(false);
    expect(isDayString('2028-02-29')).toBe(true);
    expect(isDayString('2026-13-01')).toBe(false);
    expect(isDayString('2026-1-01')).toBe(false);
    expect(() => billingDayStart('yesterday')).toThrow(/YYYY-MM-DD/);
  });

  it('does range arithmetic across month and year ends', () => {
    expect(addDaysTo('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysTo('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysInRange('2026-01-01', '2026-12-31')).toBe(365);
    expect(daysInRange('2026-01-02', '2026-01-01')).toBe(0);
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('gives an API window of [first start, day-after start)', () => {
    const w = rangeWindow('2026-11-01', '2026-11-07');
    expect(w.timeAfter).toBe(billingDayStart('2026-11-01'));
    expect(w.timeBefore - w.timeAfter).toBe(7 * 86_400);
  });

  it('finds the previous period of the same length', () => {
    expect(previousRange('2026-11-08', '2026-11-14')).toEqual({ from: '2026-11-01', to: '2026-11-07' });
  });

  it('counts "today" in billing days: 07:00 UTC is still yesterday', () => {
    expect(lastDays(7, Date.parse('2026-11-25T07:00:00Z'))).toEqual({ from: '2026-11-18', to: '2026-11-24' });
    expect(lastDays(7, Date.parse('2026-11-25T09:00:00Z'))).toEqual({ from: '2026-11-19', to: '2026-11-25' });
  });
});
