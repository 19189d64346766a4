/**
 * Scale figures (issue 11), the large preset and the XL preset (400 orgs, 20,000 users, 365 days, 1,000,000
 * sessions) in one run, each served by the simulator in its own process with 50 ms latency per request:
 *   - full 180-day sync: time, requests, the throughput bound (requests × latency ÷ concurrency), the critical-path
 *     bound (longest chain of dependent requests × latency) and sync ÷ the larger bound;
 *   - requests of a no-change incremental sync (target ≤ 5);
 *   - RSS growth of this (app-side) process during the full sync (target ≤ 300 MB on XL);
 *   - all-panels query p50 for 30, 90 and 180 days (target ≤ 20 ms) and its growth from large to XL (≤ 1.5×), the
 *     two presets' runs interleaved once both are synced;
 *   - the cache file's size;
 *   - the simulator's own figures: spawn to first answered request (target ≤ 3 s on XL) and its peak RSS over
 *     generation and the full sync (target ≤ 300 MB on XL), which it reports on GET /__sim/memory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addDaysTo, currentBillingDay } from '../src/shared/billing-day';
import { openCache, type Cache } from '../src/main/services/cache';
import { DevinClient } from '../src/main/services/devin-client';
import { createSyncEngine } from '../src/main/services/sync';

const LATENCY_MS = 50;
const CONCURRENCY = 8;
const QUERY_RUNS = 40;
const WARMUP_RUNS = 4;
const SYNC_DAYS = 180;
const RANGES = [30, 90, 180] as const;

export interface ScaleRow {
  figure: string;
  value: string;
  target: string;
  met?: boolean;
}

type PresetName = 'large' | 'xl';

interface SimulatorProcess {
  url: string;
  token: string;
  /** From spawning the process to its first answered API request (latency included). */
  startMs: number;
  /** The process's own RSS now and at its peak (generation included), from GET /__sim/memory. */
  memory: () => Promise<{ rss: number; peakRss: number }>;
  stop: () => void;
}

async function startSimulator(preset: PresetName): Promise<SimulatorProcess> {
  const cli = [require.resolve('tsx/cli'), 'src/main/simulator/cli.ts', '--preset', preset, '--latency', String(LATENCY_MS)];
  const t0 = performance.now();
  const child = spawn(process.execPath, cli, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  await (await fetch(`${url}/v3/enterprise/self`, { headers: { authorization: `Bearer ${token}` } })).text();
  const startMs = performance.now() - t0;
  const memory = () => getJson<{ rss: number; peakRss: number }>(`${url}/__sim/memory`);
  return { url, token, startMs, memory, stop: () => child.kill('SIGTERM') };
}

/** One GET on a fresh connection: a pooled one may have timed out on the simulator's side during the sync. */
function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as T);
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    }).on('error', reject);
  });
}

/**
 * A fetch that records each request's dependency chain: the pages of one paginated list (same path and query,
 * a new `after` cursor each) form a chain; every other request is a chain of its own.
 */
