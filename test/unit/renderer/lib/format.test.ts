import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  changeVsPrevious,
  formatAcus,
  formatAsOf,
  formatCost,
  formatDay,
  formatDuration,
  formatUsd,
  NO_VALUE,
} from '../../../../src/renderer/src/lib/format';

const usd = (n: number): string =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(n);

describe('money', () => {
  it('rounds the exact product once, not the ACUs first', () => {
    // 10.004 ACUs × $2.50 = $25.01; rounding ACUs to 10.00 first would show $25.00.
    expect(formatCost(10.004, 2.5)).toBe(usd(25.01));
    expect(formatCost(10.004, 2.5)).not.toBe(usd(25));
  });

  it('sums exact parts before rounding, so three 1/3-cent-heavy rows total a whole dollar', () => {
    const parts = [1 / 3, 1 / 3, 1 / 3];
    expect(
      formatCost(
        parts.reduce((a, b) => a + b, 0),
        1,
      ),
    ).toBe(usd(1));
    expect(formatCost(parts[0] ?? 0, 1)).toBe(usd(0.33));
  });

  it('shows a dash when there is no rate or no value', () => {
    expect(formatCost(12, null)).toBe(NO_VALUE);
    expect(formatUsd(null)).toBe(NO_VALUE);
  });

  it('keeps up to two decimals of ACUs', () => {
    expect(formatAcus(3.14159)).toMatch(/^3[.,]14$/);
    expect(formatAcus(2.5)).toMatch(/^2[.,]5$/);
  });
});

describe('changeVsPrevious', () => {
  it('shows an up arrow and the percentage', () => {
    const c = changeVsPrevious(150, 100);
    expect(c.direction).toBe('up');
    expect(c.pct).toBeCloseTo(50);
    expect(c.text).toBe('▲ 50%');
  });

  it('shows a down arrow with one decimal under 10%', () => {
    const c = changeVsPrevious(95.5, 100);
    expect(c.direction).toBe('down');
    expect(c.text).toMatch(/^▼ 4[.,]5%$/);
  });

  it('shows a dash when the previous period is 0 or unknown', () => {
    expect(changeVsPrevious(10, 0)).toEqual({ pct: null, direction: 'none', text: NO_VALUE });
    expect(changeVsPrevious(0, 0).text).toBe(NO_VALUE);
    expect(changeVsPrevious(null, 4).text).toBe(NO_VALUE);
  });

  it('calls an unchanged value flat', () => {
    expect(changeVsPrevious(7, 7)).toMatchObject({ direction: 'flat', text: '0%' });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [60, '1m'],
    [12 * 60 + 59, '12m'],
    [3600 + 5 * 60, '1h 05m'],
    [2 * 86_400 + 3 * 3600 + 120, '2d 3h'],
    [-5, '0s'],
  ])('%i s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatAsOf', () => {
  const at = (y: number, m: number, d: number, h: number, min: number): number =>
    new Date(y, m - 1, d, h, min).getTime();
  const now = at(2025, 6, 12, 15, 0); // a Thursday

  it('shows the time alone for today', () => {
    expect(formatAsOf(at(2025, 6, 12, 10, 42), now)).toBe('as of 10:42');
  });

  it('adds the weekday within the last week', () => {
    expect(formatAsOf(at(2025, 6, 10, 10, 42), now)).toBe('as of Tue 10:42');
  });

  it('adds the date when older', () => {
    expect(formatAsOf(at(2025, 5, 3, 9, 5), now)).toBe('as of 3 May 09:05');
  });

  it('says when nothing was ever synced', () => {
    expect(formatAsOf(null, now)).toBe('never synced');
  });
});

describe('formatDay', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('shows the date a billing day names in any time zone', () => {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      vi.stubEnv('TZ', tz);
      expect(formatDay('2025-03-01', 'yyyy-MM-dd')).toBe('2025-03-01');
    }
  });
});
