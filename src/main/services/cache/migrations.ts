/**
 * Forward-only schema migrations. The schema version lives in `PRAGMA user_version`; each migration runs in its
 * own transaction together with the version bump, so a failure leaves the file at the last good version.
 * To change the schema, append a migration — never edit a shipped one.
 */
import type { DatabaseSync } from 'node:sqlite';
import { rebuildActiveUserBuckets, SESSION_ACTIVE_USERS_SCHEMA } from './active-user-buckets';
import { fillSessionTotalsInBatches, SESSION_TOTALS_SCHEMA, type FillProgress } from './aggregates';
import { unpreparedDb } from './connection';
import { DAY_PACKS_SCHEMA, rebuildDayPacks, refreshCreatorPacks } from './day-packs';

export interface Migration {
  version: number;
  description: string;
  /** A long step (one that reads every session) says how far it is through `onProgress`. */
  up(db: DatabaseSync, onProgress: FillProgress): void;
}

const V1_SCHEMA = `
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  data_version INTEGER NOT NULL DEFAULT 0,
  sessions_updated_high_water INTEGER,
  synced_from TEXT,
  synced_to TEXT,
  last_full_sync_at INTEGER,
  people_synced_at INTEGER,
  organizations_synced_at INTEGER
);
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE datasets (
  name TEXT PRIMARY KEY,
  last_success_at INTEGER,
  last_attempt_at INTEGER,
  error TEXT -- AppError as JSON; NULL after a success
) WITHOUT ROWID;

CREATE TABLE organizations (
  org_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  max_cycle_acu_limit REAL,
  max_session_acu_limit REAL
) WITHOUT ROWID;

CREATE TABLE people (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('user', 'service_user')),
  name TEXT,
  email TEXT
) WITHOUT ROWID;

CREATE TABLE consumption (
  scope TEXT NOT NULL, -- 'enterprise' or an org_id
  day TEXT NOT NULL,   -- billing day, YYYY-MM-DD
  acus REAL NOT NULL,
  devin REAL NOT NULL,
  cascade REAL NOT NULL,
  terminal REAL NOT NULL,
  review REAL NOT NULL,
  PRIMARY KEY (scope, day)
) WITHOUT ROWID;
-- All orgs' rows for a range of days (per-org panels) without scanning every scope's history.
CREATE INDEX consumption_day ON consumption (day, scope, acus);

CREATE TABLE sessions (
  session_id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  user_id TEXT,
  service_user_id TEXT,
  title TEXT,
  status TEXT NOT NULL,
  status_detail TEXT,
  acus REAL NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  url TEXT NOT NULL,
  origin TEXT,
  category TEXT,
  subcategory TEXT,
  is_archived INTEGER NOT NULL DEFAULT 0,
  tags TEXT NOT NULL DEFAULT '[]',         -- JSON array of strings
  pull_requests TEXT NOT NULL DEFAULT '[]' -- JSON array of {pr_url, pr_state}
);
-- Covering for every per-range aggregate and for choosing a table page by any numeric column (session_id breaks
-- ties), so a range is read from the index alone; only the rows of the page itself are fetched from the table.
CREATE INDEX sessions_created ON sessions (created_at, user_id, service_user_id, acus, status, org_id, updated_at, session_id);
CREATE INDEX sessions_org_created ON sessions (org_id, created_at, user_id, service_user_id, acus, status, updated_at, session_id);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_service_user ON sessions (service_user_id);

CREATE TABLE active_users (
  kind TEXT NOT NULL CHECK (kind IN ('dau', 'wau', 'mau')),
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  active_users INTEGER NOT NULL,
  PRIMARY KEY (kind, start_time)
) WITHOUT ROWID;

CREATE TABLE queue (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  queue_size INTEGER NOT NULL,
  status TEXT NOT NULL,
  checked_at INTEGER NOT NULL
);

CREATE TABLE cycles (
  after INTEGER PRIMARY KEY,
  before INTEGER NOT NULL
);

CREATE TABLE acu_limits (
  scope TEXT NOT NULL,
  org_id TEXT,
  user_id TEXT,
  cycle_acu_limit REAL NOT NULL
);
`;