function chainCounter(): { fetch: typeof fetch; longest: () => number; reset: () => void } {
  const chains = new Map<string, number>();
  return {
    fetch: (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      url.searchParams.delete('after');
      const key = url.href;
      chains.set(key, (chains.get(key) ?? 0) + 1);
      return fetch(input, init);
    },
    longest: () => Math.max(0, ...chains.values()),
    reset: () => chains.clear(),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const mb = (bytes: number) => bytes / 1024 / 1024;

/** One all-panels query (dashboard, first sessions page, cost): the enterprise on even runs, an org on odd ones. */
function allPanelsOnce(cache: Cache, orgs: readonly { orgId: string }[], days: number, run: number): number {
  const to = currentBillingDay();
  const from = addDaysTo(to, -(days - 1));
  const orgId = run % 2 === 0 ? null : (orgs[(run * 7) % orgs.length]?.orgId ?? null);
  const t0 = performance.now();
  cache.getDashboard({ from, to, orgId });
  cache.getSessionsPage({ from, to, orgId, userId: null, status: null, sort: 'created_at', direction: 'desc', offset: 0, limit: 200 });
  cache.getCost({ orgId, today: to });
  return performance.now() - t0;
}

/**
 * All-panels p50 per preset and range, the presets' runs interleaved (large, XL, large, …) so a change of the
 * machine's load during the bench weighs on both alike and the growth ratio compares like with like.
 */
function allPanelsP50s(caches: Map<PresetName, Cache>): Map<PresetName, Map<number, number>> {
  const orgs = new Map([...caches].map(([preset, cache]) => [preset, cache.getOrganizations()]));
  const p50 = new Map([...caches.keys()].map((preset) => [preset, new Map<number, number>()]));
  for (const days of RANGES) {
    const times = new Map([...caches.keys()].map((preset) => [preset, [] as number[]]));
    for (let run = -WARMUP_RUNS; run < QUERY_RUNS; run++)
      for (const [preset, cache] of caches) {
        const ms = allPanelsOnce(cache, orgs.get(preset)!, days, run + WARMUP_RUNS);
        if (run >= 0) times.get(preset)!.push(ms);
      }
    for (const [preset, list] of times) p50.get(preset)!.set(days, percentile(list.sort((a, b) => a - b), 50));
  }
  return p50;
}

/** Syncs a preset into a cache file of its own (kept for the queries); its sync rows. */
async function benchPreset(preset: PresetName): Promise<{ rows: ScaleRow[]; file: string; dir: string }> {
  const rows: ScaleRow[] = [];
  const label = (s: string) => `${preset}: ${s}`;
  const sim = await startSimulator(preset);
  const dir = mkdtempSync(join(tmpdir(), `devin-bench-${preset}-`));
  try {
    const file = join(dir, 'cache.sqlite');
    const cache = openCache({ file });
    const chains = chainCounter();
    const client = new DevinClient({ baseUrl: sim.url, token: sim.token, concurrency: CONCURRENCY, fetch: chains.fetch });
    const sync = createSyncEngine({ client, cache });
    const to = currentBillingDay();
    const from = addDaysTo(to, -(SYNC_DAYS - 1));

    global.gc?.();
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const full = await sync.run({ kind: 'full', from, to });
    const fullMs = performance.now() - t0;
    clearInterval(sampler);
    if (full.failed.length) console.error(`${preset} full sync failures:`, full.failed);
    const throughput = (full.requests * LATENCY_MS) / CONCURRENCY;
    const critical = chains.longest() * LATENCY_MS;
    const bound = Math.max(throughput, critical);
    rows.push({ figure: label(`full ${SYNC_DAYS}-day sync`), value: `${(fullMs / 1000).toFixed(1)} s, ${full.requests} requests`, target: '' });
    rows.push({
      figure: label('bounds: throughput | critical path'),
      value: `${(throughput / 1000).toFixed(1)} s | ${(critical / 1000).toFixed(1)} s (${chains.longest()} chained requests)`,
      target: '',
    });
    rows.push({ figure: label('sync ÷ larger bound'), value: (fullMs / bound).toFixed(2), target: '' });
    const simMemory = await sim.memory();
    rows.push({
      figure: label('simulator: start to first answer'),
      value: `${(sim.startMs / 1000).toFixed(1)} s`,
      target: preset === 'xl' ? '≤ 3 s' : '',
      met: preset === 'xl' ? sim.startMs <= 3000 : undefined,
    });
    rows.push({
      figure: label('simulator: peak RSS (generation and the full sync)'),
      value: `${mb(simMemory.peakRss).toFixed(0)} MB (after the sync ${mb(simMemory.rss).toFixed(0)} MB)`,
      target: preset === 'xl' ? '≤ 300 MB' : '',
      met: preset === 'xl' ? simMemory.peakRss <= 300 * 1024 * 1024 : undefined,
    });
    const growth = mb(peakRss - baselineRss);
    rows.push({
      figure: label('RSS growth during the full sync'),
      value: `${growth.toFixed(0)} MB (peak ${mb(peakRss).toFixed(0)} MB)`,
      target: '≤ 300 MB',
      met: growth <= 300,
    });

    const incremental = await sync.run({ kind: 'incremental' });
    rows.push({ figure: label('no-change incremental sync requests'), value: String(incremental.requests), target: '≤ 5', met: incremental.requests <= 5 });

    cache.close();
    const size = ['', '-wal'].reduce((n, suffix) => n + (statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);
    rows.push({ figure: label('cache file (with WAL)'), value: `${mb(size).toFixed(0)} MB`, target: '' });
    return { rows, file, dir };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    sim.stop();
  }
}

/** Large always; XL unless `withXl` is false (`npm run bench -- --skip-xl`). */
export async function benchScale(withXl: boolean): Promise<ScaleRow[]> {
  const presets: PresetName[] = withXl ? ['large', 'xl'] : ['large'];
  const synced: Awaited<ReturnType<typeof benchPreset>>[] = [];
  const rows: ScaleRow[] = [];
  try {
    for (const preset of presets) synced.push(await benchPreset(preset));
    // What every app start pays on main before the first figure: the integrity check and the aggregates' checks.
    const caches = new Map<PresetName, Cache>();
    const openMs = new Map<PresetName, number>();
    presets.forEach((preset, i) => {
      const t0 = performance.now();
      caches.set(preset, openCache({ file: synced[i]!.file }));
      openMs.set(preset, performance.now() - t0);
    });
    const p50 = allPanelsP50s(caches);
    for (const cache of caches.values()) cache.close();
    presets.forEach((preset, i) => {
      rows.push(...synced[i]!.rows);
      rows.push({ figure: `${preset}: cache open at start (checks, nothing to upgrade)`, value: `${openMs.get(preset)!.toFixed(0)} ms`, target: '' });
      for (const days of RANGES) {
        const p = p50.get(preset)!.get(days)!;
        rows.push({ figure: `${preset}: all-panels query, ${days} days: p50`, value: `${p.toFixed(1)} ms`, target: '≤ 20 ms', met: p <= 20 });
      }
    });
    if (withXl)
      for (const days of RANGES) {
        const ratio = p50.get('xl')!.get(days)! / p50.get('large')!.get(days)!;
        rows.push({ figure: `all-panels ${days} days: XL ÷ large`, value: `${ratio.toFixed(2)}×`, target: '≤ 1.5×', met: ratio <= 1.5 });
      }
  } finally {
    for (const { dir } of synced) rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
