/**
 * Range sums over the day packs (cache/day-packs.ts): per creator and per org, for one org or all. One row per
 * billing day comes out of SQLite; the grouping is a pass over typed arrays indexed by interned key.
 */
import { addDaysTo, daysInRange, monthBounds, type DayString } from '../../../../shared/billing-day';
import type { Logger } from '../../logger';
import { selectArrays, type Db } from '../connection';
import {
  addByCreator,
  checkPackSums,
  CorruptPackError,
  packKeys,
  readPacks,
  withDayPacks,
  type DayPack,
  type PackKind,
} from '../day-packs';

/** An org filter no entry matches (the org is in no pack). */
const NO_KEY = 2 ** 32;

export interface KeySums {
  /** The id of each key index (`pack_keys`, or the answer's own list). */
  keys: readonly string[];
  /** Key indexes that had entries in the range, ascending. */
  present: number[];
  micro: Float64Array;
  sessions: Float64Array;
}

/**
 * Per-key sums of the packs' entries (by creator or by org; of one org's entries when `orgIdx` is set), checking
 * each pack against its stored sums in the same pass.
 */
function sumBy(kind: PackKind, packs: DayPack[], keys: readonly string[], orgIdx: number | null): KeySums {
  const size = keys.length;
  const micro = new Float64Array(size);
  const sessions = new Float64Array(size);
  const entries = new Uint32Array(size);
  for (const p of packs) {
    const group = kind === 'orgs' ? p.org : p.creator;
    const { n, org, micro: m, sessions: s } = p;
    let packMicro = 0;
    let packSessions = 0;
    for (let i = 0; i < n; i++) {
      const k = group[i]!;
      if (k >= size) throw new CorruptPackError(kind, p.day, `key ${k} is unknown`);
      packMicro += m[i]!;
      if (kind === 'creators') packSessions += s[i]!;
      if (orgIdx !== null && org[i] !== orgIdx) continue;
      micro[k]! += m[i]!;
      if (kind === 'creators') sessions[k]! += s[i]!;
      entries[k]!++;
    }
    checkPackSums(p, packMicro, packSessions);
  }
  const present: number[] = [];
  for (let k = 0; k < size; k++) if (entries[k]! > 0) present.push(k);
  return { keys, present, micro, sessions };
}

/**
 * Sessions and micro-ACUs per creator (key '' = no creator) of the sessions created in the range. Every org:
 * from the packs, one row per day. One org: its session totals are already one index range (session_totals_org),
 * a few rows per day, where the packs would read every org's entries to find its own.
 */
export function creatorSums(db: Db, log: Logger, from: DayString, to: DayString, orgId: string | null): KeySums {
  if (orgId !== null) {
    const values = selectArrays<[string, number, number]>(
      db,
      `SELECT t.creator, total(t.micro_acus), total(t.sessions) FROM session_totals t
       WHERE t.org_id = :org AND t.day BETWEEN :from AND :to GROUP BY t.creator`,
      { org: orgId, from, to },
    );
    return {
      keys: values.map(([creator]) => creator),
      present: values.map((_, i) => i),
      micro: Float64Array.from(values, ([, micro]) => micro),
      sessions: Float64Array.from(values, ([, , n]) => n),
    };
  }
  return withDayPacks(db, log, () => {
    const keys = packKeys(db);
    if (readsFewerByDays(db, from, to)) return sumBy('creators', readPacks(db, 'creators', from, to), keys, null);
    const micro = new Float64Array(keys.length);
    const sessions = new Float64Array(keys.length);
    addUpTo(db, to, micro, sessions, 1);
    addUpTo(db, addDaysTo(from, -1), micro, sessions, -1);
    const present: number[] = [];
    for (let k = 0; k < keys.length; k++) if (sessions[k]! > 0) present.push(k);
    return { keys, present, micro, sessions };
  });
}

/**
 * Whether reading the range's days costs fewer entries than differencing two month-end snapshots (each about
 * every creator) plus the days between each end and its nearest snapshot; from the packs' stored entry counts.
 */
function readsFewerByDays(db: Db, from: DayString, to: DayString): boolean {
  const [[days = 0, snapshot = 0] = []] = selectArrays<[number, number]>(
    db,
    `SELECT (SELECT total(entries) FROM day_packs WHERE kind = 'creators' AND day BETWEEN :from AND :to),
            (SELECT entries FROM day_packs WHERE kind = 'creators_cum' AND day <= :to ORDER BY day DESC LIMIT 1)`,
    { from, to },
  );
  const perDay = days / daysInRange(from, to);
  const edge = (day: DayString) => {
    const { first, last } = monthBounds(day, 0);
    return Math.min(daysInRange(day, last) - 1, daysInRange(first, day));
  };
  return days <= 2 * (snapshot ?? 0) + perDay * (edge(to) + edge(addDaysTo(from, -1)));
}

