/**
 * Reading back defensively: rows damaged by hand (or disk) are skipped with a logged warning, never a crash;
 * and a failed sync attempt keeps the last good data and success time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../src/main/services/cache';
import { createLogger, type Logger } from '../../src/main/services/logger';
import type { SessionsPageQueryParsed } from '../../src/shared/dashboard';
import { loadFixture, makeFixture, SMALL_FIXTURE } from '../helpers/cache-fixtures';
import { exactSum } from '../helpers/exact-decimal';

const AT = Date.UTC(2026, 10, 20, 12);
const f = makeFixture({ ...SMALL_FIXTURE, sessions: 400, days: 40 });
const range = { from: f.from, to: f.to };
const pageQuery: SessionsPageQueryParsed = {
  ...range,
  orgId: null,
  userId: null,
  status: null,
  sort: 'acus',
  direction: 'desc',
  offset: 0,
  limit: 500,
};

let dir: string;
let file: string;
let lines: string[];
let log: Logger;
let cache: Cache;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-defensive-'));
  file = join(dir, 'cache.sqlite');
  lines = [];
  log = createLogger('cache', (l) => lines.push(l), 'debug');
  cache = openCache({ file, log });
  loadFixture(cache, f, AT);
});
afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Edits the file behind the cache's back, as a user with a SQLite browser would, then reopens it. */
function handEdit(sql: string): void {
  cache.close();
  const db = new DatabaseSync(file);
  db.exec(sql);
  db.close();
  lines.length = 0;
  cache = openCache({ file, log });
}
const warnings = () => lines.filter((l) => l.includes(' warn '));

describe('damaged rows', () => {
  it('ignores sessions with negative or non-numeric ACUs in every panel, and says so at open', () => {
    const [a, b] = f.sessions.filter((s) => s.user_id).map((s) => s.session_id);
    const before = cache.getDashboard({ ...range, orgId: null });
    const usersBefore = cache.getUserAcus({ ...range, orgId: null });
    const victims = f.sessions.filter((s) => s.session_id === a || s.session_id === b);
    handEdit(
      `UPDATE sessions SET acus = -5 WHERE session_id = '${a}'; UPDATE sessions SET acus = 'lots' WHERE session_id = '${b}';`,
    );

    expect(cache.recovered).toBeNull();
    expect(warnings().some((l) => l.includes('unusable figures') && l.includes('"sessions":2'))).toBe(true);
    const d = cache.getDashboard({ ...range, orgId: null });
    expect(d.totals.sessions).toBe(before.totals.sessions - 2);
    const usersNow = cache.getUserAcus({ ...range, orgId: null });
    for (const v of victims) {
      const was = usersBefore.find((u) => u.userId === v.user_id)!;
      const now = usersNow.find((u) => u.userId === v.user_id);
      expect(now?.sessions ?? 0).toBe(was.sessions - victims.filter((x) => x.user_id === v.user_id).length);
    }
    const page = cache.getSessionsPage(pageQuery);
    expect(page.total).toBe(before.totals.sessions - 2);
    expect(page.rows.map((r) => r.sessionId)).not.toContain(a);
    expect(page.rows.map((r) => r.sessionId)).not.toContain(b);
  });

  it('ignores consumption rows with bad figures or days', () => {
    const day = f.consumption.get('enterprise')!.find((r) => r.acus > 0)!;
    const before = cache.getDashboard({ ...range, orgId: null });
    handEdit(`UPDATE consumption SET acus = 'abc' WHERE scope = 'enterprise' AND day = '${day.date}';`);
    expect(warnings().some((l) => l.includes('unusable figures') && l.includes('"consumption":1'))).toBe(
      true,
    );
    const d = cache.getDashboard({ ...range, orgId: null });
    expect(d.totals.acus).toBe(exactSum([before.totals.acus, -day.acus]));
    expect(d.acusByDay.find((p) => p.date === day.date)?.acus).toBe(0);
  });

  it('skips a page row whose fields have the wrong type', () => {
    const victim = cache.getSessionsPage(pageQuery).rows[0]!.sessionId;
    handEdit(`UPDATE sessions SET title = x'00ff' WHERE session_id = '${victim}';`);
    const page = cache.getSessionsPage(pageQuery);
    expect(page.rows.map((r) => r.sessionId)).not.toContain(victim);
    expect(page.rows.length).toBeGreaterThan(0);
    expect(
      warnings().some((l) => l.includes('skipped 1 invalid cached sessions row(s)') && l.includes('title')),
    ).toBe(true);
  });

  it('treats a dataset row with bad JSON in its error column as never synced, keeping the others', () => {
    handEdit(`UPDATE datasets SET error = '{oops' WHERE name = 'sessions';`);
    const fresh = cache.getFreshness();
    expect(fresh.find((x) => x.dataset === 'sessions')).toEqual({
      dataset: 'sessions',
      lastSuccessAt: null,
      lastAttemptAt: null,
      error: null,
    });
    expect(fresh.find((x) => x.dataset === 'consumption')?.lastSuccessAt).toBe(AT);
    expect(cache.getDashboard({ ...range, orgId: null }).asOf).toBeNull();
    expect(
      warnings().some((l) => l.includes('invalid cached datasets row') && l.includes('not valid JSON')),
    ).toBe(true);
  });

  it('skips an organization with an unreadable name; its ACUs are then labelled by id', () => {
    const org = f.organizations[0]!;
    handEdit(`UPDATE organizations SET name = x'00' WHERE org_id = '${org.org_id}';`);
    expect(cache.getOrganizations().map((o) => o.orgId)).not.toContain(org.org_id);
    expect(cache.getOrganizations()).toHaveLength(f.organizations.length - 1);
    expect(
      cache.getDashboard({ ...range, orgId: null }).acusByOrg.find((o) => o.orgId === org.org_id)?.name,
    ).toBe(org.org_id);
    expect(warnings().some((l) => l.includes('invalid cached organizations row'))).toBe(true);
  });

  it('returns no queue, an empty sync state, and skips bad buckets and cycles, rather than failing', () => {
    const b = f.activeUsers.mau.at(-1)!;
    handEdit(`
      UPDATE queue SET status = 'bogus';
      UPDATE sync_state SET synced_from = 'yesterday';
      UPDATE active_users SET active_users = -3 WHERE kind = 'mau' AND start_time = ${b.start_time};
      INSERT INTO cycles (after, before) VALUES (2000000000, 1000);`);
    expect(cache.getQueue()).toBeNull();
    expect(cache.getSyncState()).toMatchObject({ syncedFrom: null, syncedTo: null, lastFullSyncAt: null });
    const d = cache.getDashboard({ from: f.to, to: f.to, orgId: null });
    expect(d.totals.activeUsers.mau).toBeNull();
    expect(d.cycles).toHaveLength(f.cycles.length);
    for (const what of ['queue', 'sync_state', 'active_users', 'cycles']) {
      expect(
        warnings().some((l) => l.includes(`invalid cached ${what} row`)),
        what,
      ).toBe(true);
    }
  });
});

