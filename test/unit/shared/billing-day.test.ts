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

  describe('consumption dates: the nearest billing-day start', () => {
    const at = (iso: string) => consumptionDay(Date.parse(iso) / 1000);

    for (const day of ['2026-07-15', '2026-01-15', '2026-03-08', '2026-11-01']) {
      it(`reads 00:00, 07:00 (Pacific midnight under PDT) and 08:00 UTC on ${day} as ${day}`, () => {
        expect(at(`${day}T00:00:00Z`)).toBe(day);
        expect(at(`${day}T07:00:00Z`)).toBe(day);
        expect(at(`${day}T07:59:59Z`)).toBe(day);
        expect(at(`${day}T08:00:00Z`)).toBe(day);
      });
    }

    it('splits at the midpoint between two starts (20:00 UTC), which stays in its own day', () => {
      expect(at('2026-07-15T20:00:00Z')).toBe('2026-07-15');
      expect(at('2026-07-15T20:00:01Z')).toBe('2026-07-16');
      expect(at('2026-07-15T23:59:59Z')).toBe('2026-07-16');
    });

    it('maps a year of Pacific midnights, across both daylight-saving changes, to consecutive days', () => {
      const hourInLA = new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/Los_Angeles',
        hour: 'numeric',
        hourCycle: 'h23',
      });
      const days = eachDay('2026-01-01', '2026-12-31');
      // Pacific midnight of a date: 08:00 UTC under PST, 07:00 UTC under PDT (where 08:00 UTC is 01:00).
      const midnights = days.map((day) => {
        const start = billingDayStart(day);
        return start - Number(hourInLA.format(start * 1000)) * 3600;
      });
      expect(new Set(midnights.map((t) => new Date(t * 1000).getUTCHours()))).toEqual(new Set([7, 8]));
      expect(midnights.map(consumptionDay)).toEqual(days);
    });
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
