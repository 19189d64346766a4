/** The migration mechanism on real in-memory SQLite databases: v1 from empty, and a v2 step added on top. */
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  migrate,
  MigrationError,
  MIGRATIONS,
  NewerSchemaError,
  readUserVersion,
  SCHEMA_VERSION,
  type Migration,
} from '../../../src/main/services/cache/migrations';

const dbs: DatabaseSync[] = [];
const fresh = () => {
  const db = new DatabaseSync(':memory:');
  dbs.push(db);
  return db;
};
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

const tables = (db: DatabaseSync) =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);

// The next version after the shipped ones, whatever their number.
const NEXT = SCHEMA_VERSION + 1;
const v2: Migration = {
  version: NEXT,
  description: 'add a column',
  up: (db) => db.exec("ALTER TABLE organizations ADD COLUMN color TEXT NOT NULL DEFAULT 'blue'"),
};

describe('migrate', () => {
  it('builds the current schema from an empty database, once', () => {
    const db = fresh();
    expect(migrate(db)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(readUserVersion(db)).toBe(SCHEMA_VERSION);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'acu_limits',
        'active_users',
        'consumption',
        'cycles',
        'datasets',
        'organizations',
        'people',
        'queue',
        'sessions',
        'sync_state',
      ]),
    );
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  });

  it('creates the indexes the queries rely on', () => {
    const db = fresh();
    migrate(db);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((r) => r.name);
    expect(indexes).toEqual(
      expect.arrayContaining([
        'sessions_created',
        'sessions_org_created',
        'sessions_user',
        'consumption_day',
      ]),
    );
  });

  it('runs only the steps a database lacks, keeping its data', () => {
    const db = fresh();
    migrate(db);
    db.exec("INSERT INTO organizations (org_id, name, created_at, updated_at) VALUES ('org-a', 'A', 1, 2)");
    expect(migrate(db, [...MIGRATIONS, v2])).toEqual({ from: SCHEMA_VERSION, to: NEXT });
    expect(readUserVersion(db)).toBe(NEXT);
    expect(db.prepare('SELECT name, color FROM organizations').all()).toEqual([{ name: 'A', color: 'blue' }]);
  });

  it('rolls a failing step back entirely and stays at the last good version', () => {
    const db = fresh();
    migrate(db);
    const broken: Migration = {
      version: NEXT,
      description: 'fails halfway',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x)');
        d.exec('SELECT * FROM no_such_table');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(MigrationError);
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(
      `migration to schema v${NEXT} failed: no such table: no_such_table`,
    );
    expect(readUserVersion(db)).toBe(SCHEMA_VERSION);
    expect(tables(db)).not.toContain('half_done');
    expect(db.isTransaction).toBe(false);
  });

  it('refuses a database from a newer version without touching it', () => {
    const db = fresh();
    db.exec('CREATE TABLE future (x); PRAGMA user_version = 9');
    expect(() => migrate(db)).toThrow(NewerSchemaError);
    expect(() => migrate(db)).toThrow(`schema version 9 is newer than this app supports (${SCHEMA_VERSION})`);
    expect(readUserVersion(db)).toBe(9);
    expect(tables(db)).toEqual(['future']);
  });

  it('rejects a migration list that is not numbered 1, 2, 3…', () => {
    expect(() => migrate(fresh(), [MIGRATIONS[0]!, { ...v2, version: 3 }])).toThrow(/numbered/);
  });

  it('outcomes step: keeps v1 sessions and copies their PRs and tags out of the JSON, skipping malformed JSON', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 1));
    const insert = db.prepare(
      `INSERT INTO sessions (session_id, org_id, status, acus, created_at, updated_at, url, tags, pull_requests)
       VALUES (?, 'org-a', 'exit', 1.5, 10, 20, 'https://app.devin.ai/sessions/x', ?, ?)`,
    );
    insert.run('devin-a', '["backend","ci"]', '[{"pr_url":"https://github.com/a/b/pull/1","pr_state":"MERGED"},{"pr_url":"https://github.com/a/b/pull/2","pr_state":null}]');
    insert.run('devin-b', 'not json', '{broken');
    migrate(db);
    expect(db.prepare('SELECT session_id, acus, playbook_id, parent_session_id, child_session_ids FROM sessions ORDER BY 1').all()).toEqual([
      { session_id: 'devin-a', acus: 1.5, playbook_id: null, parent_session_id: null, child_session_ids: '[]' },
      { session_id: 'devin-b', acus: 1.5, playbook_id: null, parent_session_id: null, child_session_ids: '[]' },
    ]);
    expect(db.prepare('SELECT session_id, pr_url, pr_state, merged FROM session_prs ORDER BY pr_url').all()).toEqual([
      { session_id: 'devin-a', pr_url: 'https://github.com/a/b/pull/1', pr_state: 'MERGED', merged: 1 },
      { session_id: 'devin-a', pr_url: 'https://github.com/a/b/pull/2', pr_state: null, merged: 0 },
    ]);
    expect(db.prepare('SELECT tag FROM session_tags ORDER BY tag').all().map((r) => r.tag)).toEqual(['backend', 'ci']);
  });

  it('outcomes-read step: a v3 cache keeps every row and gains creation times and merged-anywhere on PR and tag rows', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 3));
    const insert = db.prepare(
      `INSERT INTO sessions (session_id, org_id, status, acus, created_at, updated_at, url, tags, pull_requests)
       VALUES (?, 'org-a', 'exit', 1.5, ?, 20, 'https://app.devin.ai/sessions/x', '[]', '[]')`,
    );
    insert.run('devin-a', 100);
    insert.run('devin-b', 200);
    const pr = db.prepare('INSERT INTO session_prs (session_id, pr_url, pr_state, merged) VALUES (?, ?, ?, ?)');
    pr.run('devin-a', 'https://github.com/a/b/pull/1', 'open', 0);
    pr.run('devin-b', 'https://github.com/a/b/pull/1', 'merged', 1);
    pr.run('devin-a', 'https://github.com/a/b/pull/2', null, 0);
    pr.run('devin-gone', 'https://github.com/a/b/pull/3', 'merged', 1); // a row whose session is gone
    db.prepare("INSERT INTO session_tags (session_id, tag) VALUES ('devin-a', 'x'), ('devin-b', 'y')").run();
    const before = db.prepare('SELECT count(*) AS n FROM sessions').get();
    migrate(db);
    expect(readUserVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual(before);
    expect(db.prepare('SELECT session_id, pr_url, pr_state, merged, created_at, pr_merged FROM session_prs ORDER BY pr_url, session_id').all()).toEqual([
      { session_id: 'devin-a', pr_url: 'https://github.com/a/b/pull/1', pr_state: 'open', merged: 0, created_at: 100, pr_merged: 1 },
      { session_id: 'devin-b', pr_url: 'https://github.com/a/b/pull/1', pr_state: 'merged', merged: 1, created_at: 200, pr_merged: 1 },
      { session_id: 'devin-a', pr_url: 'https://github.com/a/b/pull/2', pr_state: null, merged: 0, created_at: 100, pr_merged: 0 },
      { session_id: 'devin-gone', pr_url: 'https://github.com/a/b/pull/3', pr_state: 'merged', merged: 1, created_at: 0, pr_merged: 1 },
    ]);
    expect(db.prepare('SELECT session_id, tag, created_at FROM session_tags ORDER BY tag').all()).toEqual([
      { session_id: 'devin-a', tag: 'x', created_at: 100 },
      { session_id: 'devin-b', tag: 'y', created_at: 200 },
    ]);
  });
});
