/**
 * The sync engine over real HTTP against the simulator, into a real SQLite file: figures match the simulator's
 * own records, incremental sync is cheap, and a failing dataset keeps its last good data.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDaysTo, billingDayOf, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import { openCache, type Cache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import { createSyncEngine, type SyncEngine } from '../../src/main/services/sync';
import { startSimulator, type Simulator } from '../../src/main/simulator';
import { exactSum } from '../helpers/exact-decimal';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

let sim: Simulator;
let cache: Cache;
let client: DevinClient;
let sync: SyncEngine;
const to = currentBillingDay();
const from = addDaysTo(to, -29);
const window = rangeWindow(from, to);

beforeEach(async () => {
  sim = await startSimulator({ seed: 7, orgs: 3, users: 25, days: 70, sessions: 900 });
  cache = openCache({ file: join(tempDir('sync-'), 'cache.sqlite') });
  client = new DevinClient({ baseUrl: sim.url, token: sim.token, pageSize: 50, backoffBaseMs: 5, retries: 2, concurrency: 4 });
  sync = createSyncEngine({ client, cache });
});

afterEach(async () => {
  cache.close();
  await sim.close();
});

const sessionsInRange = () => sim.data.sessions.filter((s) => s.created_at >= window.timeAfter && s.created_at < window.timeBefore);

describe('full sync', () => {
  it('caches figures that match the simulator records', async () => {
    const report = await sync.run({ kind: 'full', from, to });
    expect(report.failed).toEqual([]);
    expect(report.kind).toBe('full');

    const d = cache.getDashboard({ from, to, orgId: null });
    expect(d.totals.acus).toBe(sim.data.enterpriseAcus(window));
    expect(d.totals.sessions).toBe(sessionsInRange().length);
    for (const org of sim.data.orgs) {
      const cached = d.acusByOrg.find((o) => o.orgId === org.org_id)?.acus ?? 0;
      expect(cached).toBe(sim.data.orgAcus(org.org_id, window));
    }
    expect(d.unattributedAcus).toBe(sim.data.otherProductAcus(window));
    expect(d.organizations.map((o) => o.orgId).sort()).toEqual(sim.data.orgs.map((o) => o.org_id).sort());
    expect(d.asOf).not.toBeNull();
    expect(exactSum(d.acusByDay.map((p) => p.acus))).toBe(d.totals.acus);
  });

  it('derives per-user ACUs from sessions that agree with the per-user consumption the API reports', async () => {
    await sync.run({ kind: 'full', from, to });
    const d = cache.getDashboard({ from, to, orgId: null });
    const humans = d.acusByUser.filter((u) => u.userId.startsWith('user-')).slice(0, 3);
    expect(humans.length).toBe(3);
    for (const u of humans) {
      // What GET /v3/enterprise/consumption/daily/users/{user_id} answers.
      expect(u.acus).toBeCloseTo(sim.data.userAcus(u.userId, window), 6);
    }
    expect(d.acusByUser.map((u) => u.acus)).toEqual([...d.acusByUser.map((u) => u.acus)].sort((a, b) => b - a));
  });
});

describe('incremental sync', () => {
  it('asks for at most 5 requests when nothing changed', async () => {
    await sync.run({ kind: 'full', from, to });
    const report = await sync.run({ kind: 'incremental' });
    expect(report.kind).toBe('incremental');
    expect(report.failed).toEqual([]);
    expect(report.requests).toBeLessThanOrEqual(5);
    // Nothing changed, so every figure is current: "as of" moves forward rather than aging.
    expect(report.updated).toEqual(expect.arrayContaining(['sessions', 'consumption', 'org_consumption']));
    expect(cache.getDashboard({ from, to, orgId: null }).asOf).toBe(report.finishedAt);
  });

  it('picks up new and updated sessions and the consumption of their orgs', async () => {
    await sync.run({ kind: 'full', from, to });
    const before = cache.getDashboard({ from, to, orgId: null });
    const step = sim.control.advance({ newSessions: 4, updateSessions: 2, seconds: 60 });
    expect(step.created.length).toBe(4);

    const report = await sync.run({ kind: 'incremental' });
    expect(report.failed).toEqual([]);
    const today = billingDayOf(sim.data.now);
    const after = cache.getDashboard({ from, to: today > to ? today : to, orgId: null });
    expect(after.totals.sessions).toBe(before.totals.sessions + 4);
    const w = rangeWindow(from, today > to ? today : to);
    expect(after.totals.acus).toBe(sim.data.enterpriseAcus(w));
    for (const org of sim.data.orgs) {
      expect(after.acusByOrg.find((o) => o.orgId === org.org_id)?.acus ?? 0).toBe(sim.data.orgAcus(org.org_id, w));
    }
  });
});

describe('failures keep the last good data', () => {
  it('records a failing dataset as stale and still updates the others', async () => {
    await sync.run({ kind: 'full', from, to });
    const before = cache.getDashboard({ from, to, orgId: null });
    sim.control.advance({ newSessions: 3, updateSessions: 0 });
    sim.control.injectFault({ path: '/v3/enterprise/consumption/daily/organizations', kind: 'status', status: 500, times: -1 });

    const report = await sync.run({ kind: 'full', from, to: billingDayOf(sim.data.now) });
    expect(report.failed.map((f) => [f.dataset, f.error.code])).toEqual([['org_consumption', 'SERVER_ERROR']]);
    expect(report.updated).toContain('sessions');

    const after = cache.getDashboard({ from, to, orgId: null });
    expect(after.acusByOrg).toEqual(before.acusByOrg);
    expect(after.totals.sessions).toBe(before.totals.sessions + 3);
    const freshness = cache.getFreshness().find((f) => f.dataset === 'org_consumption')!;
    expect(freshness.error?.code).toBe('SERVER_ERROR');
    expect(freshness.lastSuccessAt).not.toBeNull();
  });

  it('applies no staged session of a failed session list, now or later', async () => {
    await sync.run({ kind: 'full', from, to });
    const before = cache.getDashboard({ from, to, orgId: null });
    sim.control.advance({ newSessions: 6 });
    // One slice fails for good (schema drift is not retried) while the others stage their pages.
    sim.control.injectFault({ path: '/v3/enterprise/sessions', kind: 'schema-drift', times: 1 });
    const report = await sync.run({ kind: 'full', from, to: billingDayOf(sim.data.now) });
    expect(report.failed.map((f) => [f.dataset, f.error.code])).toEqual([['sessions', 'API_SCHEMA']]);
    expect(cache.getDashboard({ from, to, orgId: null }).totals.sessions).toBe(before.totals.sessions);
    expect(cache.transaction((w) => w.applyStagedSessions())).toBe(0);
  });

  it('keeps everything when the token is rejected, and says so per dataset', async () => {
    await sync.run({ kind: 'full', from, to });
    const before = cache.getDashboard({ from, to, orgId: null });
    const rejected = new DevinClient({ baseUrl: sim.url, token: 'cog_revoked_token_000000', retries: 0 });
    const report = await createSyncEngine({ client: rejected, cache }).run({ kind: 'full', from, to });
    expect(report.updated).toEqual([]);
    expect(new Set(report.failed.map((f) => f.error.code))).toEqual(new Set(['AUTH_INVALID']));
    expect(cache.getDashboard({ from, to, orgId: null })).toEqual(before);
  });

  it('rolls back every dataset when the write transaction fails', async () => {
    await sync.run({ kind: 'full', from, to });
    const before = cache.getDashboard({ from, to, orgId: null });
    sim.control.advance({ newSessions: 5 });
    const failing: Cache = {
      ...cache,
      getDashboard: cache.getDashboard.bind(cache),
      getSyncState: cache.getSyncState.bind(cache),
      getOrganizations: cache.getOrganizations.bind(cache),
      getFreshness: cache.getFreshness.bind(cache),
      transaction: (fn) =>
        cache.transaction((w) => {
          fn(w);
          throw new Error('disk full');
        }),
    };
    await expect(createSyncEngine({ client, cache: failing }).run({ kind: 'incremental' })).rejects.toThrow('disk full');
    expect(cache.getDashboard({ from, to, orgId: null })).toEqual(before);
  });
});
