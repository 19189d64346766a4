/**
 * Long full syncs against the simulator (with latency, small pages): progress moves in requests with a percentage,
 * and a sync cancelled or failing mid-way leaves every figure as it was, with no staged session left behind.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay } from '../../src/shared/billing-day';
import { sessionsPageQuerySchema, type SyncProgress } from '../../src/shared/dashboard';
import type { EventChannel, EventPayloads } from '../../src/shared/ipc/channels';
import { toAppError } from '../../src/main/services/api-errors';
import { createAppCore, type AppCore } from '../../src/main/services/app-core';
import { openCache, type Cache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import { createSyncEngine, type SyncEngine } from '../../src/main/services/sync';
import { startDemoApi, startSimulator, type Simulator } from '../../src/main/simulator';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const to = currentBillingDay();
const from = addDaysTo(to, -59);
const WORLD = { seed: 11, orgs: 3, users: 25, days: 70, sessions: 900 };
/** Enough latency that the full sync's ~100 cursor pages take a while, so it is stopped well inside the session lists. */
const LATENCY_MS = 15;

/** Every figure the panels show for the range, except "as of" (a failed dataset's attempt is recorded). */
function figures(read: {
  dashboard: () => { asOf: number | null } & object;
  sessions: () => unknown;
  cost: () => unknown;
}) {
  const { asOf: _asOf, ...dashboard } = read.dashboard();
  return { dashboard, sessions: read.sessions(), cost: read.cost() };
}

describe('sync engine: a long full sync stopped mid-way', () => {
  let sim: Simulator;
  let cache: Cache;
  let client: DevinClient;
  let sync: SyncEngine;

  beforeEach(async () => {
    sim = await startSimulator(WORLD);
    cache = openCache({ file: join(tempDir('sync-cancel-'), 'cache.sqlite') });
    client = new DevinClient({ baseUrl: sim.url, token: sim.token, pageSize: 10, backoffBaseMs: 5, retries: 1, concurrency: 4 });
    sync = createSyncEngine({ client, cache });
    await sync.run({ kind: 'full', from, to });
  });

  afterEach(async () => {
    cache.close();
    await sim.close();
  });

  const cached = () =>
    figures({
      dashboard: () => cache.getDashboard({ from, to, orgId: null }),
      sessions: () => cache.getSessionsPage(sessionsPageQuerySchema.parse({ from, to, orgId: null, limit: 500 })),
      cost: () => cache.getCost({ orgId: null, today: to }),
    });
  /** Staged rows the next write would copy: none may outlive the sync that staged them. */
  const leftInStage = () => cache.transaction((w) => w.applyStagedSessions());

  /** Runs a full sync, calling `midway` once it is past `percent` % inside the session lists. */
  async function fullSyncStoppedAt(percent: number, midway: () => void, signal?: AbortSignal) {
    const events: SyncProgress[] = [];
    let fired = false;
    const run = sync.run({
      kind: 'full',
      from,
      to,
      signal,
      onProgress: (p) => {
        events.push(p);
        if (!fired && p.phase === 'request' && p.percent >= percent) {
          fired = true;
          midway();
        }
      },
    });
    const error = await run.then(
      () => null,
      (err: unknown) => err,
    );
    return { events, error, fired };
  }

  it('cancelled: writes nothing of a changed API, discards the staged sessions, and says done', async () => {
    const before = cached();
    sim.control.advance({ newSessions: 40, updateSessions: 20, seconds: 3600 });
    sim.control.setLatency(LATENCY_MS);
    const controller = new AbortController();

    const { events, error, fired } = await fullSyncStoppedAt(60, () => controller.abort(), controller.signal);

    expect(fired).toBe(true);
    expect(toAppError(error).code).toBe('CANCELLED');
    expect(cached()).toEqual(before);
    expect(leftInStage()).toBe(0);
    // Progress: per request, a percentage that starts low and a final `done` so nothing stays on screen.
    const requests = events.filter((e) => e.phase === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests[0]!.percent).toBeLessThan(30);
    expect(requests.every((e) => e.percent >= 0 && e.percent <= 99)).toBe(true);
    expect(events.at(-1)?.phase).toBe('done');
    expect(events.at(-1)?.percent).toBeLessThan(100);
    // Nothing after `done`, though the requests in flight settle after it (a late event would revive the bar).
    await new Promise((r) => setTimeout(r, 4 * LATENCY_MS));
    expect(events.filter((e) => e.phase === 'done')).toHaveLength(1);
    expect(events.at(-1)?.phase).toBe('done');

    // The API really changed: a sync that runs to the end does change the figures.
    sim.control.setLatency(0);
    const report = await sync.run({ kind: 'full', from, to });
    expect(report.failed).toEqual([]);
    expect(cached()).not.toEqual(before);
  });

  it('failing: the API fails every request from mid-way on; no session is lost and none is staged', async () => {
    const before = cached();
    sim.control.setLatency(LATENCY_MS);

    const { events, error, fired } = await fullSyncStoppedAt(60, () =>
      sim.control.injectFault({ path: '/v3/', kind: 'status', status: 503, times: -1 }),
    );

    expect(fired).toBe(true);
    expect(error).toBeNull();
    const report = events.at(-1);
    expect(report?.phase).toBe('done');
    expect(cached()).toEqual(before);
    expect(leftInStage()).toBe(0);
    expect(cache.getFreshness().find((f) => f.dataset === 'sessions')?.error?.code).toBe('SERVER_ERROR');
  });

  it('a full sync that completes: the percentage follows the requests made and ends at 100', async () => {
    sim.control.setLatency(5);
    const events: SyncProgress[] = [];
    const made: number[] = [];
    const start = client.requestCount;
    const report = await sync.run({
      kind: 'full',
      from,
      to,
      onProgress: (p) => {
        events.push(p);
        made.push(client.requestCount - start);
      },
    });
    // Once a third of the work is done the percentage tracks the share of requests really made (pages included).
    const errors = events.flatMap((e, i) =>
      e.phase === 'request' && made[i]! >= report.requests / 3 ? [Math.abs(e.percent - (100 * made[i]!) / report.requests)] : [],
    );
    expect(errors.length).toBeGreaterThan(5);
    expect(Math.max(...errors)).toBeLessThanOrEqual(20);
    const percents = events.filter((e) => e.phase === 'request').map((e) => e.percent);
    expect(percents.length).toBeGreaterThan(10);
    expect(new Set(percents).size).toBeGreaterThan(10);
    // The slices are known up front, so the expected total never collapses: late figures stay high.
    expect(Math.min(...percents.slice(-5))).toBeGreaterThan(80);
    // Shown figures never go back, though the expected total grows as pages turn up.
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ phase: 'done', percent: 100 });
  });
});

