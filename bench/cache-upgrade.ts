/**
 * Cache upgrade (issue 11, "bad input and failure"): a cache from before the session totals (v4) with 250,000
 * sessions, and 1,000,000 unless `--skip-xl`, opened as the app opens it (`openCacheOffThread`: the migration in a
 * worker thread, then the open here), beside the same open in-line (`openCache`, which holds the event loop
 * throughout). Figures: wall time, progress events, and the event loop's longest stall (the largest gap of a 10 ms
 * timer) — the app's window and tray stay live only if that stays small. `npx tsx bench/cache-upgrade.ts` alone.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, openCacheOffThread, type Cache } from '../src/main/services/cache';
import { silentLogger } from '../src/main/services/logger';
import { SCHEMA_VERSION } from '../src/main/services/cache/migrations';
import { writeOldCache } from '../test/helpers/old-cache';
import type { ScaleRow } from './scale';

const TICK_MS = 10;

/** Runs `open` while a 10 ms timer measures how long the event loop stands still. */
async function timed(open: () => Promise<Cache> | Cache): Promise<{ ms: number; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - TICK_MS);
    last = now;
  }, TICK_MS);
  try {
    // Let the timer start before the work does.
    await new Promise((resolve) => setTimeout(resolve, TICK_MS * 2));
    const started = performance.now();
    last = started;
    const cache = await open();
    const ms = performance.now() - started;
    cache.close();
    // A stall that ends with the open shows at the next tick.
    await new Promise((resolve) => setTimeout(resolve, TICK_MS * 2));
    return { ms, stallMs };
  } finally {
    clearInterval(timer);
  }
}

async function benchSize(sessions: number): Promise<ScaleRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-upgrade-'));
  try {
    const original = join(dir, 'v4.sqlite');
    writeOldCache(original, { count: sessions, orgs: 400, users: 20_000 });
    const mb = (statSync(original).size / 1024 / 1024).toFixed(0);
    const label = `${sessions.toLocaleString('en-US')} sessions (${mb} MB)`;

    const worker = join(dir, 'worker.sqlite');
    copyFileSync(original, worker);
    let events = 0;
    const off = await timed(() => openCacheOffThread({ file: worker, log: silentLogger, onProgress: () => events++ }));

    const inline = join(dir, 'inline.sqlite');
    copyFileSync(original, inline);
    const on = await timed(() => openCache({ file: inline, log: silentLogger }));

    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return [
      { figure: `cache upgrade v4 → v${SCHEMA_VERSION}, ${label}: worker + open`, value: `${s(off.ms)}, ${events} progress events, event loop stalled ≤ ${Math.round(off.stallMs)} ms`, target: '' },
      { figure: `cache upgrade v4 → v${SCHEMA_VERSION}, ${label}: in-line open`, value: `${s(on.ms)}, event loop stalled ${Math.round(on.stallMs)} ms`, target: '' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCacheUpgrade(withXl: boolean): Promise<ScaleRow[]> {
  const rows = await benchSize(250_000);
  if (withXl) rows.push(...(await benchSize(1_000_000)));
  rows.push({ figure: 'cache upgrade: load average (1 min) at the end', value: (loadavg()[0] ?? 0).toFixed(2), target: '' });
  return rows;
}

if (require.main === module) {
  void benchCacheUpgrade(!process.argv.includes('--skip-xl')).then((rows) => {
    for (const r of rows) console.log(`${r.figure}  ${r.value}`);
  });
}
