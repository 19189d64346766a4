/**
 * `outcomes:get` through the app core (what IPC and the harness call): our figures from the cache, the API's
 * `/metrics/prs` beside them, a missing permission said as such with our figures still there, and the
 * external-link allow-list extended by the PR hosts the API returned. Real HTTP, real SQLite.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import { createAppCore, type AppCore } from '../../src/main/services/app-core';
import { openCache } from '../../src/main/services/cache';
import { RUNAWAY_LISTED } from '../../src/shared/outcomes';
import { comparePrMetrics, PR_METRICS_REASON } from '../../src/main/services/outcomes-service';
import { createDispatcher } from '../../src/main/services/ipc-dispatch';
import { silentLogger } from '../../src/main/services/logger';
import { ALL_PERMISSIONS, startDemoApi, startSimulator, type Simulator } from '../../src/main/simulator';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

const to = currentBillingDay();
const from = addDaysTo(to, -29);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function liveCore(): Promise<{ core: AppCore; sim: Simulator }> {
  const sim = await startSimulator({ seed: 4, orgs: 3, users: 20, days: 40, sessions: 800 });
  cleanups.push(() => sim.close());
  const env = { DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token };
  const core = createAppCore({ dataDir: tempDir('outcomes-core-'), keychainFor: () => null, startDemoApi, env });
  cleanups.push(() => core.stop());
  await core.start();
  await core.handlers['sync:run']({ full: true });
  return { core, sim };
}

describe('outcomes:get', () => {
  it('answers our figures with the API PR metrics beside them', async () => {
    const { core, sim } = await liveCore();
    // The first answer may say `pending` (our figures never wait long for the API); the next one has it.
    let r = await core.handlers['outcomes:get']({ from, to, orgId: null });
    for (let i = 0; r.prMetrics.status === 'pending' && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      r = await core.handlers['outcomes:get']({ from, to, orgId: null });
    }
    const w = rangeWindow(from, to);
    const inRange = sim.data.sessions.filter((s) => s.created_at >= w.timeAfter && s.created_at < w.timeBefore);
    expect(r.totals.sessions).toBe(inRange.length);
    expect(r.totals.openedPrs).toBe(new Set(inRange.flatMap((s) => s.pull_requests.map((p) => p.pr_url))).size);
    const api = await fetch(`${sim.url}/v3/enterprise/metrics/prs?time_after=${w.timeAfter}&time_before=${w.timeBefore}`, {
      headers: { authorization: `Bearer ${sim.token}` },
    }).then((res) => res.json() as Promise<{ prs_merged_count: number; prs_created_count: number }>);
    expect(r.prMetrics).toEqual(comparePrMetrics(r.totals.mergedPrs, api));
    expect(r.prMetrics).toMatchObject({ status: 'ok', apiMergedPrs: api.prs_merged_count });
  });

  it('says the permission is missing on 403 and still shows our figures', async () => {
    const { core, sim } = await liveCore();
    sim.control.setPermissions(ALL_PERMISSIONS.filter((p) => p !== 'ViewAccountMetrics'));
    let r = await core.handlers['outcomes:get']({ from: addDaysTo(from, -1), to, orgId: null });
    for (let i = 0; r.prMetrics.status === 'pending' && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      r = await core.handlers['outcomes:get']({ from: addDaysTo(from, -1), to, orgId: null });
    }
    expect(r.prMetrics).toEqual({ status: 'permission-missing', reason: 'No API comparison: the token lacks ViewAccountMetrics.' });
    expect(r.totals.sessions).toBeGreaterThan(0);
  });

  it('validates its arguments at the boundary', async () => {
    const { core } = await liveCore();
    const dispatch = createDispatcher(core.handlers as never, silentLogger);
    const bad = await dispatch('outcomes:get', { from: to, to: from, orgId: null });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const good = await dispatch('outcomes:get', { from, to, orgId: null });
    expect(good.ok).toBe(true);
  });

  it('exposes the https hosts of the synced PR URLs for the link allow-list', async () => {
    const { core, sim } = await liveCore();
    const hosts = new Set(sim.data.sessions.flatMap((s) => s.pull_requests.map((p) => new URL(p.pr_url).hostname)));
    expect(core.prHosts().length).toBeGreaterThan(1);
    for (const h of core.prHosts()) expect(hosts).toContain(h);
  });
});

describe('outcomes:get runaway list', () => {
  it('lists the largest RUNAWAY_LISTED runaway sessions of the full list, and counts them all', async () => {
    const sim = await startSimulator({ seed: 4, orgs: 3, users: 40, days: 40, sessions: 4000 });
    cleanups.push(() => sim.close());
    const dataDir = tempDir('outcomes-core-');
    const env = { DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token };
    const core = createAppCore({ dataDir, keychainFor: () => null, startDemoApi, env });
    cleanups.push(() => core.stop());
    await core.start();
    await core.handlers['sync:run']({ full: true });
    const r = await core.handlers['outcomes:get']({ from, to, orgId: null });
    // The same cache file read directly: what the CLI report lists.
    const [identity] = readdirSync(join(dataDir, 'accounts'));
    const cache = openCache({ file: join(dataDir, 'accounts', identity!, 'cache.sqlite') });
    cleanups.push(async () => cache.close());
    const all = cache.getOutcomes({ from, to, orgId: null }).runaway;
    expect(all.length).toBeGreaterThan(RUNAWAY_LISTED);
    expect(r.runawayCount).toBe(all.length);
    expect(r.runaway).toEqual(all.slice(0, RUNAWAY_LISTED));
  });
});

describe('outcomes:get with a slow API', () => {
  it('answers our figures without waiting for the API, then the API count on the next ask', async () => {
    const { core, sim } = await liveCore();
    sim.control.setLatency(1_000);
    const first = await core.handlers['outcomes:get']({ from: addDaysTo(from, -2), to, orgId: null });
    expect(first.prMetrics.status).toBe('pending');
    expect(first.totals.sessions).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const next = await core.handlers['outcomes:get']({ from: addDaysTo(from, -2), to, orgId: null });
    expect(next.prMetrics.status).toBe('ok');
  });
});

describe('comparePrMetrics', () => {
  it('gives a reason only past 5 % of our own count', () => {
    expect(comparePrMetrics(100, { prs_merged_count: 105, prs_created_count: 150 })).toMatchObject({ differs: false, reason: null });
    expect(comparePrMetrics(100, { prs_merged_count: 106, prs_created_count: 150 })).toMatchObject({ differs: true, reason: PR_METRICS_REASON });
    expect(comparePrMetrics(0, { prs_merged_count: 1, prs_created_count: 1 })).toMatchObject({ differs: true });
  });
});