describe('app core: sync:cancel', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function next<E extends EventChannel>(core: AppCore, event: E, accept: (p: EventPayloads[E]) => boolean): Promise<EventPayloads[E]> {
    return new Promise((resolve) => {
      const off = core.on(event, (p) => {
        if (accept(p)) {
          off();
          resolve(p);
        }
      });
    });
  }

  it('stops the running full sync; every figure stays the previous data', async () => {
    const sim = await startSimulator(WORLD);
    cleanups.push(() => sim.close());
    const core = createAppCore({
      dataDir: tempDir('core-cancel-'),
      keychainFor: () => null,
      startDemoApi,
      env: { DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token },
    });
    cleanups.push(() => core.stop());
    await core.start();
    await core.handlers['sync:run']({ full: false });
    expect(await core.handlers['sync:cancel'](undefined)).toEqual({ cancelled: false });

    /** The same figures as the window asks for them. */
    const awaited = async () => {
      const { asOf: _asOf, ...dashboard } = await core.handlers['dashboard:get']({ from, to, orgId: null });
      return {
        dashboard,
        sessions: await core.handlers['sessions:get-page'](sessionsPageQuerySchema.parse({ from, to, orgId: null, limit: 500 })),
        cost: await core.handlers['cost:get']({ orgId: null, today: to }),
      };
    };
    const before = await awaited();
    sim.control.advance({ newSessions: 40, updateSessions: 20, seconds: 3600 });
    sim.control.setLatency(LATENCY_MS);

    const midway = next(core, 'sync:progress', (p) => p.phase === 'request' && p.percent >= 20);
    const done = next(core, 'sync:progress', (p) => p.phase === 'done');
    const run = core.handlers['sync:run']({ full: true }).then(
      () => null,
      (err: unknown) => err,
    );
    await midway;
    expect(core.getStatus().syncing).toBe(true);
    expect(await core.handlers['sync:cancel'](undefined)).toEqual({ cancelled: true });

    const error = await run;
    expect(toAppError(error)).toEqual({ code: 'CANCELLED', message: 'Sync cancelled; the previous data is kept' });
    await done;
    expect(core.getStatus().syncing).toBe(false);
    expect(core.getStatus().backgroundError).toBeNull();
    expect(await awaited()).toEqual(before);
  });
});
