import { describe, expect, it } from 'vitest';
import { eachDay } from '../../../../src/shared/billing-day';
import { dayTickPattern, dayTicks } from '../../../../src/renderer/src/lib/ticks';

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
