/**
 * ACU and cost maths.
 *
 * ACUs are decimals (the API gives a few digits). Added up as binary floats they pick up noise such as
 * 503.3800000000001, so every ACU sum is taken in integer micro-ACUs — exact while the total stays below
 * 2^53 micro-ACUs (9 billion ACUs) — and turned back into ACUs once. The result is the double nearest to the
 * exact decimal sum, which prints as that decimal. Single values pass through `roundAcus` for the same reason:
 * a figure the API already summed in floats arrives with the same noise.
 *
 * Money is derived from exact ACUs and rounded once, at output, so sums of rounded parts never drift from the
 * rounded whole.
 */

/** Micro-ACUs per ACU: the precision ACU figures are kept at, finer than any the API has shown. */
export const MICRO_ACUS_PER_ACU = 1_000_000;

export function toMicroAcus(acus: number): number {
  return Math.round(acus * MICRO_ACUS_PER_ACU);
}

/** A whole number of micro-ACUs back in ACUs: one correctly rounded division, so no noise. */
export function fromMicroAcus(microAcus: number): number {
  return microAcus / MICRO_ACUS_PER_ACU;
}

/** One ACU figure at micro-ACU precision, without float noise. */
export function roundAcus(acus: number): number {
  return fromMicroAcus(toMicroAcus(acus));
}

/** The exact sum of ACU figures (at micro-ACU precision). */
export function sumAcus(values: Iterable<number>): number {
  let micro = 0;
  for (const v of values) micro += toMicroAcus(v);
  return fromMicroAcus(micro);
}

export function costUsd(acus: number, ratePerAcu: number | null): number | null {
  return ratePerAcu === null ? null : acus * ratePerAcu;
}

/**
 * Rounds to cents (half up) for machine output (CLI/CSV); the UI formats with Intl instead. The product of
 * ACUs and a rate is off its decimal value by float error only in the 16th significant digit, so the cents are
 * read after rounding to 15 significant digits: 2678320.405 is 2678320.41, not 2678320.40.
 */
export function roundCents(value: number | null): number | null {
  return value === null ? null : Math.round(Number((value * 100).toPrecision(15))) / 100;
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
