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

/** The shipped first step; the tests below add their own step 2 on top of it. */
const V1 = MIGRATIONS.slice(0, 1);

const v2: Migration = {
  version: 2,
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
        'spend_alerts',
        'user_consumption',
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
    migrate(db, V1);
    db.exec("INSERT INTO organizations (org_id, name, created_at, updated_at) VALUES ('org-a', 'A', 1, 2)");
    expect(migrate(db, [...V1, v2])).toEqual({ from: 1, to: 2 });
    expect(readUserVersion(db)).toBe(2);
    expect(db.prepare('SELECT name, color FROM organizations').all()).toEqual([{ name: 'A', color: 'blue' }]);
  });

  it('rolls a failing step back entirely and stays at the last good version', () => {
    const db = fresh();
    migrate(db, V1);
    const broken: Migration = {
      version: 2,
      description: 'fails halfway',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x)');
        d.exec('SELECT * FROM no_such_table');
      },
    };
    expect(() => migrate(db, [...V1, broken])).toThrow(MigrationError);
    expect(() => migrate(db, [...V1, broken])).toThrow(
      /migration to schema v2 failed: no such table: no_such_table/,
    );
    expect(readUserVersion(db)).toBe(1);
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
});
