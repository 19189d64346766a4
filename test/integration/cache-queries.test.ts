/**
 * Every cache query against expectations computed here, in plain JS over the fixture arrays (never copied from
 * output). The oracle uses its own date arithmetic (Date.UTC, string days) rather than the app's range helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../src/main/services/cache';
import { silentLogger } from '../../src/main/services/logger';
import {
  OTHER_ORGS_ID,
  SPLIT_ORGS,
  type ActiveUsers,
  type SessionSortColumn,
  type SessionsPageQueryParsed,
} from '../../src/shared/dashboard';
import type { ApiSession } from '../../src/shared/devin-api';
import { loadFixture, makeFixture, SMALL_FIXTURE, type CacheFixture } from '../helpers/cache-fixtures';
import { exactSum } from '../helpers/exact-decimal';
import { activeUsersOfSessions } from '../helpers/active-users';
import { expectTopUsersOf } from '../helpers/top-users';

const AT = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400;

// ---- oracle: independent date arithmetic -------------------------------------------------------------------
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const shift = (d: string, n: number) => new Date(dayMs(d) + n * DAY * 1000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = shift(d, 1)) out.push(d);
  return out;
};
/** Billing day = UTC date of the instant minus 8 hours (midnight PST, no DST). */
const billingDay = (t: number) => new Date((t - 8 * 3600) * 1000).toISOString().slice(0, 10);
const windowOf = (from: string, to: string) => ({
  lo: dayMs(from) / 1000 + 8 * 3600,
  hi: dayMs(shift(to, 1)) / 1000 + 8 * 3600,
});
const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const r1 = (x: number) => Math.round(x * 10) / 10;

function oracle(f: CacheFixture) {
  const orgName = new Map(f.organizations.map((o) => [o.org_id, o.name]));
  const personName = new Map<string, string | null>();
  for (const s of f.serviceUsers) personName.set(s.service_user_id, s.name);
  for (const u of f.users) personName.set(u.user_id, u.name || u.email || null);

  const sessionsIn = (from: string, to: string, orgId: string | null) =>
    f.sessions.filter((s) => {
      const d = billingDay(s.created_at);
      return d >= from && d <= to && (orgId === null || s.org_id === orgId);
    });
  const consumption = (scope: string, from: string, to: string) =>
    (f.consumption.get(scope) ?? []).filter((r) => r.date >= from && r.date <= to);
  const scopeTotal = (scope: string, from: string, to: string) =>
    exactSum(consumption(scope, from, to).map((r) => r.acus));

  function metricsActiveUsers(from: string, to: string): ActiveUsers {
    const { lo, hi } = windowOf(from, to);
    const dau = f.activeUsers.dau.filter((b) => b.start_time >= lo && b.start_time < hi);
    const wau = f.activeUsers.wau.filter((b) => b.start_time < hi && b.end_time >= lo);
    const mau = f.activeUsers.mau
      .filter((b) => b.start_time < hi && b.end_time >= lo)
      .sort((a, b) => b.start_time - a.start_time);
    const mean = (xs: number[]) => (xs.length ? r1(sumOf(xs) / xs.length) : null);
    return {
      dau: mean(dau.map((b) => b.active_users)),
      wau: mean(wau.map((b) => b.active_users)),
      mau: mau[0]?.active_users ?? null,
      source: 'metrics',
    };
  }

  const sessionActiveUsers = (from: string, to: string, orgId: string | null): ActiveUsers =>
    activeUsersOfSessions(f.sessions, from, to, orgId);

  function orgTotals(from: string, to: string) {
    return f.orgIds
      .map((id) => ({ orgId: id, name: orgName.get(id) ?? id, acus: scopeTotal(id, from, to) }))
      .filter((o) => o.acus > 0)
      .sort((a, b) => b.acus - a.acus || a.orgId.localeCompare(b.orgId));
  }

  function acusByUser(from: string, to: string, orgId: string | null) {
    const m = new Map<string, { acus: number; sessions: number }>();
    for (const s of sessionsIn(from, to, orgId)) {
      const id = s.user_id ?? s.service_user_id;
      if (!id) continue;
      const e = m.get(id) ?? { acus: 0, sessions: 0 };
      e.acus = exactSum([e.acus, s.acus_consumed]);
      e.sessions++;
      m.set(id, e);
    }
    return [...m]
      .map(([userId, e]) => ({
        userId,
        name: personName.get(userId) ?? userId,
        acus: e.acus,
        sessions: e.sessions,
      }))
      .sort((a, b) => b.acus - a.acus || (a.userId < b.userId ? -1 : 1));
  }

  return {
    orgName,
    personName,
    sessionsIn,
    consumption,
    scopeTotal,
    metricsActiveUsers,
    sessionActiveUsers,
    orgTotals,
    acusByUser,
  };
}

