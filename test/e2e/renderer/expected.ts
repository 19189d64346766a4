/**
 * Expected figures computed straight from the simulator's records (`simulator.data`), never from the app:
 * a session counts on the billing day it was created; "all organizations" ACUs add the Cascade/Terminal/Review
 * ACUs that belong to no org; active users are distinct `user_id`s per UTC bucket (as Devin's metrics define).
 * Formatting mirrors the renderer's documented rules with the page's locale (en-US).
 */
import { DAY_SECONDS, rangeWindow, type DayString } from '../../../src/shared/billing-day';
import type { SimSession, SimulatorData } from '../../../src/main/simulator';
import { PAGE_TIMEZONE } from '../../helpers/harness';

export interface Range {
  from: DayString;
  to: DayString;
}

/** Sessions created in the range's billing days (and org, when given). */
export function sessionsIn(data: SimulatorData, range: Range, orgId: string | null = null): SimSession[] {
  const { timeAfter, timeBefore } = rangeWindow(range.from, range.to);
  return data.sessions.filter(
    (s) => s.created_at >= timeAfter && s.created_at < timeBefore && (orgId === null || s.org_id === orgId),
  );
}

/** ACUs of the range: sessions' ACUs, plus unattributed products' ACUs for all organizations. */
export function acusIn(data: SimulatorData, range: Range, orgId: string | null = null): number {
  const { timeAfter, timeBefore } = rangeWindow(range.from, range.to);
  let total = sessionsIn(data, range, orgId).reduce((sum, s) => sum + s.acus_consumed, 0);
  if (orgId === null) {
    for (const [dayStart, other] of data.otherProducts) {
      if (dayStart >= timeAfter && dayStart < timeBefore)
        total += other.cascade + other.terminal + other.review;
    }
  }
  return total;
}

/** Mean distinct active users over the Monday–Sunday UTC weeks overlapping the range, to one decimal. */
export function weeklyActiveUsers(data: SimulatorData, range: Range, orgId: string | null = null): number {
  const { timeAfter, timeBefore } = rangeWindow(range.from, range.to);
  const mondayOf = (t: number): number => {
    const day = Math.floor(t / DAY_SECONDS) * DAY_SECONDS;
    return day - ((new Date(day * 1000).getUTCDay() + 6) % 7) * DAY_SECONDS;
  };
  const counts: number[] = [];
  for (let start = mondayOf(timeAfter); start < timeBefore; start += 7 * DAY_SECONDS) {
    const users = new Set<string>();
    for (const s of data.sessions) {
      if (
        s.created_at >= start &&
        s.created_at < start + 7 * DAY_SECONDS &&
        s.user_id &&
        (orgId === null || s.org_id === orgId)
      ) {
        users.add(s.user_id);
      }
    }
    counts.push(users.size);
  }
  return Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 10) / 10;
}

const acusFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const meanFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: PAGE_TIMEZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export const fmt = {
  acus: (x: number): string => acusFormat.format(x),
  count: (x: number): string => countFormat.format(x),
  mean: (x: number): string => meanFormat.format(x),
  usd: (x: number): string => usdFormat.format(x),
  /** Unix seconds as the sessions table shows them: `yyyy-MM-dd HH:mm` in the page's time zone. */
  dateTime: (unixSeconds: number): string => {
    const part = Object.fromEntries(
      dateTimeFormat.formatToParts(unixSeconds * 1000).map((p) => [p.type, p.value]),
    );
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
  },
};

/** A minimal RFC 4180 reader for the exported files (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}
