/**
 * Session totals kept at sync time (issue 11): sessions and exact micro-ACUs per billing day × org × creator ×
 * status, so the dashboard's session figures cost O(days × groups) instead of a scan of every session in range.
 * They are derived data: rebuilt from the rows whenever the rows of a day change (in the writer's transaction),
 * and checked against the rows at open, where a disagreement (an interrupted rebuild, a hand edit) is rebuilt
 * before any query can show it.
 */
import type { DatabaseSync } from 'node:sqlite';
import { BILLING_DAY_OFFSET_SECONDS, DAY_SECONDS } from '../../../shared/billing-day';
import { MICRO_ACUS_PER_ACU } from '../../../shared/money';
import { inWriteTransaction, type Db } from './connection';
import type { Logger } from '../logger';
import { refreshActiveUserBuckets, utcDaysOfBillingDays } from './active-user-buckets';
import { refreshCreatorPacks } from './day-packs';
import { VALID_SESSION } from './rows';

/** SQL for the billing day (YYYY-MM-DD) of a session row (alias `s`), as `billingDayOf` computes it. */
const SESSION_DAY = `date(s.created_at - ${BILLING_DAY_OFFSET_SECONDS}, 'unixepoch')`;
/** The creator column of the totals: the user, else the service user, else '' (a key column cannot be NULL). */
const CREATOR = `coalesce(s.user_id, s.service_user_id, '')`;
const MICRO = `CAST(total(round(s.acus * ${MICRO_ACUS_PER_ACU})) AS INTEGER)`;

export const SESSION_TOTALS_SCHEMA = `
CREATE TABLE session_totals (
  day TEXT NOT NULL,      -- billing day, YYYY-MM-DD
  org_id TEXT NOT NULL,
  creator TEXT NOT NULL,  -- user_id, else service_user_id, else ''
  status TEXT NOT NULL,
  sessions INTEGER NOT NULL,
  micro_acus INTEGER NOT NULL,
  PRIMARY KEY (day, org_id, creator, status)
) WITHOUT ROWID;
-- One org's days without reading the others'.
CREATE INDEX session_totals_org ON session_totals (org_id, day, creator, status, sessions, micro_acus);

-- The same per day × org × status, plus org_id '' for every org together: the counts that need no creator
-- (sessions, the status menu) read a few rows per day, however many people and orgs there are.
CREATE TABLE session_status_totals (
  org_id TEXT NOT NULL,   -- '' = every org
  day TEXT NOT NULL,
  status TEXT NOT NULL,
  sessions INTEGER NOT NULL,
  micro_acus INTEGER NOT NULL,
  PRIMARY KEY (org_id, day, status)
) WITHOUT ROWID;
`;

/** The status rollup of `session_totals` (alias `t`) for the days `where` selects. */
const STATUS_ROLLUP = (where: string) => `
SELECT t.org_id, t.day, t.status, sum(t.sessions) AS sessions, sum(t.micro_acus) AS micro_acus
FROM session_totals t WHERE ${where} GROUP BY t.org_id, t.day, t.status
UNION ALL
SELECT '', t.day, t.status, sum(t.sessions), sum(t.micro_acus)
FROM session_totals t WHERE ${where} GROUP BY t.day, t.status`;

const INSERT_STATUS_TOTALS = (where: string) =>
  `INSERT INTO session_status_totals (org_id, day, status, sessions, micro_acus) ${STATUS_ROLLUP(where)}`;

const INSERT_TOTALS = (where: string) => `
INSERT INTO session_totals (day, org_id, creator, status, sessions, micro_acus)
SELECT ${SESSION_DAY} AS d, s.org_id, ${CREATOR} AS c, s.status, count(*), ${MICRO}
FROM sessions s WHERE ${where} AND ${VALID_SESSION} AND typeof(s.created_at) IN ('integer', 'real')
GROUP BY d, s.org_id, c, s.status`;

/** How far a long fill is: billing days done of all the rows span. */
export type FillProgress = (done: number, total: number) => void;

const FILL_BATCH_DAYS = 7;
/** A usable numeric creation time, as a range on the index (text and blobs sort above every number). */
const NUMERIC_CREATED = 's.created_at BETWEEN -1e300 AND 1e300';

