/**
 * Day packs (issue 11): per billing day, the figures the dashboard and cost view group by person or by org,
 * packed into one BLOB of typed arrays, so a range costs one row per day and a pass over numbers, however many
 * people and orgs an enterprise has. A range's top users over 20,000 people, or its per-org totals over 400
 * orgs, are then a few milliseconds of arithmetic instead of a GROUP BY over hundreds of thousands of rows.
 *
 * Four kinds, all derived data kept beside their source in the same transaction:
 *   - `creators`: the session totals (cache/aggregates.ts) per org × creator, summed over statuses;
 *   - `orgs`: the Devin ACUs per org scope (`consumption`, every scope but the enterprise's);
 *   - `creators_cum`: a snapshot per creator of every entry up to the end of each day that has a `creators` pack,
 *     dense (by key index), so any range's per-creator sums are two snapshots apart: two straight passes over
 *     every key (20,000 people at enterprise scale), however many sessions its days hold;
 *   - `orgs_cum`: the same per org at month ends only (`day` = the month's last day), so a long range's sums are
 *     two snapshots apart plus at most half a month of days at each end (an org pack is a few hundred entries).
 * Each row stores its entry count and sums, checked against the source at open and against the decoded arrays
 * at every read: a pack that disagrees is rebuilt, never shown.
 *
 * Ids are interned in `pack_keys`. Rows there are only ever added, so an index keeps its meaning for the life
 * of the file. Arrays use the machine's byte order: the cache never leaves the machine that wrote it.
 */
import { monthBounds, type DayString } from '../../../shared/billing-day';
import { MICRO_ACUS_PER_ACU } from '../../../shared/money';
import type { Logger } from '../logger';
import { inWriteTransaction, selectArrays, type Db } from './connection';
import { VALID_CONSUMPTION } from './rows';
import { ENTERPRISE_SCOPE } from './types';

export const DAY_PACKS_SCHEMA = `
CREATE TABLE pack_keys (idx INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE day_packs (
  kind TEXT NOT NULL,        -- 'creators' | 'orgs'
  day TEXT NOT NULL,         -- billing day, YYYY-MM-DD
  entries INTEGER NOT NULL,
  sessions INTEGER NOT NULL, -- sum of the entries (0 for 'orgs')
  micro_acus INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (kind, day)
);
`;

export type PackKind = 'creators' | 'orgs' | 'creators_cum' | 'orgs_cum';
/** The day-pack kinds that have snapshots. */
export type DailyKind = 'creators' | 'orgs';
/** The snapshot kind of each daily kind. */
export const SNAPSHOT_OF: Record<DailyKind, PackKind> = { creators: 'creators_cum', orgs: 'orgs_cum' };
/** Whether a daily kind has a snapshot at every day it has a pack (else at month ends). */
export const SNAPSHOT_EVERY_DAY: Record<DailyKind, boolean> = { creators: true, orgs: false };
/** Whether a kind's entries are keyed by org (else by creator, with sessions). */
const byOrg = (kind: PackKind) => kind === 'orgs' || kind === 'orgs_cum';

/**
 * The decoded entries of one day: `org[i]` or `creator[i]` index `pack_keys`. A creator snapshot is dense instead:
 * entry `i` is key index `i` (every key known when it was written, zero for most), and `org`/`creator` are empty.
 */
export interface DayPack {
  kind: PackKind;
  day: DayString;
  n: number;
  /** The sums stored beside the bytes. */
  sumSessions: number;
  sumMicro: number;
  micro: Float64Array;
  org: Uint32Array;
  creator: Uint32Array;
  sessions: Uint32Array;
}

const EMPTY = new Uint32Array(0);
/**
 * Bytes per entry: micro-ACUs (f64) and org (u32), plus creator and sessions (u32 each) for `creators`; micro-ACUs
 * and sessions for a dense creator snapshot, which needs no index (adding it is a straight pass, no scatter).
 */
const ENTRY_BYTES: Record<PackKind, number> = { creators: 20, orgs: 12, creators_cum: 12, orgs_cum: 12 };
const isDense = (kind: PackKind) => kind === 'creators_cum';

