/**
 * Spend-control figures for `npm run bench`:
 *   - forecast backtest: on the large-enterprise simulator's history, predict each past billing cycle's total at
 *     days 7, 14 and 21 with the forecast (services/spend/forecast.ts) and with the straight line the cost view
 *     uses; mean absolute percentage error of both, for the enterprise's Devin ACUs (what its limit counts) and,
 *     separately, for every organization (target: forecast error ≥ 25 % lower than the straight line's);
 *   - limits report: main's `limits:get` on the synced large cache, for range changes across cycles;
 *   - limits panel update in Chromium on an org change and a range change (target ≤ 100 ms).
 */
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { addDaysTo, billingDayOf, consumptionDay, currentBillingDay, daysInRange, type DayString } from '../src/shared/billing-day';
import { DEFAULT_SETTINGS } from '../src/shared/dashboard';
import type { Cache } from '../src/main/services/cache';
import { buildLimitsReport } from '../src/main/services/spend';
import { forecastCycle, straightLine } from '../src/main/services/spend/forecast';
import { LARGE_ENTERPRISE_PRESET } from '../src/main/simulator';
import { generateWorld } from '../src/main/simulator/generate';
import { World } from '../src/main/simulator/world';
import globalSetup from '../test/e2e/renderer/global-setup';
import { startHarness } from '../test/harness/server';
import { attachBridge, CHROMIUM_ARGS, CHROMIUM_PATH, PAGE_LOCALE, PAGE_TIMEZONE } from '../test/helpers/harness';
import { ALL_ORGS, measureChanges, median, orgChange, rangeChange, tid, verdict, type Expectation } from './renderer';

export const BACKTEST_DAYS = [7, 14, 21] as const;
const TARGET_REDUCTION = 25;
const CHANGE_TARGET_MS = 100;
/** The backtest's world is pinned to one clock so its figures do not move with the day it runs. */
const BACKTEST_NOW = Date.UTC(2026, 10, 18, 17, 30) / 1000;

export interface BacktestRow {
  day: number;
  points: number;
  forecastMape: number;
  straightMape: number;
}

/** MAPE per prediction day over every past cycle with four weeks of history before it, for each series. */
export function backtest(world: World, series: Map<DayString, number>[]): BacktestRow[] {
  const known = billingDayOf(world.firstDayStart);
  const cycles = world
    .cycles()
    .map((c) => ({ from: billingDayOf(c.after), to: billingDayOf(c.before - 1) }))
    .filter((c) => c.to < billingDayOf(world.now) && addDaysTo(c.from, -28) >= known);
  return BACKTEST_DAYS.map((day) => {
    let f = 0;
    let s = 0;
    let points = 0;
    for (const cycle of cycles) {
      for (const daily of series) {
        let actual = 0;
        for (const [d, v] of daily) if (d >= cycle.from && d <= cycle.to) actual += v;
        if (actual <= 0) continue;
        // At the prediction point only the complete days before `today` are known.
        const today = addDaysTo(cycle.from, day);
        const seen = new Map([...daily].filter(([d]) => d < today));
        const p = forecastCycle({ daily: seen, knownFrom: known, cycle, today, target: null });
        f += Math.abs(p.projected - actual) / actual;
        s += Math.abs(straightLine(p.used, day, daysInRange(cycle.from, cycle.to)) - actual) / actual;
        points += 1;
      }
    }
    return { day, points, forecastMape: (100 * f) / points, straightMape: (100 * s) / points };
  });
}

const seriesOf = (body: ReturnType<World['consumption']>, pick: (r: ReturnType<World['consumption']>['consumption_by_date'][number]) => number) =>
  new Map(body.consumption_by_date.map((r) => [consumptionDay(r.date), pick(r)]));