/**
 * Fills the (empty) totals from the rows a batch of billing days at a time, so the migration or repair of a large
 * cache can say how far it is; the caller's transaction still makes it all or nothing. Empty stretches are
 * skipped, so a far-off hand-edited date costs one batch, not one per day in between.
 */
export function fillSessionTotalsInBatches(db: DatabaseSync, onProgress: FillProgress = () => undefined): void {
  const edge = (order: 'ASC' | 'DESC', from = -1e300) =>
    db
      .prepare(`SELECT s.created_at AS t FROM sessions s WHERE ${NUMERIC_CREATED} AND s.created_at >= ? ORDER BY s.created_at ${order} LIMIT 1`)
      .get(from)?.t as number | undefined;
  const first = edge('ASC');
  const last = edge('DESC');
  if (first === undefined || last === undefined) return onProgress(0, 0);
  const dayStart = (t: number) => Math.floor((t - BILLING_DAY_OFFSET_SECONDS) / DAY_SECONDS) * DAY_SECONDS + BILLING_DAY_OFFSET_SECONDS;
  const start = dayStart(first);
  const total = Math.floor((last - start) / DAY_SECONDS) + 1;
  const totals = db.prepare(INSERT_TOTALS('s.created_at >= :lo AND s.created_at < :hi'));
  const day = (param: string) => `date(${param} - ${BILLING_DAY_OFFSET_SECONDS}, 'unixepoch')`;
  const statusTotals = db.prepare(INSERT_STATUS_TOTALS(`t.day >= ${day(':lo')} AND t.day < ${day(':hi')}`));
  onProgress(0, total);
  for (let lo: number | undefined = start; lo !== undefined; ) {
    const hi = lo + FILL_BATCH_DAYS * DAY_SECONDS;
    totals.run({ lo, hi });
    statusTotals.run({ lo, hi });
    onProgress(Math.min(total, (hi - start) / DAY_SECONDS), total);
    const next = edge('ASC', hi);
    lo = next === undefined ? undefined : dayStart(next);
  }
}

/** Rebuilds every total from the rows (the repair at open), saying how far it is. */
export function rebuildSessionTotals(db: Db, onProgress?: FillProgress): void {
  db.stmt('DELETE FROM session_totals').run();
  db.stmt('DELETE FROM session_status_totals').run();
  fillSessionTotalsInBatches(db.raw, onProgress);
  db.stmt(`DELETE FROM day_packs WHERE kind = 'creators'`).run();
  refreshCreatorPacks(db, 'SELECT DISTINCT day FROM session_totals');
}

/** The connection-private list of billing days whose rows changed in the current transaction. */
function ensureDirtyDays(db: Db): void {
  db.raw.exec('CREATE TEMP TABLE IF NOT EXISTS dirty_days (day TEXT PRIMARY KEY) WITHOUT ROWID');
}

/** Marks the days of the staged sessions, and the days their stored versions were in, as changing. */
export function markStagedDays(db: Db): void {
  ensureDirtyDays(db);
  db.stmt(
    `INSERT OR IGNORE INTO temp.dirty_days (day)
     SELECT ${SESSION_DAY} FROM temp.staged_sessions s
     UNION SELECT ${SESSION_DAY} FROM sessions s WHERE s.session_id IN (SELECT session_id FROM temp.staged_sessions)`,
  ).run();
}

/** Marks the billing days overlapping [timeAfter, timeBefore) as changing. */
export function markWindowDays(db: Db, timeAfter: number, timeBefore: number): void {
  ensureDirtyDays(db);
  db.stmt(
    `WITH RECURSIVE d(t) AS (SELECT :lo UNION ALL SELECT t + 86400 FROM d WHERE t + 86400 < :hi)
     INSERT OR IGNORE INTO temp.dirty_days (day) SELECT date(t - ${BILLING_DAY_OFFSET_SECONDS}, 'unixepoch') FROM d`,
  ).run({ lo: timeAfter, hi: timeBefore });
  // The last partial day, when the window does not end on a day boundary.
  db.stmt(
    `INSERT OR IGNORE INTO temp.dirty_days (day) VALUES (date(:t - ${BILLING_DAY_OFFSET_SECONDS}, 'unixepoch'))`,
  ).run({
    t: timeBefore - 1,
  });
}

