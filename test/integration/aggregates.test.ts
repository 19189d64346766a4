/**
 * The session totals (cache/aggregates.ts) against the rows they summarise. A seeded property test: a generated
 * cache is changed the ways a sync changes it (sessions upserted, moved to another day, org, creator or status,
 * a window pruned), then for random ranges, orgs and users every figure read from the totals must equal the
 * answer computed here from the sessions themselves. Then the repair: totals that disagree with their rows
 * (a broken row, a lost row, a half-built table, a cache from before v4) are rebuilt at open, never shown.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../src/main/services/cache';
import { mismatchedDays } from '../../src/main/services/cache/aggregates';
import { migrate, MIGRATIONS } from '../../src/main/services/cache/migrations';
import { silentLogger } from '../../src/main/services/logger';
import { createRng, type Rng } from '../../src/main/simulator/prng';
import {
  addDaysTo,
  billingDayOf,
  DAY_SECONDS,
  rangeWindow,
  type DayString,
} from '../../src/shared/billing-day';
import type { ApiSession } from '../../src/shared/devin-api';
import { loadFixture, makeFixture, SMALL_FIXTURE, type CacheFixture } from '../helpers/cache-fixtures';
import { activeUsersOfSessions } from '../helpers/active-users';
import { fixtureCacheFile, handEditFile, readFile } from '../helpers/cache-file';
import { exactSum } from '../helpers/exact-decimal';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const SEEDS = [11, 12, 13];
const RANGES_PER_SEED = 15;
const AT = Date.UTC(2026, 10, 21) / 1000;

const opened: Cache[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});
const open = (file: string): Cache => {
  const cache = openCache({ file, log: silentLogger });
  opened.push(cache);
  return cache;
};

/** What a sync does to sessions after the first load: edits (incl. moves across days and orgs), new ones, a prune. */
function churn(cache: Cache, f: CacheFixture, rng: Rng): Map<string, ApiSession> {
  const live = new Map(f.sessions.map((s) => [s.session_id, s]));
  const ids = [...live.keys()];
  const changed: ApiSession[] = [];
  for (let i = 0; i < 200; i++) {
    const s = live.get(rng.pick(ids));
    if (!s) continue;
    const other = rng.pick(f.sessions);
    // A session has a user or a service user (the API's shape): a new creator replaces both.
    const creator = rng.chance(0.3) ? other : s;
    const moved: ApiSession = {
      ...s,
      status: rng.pick(['exit', 'running', 'error', 'suspended'] as const),
      acus_consumed: Math.round(rng.next() * 5000) / 100,
      org_id: rng.chance(0.3) ? other.org_id : s.org_id,
      user_id: creator.user_id,
      service_user_id: creator.service_user_id,
      created_at: rng.chance(0.3) ? s.created_at + rng.int(-5, 5) * DAY_SECONDS : s.created_at,
    };
    live.set(moved.session_id, moved);
    changed.push(moved);
  }
  cache.transaction((w) => w.upsertSessions(changed));

  // A full sync of a 20-day window: what the API no longer lists there goes, the rest is staged and applied.
  const pruneTo = addDaysTo(f.to, -rng.int(0, 60));
  const pruneFrom = addDaysTo(pruneTo, -19);
  const window = rangeWindow(pruneFrom, pruneTo);
  // Some days lose every session (only the prune can tell their totals changed), the others about a third.
  const emptied = new Set(
    Array.from({ length: 20 }, (_, i) => addDaysTo(pruneFrom, i)).filter(() => rng.chance(0.3)),
  );
  const kept = [...live.values()].filter(
    (s) =>
      s.created_at >= window.timeAfter &&
      s.created_at < window.timeBefore &&
      !emptied.has(billingDayOf(s.created_at)) &&
      rng.chance(0.7),
  );
  for (const s of [...live.values()])
    if (s.created_at >= window.timeAfter && s.created_at < window.timeBefore) live.delete(s.session_id);
  for (const s of kept) live.set(s.session_id, s);
  cache.stageSessions(kept);
  cache.transaction((w) => w.replaceSessionsCreatedIn(window));
  return live;
}

