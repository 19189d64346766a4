/**
 * Display formatting. Money is derived from exact ACUs and rounded once, here, by Intl; nothing upstream
 * rounds. Dates shown to people are local time; billing days (`YYYY-MM-DD`) are shown as the date they name.
 */
import { differenceInCalendarDays, format, parseISO } from 'date-fns';
import type { DayString } from '../../../shared/billing-day';
import { costUsd } from '../../../shared/money';

export const NO_VALUE = '—';

const usdFormat = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });
const acusFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const meanFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatUsd(value: number | null): string {
  return value === null ? NO_VALUE : usdFormat.format(value);
}

/** ACUs × rate, rounded once at display; "—" without a rate. */
export function formatCost(acus: number, ratePerAcu: number | null): string {
  return formatUsd(costUsd(acus, ratePerAcu));
}

export function formatAcus(acus: number): string {
  return acusFormat.format(acus);
}

export function formatCount(value: number | null): string {
  return value === null ? NO_VALUE : countFormat.format(value);
}

/** Means (DAU, WAU) keep one decimal so "2.5 a day" is not shown as 3. */
export function formatMean(value: number | null): string {
  return value === null ? NO_VALUE : meanFormat.format(value);
}

export interface Change {
  /** Percent change, or null when there is nothing to compare with (previous is 0 or unknown). */
  pct: number | null;
  direction: 'up' | 'down' | 'flat' | 'none';
  text: string;
}

export function changeVsPrevious(current: number | null, previous: number | null): Change {
  if (current === null || previous === null || previous === 0)
    return { pct: null, direction: 'none', text: NO_VALUE };
  const pct = ((current - previous) / previous) * 100;
  const magnitude = Math.abs(pct);
  const digits = magnitude < 10 ? 1 : 0;
  const shown = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(magnitude);
  if (shown === '0') return { pct, direction: 'flat', text: '0%' };
  return pct > 0
    ? { pct, direction: 'up', text: `▲ ${shown}%` }
    : { pct, direction: 'down', text: `▼ ${shown}%` };
}

/** "45s", "12m", "1h 05m", "2d 3h": the two largest units are enough to compare sessions. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function formatClock(epochMs: number): string {
  return format(epochMs, 'HH:mm');
}

/** "10:42" today, "Tue 10:42" within the last week, "3 Nov 10:42" before that. */
export function formatMoment(epochMs: number, nowMs: number): string {
  const days = differenceInCalendarDays(nowMs, epochMs);
  if (days === 0) return format(epochMs, 'HH:mm');
  if (days > 0 && days < 7) return format(epochMs, 'EEE HH:mm');
  return format(epochMs, 'd MMM HH:mm');
}

export function formatAsOf(asOf: number | null, nowMs: number): string {
  return asOf === null ? 'never synced' : `as of ${formatMoment(asOf, nowMs)}`;
}

/** A billing day as the calendar date it names, never shifted by the local time zone. */
export function formatDay(day: DayString, pattern = 'd MMM'): string {
  return format(parseISO(day), pattern);
}

export function formatDayLong(day: DayString): string {
  return formatDay(day, 'EEE d MMM yyyy');
}

/** "2025-06" → "Jun 2025". */
export function formatMonth(month: string): string {
  return format(parseISO(`${month}-01`), 'MMM yyyy');
}

export function formatDateTime(epochMs: number): string {
  return format(epochMs, 'yyyy-MM-dd HH:mm');
}
