/**
 * `npm run bench`: figures, not pass/fail. On the large-enterprise fixture (40 orgs, 2,000 users, 365 days,
 * 50,000 sessions) served by the simulator in its own process with 50 ms latency per request:
 *   - full 90-day sync time, beside the ideal bound requests × latency ÷ concurrency (target ≤ 1.2×);
 *   - requests of a no-change incremental sync (target ≤ 5);
 *   - p50/p95 of the all-panels cache query for 90 days (target p50 ≤ 20 ms);
 *   - RSS growth of this (app-side) process (target ≤ 150 MB);
 *   - peak RSS of a CLI sync whose sessions answer is a 300 MB body (target ≤ 400 MB; bench/large-response.ts);
 *   - the renderer figures from bench/renderer.ts (paint from cache, org/range change, DOM rows, heap).
 *   - spend control from bench/spend.ts (forecast backtest vs the straight line, limits report and panel update).
 *   - scale (issue 11, bench/scale.ts): the large and XL presets side by side — 180-day sync bounds, RSS,
 *     all-panels p50 for 30/90/180 days, cache size. XL takes a few minutes; `--skip-xl` leaves it out.
 *   - cache upgrade (bench/cache-upgrade.ts): a v4 cache of 250k (and, without `--skip-xl`, 1M) sessions migrated
 *     in a worker as the app opens it vs in-line: time, progress events, the event loop's longest stall.
 * Pass `--skip-renderer` to leave out the browser part.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addDaysTo, currentBillingDay } from '../src/shared/billing-day';
import { openCache } from '../src/main/services/cache';
import { DevinClient } from '../src/main/services/devin-client';
import { createSyncEngine } from '../src/main/services/sync';
import { benchLimitsPanel, benchSpendCache } from './spend';

const LATENCY_MS = 50;
const CONCURRENCY = 8;
const QUERY_RUNS = 60;

interface Row {
  figure: string;
  value: string;
  target: string;
  met?: boolean;
}

async function startSimulatorProcess(): Promise<{ url: string; token: string; stop: () => void }> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/main/simulator/cli.ts', '--preset', 'large', '--latency', String(LATENCY_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  return { url, token, stop: () => child.kill('SIGTERM') };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const mb = (bytes: number) => bytes / 1024 / 1024;

async function main() {
  const rows: Row[] = [];
  const sim = await startSimulatorProcess();
  const dir = mkdtempSync(join(tmpdir(), 'devin-bench-'));
  try {
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

    const cache = openCache({ file: join(dir, 'cache.sqlite') });
    const client = new DevinClient({ baseUrl: sim.url, token: sim.token, concurrency: CONCURRENCY });
    const sync = createSyncEngine({ client, cache });
    const to = currentBillingDay();
    const from = addDaysTo(to, -89);

    const t0 = performance.now();
    const full = await sync.run({ kind: 'full', from, to });
    const fullMs = performance.now() - t0;
    const ideal = (full.requests * LATENCY_MS) / CONCURRENCY;
    if (full.failed.length) console.error('full sync failures:', full.failed);
    rows.push({ figure: 'full 90-day sync', value: `${fullMs.toFixed(0)} ms (${full.requests} requests)`, target: '' });
    rows.push({ figure: 'ideal bound (requests × latency ÷ concurrency)', value: `${ideal.toFixed(0)} ms`, target: '' });
    rows.push({ figure: 'sync ÷ ideal', value: (fullMs / ideal).toFixed(2), target: '≤ 1.2', met: fullMs / ideal <= 1.2 });

    const incremental = await sync.run({ kind: 'incremental' });
    rows.push({ figure: 'no-change incremental sync requests', value: String(incremental.requests), target: '≤ 5', met: incremental.requests <= 5 });

    const orgs = cache.getOrganizations();
    const times: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) {
      const orgId = i % 2 === 0 ? null : (orgs[i % orgs.length]?.orgId ?? null);
      const q0 = performance.now();
      cache.getDashboard({ from, to, orgId });
      cache.getSessionsPage({ from, to, orgId, userId: null, status: null, sort: 'created_at', direction: 'desc', offset: 0, limit: 200 });
      cache.getCost({ orgId, today: to });
      times.push(performance.now() - q0);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    rows.push({ figure: 'all-panels query, 90 days: p50', value: `${p50.toFixed(1)} ms`, target: '≤ 20 ms', met: p50 <= 20 });
    rows.push({ figure: 'all-panels query, 90 days: p95', value: `${percentile(times, 95).toFixed(1)} ms`, target: '' });

    clearInterval(sampler);
    const growth = mb(peakRss - baselineRss);
    rows.push({ figure: 'peak RSS growth (sync + queries)', value: `${growth.toFixed(0)} MB (peak ${mb(peakRss).toFixed(0)} MB)`, target: '≤ 150 MB', met: growth <= 150 });
    // Spend control (issue 9): forecast backtest, limits report time (bench/spend.ts).
    for (const [figure, value] of Object.entries(benchSpendCache(cache))) rows.push({ figure: `spend: ${figure}`, value, target: '' });
    cache.close();
  } finally {
    sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  // Scale (issue 11): large and XL presets side by side.
  const { benchScale } = await import('./scale');
  rows.push(...(await benchScale(!process.argv.includes('--skip-xl'))));
  // A cache from before the totals, upgraded as the app opens it (bench/cache-upgrade.ts).
  const { benchCacheUpgrade } = await import('./cache-upgrade');
  rows.push(...(await benchCacheUpgrade(!process.argv.includes('--skip-xl'))));

  const { benchLargeResponse } = await import('./large-response');
  rows.push(await benchLargeResponse());

  if (!process.argv.includes('--skip-renderer')) {
    const { benchRenderer } = await import('./renderer');
    const figures = await benchRenderer();
    for (const [figure, value] of Object.entries(figures)) rows.push({ figure: `renderer: ${figure}`, value: String(value), target: '' });
    for (const [figure, value] of Object.entries(await benchLimitsPanel())) rows.push({ figure: `spend: ${figure}`, value, target: '' });
    // outcomes (issue 10)
    const { benchOutcomes } = await import('./outcomes');
    for (const [figure, value] of Object.entries(await benchOutcomes())) rows.push({ figure: `outcomes: ${figure}`, value, target: '' });
  }

  const width = Math.max(...rows.map((r) => r.figure.length));
  console.log(`\nDevin Usage Dashboard benchmark — ${new Date().toISOString()}, Node ${process.version}\n`);
  for (const r of rows) {
    const verdict = r.met === undefined ? '' : r.met ? '  met' : '  NOT met';
    console.log(`${r.figure.padEnd(width)}  ${r.value}${r.target ? `  (target ${r.target})${verdict}` : ''}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