// ---- setup ---------------------------------------------------------------------------------------------------
let dir: string;
let cache: Cache;
const f = makeFixture(SMALL_FIXTURE);
const o = oracle(f);
/** The org with the most sessions, and the org the organizations list does not know. */
const bigOrg = f.orgIds[0]!;
const orphanOrg = f.orgIds[f.orgIds.length - 1]!;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-queries-'));
  cache = openCache({ file: join(dir, 'cache.sqlite'), log: silentLogger });
  loadFixture(cache, f, AT);
});
afterAll(() => {
  cache?.close();
  rmSync(dir, { recursive: true, force: true });
});

const RANGES: { name: string; from: string; to: string }[] = [
  { name: 'last 30 days', from: shift(f.to, -29), to: f.to },
  { name: 'one day', from: shift(f.to, -40), to: shift(f.to, -40) },
  { name: '90 days straddling the start of the data', from: shift(f.from, -20), to: shift(f.from, 69) },
  { name: 'a range running past the data', from: shift(f.to, -9), to: shift(f.to, 10) },
];

describe('getDashboard', () => {
  for (const r of RANGES) {
    for (const orgId of [null, bigOrg, orphanOrg]) {
      it(`${r.name}, org ${orgId ?? 'all'}: totals, previous period and active users`, () => {
        const d = cache.getDashboard({ from: r.from, to: r.to, orgId });
        const scope = orgId ?? 'enterprise';
        expect(d.query).toEqual({ from: r.from, to: r.to, orgId });
        expect(d.totals.sessions).toBe(o.sessionsIn(r.from, r.to, orgId).length);
        expect(d.totals.acus).toBe(o.scopeTotal(scope, r.from, r.to));
        expect(d.totals.activeUsers).toEqual(
          orgId === null ? o.metricsActiveUsers(r.from, r.to) : o.sessionActiveUsers(r.from, r.to, orgId),
        );

        const n = daysBetween(r.from, r.to).length;
        const pFrom = shift(r.from, -n);
        const pTo = shift(r.from, -1);
        expect(d.previous.sessions).toBe(o.sessionsIn(pFrom, pTo, orgId).length);
        expect(d.previous.acus).toBe(o.scopeTotal(scope, pFrom, pTo));
        expect(d.previous.activeUsers).toEqual(
          orgId === null ? o.metricsActiveUsers(pFrom, pTo) : o.sessionActiveUsers(pFrom, pTo, orgId),
        );
      });

      it(`${r.name}, org ${orgId ?? 'all'}: daily series, per-user and per-org panels`, () => {
        const d = cache.getDashboard({ from: r.from, to: r.to, orgId });
        const scope = orgId ?? 'enterprise';
        const rows = new Map(o.consumption(scope, r.from, r.to).map((c) => [c.date, c.acus]));
        expect(d.acusByDay.map((p) => p.date)).toEqual(daysBetween(r.from, r.to));
        d.acusByDay.forEach((p) => expect(p.acus).toBe(rows.get(p.date) ?? 0));

        const users = o.acusByUser(r.from, r.to, orgId);
        expect(cache.getUserAcus({ from: r.from, to: r.to, orgId })).toEqual(users);
        expectTopUsersOf(d, users);

        const orgs = o.orgTotals(r.from, r.to).filter((x) => orgId === null || x.orgId === orgId);
        expect(d.acusByOrg.map((x) => [x.orgId, x.name])).toEqual(orgs.map((x) => [x.orgId, x.name]));
        d.acusByOrg.forEach((x, i) => expect(x.acus).toBe(orgs[i]!.acus));

        if (orgId === null) {
          const split = orgs.slice(0, SPLIT_ORGS);
          const others = orgs.length > SPLIT_ORGS ? [OTHER_ORGS_ID] : [];
          expect(d.acusByDayByOrg.map((s) => s.orgId)).toEqual([...split.map((x) => x.orgId), ...others]);
          for (const series of d.acusByDayByOrg) {
            if (series.orgId === OTHER_ORGS_ID) {
              const rest = orgs.slice(SPLIT_ORGS).map((x) => new Map(o.consumption(x.orgId, r.from, r.to).map((c) => [c.date, c.acus])));
              series.points.forEach((p) => expect(p.acus).toBe(exactSum(rest.map((m) => m.get(p.date) ?? 0))));
              continue;
            }
            const byDay = new Map(o.consumption(series.orgId, r.from, r.to).map((c) => [c.date, c.acus]));
            expect(series.name).toBe(o.orgName.get(series.orgId) ?? series.orgId);
            expect(series.points.map((p) => p.date)).toEqual(daysBetween(r.from, r.to));
            series.points.forEach((p) => expect(p.acus).toBe(byDay.get(p.date) ?? 0));
          }
          const unattributed = Math.max(
            0,
            exactSum([o.scopeTotal('enterprise', r.from, r.to), ...orgs.map((x) => -x.acus)]),
          );
          expect(d.unattributedAcus).toBe(unattributed);
        } else {
          expect(d.acusByDayByOrg).toEqual([]);
          expect(d.unattributedAcus).toBe(0);
        }
      });
    }
  }

  it('zero-fills days with no consumption row, including past the end of the data', () => {
    const from = shift(f.to, -9);
    const to = shift(f.to, 10);
    const d = cache.getDashboard({ from, to, orgId: null });
    const missing = daysBetween(from, to).filter((day) => !o.consumption('enterprise', day, day).length);
    expect(missing.length).toBeGreaterThanOrEqual(10);
    for (const day of missing) expect(d.acusByDay.find((p) => p.date === day)?.acus).toBe(0);
  });

  it('names an org the organizations list does not know by its id, and counts its ACUs as attributed', () => {
    const d = cache.getDashboard({ from: f.from, to: f.to, orgId: null });
    expect(d.acusByOrg.find((x) => x.orgId === orphanOrg)?.name).toBe(orphanOrg);
    expect(d.organizations.some((x) => x.orgId === orphanOrg)).toBe(false);
  });

  it('lists organizations by name with their cycle limit, and cycles newest first', () => {
    const d = cache.getDashboard({ from: f.from, to: f.to, orgId: null });
    const limitOf = (id: string) =>
      f.acuLimits.find((l) => l.scope === 'org' && l.org_id === id)?.cycle_acu_limit ??
      f.organizations.find((x) => x.org_id === id)?.max_cycle_acu_limit ??
      null;
    const expected = [...f.organizations]
      .sort((a, b) =>
        a.name.toLowerCase() < b.name.toLowerCase()
          ? -1
          : a.name.toLowerCase() > b.name.toLowerCase()
            ? 1
            : a.org_id < b.org_id
              ? -1
              : 1,
      )
      .map((x) => ({ orgId: x.org_id, name: x.name, maxCycleAcuLimit: limitOf(x.org_id) }));
    expect(d.organizations).toEqual(expected);
    expect(cache.getOrganizations()).toEqual(expected);

    const cycles = [...f.cycles]
      .sort((a, b) => b.after - a.after)
      .map((c) => ({ from: billingDay(c.after), to: billingDay(c.before - 1) }));
    expect(d.cycles).toEqual(cycles);
    expect(d.cycles[0]!.from > d.cycles[1]!.from).toBe(true);
  });

  it('reports asOf as the oldest success among the datasets it reads, null when one never succeeded', () => {
    expect(cache.getDashboard({ from: f.from, to: f.to, orgId: null }).asOf).toBe(AT);
    cache.transaction((w) => w.markSuccess('sessions', AT + 5_000));
    expect(cache.getDashboard({ from: f.from, to: f.to, orgId: null }).asOf).toBe(AT);
    cache.transaction((w) => w.markSuccess('consumption', AT + 9_000));
    // All organizations also read org_consumption (per-org bars and split), still at AT.
    expect(cache.getDashboard({ from: f.from, to: f.to, orgId: null }).asOf).toBe(AT);
    expect(cache.getDashboard({ from: f.from, to: f.to, orgId: bigOrg }).asOf).toBe(AT);
    cache.transaction((w) => w.markSuccess('org_consumption', AT + 7_000));
    expect(cache.getDashboard({ from: f.from, to: f.to, orgId: null }).asOf).toBe(AT + 5_000);
    expect(cache.getDashboard({ from: f.from, to: f.to, orgId: bigOrg }).asOf).toBe(AT + 5_000);
  });
});

