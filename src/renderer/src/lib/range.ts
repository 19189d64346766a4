/**
 * Date-range presets and custom-range validation. Billing days come from src/shared/billing-day.ts so the
 * renderer's "today" is the same billing day main uses.
 */
import {
  currentBillingDay,
  daysInRange,
  isDayString,
  lastDays,
  MAX_RANGE_DAYS,
  type DayString,
} from '../../../shared/billing-day';

export interface DayRange {
  from: DayString;
  to: DayString;
}

export const PRESETS = ['last7', 'last30', 'last90', 'current-cycle', 'previous-cycle', 'custom'] as const;
export type PresetId = (typeof PRESETS)[number];
export type FixedPresetId = Exclude<PresetId, 'custom'>;

export const PRESET_LABELS: Record<PresetId, string> = {
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  last90: 'Last 90 days',
  'current-cycle': 'Current billing cycle',
  'previous-cycle': 'Previous billing cycle',
  custom: 'Custom',
};

/** Keys 1–4 pick these presets. */
export const PRESET_BY_KEY: Readonly<Record<string, FixedPresetId>> = {
  '1': 'last7',
  '2': 'last30',
  '3': 'last90',
  '4': 'current-cycle',
};

const LAST_N: Partial<Record<FixedPresetId, number>> = { last7: 7, last30: 30, last90: 90 };

/**
 * The cycle containing today (cut at today: days not yet billed are not shown as zeros) and the one before
 * it. Either is null when the cache does not know it.
 */
export function cycleRanges(
  cycles: readonly DayRange[],
  today: DayString,
): { current: DayRange | null; previous: DayRange | null } {
  const containing = cycles.find((c) => c.from <= today && today <= c.to) ?? null;
  const before = containing?.from ?? today;
  const previous =
    cycles
      .filter((c) => c.to < before)
      .reduce<DayRange | null>((best, c) => (best === null || c.to > best.to ? c : best), null) ?? null;
  const current = containing ? { from: containing.from, to: today } : null;
  return { current, previous: previous ? { from: previous.from, to: previous.to } : null };
}

/** The range a preset names at `nowMs`, or null when it needs a billing cycle the cache does not know. */
export function presetRange(
  preset: FixedPresetId,
  cycles: readonly DayRange[],
  nowMs: number = Date.now(),
): DayRange | null {
  const n = LAST_N[preset];
  if (n !== undefined) return lastDays(n, nowMs);
  const known = cycleRanges(cycles, currentBillingDay(nowMs));
  return preset === 'current-cycle' ? known.current : known.previous;
}

export type RangeCheck = { ok: true; range: DayRange } | { ok: false; message: string };

/** Validates the two custom date inputs (`YYYY-MM-DD`, as `<input type="date">` gives them). */
export function validateCustomRange(from: string, to: string): RangeCheck {
  if (!isDayString(from)) return { ok: false, message: 'Enter a valid start date.' };
  if (!isDayString(to)) return { ok: false, message: 'Enter a valid end date.' };
  if (from > to) return { ok: false, message: 'The start date must be on or before the end date.' };
  const days = daysInRange(from, to);
  if (days > MAX_RANGE_DAYS) {
    return {
      ok: false,
      message: `A range can span at most ${MAX_RANGE_DAYS} days (this one spans ${days}).`,
    };
  }
  return { ok: true, range: { from, to } };
}

export function sameRange(a: DayRange | null, b: DayRange | null): boolean {
  return a !== null && b !== null && a.from === b.from && a.to === b.to;
}
