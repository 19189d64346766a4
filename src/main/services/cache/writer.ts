/**
 * The write side, used only inside `Cache.transaction`. Inputs are already-validated API values (or rows the
 * sync engine built from them); what the writer checks is the shape of its own arguments (days, windows), whose
 * misuse would otherwise silently delete the wrong rows.
 */
import { isDayString, type DayString } from '../../../shared/billing-day';
import type { DatasetName } from '../../../shared/dashboard';
import type { ApiSession } from '../../../shared/devin-api';
import type { AppError } from '../../../shared/ipc/result';
import { redact } from '../../../shared/redact';
import { markStagedDays, markWindowDays, refreshDirtyDays } from './aggregates';
import { refreshOrgPacks } from './day-packs';
import type { Db } from './connection';
import { readSyncState } from './queries/status';
import { ENTERPRISE_SCOPE, type CacheWriter, type ConsumptionRow, type SyncState } from './types';
import type { Logger } from '../logger';

const UPSERT_CONSUMPTION = `
INSERT INTO consumption (scope, day, acus, devin, cascade, terminal, review) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (scope, day) DO UPDATE SET acus = excluded.acus, devin = excluded.devin, cascade = excluded.cascade,
  terminal = excluded.terminal, review = excluded.review`;

const SESSION_COLUMNS = `session_id, org_id, user_id, service_user_id, title, status, status_detail, acus, created_at,
  updated_at, url, origin, category, subcategory, is_archived, tags, pull_requests, playbook_id, parent_session_id,
  child_session_ids`;

const STAGE_SESSION = `INSERT INTO temp.staged_sessions (${SESSION_COLUMNS})
VALUES (:session_id, :org_id, :user_id, :service_user_id, :title, :status, :status_detail, :acus, :created_at,
  :updated_at, :url, :origin, :category, :subcategory, :is_archived, :tags, :pull_requests, :playbook_id,
  :parent_session_id, :child_session_ids)`;

// `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
const APPLY_STAGED_SESSIONS = `
INSERT INTO sessions (${SESSION_COLUMNS})
SELECT ${SESSION_COLUMNS} FROM temp.staged_sessions WHERE true ORDER BY seq
ON CONFLICT (session_id) DO UPDATE SET org_id = excluded.org_id, user_id = excluded.user_id,
  service_user_id = excluded.service_user_id, title = excluded.title, status = excluded.status,
  status_detail = excluded.status_detail, acus = excluded.acus, created_at = excluded.created_at,
  updated_at = excluded.updated_at, url = excluded.url, origin = excluded.origin, category = excluded.category,
  subcategory = excluded.subcategory, is_archived = excluded.is_archived, tags = excluded.tags,
  pull_requests = excluded.pull_requests, playbook_id = excluded.playbook_id,
  parent_session_id = excluded.parent_session_id, child_session_ids = excluded.child_session_ids`;

/**
 * The PR and tag tables follow the applied sessions (read back from `sessions`, so a session staged twice
 * yields its final version), each row with its session's `created_at`. A PR listed twice by one session is
 * merged if either listing says so. `pr_merged` ("merged anywhere") is recomputed for every URL the staged
 * sessions listed before or list now, so it stays the same fact on every row of a URL.
 */
const REFRESH_SESSION_PRS = [
  `INSERT OR IGNORE INTO temp.touched_prs (pr_url)
   SELECT pr_url FROM session_prs WHERE session_id IN (SELECT session_id FROM temp.staged_sessions)`,
  `DELETE FROM session_prs WHERE session_id IN (SELECT session_id FROM temp.staged_sessions)`,
  `INSERT INTO session_prs (session_id, pr_url, pr_state, merged, created_at)
   SELECT s.session_id, json_extract(p.value, '$.pr_url') AS listed_url, json_extract(p.value, '$.pr_state'),
          max(coalesce(lower(json_extract(p.value, '$.pr_state')) = 'merged', 0)), s.created_at
   FROM sessions s, json_each(s.pull_requests) p
   WHERE s.session_id IN (SELECT session_id FROM temp.staged_sessions) AND json_type(p.value, '$.pr_url') = 'text'
   GROUP BY s.session_id, listed_url`,
  `INSERT OR IGNORE INTO temp.touched_prs (pr_url)
   SELECT pr_url FROM session_prs WHERE session_id IN (SELECT session_id FROM temp.staged_sessions)`,
  `UPDATE session_prs SET pr_merged = EXISTS (SELECT 1 FROM session_prs m WHERE m.pr_url = session_prs.pr_url AND m.merged = 1)
   WHERE pr_url IN (SELECT pr_url FROM temp.touched_prs)`,
  `DELETE FROM temp.touched_prs`,
  `DELETE FROM session_tags WHERE session_id IN (SELECT session_id FROM temp.staged_sessions)`,
  `INSERT OR IGNORE INTO session_tags (session_id, tag, created_at)
   SELECT s.session_id, t.value, s.created_at FROM sessions s, json_each(s.tags) t
   WHERE s.session_id IN (SELECT session_id FROM temp.staged_sessions) AND t.type = 'text'`,
];