describe('markFailure', () => {
  it('keeps the last success time and the data, records the attempt and a redacted error, and clears on success', () => {
    const before = cache.getDashboard({ ...range, orgId: null });
    cache.transaction((w) =>
      w.markFailure('sessions', AT + 60_000, {
        code: 'RATE_LIMITED',
        message: 'slow down, cog_abcdefgh12345678',
        retryAt: AT + 120_000,
      }),
    );
    expect(cache.getFreshness().find((x) => x.dataset === 'sessions')).toEqual({
      dataset: 'sessions',
      lastSuccessAt: AT,
      lastAttemptAt: AT + 60_000,
      error: { code: 'RATE_LIMITED', message: 'slow down, [REDACTED]', retryAt: AT + 120_000 },
    });
    expect(cache.getDashboard({ ...range, orgId: null })).toEqual(before);

    cache.transaction((w) => w.markSuccess('sessions', AT + 180_000));
    expect(cache.getFreshness().find((x) => x.dataset === 'sessions')).toEqual({
      dataset: 'sessions',
      lastSuccessAt: AT + 180_000,
      lastAttemptAt: AT + 180_000,
      error: null,
    });
  });

  it('records a failure of a dataset that never succeeded', () => {
    cache.close();
    rmSync(file);
    cache = openCache({ file, log });
    cache.transaction((w) =>
      w.markFailure('queue', 5, {
        code: 'PERMISSION_DENIED',
        message: 'no',
        permission: 'ViewAccountMetrics',
      }),
    );
    expect(cache.getFreshness().find((x) => x.dataset === 'queue')).toEqual({
      dataset: 'queue',
      lastSuccessAt: null,
      lastAttemptAt: 5,
      error: { code: 'PERMISSION_DENIED', message: 'no', permission: 'ViewAccountMetrics' },
    });
  });
});