/** The row-level answers for one range and scope, from the sessions themselves. */
function fromRows(sessions: Iterable<ApiSession>, from: DayString, to: DayString, orgId: string | null) {
  const { timeAfter, timeBefore } = rangeWindow(from, to);
  const inScope = [...sessions].filter(
    (s) => s.created_at >= timeAfter && s.created_at < timeBefore && (orgId === null || s.org_id === orgId),
  );
  const byUser = new Map<string, ApiSession[]>();
  const byStatus = new Map<string, number>();
  for (const s of inScope) {
    byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
    const creator = s.user_id ?? s.service_user_id;
    if (!creator) continue;
    byUser.set(creator, [...(byUser.get(creator) ?? []), s]);
  }
  return {
    sessions: inScope.length,
    users: [...byUser]
      .map(([userId, list]) => ({
        userId,
        acus: exactSum(list.map((s) => s.acus_consumed)),
        sessions: list.length,
      }))
      .sort((a, b) => (a.userId < b.userId ? -1 : 1)),
    byStatus,
  };
}

function expectTotalsMatchRows(
  cache: Cache,
  live: Map<string, ApiSession>,
  f: CacheFixture,
  rng: Rng,
  n: number,
) {
  for (let i = 0; i < n; i++) {
    const to = addDaysTo(f.to, -rng.int(0, 40));
    const from = addDaysTo(to, -rng.int(0, 120));
    const orgId = rng.chance(0.4) ? null : rng.pick(f.orgIds);
    const expected = fromRows(live.values(), from, to, orgId);
    const label = `${from}..${to} ${orgId ?? 'all'}`;

    const d = cache.getDashboard({ from, to, orgId });
    expect(d.totals.sessions, label).toBe(expected.sessions);
    // The active-user buckets (the enterprise reads Devin's metrics when cached, as the fixture has them).
    if (orgId !== null)
      expect(d.totals.activeUsers, label).toEqual(activeUsersOfSessions(live.values(), from, to, orgId));
    const users = cache
      .getUserAcus({ from, to, orgId })
      .map((u) => ({ userId: u.userId, acus: u.acus, sessions: u.sessions }))
      .sort((a, b) => (a.userId < b.userId ? -1 : 1));
    expect(users, label).toEqual(expected.users);

    const status = rng.chance(0.5) ? null : rng.pick([...expected.byStatus.keys(), 'exit']);
    const page = cache.getSessionsPage({
      from,
      to,
      orgId,
      userId: null,
      status,
      sort: 'created_at',
      direction: 'desc',
      offset: 0,
      limit: 10,
    });
    expect(page.statuses, label).toEqual([...expected.byStatus.keys()].sort());
    expect(page.total, label).toBe(
      status === null ? expected.sessions : (expected.byStatus.get(status) ?? 0),
    );

    // One user's sessions, as the user filter counts them, against the user's bar.
    const user = expected.users.length > 0 ? rng.pick(expected.users) : null;
    if (user) {
      const userPage = cache.getSessionsPage({
        from,
        to,
        orgId,
        userId: user.userId,
        status: null,
        sort: 'acus',
        direction: 'desc',
        offset: 0,
        limit: 500,
      });
      expect(userPage.total, `${label} ${user.userId}`).toBe(user.sessions);
    }
  }
}

