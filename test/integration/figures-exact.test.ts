/**
 * A seeded property test of every way ACU figures leave the cache: random decimal ACU values (0–6 decimals,
 * some already carrying float noise, as an API that sums in floats would send them) in a real SQLite cache,
 * read over random ranges and scopes through the dashboard, cost and sessions queries, the CLI report (JSON and
 * CSV), the renderer's CSV exports and its formatted strings. Sums must equal the exact decimal sums (a BigInt
 * oracle, not the app's micro-ACU maths), costs the exact cents, and no output may show binary-float noise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCache, type Cache, type ConsumptionRow } from '../../src/main/services/cache';
import { silentLogger } from '../../src/main/services/logger';
import { buildReport, reportToCsv } from '../../src/main/services/report';
import { createRng, type Rng } from '../../src/main/simulator/prng';
import { expectTopUsersOf } from '../helpers/top-users';
import { userBars } from '../../src/renderer/src/lib/aggregate';
import {
  costDailyCsv,
  costMonthlyCsv,
  dailyAcusCsv,
  sessionsCsv,
  summaryCsv,
  usersCsv,
} from '../../src/renderer/src/lib/csv-exports';
import { formatAcus, formatCost } from '../../src/renderer/src/lib/format';
import { pivotMonthly, topOrgsWithOthers } from '../../src/renderer/src/features/cost/monthly';
import { addDaysTo, billingDayOf, eachDay, type DayString } from '../../src/shared/billing-day';
import type { ApiSession } from '../../src/shared/devin-api';
import { loadFixture, makeFixture, SMALL_FIXTURE, type CacheFixture } from '../helpers/cache-fixtures';
import { exactCents, exactSum, longDecimals } from '../helpers/exact-decimal';

const SEEDS = [1, 2, 3];
const RANGES_PER_SEED = 12;
/** ACU figures keep at most this many decimals (micro-ACUs); float noise shows as 15 or more. */
const ACU_DECIMALS = 6;

/** A random ACU figure: its exact value (decimal text) and the double the API sends for it. */
interface Drawn {
  exact: number;
  sent: number;
}

function drawAcus(rng: Rng): Drawn {
  if (rng.chance(0.05)) return { exact: 0, sent: 0 };
  const decimals = rng.int(0, ACU_DECIMALS);
  const int = rng.int(0, rng.chance(0.2) ? 20_000 : 60);
  const frac = decimals === 0 ? '' : `.${String(rng.int(0, 10 ** decimals - 1)).padStart(decimals, '0')}`;
  const exact = Number(`${int}${frac}`);
  if (!rng.chance(0.2)) return { exact, sent: exact };
  // Sent as an API-side float sum of two parts (e.g. 0.1 + 0.2 = 0.30000000000000004).
  const part = Math.min(exact, Number((rng.next() * exact).toFixed(2)));
  const rest = Number((exact - part).toFixed(ACU_DECIMALS));
  return { exact: exactSum([part, rest]), sent: part + rest };
}

interface World {
  fixture: CacheFixture;
  /** Exact ACUs per session id. */
  sessionAcus: Map<string, number>;
  /** Exact consumption per scope, by day. */
  consumption: Map<string, Map<DayString, number>>;
}

function makeWorld(seed: number): World {
  const rng = createRng(seed);
  const base = makeFixture({ ...SMALL_FIXTURE, seed, sessions: 1_200, days: 120 });
  const sessionAcus = new Map<string, number>();
  const sessions: ApiSession[] = base.sessions.map((s) => {
    const { exact, sent } = drawAcus(rng);
    sessionAcus.set(s.session_id, exact);
    return { ...s, acus_consumed: sent };
  });
  const consumption = new Map<string, Map<DayString, number>>();
  const rows = new Map<string, ConsumptionRow[]>();
  for (const scope of ['enterprise', ...base.orgIds]) {
    const exactByDay = new Map<DayString, number>();
    const scopeRows: ConsumptionRow[] = [];
    for (const date of eachDay(base.from, base.to)) {
      if (rng.chance(0.15)) continue; // days without a row read as zero
      const { exact, sent } = drawAcus(rng);
      exactByDay.set(date, exact);
      scopeRows.push({ date, acus: sent, devin: sent, cascade: 0, terminal: 0, review: 0 });
    }
    consumption.set(scope, exactByDay);
    rows.set(scope, scopeRows);
  }
  return { fixture: { ...base, sessions, consumption: rows }, sessionAcus, consumption };
}

function randomRange(rng: Rng, f: CacheFixture): { from: DayString; to: DayString } {
  const from = addDaysTo(f.from, rng.int(-10, 110));
  return { from, to: addDaysTo(from, rng.int(0, 60)) };
}

/** A $/ACU rate with two to four decimals, 0.0001 to 1000 (the range Settings accepts). */
const randomRate = (rng: Rng): number => Number((rng.int(1, 100_000) / 10 ** rng.int(2, 4)).toFixed(4));

