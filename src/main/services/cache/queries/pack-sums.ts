/**
 * Range sums over the day packs (cache/day-packs.ts): per creator and per org. One row per billing day (or two
 * snapshots, and for orgs the days at the ends) comes out of SQLite; the grouping is a pass over typed arrays
 * indexed by interned key.
 */
import { addDaysTo, daysInRange, eachDay, monthBounds, type DayString } from '../../../../shared/billing-day';
import type { Logger } from '../../logger';
import { selectArrays, type Db } from '../connection';
import {
  addByKey,
  packKeys,
  readPacks,
  SNAPSHOT_EVERY_DAY,
  SNAPSHOT_OF,
  withDayPacks,
  type DailyKind,
  type DayPack,
} from '../day-packs';
import { VALID_CONSUMPTION } from '../rows';
import type { CostData } from '../../../../shared/dashboard';
import { fromMicroAcus, MICRO_ACUS_PER_ACU } from '../../../../shared/money';

/** Sums by key index; a key with no figures in the range has zeros (callers pick keys: inRankOrder, TopKeys). */
export interface KeySums {
  /** The id of each key index (`pack_keys`, or the answer's own list). */
  keys: readonly string[];
  micro: Float64Array;
  sessions: Float64Array;
}

/** Every key's sums over [from, to] from the packs of `kind`: its days, or two snapshots and the days between. */
function rangeSums(db: Db, kind: DailyKind, from: DayString, to: DayString): KeySums {
  const keys = packKeys(db);
  const micro = new Float64Array(keys.length);
  const sessions = new Float64Array(keys.length);
  const add = (p: DayPack, sign: 1 | -1) => addByKey(p, micro, sessions, sign);
  if (readsFewerByDays(db, kind, from, to)) for (const p of readPacks(db, kind, from, to)) add(p, 1);
  else {
    addUpTo(db, kind, to, add, 1);
    addUpTo(db, kind, addDaysTo(from, -1), add, -1);
  }
  return { keys, micro, sessions };
}

/**
 * Whether reading the range's days costs fewer entries than differencing two snapshots (each about every key)
 * plus, for month-end snapshots, the days between each end and its nearest one; from the packs' entry counts.
 */
function readsFewerByDays(db: Db, kind: DailyKind, from: DayString, to: DayString): boolean {
  const [[days = 0, snapshot = 0] = []] = selectArrays<[number, number | null]>(
    db,
    `SELECT (SELECT total(entries) FROM day_packs WHERE kind = :kind AND day BETWEEN :from AND :to),
            (SELECT entries FROM day_packs WHERE kind = :snapshot AND day <= :to ORDER BY day DESC LIMIT 1)`,
    { kind, snapshot: SNAPSHOT_OF[kind], from, to },
  );
  const perDay = days / daysInRange(from, to);
  const edge = (day: DayString) => {
    if (SNAPSHOT_EVERY_DAY[kind]) return 0;
    const { first, last } = monthBounds(day, 0);
    return Math.min(daysInRange(day, last) - 1, daysInRange(first, day));
  };
  return days <= 2 * (snapshot ?? 0) + perDay * (edge(to) + edge(addDaysTo(from, -1)));
}

/**
 * Adds (`sign` 1) or subtracts (-1) every key's sums through the end of billing day `day`: the newest snapshot up
 * to it when there is one at every pack day; else the month-end snapshot nearest to it, plus the days after that
 * snapshot or minus the days after `day` up to the next one.
 */
function addUpTo(db: Db, kind: DailyKind, day: DayString, add: (p: DayPack, sign: 1 | -1) => void, sign: 1 | -1): void {
  const snapshot = SNAPSHOT_OF[kind];
  const month = monthBounds(day, 0);
  if (!SNAPSHOT_EVERY_DAY[kind] && daysInRange(day, month.last) - 1 < daysInRange(month.first, day)) {
    // Closer to the month's end: its snapshot, less the days after `day` (when the month has a snapshot).
    const [end] = readPacks(db, snapshot, month.last, month.last);
    if (end) {
      add(end, sign);
      if (day < month.last) for (const p of readPacks(db, kind, addDaysTo(day, 1), month.last)) add(p, -sign as 1 | -1);
      return;
    }
  }
  // The newest snapshot up to `day` (or to the previous month's end), none before the first, plus the days after it.
  const [[base = null] = []] = selectArrays<[string | null]>(
    db,
    `SELECT max(day) FROM day_packs WHERE kind = :snapshot AND day <= :before`,
    { snapshot, before: SNAPSHOT_EVERY_DAY[kind] ? day : addDaysTo(month.first, -1) },
  );
  if (base !== null) for (const p of readPacks(db, snapshot, base, base)) add(p, sign);
  for (const p of readPacks(db, kind, base === null ? '0000-01-01' : addDaysTo(base, 1), day)) add(p, sign);
}