/** Removes the sessions listed in temp.pruned_sessions, with their PR and tag rows. */
const PRUNE_SESSIONS = [
  `INSERT OR IGNORE INTO temp.touched_prs (pr_url)
   SELECT pr_url FROM session_prs WHERE session_id IN (SELECT session_id FROM temp.pruned_sessions)`,
  `DELETE FROM session_prs WHERE session_id IN (SELECT session_id FROM temp.pruned_sessions)`,
  `DELETE FROM session_tags WHERE session_id IN (SELECT session_id FROM temp.pruned_sessions)`,
  `DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM temp.pruned_sessions)`,
  `DELETE FROM temp.pruned_sessions`,
];

/** The connection-private staging table (TEMP: no lock on the cache file, gone when the connection closes). */
export function ensureSessionStage(db: Db): void {
  db.raw
    .exec(`CREATE TEMP TABLE IF NOT EXISTS staged_sessions (seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL,
    org_id TEXT NOT NULL, user_id TEXT, service_user_id TEXT, title TEXT, status TEXT NOT NULL, status_detail TEXT,
    acus REAL NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, url TEXT NOT NULL, origin TEXT,
    category TEXT, subcategory TEXT, is_archived INTEGER NOT NULL, tags TEXT NOT NULL, pull_requests TEXT NOT NULL,
    playbook_id TEXT, parent_session_id TEXT, child_session_ids TEXT NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS touched_prs (pr_url TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS pruned_sessions (session_id TEXT PRIMARY KEY) WITHOUT ROWID`);
}

export function stageSessions(db: Db, rows: readonly ApiSession[]): void {
  ensureSessionStage(db);
  const stage = db.stmt(STAGE_SESSION);
  for (const s of rows) stage.run(sessionParams(s));
}

export function discardStagedSessions(db: Db): void {
  ensureSessionStage(db);
  db.stmt('DELETE FROM temp.staged_sessions').run();
}

/**
 * A writer bound to the current transaction; `finish()` brings derived data up to date before the commit, `end()`
 * makes any later call (a leaked reference) throw.
 */