/** Spend control (issue 9): per-user consumption of users with a limit, and alerts that fired (each once). */
const SPEND_SCHEMA = `
CREATE TABLE user_consumption (
  user_id TEXT NOT NULL,
  day TEXT NOT NULL, -- billing day, YYYY-MM-DD
  acus REAL NOT NULL,
  devin REAL NOT NULL,
  PRIMARY KEY (user_id, day)
) WITHOUT ROWID;

CREATE TABLE spend_alerts (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('enterprise', 'org', 'user')),
  scope_id TEXT NOT NULL DEFAULT '', -- '' for the enterprise
  cycle_from TEXT NOT NULL,          -- first billing day of the cycle
  kind TEXT NOT NULL CHECK (kind IN ('used', 'projected')),
  threshold INTEGER NOT NULL,        -- percent of the limit/budget
  name TEXT,
  value_acus REAL NOT NULL,
  target_acus REAL NOT NULL,
  run_out_date TEXT,
  fired_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  UNIQUE (scope, scope_id, cycle_from, kind, threshold)
);
`;

/**
 * Outcomes (issue 10): the session fields v1 did not keep, and PRs and tags in their own tables so "each PR
 * once across sessions" and the tag filters are index lookups instead of JSON scans. Existing sessions keep
 * their rows; their PRs and tags are copied out of the JSON columns v1 already stored, and the next sync fills
 * the new columns. Malformed JSON (a hand-edited file) is skipped, never a failed migration.
 */
const OUTCOMES_SCHEMA = `
ALTER TABLE sessions ADD COLUMN playbook_id TEXT;
ALTER TABLE sessions ADD COLUMN parent_session_id TEXT;
ALTER TABLE sessions ADD COLUMN child_session_ids TEXT NOT NULL DEFAULT '[]'; -- JSON array of session ids
-- Covering for the outcomes scan of a range (queries/outcomes.ts): read from the index alone.
CREATE INDEX sessions_outcomes ON sessions (created_at, org_id, user_id, service_user_id, acus, status, status_detail,
  origin, playbook_id, session_id);

CREATE TABLE session_prs (
  session_id TEXT NOT NULL,
  pr_url TEXT NOT NULL,
  pr_state TEXT,            -- as the API sent it (case and unknown values kept)
  merged INTEGER NOT NULL,  -- lower(pr_state) = 'merged'
  PRIMARY KEY (session_id, pr_url)
) WITHOUT ROWID;
CREATE INDEX session_prs_url ON session_prs (pr_url, merged);

CREATE TABLE session_tags (
  session_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (session_id, tag)
) WITHOUT ROWID;
CREATE INDEX session_tags_tag ON session_tags (tag, session_id);

INSERT OR IGNORE INTO session_prs (session_id, pr_url, pr_state, merged)
SELECT s.session_id, json_extract(p.value, '$.pr_url'), json_extract(p.value, '$.pr_state'),
       coalesce(lower(json_extract(p.value, '$.pr_state')) = 'merged', 0)
FROM sessions s, json_each(CASE WHEN json_valid(s.pull_requests) THEN s.pull_requests ELSE '[]' END) p
WHERE json_type(p.value, '$.pr_url') = 'text';

INSERT OR IGNORE INTO session_tags (session_id, tag)
SELECT s.session_id, t.value
FROM sessions s, json_each(CASE WHEN json_valid(s.tags) THEN s.tags ELSE '[]' END) t
WHERE t.type = 'text';
`;

/**
 * Outcomes reads (issue 10) without a per-session lookup: each PR and tag row carries its session's
 * `created_at`, so a range's PRs and tags are one index range scan, and each PR row carries `pr_merged`, the
 * "merged anywhere" fact (some row of the same URL has `merged`), kept by the writer for every URL a sync
 * touches. Orphaned rows (no session) get created_at 0: they are never in a range.
 */