describe('session totals equal the row-level answers', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: after a load, edits that move sessions, and a pruned window`, () => {
      const rng = createRng(seed);
      const f = makeFixture({ ...SMALL_FIXTURE, seed });
      const cache = open(join(tempDir('aggregates-'), 'cache.sqlite'));
      loadFixture(cache, f, AT);
      expectTotalsMatchRows(cache, new Map(f.sessions.map((s) => [s.session_id, s])), f, rng, 5);
      const live = churn(cache, f, rng);
      expectTotalsMatchRows(cache, live, f, rng, RANGES_PER_SEED);
    });
  }
});

describe('totals that disagree with their rows are rebuilt at open', () => {
  const loaded = () => {
    const f = makeFixture(SMALL_FIXTURE);
    return { f, file: fixtureCacheFile(tempDir('aggregates-repair-'), f, AT) };
  };
  const edit = handEditFile;
  const mismatches = (file: string) => readFile(file, mismatchedDays);
  const live = (f: CacheFixture) => new Map(f.sessions.map((s) => [s.session_id, s]));

  const breakages: [string, string][] = [
    [
      'one row counts a session too many',
      `UPDATE session_totals SET sessions = sessions + 1
       WHERE (day, org_id, creator, status) = (SELECT day, org_id, creator, status FROM session_totals LIMIT 1 OFFSET 7)`,
    ],
    [
      'one row is a micro-ACU off',
      `UPDATE session_totals SET micro_acus = micro_acus + 1
       WHERE (day, org_id, creator, status) = (SELECT day, org_id, creator, status FROM session_totals LIMIT 1 OFFSET 3)`,
    ],
    [
      'a row is lost',
      `DELETE FROM session_totals
       WHERE (day, org_id, creator, status) = (SELECT day, org_id, creator, status FROM session_totals LIMIT 1 OFFSET 11)`,
    ],
    [
      'a status rollup row is off',
      `UPDATE session_status_totals SET sessions = sessions - 1
       WHERE (org_id, day, status) = (SELECT org_id, day, status FROM session_status_totals WHERE org_id = '' LIMIT 1 OFFSET 5)`,
    ],
    [
      'the table is half built (an interrupted rebuild)',
      `DELETE FROM session_totals WHERE day > '2026-09-01'`,
    ],
    [
      'a day with no sessions has totals',
      `INSERT INTO session_totals VALUES ('2001-01-01', 'org-x', 'u', 'exit', 3, 5)`,
    ],
  ];
  for (const [what, sql] of breakages) {
    it(what, () => {
      const { f, file } = loaded();
      edit(file, sql);
      expect(mismatches(file).length).toBeGreaterThan(0);
      const cache = open(file);
      expect(mismatches(file)).toEqual([]);
      expectTotalsMatchRows(cache, live(f), f, createRng(5), 6);
    });
  }

  // Distinct counts cannot be checked by sums: the check at open recounts the newest day's buckets.
  const bucketBreakages: [string, string][] = [
    [
      "the newest week's active users are one off",
      `UPDATE session_active_users SET users = users + 1
       WHERE kind = 'wau' AND start_time = (SELECT max(start_time) FROM session_active_users WHERE kind = 'wau')`,
    ],
    ['the active-user buckets are lost', `DELETE FROM session_active_users`],
    [
      "one org's newest day is lost",
      `DELETE FROM session_active_users WHERE kind = 'dau' AND org_id <> ''
       AND start_time = (SELECT max(start_time) FROM session_active_users WHERE kind = 'dau')`,
    ],
  ];
  for (const [what, sql] of bucketBreakages) {
    it(what, () => {
      const { f, file } = loaded();
      edit(file, sql);
      const cache = open(file);
      expectTotalsMatchRows(cache, live(f), f, createRng(6), 8);
      const now = cache.getDashboard({ from: addDaysTo(f.to, -3), to: f.to, orgId: f.orgIds[0]! });
      expect(now.totals.activeUsers).toEqual(activeUsersOfSessions(f.sessions, addDaysTo(f.to, -3), f.to, f.orgIds[0]!));
    });
  }

  it('a cache from before the totals (v3) is migrated with every session counted', () => {
    const f = makeFixture(SMALL_FIXTURE);
    const file = join(tempDir('aggregates-v3-'), 'cache.sqlite');
    // A v3 cache filled by the v3 writer's statements: sessions rows only, no totals table.
    const raw = new DatabaseSync(file);
    migrate(raw, MIGRATIONS.slice(0, 3));
    const insert = raw.prepare(
      `INSERT INTO sessions (session_id, org_id, user_id, service_user_id, title, status, acus, created_at, updated_at, url)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    raw.exec('BEGIN');
    for (const s of f.sessions)
      insert.run(
        s.session_id,
        s.org_id,
        s.user_id ?? null,
        s.service_user_id ?? null,
        s.title ?? null,
        s.status,
        s.acus_consumed,
        s.created_at,
        s.updated_at,
        s.url,
      );
    raw.exec('COMMIT');
    raw.close();

    const cache = open(file);
    expect(mismatches(file)).toEqual([]);
    expectTotalsMatchRows(cache, live(f), f, createRng(9), 6);
  });
});