class CorruptPackError extends Error {
  constructor(
    readonly kind: PackKind,
    readonly day: string,
    why: string,
  ) {
    super(`the ${kind} pack of ${day} is unusable: ${why}`);
    this.name = 'CorruptPackError';
  }
}

/** A dense creator snapshot: micro-ACUs and sessions by key index. */
function encodeDense(micro: Float64Array, sessions: Float64Array): Uint8Array {
  const n = micro.length;
  const buf = new ArrayBuffer(n * ENTRY_BYTES.creators_cum);
  new Float64Array(buf, 0, n).set(micro);
  new Uint32Array(buf, 8 * n, n).set(sessions);
  return new Uint8Array(buf);
}

function encode(kind: PackKind, micro: number[], org: number[], creator: number[], sessions: number[]): Uint8Array {
  const n = micro.length;
  const buf = new ArrayBuffer(n * ENTRY_BYTES[kind]);
  new Float64Array(buf, 0, n).set(micro);
  new Uint32Array(buf, 8 * n, n).set(org);
  if (!byOrg(kind)) {
    new Uint32Array(buf, 12 * n, n).set(creator);
    new Uint32Array(buf, 16 * n, n).set(sessions);
  }
  return new Uint8Array(buf);
}

function decode(
  kind: PackKind,
  day: string,
  entries: number,
  data: unknown,
): Pick<DayPack, 'day' | 'n' | 'micro' | 'org' | 'creator' | 'sessions'> {
  if (!(data instanceof Uint8Array)) throw new CorruptPackError(kind, day, 'not a BLOB');
  const n = entries;
  if (!Number.isInteger(n) || n < 0 || data.byteLength !== n * ENTRY_BYTES[kind])
    throw new CorruptPackError(kind, day, `${data.byteLength} bytes for ${String(entries)} entries`);
  // Typed views need aligned offsets; SQLite hands out a fresh buffer, but copy rather than assume.
  const bytes = data.byteOffset % 8 === 0 ? data : data.slice();
  const { buffer, byteOffset } = bytes;
  if (isDense(kind))
    return {
      day: day as DayString,
      n,
      micro: new Float64Array(buffer, byteOffset, n),
      org: EMPTY,
      creator: EMPTY,
      sessions: new Uint32Array(buffer, byteOffset + 8 * n, n),
    };
  const creators = !byOrg(kind);
  return {
    day: day as DayString,
    n,
    micro: new Float64Array(buffer, byteOffset, n),
    org: new Uint32Array(buffer, byteOffset + 8 * n, n),
    creator: creators ? new Uint32Array(buffer, byteOffset + 12 * n, n) : EMPTY,
    sessions: creators ? new Uint32Array(buffer, byteOffset + 16 * n, n) : EMPTY,
  };
}