export function createWriter(db: Db, log: Logger): { writer: CacheWriter; finish(): void; end(): void } {
  let ended = false;
  // The billing days whose org consumption changed: their day packs are rebuilt once, at finish, however many
  // orgs an incremental sync replaced one by one.
  let orgDays: { from: DayString; to: DayString } | null = null;
  const orgDaysChanged = (window: { from: DayString; to: DayString }) => {
    orgDays = orgDays
      ? { from: window.from < orgDays.from ? window.from : orgDays.from, to: window.to > orgDays.to ? window.to : orgDays.to }
      : { ...window };
  };
  const live =
    <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
    (...args: A): R => {
      if (ended) throw new Error(`CacheWriter.${name} called after its transaction ended`);
      return fn(...args);
    };

  const applyStaged = (): number => {
    ensureSessionStage(db);
    markStagedDays(db);
    const applied = Number(db.stmt(APPLY_STAGED_SESSIONS).run().changes);
    for (const sql of REFRESH_SESSION_PRS) db.stmt(sql).run();
    discardStagedSessions(db);
    // The session totals of every day whose rows changed (upserted, moved or pruned), from the rows themselves.
    refreshDirtyDays(db);
    return applied;
  };

  const insertConsumption = (scope: string, rows: ConsumptionRow[]) => {
    const insert = db.stmt(UPSERT_CONSUMPTION);
    for (const r of rows) {
      assertDay(r.date, 'row.date');
      insert.run(scope, r.date, r.acus, r.devin, r.cascade, r.terminal, r.review);
    }
  };

  const writer: CacheWriter = {
    replaceConsumption: live('replaceConsumption', (scope, window, rows) => {
      if (!scope) throw new RangeError('replaceConsumption: empty scope');
      assertDayWindow(window, 'replaceConsumption');
      db.stmt('DELETE FROM consumption WHERE scope = ? AND day BETWEEN ? AND ?').run(
        scope,
        window.from,
        window.to,
      );
      insertConsumption(scope, rows);
      if (scope !== ENTERPRISE_SCOPE) orgDaysChanged(window);
    }),

    replaceOrgConsumption: live('replaceOrgConsumption', (window, byOrg) => {
      assertDayWindow(window, 'replaceOrgConsumption');
      for (const orgId of byOrg.keys())
        if (!orgId || orgId === ENTERPRISE_SCOPE)
          throw new RangeError(`replaceOrgConsumption: '${orgId}' is not an organization id`);
      db.stmt('DELETE FROM consumption WHERE scope <> ? AND day BETWEEN ? AND ?').run(
        ENTERPRISE_SCOPE,
        window.from,
        window.to,
      );
      for (const [orgId, rows] of byOrg) insertConsumption(orgId, rows);
      orgDaysChanged(window);
    }),

    upsertSessions: live('upsertSessions', (rows) => {
      stageSessions(db, rows);
      applyStaged();
    }),

    applyStagedSessions: live('applyStagedSessions', () => applyStaged()),

    replaceSessionsCreatedIn: live('replaceSessionsCreatedIn', (window) => {
      const { timeAfter, timeBefore } = window;
      if (!Number.isInteger(timeAfter) || !Number.isInteger(timeBefore) || timeAfter >= timeBefore)
        throw new RangeError(
          `replaceSessionsCreatedIn: window ${timeAfter}..${timeBefore} is not a time span`,
        );
      ensureSessionStage(db);
      markWindowDays(db, timeAfter, timeBefore);
      db.stmt('DELETE FROM temp.pruned_sessions').run();
      // session_id is NOT NULL in the stage, so NOT IN cannot meet a NULL and match nothing.
      db.stmt(
        `INSERT INTO temp.pruned_sessions (session_id) SELECT session_id FROM sessions
         WHERE created_at >= ? AND created_at < ? AND session_id NOT IN (SELECT session_id FROM temp.staged_sessions)`,
      ).run(timeAfter, timeBefore);
      // A pruned session takes its PR and tag rows with it; the PRs it listed get "merged anywhere" recomputed
      // with the staged ones (applyStaged), so a PR only a pruned session merged no longer counts as merged.
      for (const sql of PRUNE_SESSIONS) db.stmt(sql).run();
      return applyStaged();
    }),

    replaceOrganizations: live('replaceOrganizations', (orgs) => {
      db.stmt('DELETE FROM organizations').run();
      const insert = db.stmt(
        `INSERT OR REPLACE INTO organizations (org_id, name, created_at, updated_at, max_cycle_acu_limit, max_session_acu_limit)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const o of orgs) {
        insert.run(
          o.org_id,
          o.name,
          o.created_at,
          o.updated_at,
          o.max_cycle_acu_limit ?? null,
          o.max_session_acu_limit ?? null,
        );
      }
    }),

    replacePeople: live('replacePeople', (users, serviceUsers) => {
      db.stmt('DELETE FROM people').run();
      const insert = db.stmt('INSERT OR REPLACE INTO people (id, kind, name, email) VALUES (?, ?, ?, ?)');
      for (const s of serviceUsers) insert.run(s.service_user_id, 'service_user', s.name, null);
      // Users last: ids are opaque, and should a user and a service user ever share one, the human's name wins.
      for (const u of users) insert.run(u.user_id, 'user', u.name ?? null, u.email ?? null);
    }),

    replaceActiveUsers: live('replaceActiveUsers', (kind, window, buckets) => {
      db.stmt('DELETE FROM active_users WHERE kind = ? AND start_time >= ? AND start_time < ?').run(
        kind,
        window.timeAfter,
        window.timeBefore,
      );
      const insert = db.stmt(
        `INSERT INTO active_users (kind, start_time, end_time, active_users) VALUES (?, ?, ?, ?)
         ON CONFLICT (kind, start_time) DO UPDATE SET end_time = excluded.end_time, active_users = excluded.active_users`,
      );
      for (const b of buckets) insert.run(kind, b.start_time, b.end_time, b.active_users);
    }),

    setQueue: live('setQueue', (q, checkedAt) => {
      db.stmt(
        `INSERT INTO queue (id, queue_size, status, checked_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET queue_size = excluded.queue_size, status = excluded.status, checked_at = excluded.checked_at`,
      ).run(q.queue_size, q.status, checkedAt);
    }),

    replaceCycles: live('replaceCycles', (cycles) => {
      db.stmt('DELETE FROM cycles').run();
      const insert = db.stmt('INSERT OR REPLACE INTO cycles (after, before) VALUES (?, ?)');
      for (const c of cycles) insert.run(c.after, c.before);
    }),

    replaceAcuLimits: live('replaceAcuLimits', (limits) => {
      db.stmt('DELETE FROM acu_limits').run();
      const insert = db.stmt(
        'INSERT INTO acu_limits (scope, org_id, user_id, cycle_acu_limit) VALUES (?, ?, ?, ?)',
      );
      for (const l of limits) insert.run(l.scope, l.org_id ?? null, l.user_id ?? null, l.cycle_acu_limit);
    }),

    replaceUserConsumption: live('replaceUserConsumption', (userId, window, rows) => {
      if (!userId) throw new RangeError('replaceUserConsumption: empty user id');
      assertDay(window.from, 'window.from');
      assertDay(window.to, 'window.to');
      db.stmt('DELETE FROM user_consumption WHERE user_id = ? AND day BETWEEN ? AND ?').run(userId, window.from, window.to);
      const insert = db.stmt(
        `INSERT INTO user_consumption (user_id, day, acus, devin) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, day) DO UPDATE SET acus = excluded.acus, devin = excluded.devin`,
      );
      for (const r of rows) {
        assertDay(r.date, 'row.date');
        insert.run(userId, r.date, r.acus, r.devin);
      }
    }),

    markSuccess: live('markSuccess', (dataset: DatasetName, at: number) => {
      db.stmt(
        `INSERT INTO datasets (name, last_success_at, last_attempt_at, error) VALUES (?, ?, ?, NULL)
         ON CONFLICT (name) DO UPDATE SET last_success_at = excluded.last_success_at,
           last_attempt_at = excluded.last_attempt_at, error = NULL`,
      ).run(dataset, at, at);
    }),

    markFailure: live('markFailure', (dataset: DatasetName, at: number, error: AppError) => {
      db.stmt(
        `INSERT INTO datasets (name, last_success_at, last_attempt_at, error) VALUES (?, NULL, ?, ?)
         ON CONFLICT (name) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, error = excluded.error`,
      ).run(dataset, at, JSON.stringify(storedError(error)));
    }),

    setSyncState: live('setSyncState', (patch: Partial<SyncState>) => {
      const current = readSyncState(db, log);
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      ) as Partial<SyncState>;
      const next: SyncState = { ...current, ...defined };
      if (next.syncedFrom !== null) assertDay(next.syncedFrom, 'syncedFrom');
      if (next.syncedTo !== null) assertDay(next.syncedTo, 'syncedTo');
      db.stmt(
        `UPDATE sync_state SET sessions_updated_high_water = ?, synced_from = ?, synced_to = ?, last_full_sync_at = ?,
           people_synced_at = ?, organizations_synced_at = ? WHERE id = 1`,
      ).run(
        next.sessionsUpdatedHighWater,
        next.syncedFrom,
        next.syncedTo,
        next.lastFullSyncAt,
        next.peopleSyncedAt,
        next.organizationsSyncedAt,
      );
    }),
  };

  return {
    writer,
    finish: () => {
      if (orgDays) refreshOrgPacks(db, orgDays.from, orgDays.to);
      orgDays = null;
    },
    end: () => {
      ended = true;
    },
  };
}

function sessionParams(s: ApiSession) {
  return {
    session_id: s.session_id,
    org_id: s.org_id,
    user_id: s.user_id ?? null,
    service_user_id: s.service_user_id ?? null,
    title: s.title ?? null,
    status: s.status,
    status_detail: s.status_detail ?? null,
    acus: s.acus_consumed,
    created_at: s.created_at,
    updated_at: s.updated_at,
    url: s.url,
    origin: s.origin ?? null,
    category: s.category ?? null,
    subcategory: s.subcategory ?? null,
    is_archived: s.is_archived ? 1 : 0,
    tags: JSON.stringify(s.tags ?? []),
    pull_requests: JSON.stringify(s.pull_requests ?? []),
    playbook_id: s.playbook_id ?? null,
    parent_session_id: s.parent_session_id ?? null,
    child_session_ids: JSON.stringify(s.child_session_ids ?? []),
  };
}

/** Only the AppError fields, with any token text redacted: the file is readable by anyone with the user's access. */
function storedError(e: AppError): AppError {
  return {
    code: e.code,
    message: redact(e.message),
    ...(e.retryAt !== undefined ? { retryAt: e.retryAt } : {}),
    ...(e.permission !== undefined ? { permission: redact(e.permission) } : {}),
  };
}

function assertDayWindow(window: { from: DayString; to: DayString }, what: string): void {
  assertDay(window.from, 'window.from');
  assertDay(window.to, 'window.to');
  if (window.from > window.to)
    throw new RangeError(`${what}: window ${window.from}..${window.to} is reversed`);
}

function assertDay(day: DayString, what: string): void {
  if (!isDayString(day)) throw new RangeError(`${what} is not a day (YYYY-MM-DD): ${String(day)}`);
}