const dirs: string[] = [];
const caches: Cache[] = [];
afterAll(() => {
  for (const c of caches) c.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function openWorld(w: World): Cache {
  const dir = mkdtempSync(join(tmpdir(), 'figures-exact-'));
  dirs.push(dir);
  const cache = openCache({ file: join(dir, 'cache.sqlite'), log: silentLogger });
  caches.push(cache);
  loadFixture(cache, w.fixture, Date.UTC(2026, 10, 20, 12));
  return cache;
}

function expectNoNoise(what: string, text: string, maxDecimals = ACU_DECIMALS): void {
  expect(longDecimals(text, maxDecimals), what).toEqual([]);
}

describe.each(SEEDS)('figures, seed %i', (seed) => {
  const world = makeWorld(seed);
  const f = world.fixture;
  const cache = openWorld(world);
  const rng = createRng(seed * 7919);
  const exactIn = (scope: string, from: DayString, to: DayString) =>
    exactSum([...(world.consumption.get(scope) ?? [])].filter(([d]) => d >= from && d <= to).map(([, a]) => a));

  for (let i = 0; i < RANGES_PER_SEED; i++) {
    const { from, to } = randomRange(rng, f);
    const orgId = rng.chance(0.3) ? rng.pick(f.orgIds) : null;
    const rate = randomRate(rng);
    const today = addDaysTo(f.from, rng.int(0, 130));

    it(`${from}..${to}, org ${orgId ?? 'all'}, rate ${rate}`, () => {
      const d = cache.getDashboard({ from, to, orgId });
      const scope = orgId ?? 'enterprise';
      expect(d.totals.acus).toBe(exactIn(scope, from, to));
      for (const p of d.acusByDay) expect(p.acus).toBe(world.consumption.get(scope)?.get(p.date) ?? 0);
      const orgTotals = f.orgIds
        .filter((id) => orgId === null || id === orgId)
        .map((id) => [id, exactIn(id, from, to)] as const)
        .filter(([, acus]) => acus > 0);
      expect(new Map(d.acusByOrg.map((o) => [o.orgId, o.acus]))).toEqual(new Map(orgTotals));
      if (orgId === null) {
        const rest = exactSum([exactIn('enterprise', from, to), ...orgTotals.map(([, a]) => -a)]);
        expect(d.unattributedAcus).toBe(Math.max(0, rest));
      }

      const inRange = f.sessions.filter((s) => {
        const day = billingDayOf(s.created_at);
        return day >= from && day <= to && (orgId === null || s.org_id === orgId);
      });
      const byUser = new Map<string, number[]>();
      for (const s of inRange) {
        const id = s.user_id ?? s.service_user_id;
        if (id) byUser.set(id, [...(byUser.get(id) ?? []), world.sessionAcus.get(s.session_id)!]);
      }
      const users = cache.getUserAcus({ from, to, orgId });
      expect(new Map(users.map((u) => [u.userId, u.acus]))).toEqual(
        new Map([...byUser].map(([id, xs]) => [id, exactSum(xs)])),
      );
      expectTopUsersOf(d, users);
      const bars = userBars(d);
      expect(exactSum(bars.map((b) => b.acus))).toBe(exactSum(users.map((u) => u.acus)));

      const report = buildReport(cache, { from, to, orgId, rate });
      expect(report.totals.cost_usd).toBe(exactCents(report.totals.acus, rate));
      for (const o of report.acus_by_org) expect(o.cost_usd).toBe(exactCents(o.acus, rate));
      expect(report.sessions).toHaveLength(inRange.length);
      for (const s of report.sessions) {
        expect(s.acus).toBe(world.sessionAcus.get(s.session_id));
        expect(s.cost_usd).toBe(exactCents(s.acus, rate));
      }
      expectNoNoise('report JSON', JSON.stringify(report));
      expectNoNoise('report CSV', reportToCsv(report));

      const page = cache.getSessionsPage({
        from,
        to,
        orgId,
        userId: null,
        status: null,
        sort: 'acus',
        direction: 'desc',
        offset: 0,
        limit: 200,
      });
      expectNoNoise('summary CSV', summaryCsv(d, rate));
      expectNoNoise('daily CSV', dailyAcusCsv(d, true));
      expectNoNoise('users CSV', usersCsv(bars, rate));
      expectNoNoise('sessions CSV', sessionsCsv(page.rows, rate));

      const cost = cache.getCost({ orgId, today });
      expect(cost.monthToDate.acus).toBe(exactIn(scope, `${today.slice(0, 7)}-01`, today));
      for (const m of cost.monthlyByOrg)
        expect(m.acus).toBe(exactIn(m.orgId, `${m.month}-01`, `${m.month}-31`));
      const chart = topOrgsWithOthers(pivotMonthly(cost), 3);
      for (const month of chart.months) {
        const chartMonth = [...chart.acus.values()].map((row) => row.get(month) ?? 0);
        expect(exactSum(chartMonth)).toBe(
          exactSum(cost.monthlyByOrg.filter((m) => m.month === month).map((m) => m.acus)),
        );
      }
      expectNoNoise('cost monthly CSV', costMonthlyCsv(cost, rate));
      expectNoNoise('cost daily CSV', costDailyCsv(cost, rate));

      // The screen: what people read (and copy) is Intl-formatted from the same figures.
      const shown = [
        formatAcus(d.totals.acus),
        formatCost(d.totals.acus, rate),
        ...bars.map((b) => formatAcus(b.acus)),
        ...chart.orgs.map((o) => formatAcus(chart.acus.get(o.orgId)?.get(chart.months.at(-1)!) ?? 0)),
      ].join(' ');
      expectNoNoise('formatted figures', shown, 2);
    });
  }
});
