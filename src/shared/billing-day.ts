/**
 * Devin's billing day, in one place.
 *
 * Consumption is bucketed by the "billing day": midnight PST, which the docs pin to 08:00:00 UTC and never
 * adjust for daylight saving, so we treat it as a fixed UTC−8 offset. A day is named by its calendar date
 * (`YYYY-MM-DD`) and spans [date 08:00Z, date+1 08:00Z).
 *
 * Active-user metrics (DAU/WAU/MAU) use UTC calendar units instead; they are stored with their own
 * start/end times and never re-bucketed onto billing days.
 *
 * All arithmetic is on UTC epoch seconds, so the machine's own time zone never leaks in.
 */

export const BILLING_DAY_OFFSET_SECONDS = 8 * 3600;
export const DAY_SECONDS = 86_400;

/** `YYYY-MM-DD`, validated as a real calendar date. */
export type DayString = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDayString(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value;
}

function utcMidnight(day: DayString): number {
  if (!isDayString(day)) throw new RangeError(`Not a date (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** Unix seconds at which the billing day `day` starts (08:00 UTC on that date). */
export function billingDayStart(day: DayString): number {
  return utcMidnight(day) + BILLING_DAY_OFFSET_SECONDS;
}

export function utcDate(unixSeconds: number): DayString {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** The billing day containing the instant `unixSeconds`. */
export function billingDayOf(unixSeconds: number): DayString {
  return utcDate(unixSeconds - BILLING_DAY_OFFSET_SECONDS);
}

/**
 * The billing day a consumption row's `date` names: the one whose start (08:00 UTC) is nearest. The docs do
 * not say how `date` is anchored — the billing day's start, 00:00 UTC of its calendar date, or Pacific midnight,
 * which is 07:00 UTC under daylight saving — and each lies within half a day of the start it means, so all
 * three name the same day in summer and winter. The exact midpoint (20:00 UTC) stays in the day it lies in.
 */
export function consumptionDay(dateSeconds: number): DayString {
  const startsAfterMidpoint = dateSeconds - BILLING_DAY_OFFSET_SECONDS - DAY_SECONDS / 2;
  return utcDate(Math.ceil(startsAfterMidpoint / DAY_SECONDS) * DAY_SECONDS);
}

export function addDaysTo(day: DayString, n: number): DayString {
  return utcDate(utcMidnight(day) + n * DAY_SECONDS);
}

/** The longest range a query may span, in billing days (here, zod-free, so the renderer's first chunk needs no zod). */
export const MAX_RANGE_DAYS = 366;

/** Number of billing days in the inclusive range (0 when `to` is before `from`). */
export function daysInRange(from: DayString, to: DayString): number {
  return Math.max(0, (utcMidnight(to) - utcMidnight(from)) / DAY_SECONDS + 1);
}

/** Every day of the inclusive range, in order. */
export function eachDay(from: DayString, to: DayString): DayString[] {
  const start = utcMidnight(from); // validates once, not once per day
  return Array.from({ length: daysInRange(from, to) }, (_, i) => utcDate(start + i * DAY_SECONDS));
}

/** API window for an inclusive range of billing days: [first day's start, the following day's start). */
export function rangeWindow(from: DayString, to: DayString): { timeAfter: number; timeBefore: number } {
  return { timeAfter: billingDayStart(from), timeBefore: billingDayStart(addDaysTo(to, 1)) };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** First and last day of the month `offset` months from the month of `day` (UTC calendar arithmetic). */
export function monthBounds(day: DayString, offset: number): { first: DayString; last: DayString } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1 + offset, 1));
  const end = new Date(Date.UTC(y, m + offset, 0));
  return {
    first: `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}-01`,
    last: `${end.getUTCFullYear()}-${pad(end.getUTCMonth() + 1)}-${pad(end.getUTCDate())}`,
  };
}

/** The billing day that is "today" at `nowMs` (ms epoch). */
export function currentBillingDay(nowMs: number = Date.now()): DayString {
  return billingDayOf(Math.floor(nowMs / 1000));
}

/** The same-length range immediately before the given one (for "change vs previous period"). */
export function previousRange(from: DayString, to: DayString): { from: DayString; to: DayString } {
  const n = daysInRange(from, to);
  return { from: addDaysTo(from, -n), to: addDaysTo(from, -1) };
}

/** The last `n` billing days ending today (inclusive). */
export function lastDays(n: number, nowMs: number = Date.now()): { from: DayString; to: DayString } {
  const to = currentBillingDay(nowMs);
  return { from: addDaysTo(to, -(n - 1)), to };
}