/** Writes the packs of `kind` from `rows` ([day, org idx, creator idx, sessions, micro], ordered by day). */
function writePacks(db: Db, kind: PackKind, rows: [string, number, number, number, number][]): void {
  const insert = db.stmt(
    'INSERT INTO day_packs (kind, day, entries, sessions, micro_acus, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  let day: string | null = null;
  let micro: number[] = [];
  let org: number[] = [];
  let creator: number[] = [];
  let sessions: number[] = [];
  const flush = () => {
    if (day === null) return;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    insert.run(kind, day, micro.length, sum(sessions), sum(micro), encode(kind, micro, org, creator, sessions));
    micro = [];
    org = [];
    creator = [];
    sessions = [];
  };
  for (const [d, o, c, s, m] of rows) {
    if (d !== day) {
      flush();
      day = d;
    }
    micro.push(m);
    org.push(o);
    creator.push(c);
    sessions.push(s);
  }
  flush();
}

/**
 * Rebuilds the `creators` packs of the days `daysSql` selects (a query of one `day` column over the session
 * totals' billing days), from `session_totals`, and the snapshots from the first of them on. Call it
 * after the totals of those days are final.
 */
export function refreshCreatorPacks(db: Db, daysSql: string): void {
  db.stmt(
    `INSERT OR IGNORE INTO pack_keys (key)
     SELECT org_id FROM session_totals WHERE day IN (${daysSql})
     UNION SELECT creator FROM session_totals WHERE day IN (${daysSql})`,
  ).run();
  db.stmt(`DELETE FROM day_packs WHERE kind = 'creators' AND day IN (${daysSql})`).run();
  const rows = selectArrays<[string, number, number, number, number]>(
    db,
    `SELECT t.day, ko.idx, kc.idx, sum(t.sessions), sum(t.micro_acus)
     FROM session_totals t JOIN pack_keys ko ON ko.key = t.org_id JOIN pack_keys kc ON kc.key = t.creator
     WHERE t.day IN (${daysSql})
     GROUP BY t.day, t.org_id, t.creator ORDER BY t.day`,
  );
  writePacks(db, 'creators', rows);
  const [[since = null] = []] = selectArrays<[DayString | null]>(db, `SELECT min(day) FROM (${daysSql})`);
  if (since !== null) refreshSnapshots(db, 'creators', since);
}

/** Rebuilds the `orgs` packs of the billing days in [from, to], from the org scopes' `consumption` rows. */
export function refreshOrgPacks(db: Db, from: DayString, to: DayString): void {
  const where = `c.day BETWEEN :from AND :to AND c.scope <> '${ENTERPRISE_SCOPE}' AND ${VALID_CONSUMPTION}`;
  db.stmt(`INSERT OR IGNORE INTO pack_keys (key) SELECT DISTINCT c.scope FROM consumption c WHERE ${where}`).run({
    from,
    to,
  });
  db.stmt(`DELETE FROM day_packs WHERE kind = 'orgs' AND day BETWEEN :from AND :to`).run({ from, to });
  const rows = selectArrays<[string, number, number, number, number]>(
    db,
    // The same micro-ACU rounding as sumMicroAcus, so a pack's sum equals the SQL sum of its rows.
    `SELECT c.day, k.idx, 0, 0, total(round(c.acus * ${MICRO_ACUS_PER_ACU}))
     FROM consumption c JOIN pack_keys k ON k.key = c.scope
     WHERE ${where} GROUP BY c.day, c.scope ORDER BY c.day`,
    { from, to },
  );
  writePacks(db, 'orgs', rows);
  refreshSnapshots(db, 'orgs', from);
}

/**
 * Adds (or with `sign` -1 subtracts) a pack's entries into per-key sums — by creator, with sessions, or by org —
 * checking it against its stored sums.
 */
export function addByKey(p: DayPack, micro: Float64Array, sessions: Float64Array, sign: 1 | -1): void {
  const size = micro.length;
  if (isDense(p.kind)) {
    if (p.n > size) throw new CorruptPackError(p.kind, p.day, `${p.n} keys, ${size} known`);
    let packMicro = 0;
    let packSessions = 0;
    for (let k = 0; k < p.n; k++) {
      packMicro += p.micro[k]!;
      packSessions += p.sessions[k]!;
      micro[k]! += sign * p.micro[k]!;
      sessions[k]! += sign * p.sessions[k]!;
    }
    checkPackSums(p, packMicro, packSessions);
    return;
  }
  const group = byOrg(p.kind) ? p.org : p.creator;
  const counted = !byOrg(p.kind);
  let packMicro = 0;
  let packSessions = 0;
  for (let i = 0; i < p.n; i++) {
    const k = group[i]!;
    if (k >= size) throw new CorruptPackError(p.kind, p.day, `key ${k} is unknown`);
    packMicro += p.micro[i]!;
    micro[k]! += sign * p.micro[i]!;
    if (counted) {
      packSessions += p.sessions[i]!;
      sessions[k]! += sign * p.sessions[i]!;
    }
  }
  checkPackSums(p, packMicro, packSessions);
}

/**
 * Rebuilds the snapshots of `kind` (at every pack day or at month ends, SNAPSHOT_EVERY_DAY) from the day of
 * `fromDay` on (all when null), from its day packs: each is the previous snapshot plus the days since. Call it
 * after the day packs are final; a changed day changes every snapshot after it.
 */
function refreshSnapshots(db: Db, kind: DailyKind, fromDay: DayString | null): void {
  const snapshot = SNAPSHOT_OF[kind];
  const daily = SNAPSHOT_EVERY_DAY[kind];
  const [[first = null, last = null] = []] = selectArrays<[string | null, string | null]>(
    db,
    `SELECT min(day), max(day) FROM day_packs WHERE kind = :kind`,
    { kind },
  );
  if (first === null || last === null) {
    db.stmt(`DELETE FROM day_packs WHERE kind = :snapshot`).run({ snapshot });
    return;
  }
  const from = fromDay !== null && fromDay > first ? fromDay : first;
  const start = daily ? from : monthBounds(from, 0).first;
  db.stmt(`DELETE FROM day_packs WHERE kind = :snapshot AND (day >= :start OR day < :first)`).run({
    snapshot,
    start,
    first: daily ? first : monthBounds(first, 0).first,
  });
  const keys = packKeys(db);
  const micro = new Float64Array(keys.length);
  const sessions = new Float64Array(keys.length);
  const [[base = null] = []] = selectArrays<[DayString | null]>(
    db,
    'SELECT max(day) FROM day_packs WHERE kind = :snapshot AND day < :start',
    { snapshot, start },
  );
  if (base !== null) for (const p of readPacks(db, snapshot, base, base)) addByKey(p, micro, sessions, 1);
  const insert = db.stmt(
    'INSERT INTO day_packs (kind, day, entries, sessions, micro_acus, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const write = (day: DayString) => {
    if (isDense(snapshot)) {
      let m = 0;
      let s = 0;
      for (let k = 0; k < keys.length; k++) {
        m += micro[k]!;
        s += sessions[k]!;
      }
      insert.run(snapshot, day, keys.length, s, m, encodeDense(micro, sessions));
      return;
    }
    // Orgs are listed once they have ACUs.
    const at: number[] = [];
    for (let k = 0; k < keys.length; k++) if (micro[k]! > 0) at.push(k);
    const m = at.map((k) => micro[k]!);
    insert.run(snapshot, day, at.length, 0, sum(m), encode(snapshot, m, at, [], []));
  };
  if (daily) {
    // One day's pack at a time: a year of a large enterprise's packs is tens of megabytes.
    const days = selectArrays<[DayString]>(db, 'SELECT day FROM day_packs WHERE kind = :kind AND day >= :start ORDER BY day', {
      kind,
      start,
    });
    for (const [day] of days) {
      for (const p of readPacks(db, kind, day, day)) addByKey(p, micro, sessions, 1);
      write(day);
    }
    return;
  }
  for (let month = monthBounds(start, 0); month.first <= last; month = monthBounds(month.first, 1)) {
    for (const p of readPacks(db, kind, month.first, month.last)) addByKey(p, micro, sessions, 1);
    write(month.last);
  }
}

const ALL_DAYS: { from: DayString; to: DayString } = { from: '0000-01-01' as DayString, to: '9999-12-31' as DayString };

/** Every pack, from the sources (the migration, and the repair at open). */
export function rebuildDayPacks(db: Db): void {
  db.stmt('DELETE FROM day_packs').run();
  refreshCreatorPacks(db, 'SELECT DISTINCT day FROM session_totals');
  refreshOrgPacks(db, ALL_DAYS.from, ALL_DAYS.to);
}

/** A recursive CTE `name (first, last)` of every month from the first to the last day of `days`. */
const monthsOf = (name: string, days: string) => `${name} (first, last) AS (
  SELECT date(min(day), 'start of month'), date(min(day), 'start of month', '+1 month', '-1 day') FROM ${days}
  UNION ALL
  SELECT date(first, '+1 month'), date(first, '+2 month', '-1 day') FROM ${name}
  WHERE first < (SELECT date(max(day), 'start of month') FROM ${days}))`;

/**
 * Days whose packs disagree with their sources, both ways (a missing or an extra pack counts): per day, the
 * sessions and micro-ACUs of the `creators` pack against the all-orgs status totals (themselves checked against
 * the rows, cache/aggregates.ts), those of each snapshot against the totals up to its day, and the
 * micro-ACUs of the `orgs` pack against the org scopes' consumption.
 * A pack whose bytes disagree with its own sums is caught when it is read (`checkPackSums`).
 */
export function mismatchedPackDays(db: Db): { kind: PackKind; day: string }[] {
  return db
    .stmt(
      `WITH RECURSIVE
       creator_days AS (SELECT day, sum(sessions) AS s, sum(micro_acus) AS m FROM session_status_totals
                        WHERE org_id = '' GROUP BY day),
       org_days AS (SELECT c.day, 0 AS s, total(round(c.acus * ${MICRO_ACUS_PER_ACU})) AS m FROM consumption c
                    WHERE c.scope <> '${ENTERPRISE_SCOPE}' AND ${VALID_CONSUMPTION} GROUP BY c.day),
       ${monthsOf('org_months', 'org_days')},
       src AS (
         SELECT 'creators' AS kind, day, s, m FROM creator_days
         UNION ALL
         SELECT 'creators_cum', day, sum(s) OVER (ORDER BY day), sum(m) OVER (ORDER BY day) FROM creator_days
         UNION ALL
         SELECT 'orgs', day, s, m FROM org_days
         UNION ALL
         -- A snapshot lists the orgs with ACUs; its sum is every org's all the same.
         SELECT 'orgs_cum', x.last, 0, (SELECT total(m) FROM org_days WHERE day <= x.last)
         FROM org_months x WHERE x.first IS NOT NULL),
       packs AS (SELECT kind, day, sessions AS s, micro_acus AS m FROM day_packs)
       SELECT kind, day FROM (SELECT * FROM src EXCEPT SELECT * FROM packs)
       UNION SELECT kind, day FROM (SELECT * FROM packs EXCEPT SELECT * FROM src)`,
    )
    .all() as { kind: PackKind; day: string }[];
}

/** Rebuilds every pack in one transaction (the repair, at open or when a read finds a pack unusable). */
function repairDayPacks(db: Db, log: Logger, why: string): void {
  log.warn('day packs disagreed with their rows; rebuilding them', { why });
  inWriteTransaction(db, () => rebuildDayPacks(db));
}

/** At open: packs that disagree with their sources are rebuilt before anything reads them. */
export function verifyDayPacks(db: Db, log: Logger): void {
  const bad = mismatchedPackDays(db);
  if (bad.length > 0) repairDayPacks(db, log, `${bad.length} day(s), e.g. the ${bad[0]!.kind} pack of ${bad[0]!.day}`);
}

/**
 * Runs a read of packs; a pack found unusable is never shown: every pack is rebuilt from its sources and the
 * read runs again (outside a transaction; inside one, the error stands and the caller's transaction fails).
 */
export function withDayPacks<T>(db: Db, log: Logger, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof CorruptPackError) || db.raw.isTransaction) throw err;
    repairDayPacks(db, log, err.message);
    return read();
  }
}