function backtestFigures(): Record<string, string> {
  const world = new World(generateWorld(LARGE_ENTERPRISE_PRESET, 42, BACKTEST_NOW), BACKTEST_NOW);
  const enterprise = [seriesOf(world.consumption({ kind: 'enterprise' }), (r) => r.acus_by_product.devin)];
  const orgs = world.orgs.map((o) => seriesOf(world.consumption({ kind: 'org', orgId: o.org_id }), (r) => r.acus));
  const out: Record<string, string> = {};
  for (const [name, series] of [['enterprise Devin ACUs', enterprise], [`${orgs.length} organizations`, orgs]] as const) {
    for (const r of backtest(world, series)) {
      const lower = 100 * (1 - r.forecastMape / r.straightMape);
      const met = name.startsWith('enterprise') ? ` (target ≥ ${TARGET_REDUCTION} % lower, ${lower >= TARGET_REDUCTION ? 'met' : 'NOT met'})` : '';
      out[`backtest ${name}, day ${r.day} (${r.points} cycles×scopes): MAPE forecast / straight line`] =
        `${r.forecastMape.toFixed(2)} % / ${r.straightMape.toFixed(2)} % → ${lower.toFixed(0)} % lower${met}`;
    }
  }
  return out;
}

/** The backtest and main's limits report time on an already synced cache (bench/index.ts passes its own). */
export function benchSpendCache(cache: Cache, runs = 30): Record<string, string> {
  const times: number[] = [];
  const today = currentBillingDay();
  for (let i = 0; i < runs; i++) {
    const day = addDaysTo(today, -31 * (i % 3));
    const t0 = performance.now();
    buildLimitsReport(cache, { day, nowMs: Date.now(), settings: DEFAULT_SETTINGS });
    times.push(performance.now() - t0);
  }
  return {
    ...backtestFigures(),
    'limits report (main, large cache), median': `${median(times).toFixed(1)} ms`,
  };
}

/** The limits panel in Chromium: org change and range change until the panel shows the new figures. */
export async function benchLimitsPanel(runs = 7): Promise<Record<string, string>> {
  globalSetup();
  const loadAtStart = loadavg()[0] ?? 0;
  // Forty organizations as in the large preset; fewer sessions, since only the panel is measured.
  const harness = await startHarness({ env: {}, simulator: { ...LARGE_ENTERPRISE_PRESET, days: 120, sessions: 15_000 } });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 }, locale: PAGE_LOCALE, timezoneId: PAGE_TIMEZONE });
    const page = await context.newPage();
    await attachBridge(page, harness);
    await page.goto(`${harness.url}/`);
    await page.locator(`${tid('limit-row')}`).first().waitFor({ timeout: 60_000 });

    const h = harness.core.handlers;
    const current = await h['limits:get']({});
    const orgs = current.scopes.filter((s) => s.scope === 'org');
    const [org, other] = orgs;
    if (!org?.id || !other?.id) throw new Error('the bench world needs two organizations');
    // All organizations: another organization's row is back; one organization: its row right after the enterprise.
    const orgShown = (orgId: string | null): Expectation => ({
      texts: [],
      present: [orgId === null ? `${tid('limit-row')}[data-id="${other.id}"]` : `${tid('limit-row')}[data-id="${orgId}"]:nth-child(2)`],
      panel: tid('limits-panel'),
    });
    const orgTimes = await measureChanges(page, runs, [
      orgChange(ALL_ORGS, orgShown(null)),
      orgChange(org.name ?? org.id, orgShown(org.id)),
    ]);

    // Range change: the last 30 days (current cycle) ↔ the previous billing cycle.
    const previous = await h['limits:get']({ day: addDaysTo(current.cycle.from, -1) });
    const cycleShown = (from: DayString): Expectation => ({
      texts: [],
      present: [tid('limit-row'), `${tid('cycle-label')}[data-cycle-from="${from}"]`],
      panel: tid('limits-panel'),
    });
    const rangeTimes = await measureChanges(page, runs, [
      rangeChange('last30', cycleShown(current.cycle.from)),
      rangeChange('previous-cycle', cycleShown(previous.cycle.from)),
    ]);
    return {
      'limits panel org change, median': verdict(median(orgTimes), CHANGE_TARGET_MS),
      'limits panel range change (cycle), median': verdict(median(rangeTimes), CHANGE_TARGET_MS),
      'limits panel rows': String(current.scopes.length),
      'machine load average (1 min) at start / end': `${loadAtStart.toFixed(1)} / ${(loadavg()[0] ?? 0).toFixed(1)}`,
    };
  } finally {
    await browser.close();
    await harness.close();
  }
}

if (require.main === module) {
  void (async () => {
    for (const [k, v] of Object.entries(backtestFigures())) console.log(`${k}: ${v}`);
    if (!process.argv.includes('--skip-renderer')) for (const [k, v] of Object.entries(await benchLimitsPanel())) console.log(`${k}: ${v}`);
  })();
}
