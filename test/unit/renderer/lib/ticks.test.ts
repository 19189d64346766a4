import { describe, expect, it } from 'vitest';
import { eachDay } from '../../../../src/shared/billing-day';
import { dayTickPattern, dayTicks, linearTicks } from '../../../../src/renderer/src/lib/ticks';

describe('dayTicks', () => {
  it('labels every day of a week', () => {
    const days = eachDay('2025-06-01', '2025-06-07');
    expect(dayTicks(days)).toEqual(days);
  });

  it('thins a month to at most 8 evenly spaced ticks starting on the first day', () => {
    const days = eachDay('2025-06-01', '2025-06-30');
    const ticks = dayTicks(days);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[0]).toBe('2025-06-01');
    const gaps = ticks.slice(1).map((t, i) => days.indexOf(t) - days.indexOf(ticks[i] ?? ''));
    expect(new Set(gaps).size).toBe(1);
  });

  it('puts a year’s ticks on the first of a month', () => {
    const days = eachDay('2024-06-15', '2025-06-15');
    const ticks = dayTicks(days);
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.every((t) => t.endsWith('-01'))).toBe(true);
    expect(dayTickPattern(days.length)).toContain('yyyy');
    expect(dayTickPattern(7)).not.toContain('yyyy');
  });
});

describe('linearTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, from 0 to the first tick at or past the maximum', () => {
    // 85 / 4 = 21.25 → a step of 20; the axis ends at 100, the first multiple of 20 past 85.
    expect(linearTicks(85, 4)).toEqual([0, 20, 40, 60, 80, 100]);
    // 1000 / 4 = 250 → 200; 1000 is itself a tick, so the axis ends there.
    expect(linearTicks(1000, 4)).toEqual([0, 200, 400, 600, 800, 1000]);
    // 29,000 / 4 = 7,250 is past √50 × 1,000 ≈ 7,071, so it rounds up to 10,000; 28,000 / 4 = 7,000 is not: 5,000.
    expect(linearTicks(29_000, 4)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(linearTicks(28_000, 4)).toEqual([0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000]);
  });

  it('gives exact decimal ticks for small ranges', () => {
    // 0.3 / 4 = 0.075 → a step of 0.1, without binary noise such as 0.30000000000000004.
    expect(linearTicks(0.3, 4)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('gives a unit axis when there is nothing to scale', () => {
    expect(linearTicks(0)).toEqual([0, 1]);
    expect(linearTicks(Number.NaN)).toEqual([0, 1]);
  });
});