const OUTCOMES_READ_SCHEMA = `
ALTER TABLE session_prs ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session_prs ADD COLUMN pr_merged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session_tags ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
UPDATE session_prs SET
  created_at = coalesce((SELECT s.created_at FROM sessions s WHERE s.session_id = session_prs.session_id), 0),
  pr_merged = EXISTS (SELECT 1 FROM session_prs m WHERE m.pr_url = session_prs.pr_url AND m.merged = 1);
UPDATE session_tags SET
  created_at = coalesce((SELECT s.created_at FROM sessions s WHERE s.session_id = session_tags.session_id), 0);
CREATE INDEX session_prs_created ON session_prs (created_at, session_id, pr_url, pr_merged);
CREATE INDEX session_tags_created ON session_tags (created_at, session_id, tag);
`;

/**
 * Scale (issue 11): session totals per billing day × org × creator × status, filled from the rows already cached
 * (nothing is dropped; `fillSessionTotalsInBatches`, seconds on a million sessions, so it reports progress), and an
 * index that pages the title sort without reading the table at deep offsets.
 */
const SCALE_SCHEMA = `
${SESSION_TOTALS_SCHEMA}
CREATE INDEX sessions_title ON sessions (title COLLATE NOCASE, session_id, created_at, org_id, status, acus, user_id,
  service_user_id);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'initial schema', up: (db) => db.exec(V1_SCHEMA) },
  { version: 2, description: 'spend control: user consumption, alerts', up: (db) => db.exec(SPEND_SCHEMA) },
  { version: 3, description: 'outcomes: playbook, parent/child links, PR and tag tables', up: (db) => db.exec(OUTCOMES_SCHEMA) },
  { version: 4, description: 'outcomes reads: creation time and merged-anywhere on PR and tag rows', up: (db) => db.exec(OUTCOMES_READ_SCHEMA) },
  {
    version: 5,
    description: 'scale: session totals per day, org, creator and status; title index',
    up: (db, onProgress) => {
      db.exec(SCALE_SCHEMA);
      fillSessionTotalsInBatches(db, onProgress);
    },
  },
  {
    version: 6,
    description: 'scale: day packs of per-creator and per-org figures; active users per UTC bucket',
    up: (db, onProgress) => {
      db.exec(DAY_PACKS_SCHEMA + SESSION_ACTIVE_USERS_SCHEMA);
      onProgress(0, 2);
      rebuildDayPacks(unpreparedDb(db));
      onProgress(1, 2);
      rebuildActiveUserBuckets(unpreparedDb(db));
      onProgress(2, 2);
    },
  },
  {
    version: 7,
    description: 'scale: a per-creator snapshot at every day with sessions, not only at month ends',
    up: (db, onProgress) => {
      onProgress(0, 1);
      refreshCreatorPacks(unpreparedDb(db), 'SELECT DISTINCT day FROM session_totals');
      onProgress(1, 1);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`schema version ${found} is newer than this app supports (${supported})`);
    this.name = 'NewerSchemaError';
  }
}

export class MigrationError extends Error {
  constructor(
    readonly version: number,
    cause: unknown,
  ) {
    super(
      `migration to schema v${version} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'MigrationError';
  }
}

export function readUserVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version?: unknown } | undefined;
  return typeof row?.user_version === 'number' ? row.user_version : 0;
}

/**
 * Brings `db` up to the last version of `migrations` (versions must be 1, 2, 3… in order).
 * Throws NewerSchemaError without touching a file from a newer build, MigrationError when a step fails.
 * `onProgress` hears how far the long steps are (per migration, from `up`).
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[] = MIGRATIONS,
  onProgress: (p: { version: number; done: number; total: number }) => void = () => undefined,
): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 1, 2, 3…: found v${m.version} at position ${i + 1}`);
  });
  const from = readUserVersion(db);
  if (from > migrations.length) throw new NewerSchemaError(from, migrations.length);
  for (const m of migrations.slice(from)) {
    db.exec('BEGIN IMMEDIATE');
    try {
      m.up(db, (done, total) => onProgress({ version: m.version, done, total }));
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec('COMMIT');
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new MigrationError(m.version, err);
    }
  }
  return { from, to: migrations.length };
}