/** Recomputes the totals of the marked days from the rows and clears the marks. */
export function refreshDirtyDays(db: Db): void {
  ensureDirtyDays(db);
  db.stmt('DELETE FROM session_totals WHERE day IN (SELECT day FROM temp.dirty_days)').run();
  const days = db.stmt('SELECT day FROM temp.dirty_days').all() as { day: string }[];
  const insert = db.stmt(INSERT_TOTALS('s.created_at >= :lo AND s.created_at < :hi'));
  for (const { day } of days) {
    const lo = Date.parse(`${day}T00:00:00Z`) / 1000 + BILLING_DAY_OFFSET_SECONDS;
    if (Number.isFinite(lo)) insert.run({ lo, hi: lo + 86_400 });
  }
  const dirty = 't.day IN (SELECT day FROM temp.dirty_days)';
  db.stmt('DELETE FROM session_status_totals WHERE day IN (SELECT day FROM temp.dirty_days)').run();
  db.stmt(INSERT_STATUS_TOTALS(dirty)).run();
  refreshCreatorPacks(db, 'SELECT day FROM temp.dirty_days');
  refreshActiveUserBuckets(db, utcDaysOfBillingDays(days.map((d) => d.day)));
  db.stmt('DELETE FROM temp.dirty_days').run();
}

/**
 * Days whose totals disagree with their rows: per day, the session count, micro-ACU sum and org count of both
 * sides, and the status rollup against the totals it sums, row for row. Empty when the totals can be trusted.
 */
export function mismatchedDays(db: Db): string[] {
  const rows = db
    .stmt(
      `WITH r AS (SELECT ${SESSION_DAY} AS day, count(*) AS n, ${MICRO} AS m, count(DISTINCT s.org_id) AS o
                  FROM sessions s WHERE ${VALID_SESSION} AND typeof(s.created_at) IN ('integer', 'real') GROUP BY 1),
            t AS (SELECT day, sum(sessions) AS n, sum(micro_acus) AS m, count(DISTINCT org_id) AS o
                  FROM session_totals GROUP BY day)
       SELECT r.day FROM r LEFT JOIN t USING (day) WHERE t.n IS NOT r.n OR t.m IS NOT r.m OR t.o IS NOT r.o
       UNION SELECT t.day FROM t LEFT JOIN r USING (day) WHERE r.day IS NULL
       UNION SELECT day FROM (SELECT * FROM (${STATUS_ROLLUP('true')}) EXCEPT SELECT * FROM session_status_totals)
       UNION SELECT day FROM (SELECT * FROM session_status_totals EXCEPT SELECT * FROM (${STATUS_ROLLUP('true')}))`,
    )
    .all() as { day: string }[];
  return rows.map((r) => r.day);
}

/**
 * The check at open, without the per-day grouping (a sort of every session): sessions and micro-ACUs of all rows
 * against the sums of the totals, the status rollup per org and its all-orgs rows, each one pass without a sort.
 * A broken, lost, extra or half-built total changes a sum; `mismatchedDays` is the thorough form.
 */
export function totalsDisagree(db: Db): boolean {
  const sums = (sql: string) => {
    const r = db.stmt(sql).get() as { n: number | null; m: number | null } | undefined;
    return `${r?.n ?? 0}/${r?.m ?? 0}`;
  };
  const rows = sums(
    `SELECT count(*) AS n, ${MICRO} AS m FROM sessions s
     WHERE ${VALID_SESSION} AND typeof(s.created_at) IN ('integer', 'real')`,
  );
  return [
    sums('SELECT total(sessions) AS n, total(micro_acus) AS m FROM session_totals'),
    sums(`SELECT total(sessions) AS n, total(micro_acus) AS m FROM session_status_totals WHERE org_id <> ''`),
    sums(`SELECT total(sessions) AS n, total(micro_acus) AS m FROM session_status_totals WHERE org_id = ''`),
  ].some((t) => t !== rows);
}

/** At open: totals that disagree with their rows are rebuilt (in one transaction) before anything reads them. */
export function verifySessionTotals(db: Db, log: Logger, onProgress?: FillProgress): void {
  if (!totalsDisagree(db)) return;
  log.warn('session totals disagreed with their rows; rebuilding them');
  inWriteTransaction(db, () => rebuildSessionTotals(db, onProgress));
}
