/**
 * A cache as the release before the session totals left it (schema v4): `count` sessions spread over `days`
 * billing days, orgs and users, written straight by SQL so a million rows take seconds, not a simulator run.
 * The upgrade tests and `bench/cache-upgrade.ts` open it to time and watch the migration to the totals.
 */
import { DatabaseSync } from 'node:sqlite';
import { migrate, MIGRATIONS } from '../../src/main/services/cache/migrations';

export interface OldCacheOptions {
  count: number;
  /** Billing days the sessions spread over, ending at `endAt`. */
  days?: number;
  orgs?: number;
  users?: number;
  /** Unix seconds; the newest session is just before it. */
  endAt?: number;
}

export const OLD_CACHE_VERSION = 4;

export function writeOldCache(file: string, opts: OldCacheOptions): void {
  const days = opts.days ?? 365;
  const orgs = opts.orgs ?? 40;
  const users = opts.users ?? 2_000;
  const endAt = opts.endAt ?? Date.UTC(2026, 10, 21) / 1000;
  const raw = new DatabaseSync(file);
  try {
    migrate(raw, MIGRATIONS.slice(0, OLD_CACHE_VERSION));
    raw.exec('BEGIN');
    // Deterministic spread: sessions i cycle through orgs, users, statuses; every 7th is a service user's.
    raw
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
         INSERT INTO sessions (session_id, org_id, user_id, service_user_id, title, status, acus, created_at, updated_at, url)
         SELECT printf('s-%08d', i), printf('org-%03d', i % :orgs),
                CASE WHEN i % 7 = 0 THEN NULL ELSE printf('user-%05d', (i * 7919) % :users) END,
                CASE WHEN i % 7 = 0 THEN printf('svc-%02d', i % 5) END,
                printf('Session %d', i),
                CASE i % 4 WHEN 0 THEN 'exit' WHEN 1 THEN 'running' WHEN 2 THEN 'error' ELSE 'suspended' END,
                ((i * 37) % 5000) / 100.0,
                :endAt - 1 - (i * 104729) % (:days * 86400), :endAt - 1,
                printf('https://app.devin.ai/sessions/s-%08d', i)
         FROM n`,
      )
      .run({ count: opts.count, orgs, users, days, endAt });
    raw.exec('COMMIT');
  } finally {
    raw.close();
  }
}