/** Only the key of `id`, as sums of that one key (zero when no pack mentions it). */
function onlyKey(sums: KeySums, id: string): KeySums {
  const k = sums.keys.indexOf(id);
  return {
    keys: [id],
    micro: Float64Array.of(k < 0 ? 0 : sums.micro[k]!),
    sessions: Float64Array.of(k < 0 ? 0 : sums.sessions[k]!),
  };
}

/**
 * Sessions and micro-ACUs per creator (key '' = no creator) of the sessions created in the range. Every org:
 * from the packs. One org: its session totals are already one index range (session_totals_org), a few rows per
 * day, where the packs would read every org's entries to find its own.
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
      micro: Float64Array.from(values, ([, micro]) => micro),
      sessions: Float64Array.from(values, ([, , n]) => n),
    };
  }
  return withDayPacks(db, log, () => rangeSums(db, 'creators', from, to));
}

/** Devin ACUs per org over the range (of one org when `orgId` is set). */
export function orgSums(db: Db, log: Logger, from: DayString, to: DayString, orgId: string | null): KeySums {
  const sums = withDayPacks(db, log, () => rangeSums(db, 'orgs', from, to));
  return orgId === null ? sums : onlyKey(sums, orgId);
}

/**
 * Per-day micro-ACUs of the orgs `ids` (one series each, zero-filled, from their consumption rows) and of every
 * other org together (each day's org pack sum less theirs).
 */
export function orgDailySplit(
  db: Db,
  from: DayString,
  to: DayString,
  ids: readonly string[],
): { series: Float64Array[]; rest: Float64Array } {
  const days = eachDay(from, to);
  const dayAt = new Map(days.map((d, i) => [d, i]));
  const series = ids.map(() => new Float64Array(days.length));
  const rest = new Float64Array(days.length);
  const slot = new Map(ids.map((id, i) => [id, i]));
  for (const [day, micro] of selectArrays<[string, number]>(
    db,
    `SELECT day, micro_acus FROM day_packs WHERE kind = 'orgs' AND day BETWEEN :from AND :to`,
    { from, to },
  )) {
    const d = dayAt.get(day);
    if (d !== undefined) rest[d] = micro;
  }
  for (const [scope, day, micro] of selectArrays<[string, string, number]>(
    db,
    // The packs' own rounding (day-packs.ts), so "the rest" is exact.
    `SELECT c.scope, c.day, total(round(c.acus * ${MICRO_ACUS_PER_ACU})) FROM consumption c
     WHERE c.scope IN (SELECT value FROM json_each(:ids)) AND c.day BETWEEN :from AND :to AND ${VALID_CONSUMPTION}
     GROUP BY c.scope, c.day`,
    { ids: JSON.stringify(ids), from, to },
  )) {
    const d = dayAt.get(day);
    const s = slot.get(scope);
    if (d === undefined || s === undefined) continue;
    series[s]![d] = micro;
    rest[d]! -= micro;
  }
  return { series, rest };
}

/**
 * ACUs per month (`YYYY-MM` of the billing day) and org with ACUs over the whole months from `from`'s to `to`'s,
 * one org or all, named by `nameOf`: by month, then ACUs descending, ties by org id. Each month is its month-end
 * snapshot less the previous one (a month with none has no ACUs: before the first figure or after the last).
 */