describe('getDashboard without active-user metrics', () => {
  let dir2: string;
  let bare: Cache;
  beforeAll(() => {
    dir2 = mkdtempSync(join(tmpdir(), 'cache-queries-nometrics-'));
    bare = openCache({ file: join(dir2, 'cache.sqlite'), log: silentLogger });
    loadFixture(bare, { ...f, activeUsers: { dau: [], wau: [], mau: [] } }, AT);
  });
  afterAll(() => {
    bare?.close();
    rmSync(dir2, { recursive: true, force: true });
  });

  it('computes DAU/WAU/MAU for all orgs from the sessions', () => {
    for (const r of RANGES) {
      const d = bare.getDashboard({ from: r.from, to: r.to, orgId: null });
      expect(d.totals.activeUsers).toEqual(o.sessionActiveUsers(r.from, r.to, null));
    }
  });

  it('uses the metrics, with nulls, when metrics exist but none cover the range', () => {
    bare.transaction((w) =>
      w.replaceActiveUsers('dau', { timeAfter: 0, timeBefore: 1 }, [
        { start_time: 0, end_time: 86_399, active_users: 3 },
      ]),
    );
    const d = bare.getDashboard({ from: RANGES[0]!.from, to: RANGES[0]!.to, orgId: null });
    expect(d.totals.activeUsers).toEqual({ dau: null, wau: null, mau: null, source: 'metrics' });
  });
});

