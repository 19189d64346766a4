/**
 * Renderer figures in headless Chromium, on the large-enterprise preset synced once into a temp cache (the
 * harness's first sync) and then read from that cache by every load:
 *   - paint: navigation start → the first animation frame at which DASHBOARD_PAINTED holds (test/helpers/harness.ts:
 *     no panel busy, every card has its number, the daily and the user-bars canvases drawn, month-to-date shown,
 *     the first session row rendered); median of `runs` reloads after one warm-up load; with its breakdown (medians):
 *     HTML and entry script, bundle evaluation, the first IPC answer (round trip and main's handler time, from the
 *     harness's Server-Timing), the outcomes answer beside it, and the first render after all of those are in;
 *   - org change / range change: the select's change event → the first frame at which every panel shows the new
 *     query's figures (cards, the users chart's top bar, sessions count and first row, month-to-date for an org change) and
 *     none is busy; median of `runs` changes, alternating between two states; with when main's last answer arrived,
 *     the time main's handlers took for the change's calls (summed), and how long the renderer's main thread was
 *     busy meanwhile (JavaScript, style and layout: ChangeDetail);
 *   - DOM rows: the most `<tr>` rows (spacers excluded) the sessions table holds at 20 scroll positions top to bottom;
 *   - JS heap after load, after a forced GC (CDP Runtime.getHeapUsage).
 * Prints nothing; `bench/index.ts` prints the figures.
 */
import { readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { lastDays, type DayString } from '../src/shared/billing-day';
import { LARGE_ENTERPRISE_PRESET } from '../src/main/simulator';
import globalSetup from '../test/e2e/renderer/global-setup';
import { fmt } from '../test/e2e/renderer/expected';
import { DEFAULT_RENDERER_DIR, startHarness, type Harness } from '../test/harness/server';
import {
  attachBridge,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  DASHBOARD_PAINTED,
  PAGE_LOCALE,
  PAGE_TIMEZONE,
} from '../test/helpers/harness';

const PAINT_TARGET_MS = 300;
const CHANGE_TARGET_MS = 100;
const RATE = 2.4;
const SCROLL_STOPS = 20;
const TIMEOUT_MS = 60_000;

/** Records in `window.__painted` the time (ms since navigation start) of the first frame that is painted. */
const PAINT_PROBE = `(() => {
  const check = () => {
    if (${DASHBOARD_PAINTED}) window.__painted = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

export interface Expectation {
  /** CSS selector → exact text its first match must show. */
  texts: [string, string][];
  /** CSS selectors that must match something. */
  present: string[];
  /** Time only this panel (its selector): it must not be busy; other panels may still load. Default: every panel. */
  panel?: string;
}

/** In the page: sets a select, then resolves with the ms until the first frame that meets `expectation`. */
/** The user's act that starts a change, run in the page at t0: choosing a value in a <select>, or an option. */
export type Trigger = { select: string; value: string } | { option: string; name: string };

const triggerScript = (t: Trigger): string =>
  'select' in t
    ? `const el = document.querySelector(${JSON.stringify(t.select)});
  if (!el) return reject(new Error('no ' + ${JSON.stringify(t.select)}));
  const act = () => {
    el.value = ${JSON.stringify(t.value)};
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };`
    : `const el = [...document.querySelectorAll(${JSON.stringify(t.option)})].find((o) => o.textContent === ${JSON.stringify(t.name)});
  if (!el) return reject(new Error('no option ' + ${JSON.stringify(t.name)}));
  const act = () => el.click();`;

const changeScript = (trigger: Trigger, expectation: Expectation): string => `new Promise((resolve, reject) => {
  const e = ${JSON.stringify(expectation)};
  const idle = () => {
    if (!e.panel) return !document.querySelector('[aria-busy="true"]');
    const p = document.querySelector(e.panel);
    return !!p && p.getAttribute('aria-busy') !== 'true';
  };
  const met = () =>
    idle() &&
    e.texts.every(([sel, text]) => document.querySelector(sel)?.textContent === text) &&
    e.present.every((sel) => document.querySelector(sel));
  ${triggerScript(trigger)}
  const t0 = performance.now();
  act();
  const deadline = t0 + ${TIMEOUT_MS};
  const check = () => {
    if (met()) {
      const t1 = performance.now();
      // What main did for this change: the bridge calls sent since t0 (the harness's Server-Timing).
      const calls = performance.getEntriesByType('resource').filter((r) => r.name.includes('/__bridge/invoke/') && r.startTime >= t0);
      window.__lastChange = {
        handler: calls.reduce((sum, r) => sum + (r.serverTiming.find((t) => t.name === 'handler')?.duration ?? 0), 0),
        lastAnswer: Math.max(0, ...calls.map((r) => r.responseEnd - t0)),
      };
      resolve(t1 - t0);
    }
    else if (performance.now() > deadline) reject(new Error('the change did not show within ${TIMEOUT_MS} ms'));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

export const tid = (id: string) => `[data-testid="${id}"]`;

/** The organization with the most ACUs in the range: the benches' "one organization" state. */
export async function busiestOrg(harness: Harness, range: { from: DayString; to: DayString }): Promise<{ orgId: string; name: string }> {
  const all = await harness.core.handlers['dashboard:get']({ ...range, orgId: null });
  const org = [...all.acusByOrg].sort((a, b) => b.acus - a.acus)[0];
  if (!org) throw new Error('the large preset synced no organization ACUs');
  return { orgId: org.orgId, name: all.organizations.find((o) => o.orgId === org.orgId)?.name ?? org.orgId };
}

/** What every panel must show for `orgId` over `range`, from the same handlers the page calls. */
export async function expectationFor(
  harness: Harness,
  range: { from: DayString; to: DayString },
  orgId: string | null,
  withCost: boolean,
): Promise<Expectation> {
  const h = harness.core.handlers;
  const dashboard = await h['dashboard:get']({ ...range, orgId });
  const page = await h['sessions:get-page']({
    ...range,
    orgId,
    userId: null,
    status: null,
    sort: 'created_at',
    direction: 'desc',
    offset: 0,
    limit: 1,
  });
  const top = [...dashboard.acusByUser].sort((a, b) => b.acus - a.acus)[0];
  const texts: [string, string][] = [
    [`${tid('card-sessions')} .card-value`, fmt.count(dashboard.totals.sessions)],
    [`${tid('card-acus')} .card-value`, fmt.acus(dashboard.totals.acus)],
    [`${tid('card-cost')} .card-value`, fmt.usd(dashboard.totals.acus * RATE)],
    [`${tid('sessions-table')} h2`, `Sessions (${fmt.count(page.total)})`],
  ];
  const first = page.rows[0];
  if (first?.title)
    texts.push([`${tid('sessions-table')} tbody tr[aria-rowindex="2"] td.cell-title`, first.title]);
  if (withCost) {
    const cost = await h['cost:get']({ orgId });
    texts.push([`${tid('cost-view')} .mtd .card-value`, fmt.usd(cost.monthToDate.acus * RATE)]);
  }
  // The users chart is a canvas; its description names the top bar, set in the render that redraws it.
  if (top) texts.push([`${tid('chart-acus-by-user')} .chart-top`, `${top.name}: ${fmt.acus(top.acus)} ACUs`]);
  return { texts, present: [] };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
export const verdict = (ms: number, target: number): string =>
  `${ms.toFixed(0)} ms (target ≤ ${target} ms, ${ms <= target ? 'met' : 'NOT met'})`;

async function painted(page: Page): Promise<number> {
  return (await (
    await page.waitForFunction('window.__painted', undefined, { timeout: TIMEOUT_MS })
  ).jsonValue()) as number;
}

/** Where one paint's time went, in ms; see `paintBreakdown`. */
interface PaintParts {
  entry: number;
  bundle: number;
  initialRoundTrip: number;
  initialHandler: number;
  outcomesRoundTrip: number;
  outcomesHandler: number;
  render: number;
}

/**
 * Read in the page after a paint: the renderer's marks (src/renderer/src/lib/perf-marks.ts) and the resource
 * timing of the bridge's calls, whose Server-Timing header says how long main's handler took (test/harness).
 */
const PAINT_PARTS = `(() => {
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? NaN;
  const call = (channel) => performance.getEntriesByType('resource').find((e) => e.name.endsWith('/invoke/' + encodeURIComponent(channel)));
  const handler = (e) => e?.serverTiming.find((t) => t.name === 'handler')?.duration ?? NaN;
  const entry = mark('dashboard:entry');
  const evaluated = mark('dashboard:app-evaluated');
  const initial = call('app:initial-data');
  const outcomes = call('outcomes:get');
  const ready = Math.max(evaluated, mark('dashboard:initial-data-answered'), outcomes?.responseEnd ?? NaN);
  return {
    entry,
    bundle: evaluated - entry,
    initialRoundTrip: mark('dashboard:initial-data-answered') - mark('dashboard:initial-data-sent'),
    initialHandler: handler(initial),
    outcomesRoundTrip: (outcomes?.responseEnd ?? NaN) - mark('dashboard:initial-data-sent'),
    outcomesHandler: handler(outcomes),
    render: window.__painted - ready,
  };
})()`;

/** The medians of a change's details, as one line (see ChangeDetail). */
export function changeBreakdown(details: ChangeDetail[]): string {
  const m = (key: keyof ChangeDetail): string => `${median(details.map((d) => d[key])).toFixed(0)} ms`;
  return `${m('lastAnswer')} / ${m('handler')}; renderer busy ${m('busy')} (JavaScript ${m('script')}, style and layout ${m('styleLayout')})`;
}

/** The median of each part over the paints, as one line. */
function paintBreakdown(parts: PaintParts[]): Record<string, string> {
  const m = (key: keyof PaintParts) => `${median(parts.map((p) => p[key])).toFixed(0)} ms`;
  return {
    'paint: HTML and entry script (navigation → entry evaluated)': m('entry'),
    'paint: bundle evaluation (entry → the app and its chunks evaluated)': m('bundle'),
    'paint: first IPC answer, app:initial-data round trip / main handler': `${m('initialRoundTrip')} / ${m('initialHandler')}`,
    'paint: outcomes:get (own channel, sent beside it) round trip / main handler': `${m('outcomesRoundTrip')} / ${m('outcomesHandler')}`,
    'paint: first render (code, answers and outcomes in → painted frame)': m('render'),
  };
}

/** One state to change to: how to get there (`prepare`, untimed: e.g. opening a combobox and typing), and what shows. */
export interface ChangeTo {
  prepare?: (page: Page) => Promise<void>;
  trigger: Trigger;
  expectation: Expectation;
}

/**
 * Of one change: main's handler time for the calls it made (summed), when the last answer arrived (ms after t0),
 * and the renderer's main thread: busy in all, of which JavaScript, and style and layout (Chrome's own counters,
 * CDP Performance.getMetrics). Unlike the change's wall time, the busy time hardly moves with the machine's load:
 * it says whether the renderer or main grew.
 */
export interface ChangeDetail {
  handler: number;
  lastAnswer: number;
  busy: number;
  script: number;
  styleLayout: number;
}

const COUNTERS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'] as const;
type Counters = Record<(typeof COUNTERS)[number], number>;

async function readCounters(cdp: CDPSession): Promise<Counters> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return Object.fromEntries(COUNTERS.map((c) => [c, value(c)])) as Counters;
}

/**
 * Alternates between the states `runs` times; the times of each change, back at the first state at the end.
 * `details`, when given, receives each timed change's ChangeDetail.
 */
export async function measureChanges(page: Page, runs: number, states: ChangeTo[], details?: ChangeDetail[]): Promise<number[]> {
  const cdp = details ? await page.context().newCDPSession(page) : null;
  await cdp?.send('Performance.enable');
  let counters: { before: Counters; after: Counters } | null = null;
  const change = async (to: ChangeTo): Promise<number> => {
    await to.prepare?.(page);
    const before = cdp ? await readCounters(cdp) : null;
    const ms = (await page.evaluate(changeScript(to.trigger, to.expectation))) as number;
    counters = cdp && before ? { before, after: await readCounters(cdp) } : null;
    return ms;
  };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(await change(states[(i + 1) % states.length]!));
    if (!details) continue;
    const main = (await page.evaluate('window.__lastChange')) as Pick<ChangeDetail, 'handler' | 'lastAnswer'>;
    const { before, after } = counters!;
    const spent = (c: keyof Counters): number => after[c] - before[c];
    details.push({
      ...main,
      busy: spent('TaskDuration'),
      script: spent('ScriptDuration'),
      styleLayout: spent('LayoutDuration') + spent('RecalcStyleDuration'),
    });
  }
  // Back to the first state, so the next measurement starts where it expects.
  if (runs % 2 === 1) await change(states[0]!);
  return times;
}

/** The organization combobox: opened and filtered by typing (untimed); the change starts with the option chosen. */
export function orgChange(name: string, expectation: Expectation): ChangeTo {
  return {
    prepare: async (page) => {
      const combobox = page.locator(`${tid('org-select')} [role="combobox"]`);
      await combobox.click();
      await combobox.fill(name === ALL_ORGS ? '' : name);
      await page.locator(`${tid('org-select')} [role="option"]`, { hasText: name }).first().waitFor();
    },
    trigger: { option: `${tid('org-select')} [role="option"]`, name },
    expectation,
  };
}
export const ALL_ORGS = 'All organizations';
export const rangeChange = (value: string, expectation: Expectation): ChangeTo => ({
  trigger: { select: `${tid('date-range')} select`, value },
  expectation,
});

function bundleKb(): number {
  const dir = join(DEFAULT_RENDERER_DIR, 'assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size / 1024, 0);
}

export async function benchRenderer(opts: { runs?: number } = {}): Promise<Record<string, number | string>> {
  const runs = opts.runs ?? 7;
  globalSetup();
  // Other work on this machine's 2 cores moves these figures a lot; the load says how much to trust them.
  const loadAtStart = loadavg()[0] ?? 0;
  const harness = await startHarness({ env: {}, simulator: { ...LARGE_ENTERPRISE_PRESET } });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    await harness.core.handlers['settings:update']({ acuRateUsd: RATE });
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1440, height: 900 },
      locale: PAGE_LOCALE,
      timezoneId: PAGE_TIMEZONE,
    });
    const page = await context.newPage();
    await attachBridge(page, harness);
    await page.addInitScript({ content: PAINT_PROBE });

    // Paint from cache: one warm-up load (cold caches), then `runs` reloads.
    await page.goto(`${harness.url}/`);
    await painted(page);
    const paints: number[] = [];
    const parts: PaintParts[] = [];
    for (let i = 0; i < runs; i++) {
      await page.reload();
      paints.push(await painted(page));
      parts.push((await page.evaluate(PAINT_PARTS)) as PaintParts);
    }

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };

    // Org change: all organizations ↔ the organization with the most ACUs in the range.
    const last30 = lastDays(30);
    const org = await busiestOrg(harness, last30);
    const orgDetails: ChangeDetail[] = [];
    const orgTimes = await measureChanges(page, runs, [
      orgChange(ALL_ORGS, await expectationFor(harness, last30, null, true)),
      orgChange(org.name, await expectationFor(harness, last30, org.orgId, true)),
    ], orgDetails);

    // Range change: last 30 ↔ last 90 days (all organizations; the cost view does not depend on the range).
    const rangeDetails: ChangeDetail[] = [];
    const rangeTimes = await measureChanges(page, runs, [
      rangeChange('last30', await expectationFor(harness, last30, null, false)),
      rangeChange('last90', await expectationFor(harness, lastDays(90), null, false)),
    ], rangeDetails);

    // DOM rows while scrolling the sessions table (last 90 days, all organizations).
    await page.evaluate(
      changeScript({ select: `${tid('date-range')} select`, value: 'last90' }, await expectationFor(harness, lastDays(90), null, false)),
    );
    const scroller = page.locator(`${tid('sessions-table')} .sessions-scroll`);
    const total =
      Number(await page.locator(`${tid('sessions-table')} table`).getAttribute('aria-rowcount')) - 1;
    let maxRows = 0;
    for (let i = 0; i <= SCROLL_STOPS; i++) {
      await scroller.evaluate((el, f) => {
        const box = el as unknown as { scrollTop: number; scrollHeight: number; clientHeight: number };
        box.scrollTop = (box.scrollHeight - box.clientHeight) * f;
      }, i / SCROLL_STOPS);
      await page.waitForFunction(
        `!document.querySelector('${tid('sessions-table')} tr.row-loading')`,
        undefined,
        { timeout: TIMEOUT_MS },
      );
      maxRows = Math.max(
        maxRows,
        await page.locator(`${tid('sessions-table')} tbody tr:not(.spacer)`).count(),
      );
    }

    return {
      'paint from cache, median': verdict(median(paints), PAINT_TARGET_MS),
      'paint from cache, all runs': paints.map((t) => t.toFixed(0)).join(' / ') + ' ms',
      ...paintBreakdown(parts),
      'org change, median': verdict(median(orgTimes), CHANGE_TARGET_MS),
      'org change: last answer from main / main handlers; renderer main thread (medians)': changeBreakdown(orgDetails),
      'range change, median': verdict(median(rangeTimes), CHANGE_TARGET_MS),
      'range change: last answer from main / main handlers; renderer main thread (medians)': changeBreakdown(rangeDetails),
      'sessions table DOM rows while scrolling (max)': `${maxRows} of ${total.toLocaleString('en-US')} rows`,
      'JS heap after load (after GC)': `${(heap.usedSize / 1024 / 1024).toFixed(1)} MB`,
      'renderer JS bundle': `${bundleKb().toFixed(0)} kB`,
      'machine load average (1 min) at start / end': `${loadAtStart.toFixed(1)} / ${(loadavg()[0] ?? 0).toFixed(1)}`,
    };
  } finally {
    await browser.close();
    await harness.close();
  }
}

// `npx tsx bench/renderer.ts`: these figures alone.
if (require.main === module) {
  benchRenderer().then(
    (figures) => {
      for (const [figure, value] of Object.entries(figures)) console.log(`${figure}: ${value}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