/**
 * The decoded packs of `kind` for the billing days in [from, to], oldest first. Their entries are checked against
 * their stored sums by whoever reads them all (`checkPackSums`), in the same pass.
 */
export function readPacks(db: Db, kind: PackKind, from: DayString, to: DayString): DayPack[] {
  const rows = selectArrays<[string, number, number, number, unknown]>(
    db,
    `SELECT day, entries, sessions, micro_acus, data FROM day_packs
     WHERE kind = :kind AND day BETWEEN :from AND :to ORDER BY day`,
    { kind, from, to },
  );
  return rows.map(([day, entries, sessions, micro, data]) => ({
    ...decode(kind, day, entries, data),
    kind,
    sumSessions: sessions,
    sumMicro: micro,
  }));
}

/** Throws when a pack's entries, as a reader added them up, are not its stored sums (damaged bytes). */
function checkPackSums(p: DayPack, micro: number, sessions: number): void {
  if (micro !== p.sumMicro || sessions !== p.sumSessions)
    throw new CorruptPackError(p.kind, p.day, 'its entries do not add up to its sums');
}

/** The interned ids by index, grown as packs add keys (an index never changes meaning, see above). */
const keyNames = new WeakMap<Db, string[]>();

/** The id of every key index, up to the newest. */
export function packKeys(db: Db): readonly string[] {
  // Inside a transaction a key may still be rolled back: read it, but do not remember it.
  const remember = !db.raw.isTransaction;
  const known = (remember && keyNames.get(db)) || [];
  const added = selectArrays<[number, string]>(db, 'SELECT idx, key FROM pack_keys WHERE idx >= :from ORDER BY idx', {
    from: String(known.length),
  });
  if (added.length === 0) return known;
  const keys = remember ? known : [...known];
  for (const [idx, key] of added) keys[idx] = key;
  if (remember) keyNames.set(db, keys);
  return keys;
}