/**
 * Adds (`sign` 1) or subtracts (-1) every creator's sums through the end of billing day `day`: the month-end
 * snapshot nearest to it, plus the days after that snapshot or minus the days after `day` up to the next one.
 */
function addUpTo(db: Db, day: DayString, micro: Float64Array, sessions: Float64Array, sign: 1 | -1): void {
  const month = monthBounds(day, 0);
  const before = addDaysTo(month.first, -1);
  const add = (p: DayPack, s: 1 | -1) => addByCreator(p, micro, sessions, s);
  if (daysInRange(day, month.last) - 1 < daysInRange(month.first, day)) {
    // Closer to the month's end: its snapshot, less the days after `day` (when the month has a snapshot).
    const [end] = readPacks(db, 'creators_cum', month.last, month.last);
    if (end) {
      add(end, sign);
      if (day < month.last) for (const p of readPacks(db, 'creators', addDaysTo(day, 1), month.last)) add(p, -sign as 1 | -1);
      return;
    }
  }
  // The newest snapshot up to the previous month's end (none before the first month), plus the days after it.
  const [start] = selectArrays<[string | null]>(
    db,
    `SELECT max(day) FROM day_packs WHERE kind = 'creators_cum' AND day <= :before`,
    { before },
  );
  const base = start?.[0] ?? null;
  if (base !== null) for (const p of readPacks(db, 'creators_cum', base, base)) add(p, sign);
  for (const p of readPacks(db, 'creators', base === null ? '0000-01-01' : addDaysTo(base, 1), day)) add(p, sign);
}

/** Devin ACUs per org over the range, and the packs themselves (for per-day series of a few orgs). */
export function orgSums(
  db: Db,
  log: Logger,
  from: DayString,
  to: DayString,
  orgId: string | null,
): KeySums & { packs: DayPack[] } {
  return withDayPacks(db, log, () => {
    const packs = readPacks(db, 'orgs', from, to);
    const keys = packKeys(db);
    const org = orgId === null ? null : keys.indexOf(orgId);
    return { ...sumBy('orgs', packs, keys, org === -1 ? NO_KEY : org), packs };
  });
}

/** Per-day ACUs of the orgs in `orgIdx` (one series each, zero-filled) and of every other org together. */
export function orgDailySplit(
  packs: DayPack[],
  days: readonly DayString[],
  orgIdx: readonly number[],
  keyCount: number,
): { series: Float64Array[]; rest: Float64Array } {
  const slot = new Int32Array(keyCount).fill(-1);
  orgIdx.forEach((k, i) => (slot[k] = i));
  const dayAt = new Map(days.map((d, i) => [d, i]));
  const series = orgIdx.map(() => new Float64Array(days.length));
  const rest = new Float64Array(days.length);
  for (const p of packs) {
    const d = dayAt.get(p.day);
    if (d === undefined) continue;
    for (let i = 0; i < p.n; i++) {
      const s = slot[p.org[i]!]!;
      if (s >= 0) series[s]![d]! += p.micro[i]!;
      else rest[d]! += p.micro[i]!;
    }
  }
  return { series, rest };
}

/**
 * Micro-ACUs per month (`YYYY-MM` of the billing day) and org with ACUs in [from, to], one org or all: by month,
 * then ACUs descending, ties by org id.
 */
export function monthlyOrgSums(
  db: Db,
  log: Logger,
  from: DayString,
  to: DayString,
  orgId: string | null,
): { month: string; orgId: string; micro: number }[] {
  const { packs, keys, present } = orgSums(db, log, from, to, orgId);
  const months = new Map<string, Float64Array>();
  for (const p of packs) {
    const month = p.day.slice(0, 7);
    let m = months.get(month);
    if (!m) months.set(month, (m = new Float64Array(keys.length)));
    for (let i = 0; i < p.n; i++) m[p.org[i]!]! += p.micro[i]!;
  }
  // `present` holds only the selected org when there is one: the packs' other orgs are never read out.
  const byId = (a: number, b: number) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0);
  return [...months]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([month, m]) =>
      present
        .filter((k) => m[k]! > 0)
        .sort((a, b) => m[b]! - m[a]! || byId(a, b))
        .map((k) => ({ month, orgId: keys[k]!, micro: m[k]! })),
    );
}

/**
 * Key indexes of `sums` ordered as the panels list them, largest micro-ACUs first, ties by id; only the first
 * `limit`, kept in a short sorted list while scanning (20,000 people need not be sorted to find the top 15).
 */
export function largestKeys(sums: KeySums, candidates: readonly number[], limit: number): number[] {
  const { micro, keys } = sums;
  const byRank = (a: number, b: number) =>
    micro[b]! - micro[a]! || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0);
  if (limit >= candidates.length) return [...candidates].sort(byRank);
  const best: number[] = [];
  for (const k of candidates) {
    if (best.length === limit && byRank(k, best[limit - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byRank(best[mid]!, k) < 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, k);
    if (best.length > limit) best.pop();
  }
  return best;
}
