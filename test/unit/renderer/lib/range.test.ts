import { describe, expect, it } from 'vitest';
import { cycleRanges, presetRange, validateCustomRange } from '../../../../src/renderer/src/lib/range';

// 2025-01-10 12:00 UTC is 04:00 in the billing day's UTC−8: billing day 2025-01-10.
const NOON_UTC = Date.UTC(2025, 0, 10, 12, 0);
// 07:59 UTC is still the previous billing day (it starts at 08:00 UTC).
const BEFORE_8_UTC = Date.UTC(2025, 0, 10, 7, 59);

const cycles = [
  { from: '2025-01-05', to: '2025-02-04' },
  { from: '2024-12-05', to: '2025-01-04' },
  { from: '2024-11-05', to: '2024-12-04' },
];

describe('presetRange', () => {
  it('counts the last N billing days including today', () => {
    expect(presetRange('last7', [], NOON_UTC)).toEqual({ from: '2025-01-04', to: '2025-01-10' });
    expect(presetRange('last30', [], NOON_UTC)).toEqual({ from: '2024-12-12', to: '2025-01-10' });
    expect(presetRange('last90', [], NOON_UTC)?.from).toBe('2024-10-13');
  });

  it('uses the billing day, not the UTC date', () => {
    expect(presetRange('last7', [], BEFORE_8_UTC)).toEqual({ from: '2025-01-03', to: '2025-01-09' });
  });

  it('finds the current cycle, cut at today, and the one before it', () => {
    expect(presetRange('current-cycle', cycles, NOON_UTC)).toEqual({ from: '2025-01-05', to: '2025-01-10' });
    expect(presetRange('previous-cycle', cycles, NOON_UTC)).toEqual({ from: '2024-12-05', to: '2025-01-04' });
  });

  it('answers null for cycle presets when no cycle is known', () => {
    expect(presetRange('current-cycle', [], NOON_UTC)).toBeNull();
    expect(presetRange('previous-cycle', [], NOON_UTC)).toBeNull();
  });
});

describe('cycleRanges', () => {
  it('does not depend on the order cycles arrive in', () => {
    const shuffled = [cycles[2], cycles[0], cycles[1]].filter((c) => c !== undefined);
    expect(cycleRanges(shuffled, '2025-01-10')).toEqual(cycleRanges(cycles, '2025-01-10'));
  });

  it('offers the newest past cycle as previous when today is in no known cycle', () => {
    expect(cycleRanges(cycles.slice(1), '2025-01-10')).toEqual({
      current: null,
      previous: { from: '2024-12-05', to: '2025-01-04' },
    });
  });
});

describe('validateCustomRange', () => {
  it('accepts a real range', () => {
    expect(validateCustomRange('2025-01-01', '2025-01-31')).toEqual({
      ok: true,
      range: { from: '2025-01-01', to: '2025-01-31' },
    });
  });

  it('rejects dates that do not exist', () => {
    expect(validateCustomRange('2025-02-30', '2025-03-01')).toMatchObject({
      ok: false,
      message: 'Enter a valid start date.',
    });
    expect(validateCustomRange('2025-01-01', '')).toMatchObject({
      ok: false,
      message: 'Enter a valid end date.',
    });
  });

  it('rejects a start after the end', () => {
    const r = validateCustomRange('2025-02-02', '2025-02-01');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/on or before/);
  });

  it('allows 366 days and rejects 367', () => {
    expect(validateCustomRange('2024-01-01', '2024-12-31').ok).toBe(true); // leap year: 366 days
    const r = validateCustomRange('2024-01-01', '2025-01-01');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('367');
  });
});