// ---- sessions page -------------------------------------------------------------------------------------------
/** SQLite's order: NULL first, numbers by value, text by code unit (ASCII-folded for NOCASE columns). */
function cmp(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function sortKey(s: ApiSession, column: SessionSortColumn): string | number | null {
  const lower = (x: string | null | undefined) => (x == null ? null : x.toLowerCase());
  const creator = s.user_id ?? s.service_user_id ?? null;
  switch (column) {
    case 'created_at':
      return s.created_at;
    case 'acus':
      return s.acus_consumed;
    case 'duration':
      return Math.max(0, s.updated_at - s.created_at);
    case 'title':
      return lower(s.title);
    case 'user':
      return lower(creator === null ? null : (o.personName.get(creator) ?? creator));
    case 'org':
      return lower(o.orgName.get(s.org_id) ?? s.org_id);
    case 'status':
      return s.status;
  }
}

function expectedPage(q: SessionsPageQueryParsed) {
  const filtered = o
    .sessionsIn(q.from, q.to, q.orgId)
    .filter((s) => q.userId === null || s.user_id === q.userId || s.service_user_id === q.userId)
    .filter((s) => q.status === null || s.status === q.status);
  const dir = q.direction === 'asc' ? 1 : -1;
  filtered.sort(
    (a, b) => dir * (cmp(sortKey(a, q.sort), sortKey(b, q.sort)) || cmp(a.session_id, b.session_id)),
  );
  return {
    total: filtered.length,
    ids: filtered.slice(q.offset, q.offset + q.limit).map((s) => s.session_id),
  };
}

const pageQuery = (p: Partial<SessionsPageQueryParsed>): SessionsPageQueryParsed => ({
  from: shift(f.to, -59),
  to: f.to,
  orgId: null,
  userId: null,
  status: null,
  sort: 'created_at',
  direction: 'desc',
  offset: 0,
  limit: 100,
  ...p,
});

describe('getSessionsPage', () => {
  const columns: SessionSortColumn[] = ['created_at', 'acus', 'duration', 'title', 'user', 'org', 'status'];
  for (const sort of columns) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sorts by ${sort} ${direction} with session_id breaking ties, across pages`, () => {
        for (const offset of [0, 100, 700]) {
          const q = pageQuery({ sort, direction, offset });
          const page = cache.getSessionsPage(q);
          const want = expectedPage(q);
          expect(page.total).toBe(want.total);
          expect(page.offset).toBe(offset);
          expect(page.rows.map((r) => r.sessionId)).toEqual(want.ids);
        }
      });
    }
  }

  it('has ties to break in the fixture (otherwise the tie-break test proves nothing)', () => {
    const inRange = o.sessionsIn(pageQuery({}).from, pageQuery({}).to, null);
    expect(new Set(inRange.map((s) => s.acus_consumed)).size).toBeLessThan(inRange.length / 10);
  });

  it('filters by org, by user (human or service user) and by status, with matching totals', () => {
    const su = f.serviceUsers[0]!.service_user_id;
    const human = f.sessions.find((s) => s.user_id && billingDay(s.created_at) > shift(f.to, -59))!.user_id!;
    const cases: Partial<SessionsPageQueryParsed>[] = [
      { orgId: bigOrg },
      { userId: human },
      { userId: su, sort: 'acus' },
      { status: 'error', sort: 'duration', direction: 'asc' },
      { orgId: bigOrg, status: 'exit', sort: 'title', direction: 'asc', limit: 7, offset: 3 },
      { orgId: 'org-none' },
    ];
    for (const c of cases) {
      const q = pageQuery(c);
      const page = cache.getSessionsPage(q);
      const want = expectedPage(q);
      expect(page.total, JSON.stringify(c)).toBe(want.total);
      expect(page.rows.map((r) => r.sessionId)).toEqual(want.ids);
    }
    expect(expectedPage(pageQuery({ userId: su })).total).toBeGreaterThan(0);
  });

  it('returns an empty page past the end, with the total', () => {
    const q = pageQuery({ offset: 100_000 });
    const page = cache.getSessionsPage(q);
    expect(page.rows).toEqual([]);
    expect(page.total).toBe(expectedPage(q).total);
  });

  it('lists the distinct statuses of the range and org, ignoring the user and status filters', () => {
    for (const c of [
      {},
      { orgId: bigOrg },
      { orgId: bigOrg, status: 'exit', userId: 'user-000' },
    ] as Partial<SessionsPageQueryParsed>[]) {
      const q = pageQuery(c);
      const want = [...new Set(o.sessionsIn(q.from, q.to, q.orgId).map((s) => s.status))].sort();
      expect(cache.getSessionsPage(q).statuses).toEqual(want);
    }
  });

  it('carries names, duration and the raw fields on each row', () => {
    const page = cache.getSessionsPage(pageQuery({ limit: 500 }));
    const byId = new Map(f.sessions.map((s) => [s.session_id, s]));
    for (const row of page.rows) {
      const s = byId.get(row.sessionId)!;
      const creator = s.user_id ?? s.service_user_id ?? null;
      expect(row).toEqual({
        sessionId: s.session_id,
        title: s.title ?? null,
        userId: creator,
        userName: creator === null ? null : (o.personName.get(creator) ?? null),
        orgId: s.org_id,
        orgName: o.orgName.get(s.org_id) ?? null,
        status: s.status,
        createdAt: s.created_at * 1000,
        updatedAt: s.updated_at * 1000,
        durationSeconds: s.updated_at - s.created_at,
        acus: s.acus_consumed,
        url: s.url,
        origin: s.origin ?? null,
        tags: s.tags,
        prs: s.pull_requests.map((p) => ({ url: p.pr_url, state: p.pr_state ?? null })),
      });
    }
    // The fixture covers the fallbacks: unnamed creators, creator-less sessions, unknown orgs.
    expect(page.rows.some((r) => r.userId !== null && r.userName === null)).toBe(true);
    expect(page.rows.some((r) => r.userId === null)).toBe(true);
    expect(page.rows.some((r) => r.orgName === null)).toBe(true);
  });
});

// ---- cost ------------------------------------------------------------------------------------------------------
describe('getCost', () => {
  const monthsEnding = (today: string) => {
    const [y, m] = today.split('-').map(Number) as [number, number];
    return Array.from({ length: 6 }, (_, i) => new Date(Date.UTC(y, m - 6 + i, 1)).toISOString().slice(0, 7));
  };

  for (const orgId of [null, bigOrg]) {
    for (const today of [f.to, shift(f.to, -35), '2026-03-31']) {
      it(`org ${orgId ?? 'all'}, today ${today}`, () => {
        const c = cache.getCost({ orgId, today });
        const scope = orgId ?? 'enterprise';
        expect(c.orgId).toBe(orgId);

        const months = monthsEnding(today);
        const expected = months.flatMap((month) =>
          f.orgIds
            .filter((id) => orgId === null || id === orgId)
            .map((id) => ({
              month,
              orgId: id,
              name: o.orgName.get(id) ?? id,
              acus: exactSum(
                (f.consumption.get(id) ?? []).filter((r) => r.date.startsWith(month)).map((r) => r.acus),
              ),
            }))
            .filter((x) => x.acus > 0)
            .sort((a, b) => b.acus - a.acus || (a.orgId < b.orgId ? -1 : 1)),
        );
        expect(c.monthlyByOrg.map((x) => [x.month, x.orgId, x.name])).toEqual(
          expected.map((x) => [x.month, x.orgId, x.name]),
        );
        c.monthlyByOrg.forEach((x, i) => expect(x.acus).toBe(expected[i]!.acus));

        const days = daysBetween(shift(today, -29), today);
        const byDay = new Map((f.consumption.get(scope) ?? []).map((r) => [r.date, r.acus]));
        expect(c.last30Days.map((p) => p.date)).toEqual(days);
        c.last30Days.forEach((p) => expect(p.acus).toBe(byDay.get(p.date) ?? 0));

        const [y, m, d] = today.split('-').map(Number) as [number, number, number];
        expect(c.monthToDate.month).toBe(today.slice(0, 7));
        expect(c.monthToDate.daysElapsed).toBe(d);
        expect(c.monthToDate.daysInMonth).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
        expect(c.monthToDate.acus).toBe(o.scopeTotal(scope, `${today.slice(0, 7)}-01`, today));
        expect(c.asOf).not.toBeNull();
      });
    }
  }
});