export function monthlyOrgSums(
  db: Db,
  log: Logger,
  from: DayString,
  to: DayString,
  orgId: string | null,
  nameOf: (orgId: string) => string,
): CostData['monthlyByOrg'] {
  return withDayPacks(db, log, () => {
    const keys = packKeys(db);
    const first = monthBounds(from, 0).first;
    const snapshots = new Map(readPacks(db, 'orgs_cum', addDaysTo(first, -1), to).map((p) => [p.day, p]));
    const out: CostData['monthlyByOrg'] = [];
    // One set of sums for every month, cleared after each (a snapshot names a few hundred orgs of every key).
    const sums: KeySums = { keys, micro: new Float64Array(keys.length), sessions: new Float64Array(0) };
    for (let month = monthBounds(first, 0); month.first <= to; month = monthBounds(month.first, 1)) {
      const end = snapshots.get(month.last);
      if (!end) continue;
      const before = snapshots.get(addDaysTo(month.first, -1));
      addByKey(end, sums.micro, sums.sessions, 1);
      if (before) addByKey(before, sums.micro, sums.sessions, -1);
      const withAcus: number[] = [];
      for (const k of end.org) if (sums.micro[k]! > 0 && (orgId === null || keys[k] === orgId)) withAcus.push(k);
      const label = month.first.slice(0, 7);
      for (const k of inRankOrder(sums, withAcus))
        out.push({ month: label, orgId: keys[k]!, name: nameOf(keys[k]!), acus: fromMicroAcus(sums.micro[k]!) });
      for (const p of before ? [end, before] : [end]) for (const k of p.org) sums.micro[k] = 0;
    }
    return out;
  });
}

/**
 * The `limit` largest keys offered, in the panels' order, kept in a short sorted list: 20,000 people need not be
 * sorted to find the top 15, and once the list is full most of them cost one comparison with its last sum.
 */
export class TopKeys {
  readonly keys: number[] = [];
  private last = -Infinity;
  private readonly byRank: (a: number, b: number) => number;

  constructor(
    private readonly sums: KeySums,
    private readonly limit: number,
  ) {
    this.byRank = rankOrder(sums);
  }

  offer(k: number): void {
    const { keys, limit, byRank } = this;
    if (this.sums.micro[k]! < this.last || (keys.length === limit && byRank(k, keys[limit - 1]!) >= 0)) return;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byRank(keys[mid]!, k) < 0) lo = mid + 1;
      else hi = mid;
    }
    keys.splice(lo, 0, k);
    if (keys.length > limit) keys.pop();
    if (keys.length === limit) this.last = this.sums.micro[keys[limit - 1]!]!;
  }

  /** Once the list is full, the sum of its last key: a key below it cannot get in, so callers may skip `offer`. */
  get floor(): number {
    return this.last;
  }
}

/** The panels' order of key indexes: largest micro-ACUs first, ties by id. */
function rankOrder({ micro, keys }: KeySums): (a: number, b: number) => number {
  return (a, b) => micro[b]! - micro[a]! || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0);
}

/**
 * `ks` in the panels' order (rankOrder; `ks` itself may be reordered). For the first few of many, see TopKeys. Micro-ACU sums are whole numbers, so each key packs into one double
 * (minus its sum × a power of two above every index, plus the index) and a numeric sort of those does the work of
 * thousands of comparator calls (400 orgs × 7 months in the cost view). Equal sums come out by index; those runs
 * are then put in id order. A sum too large to pack exactly (over 2^53 ÷ the power of two) falls back to the
 * comparator.
 */
export function inRankOrder(sums: KeySums, ks: number[]): number[] {
  const { micro, keys } = sums;
  const width = 2 ** Math.ceil(Math.log2(keys.length + 1));
  const packed = new Float64Array(ks.length);
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i]!;
    const m = micro[k]!;
    if (!Number.isInteger(m) || !Number.isSafeInteger(Math.abs(m) * width + width)) return ks.sort(rankOrder(sums));
    packed[i] = -m * width + k;
  }
  packed.sort();
  const out: number[] = new Array<number>(ks.length);
  // Exact: dividing by a power of two loses nothing, and 0 ≤ index < width.
  for (let i = 0; i < packed.length; i++) out[i] = packed[i]! - Math.floor(packed[i]! / width) * width;
  const byId = (a: number, b: number) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0);
  for (let i = 0; i < out.length; ) {
    let j = i + 1;
    while (j < out.length && micro[out[j]!] === micro[out[i]!]) j++;
    if (j - i > 1) out.splice(i, j - i, ...out.slice(i, j).sort(byId));
    i = j;
  }
  return out;
}
