/**
 * Cost maths. ACU figures stay exact (floating ACUs as the API gives them); money is derived from them
 * and rounded once, at display, so sums of rounded parts never drift from the rounded whole.
 */
export function costUsd(acus: number, ratePerAcu: number | null): number | null {
  return ratePerAcu === null ? null : acus * ratePerAcu;
}

/** Rounds to cents for machine output (CLI/CSV); the UI formats with Intl instead. */
export function roundCents(value: number | null): number | null {
  return value === null ? null : Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Straight-line month-end projection from month-to-date. */
export function projectMonthEnd(monthToDate: number, daysElapsed: number, daysInMonth: number): number {
  return daysElapsed <= 0 ? 0 : (monthToDate / daysElapsed) * daysInMonth;
}

/** Parses a user-entered $/ACU rate: finite, not negative. */
export function parseRate(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 && value <= 1000 ? value : null;
}
