/**
 * The app core as the Electron shell and the browser harness use it: demo mode through the simulator, token
 * validation before storing, live sync, queue health and offline behaviour — real HTTP, real SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import { ForbiddenError, UnauthorizedError } from '../../src/main/services/api-errors';
import { createAppCore, type AppCore } from '../../src/main/services/app-core';
import { createLogger } from '../../src/main/services/logger';
import { ALL_PERMISSIONS, startDemoApi, startSimulator, type Simulator } from '../../src/main/simulator';
import { useTempDirs } from '../helpers/temp-dir';
import { nextEvent, syncedEvent } from '../helpers/core-events';

const tempDir = useTempDirs();
const to = currentBillingDay();
const from = addDaysTo(to, -29);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function makeCore(env: NodeJS.ProcessEnv): AppCore {
  const core = createAppCore({
    dataDir: tempDir('core-'),
    keychainFor: () => null,
    startDemoApi,
    env,
  });
  cleanups.push(() => core.stop());
  return core;
}

async function liveSimulator(): Promise<Simulator> {
  const sim = await startSimulator({ seed: 3, orgs: 3, users: 20, days: 40, sessions: 500 });
  cleanups.push(() => sim.close());
  return sim;
}

const next = nextEvent;
const synced = (core: AppCore) => syncedEvent(core);

describe('app core', () => {
  it('runs on demo data through the simulator when there is no token', async () => {
    const core = makeCore({});
    const done = synced(core);
    await core.start();
    await done;
    const status = await core.handlers['app:get-status'](undefined);
    expect(status.mode).toBe('demo');
    expect(status.token.source).toBe('none');
    const d = await core.handlers['dashboard:get']({ from, to, orgId: null });
    expect(d.totals.sessions).toBeGreaterThan(0);
    expect(d.totals.acus).toBeGreaterThan(0);
    expect(d.organizations.length).toBe(4);
  });

  it('answers the first screen in one call, each part as its own channel answers it', async () => {
    const core = makeCore({});
    const done = synced(core);
    await core.start();
    await done;
    const h = core.handlers;
    const range = { from, to, orgId: null };
    const sessionsPage = { ...range, userId: null, status: null, sort: 'created_at' as const, direction: 'desc' as const, offset: 0, limit: 200 };
    const initial = await h['app:initial-data']({ dashboard: range, cost: { orgId: null }, sessionsPage, limits: { day: to } });
    expect(initial).toEqual({
      status: { ok: true, data: await h['app:get-status'](undefined) },
      settings: { ok: true, data: await h['settings:get'](undefined) },
      profiles: { ok: true, data: await h['profiles:list'](undefined) },
      dashboard: { ok: true, data: await h['dashboard:get'](range) },
      cost: { ok: true, data: await h['cost:get']({ orgId: null }) },
      sessionsPage: { ok: true, data: await h['sessions:get-page'](sessionsPage) },
      limits: { ok: true, data: await h['limits:get']({ day: to }) },
      alerts: { ok: true, data: await h['alerts:list'](undefined) },
    });
    expect(initial.dashboard.ok && initial.dashboard.data.totals.sessions).toBeGreaterThan(0);
  });

  it('answers a part of the first screen that fails with its error, and the other parts still', async () => {
    const core = makeCore({});
    // Not started: no cache is open yet, so the cache's parts fail while status and settings answer.
    const range = { from, to, orgId: null };
    const sessionsPage = { ...range, userId: null, status: null, sort: 'created_at' as const, direction: 'desc' as const, offset: 0, limit: 200 };
    const initial = await core.handlers['app:initial-data']({ dashboard: range, cost: { orgId: null }, sessionsPage, limits: { day: to } });
    expect(initial.status.ok).toBe(true);
    expect(initial.settings.ok).toBe(true);
    expect(initial.dashboard).toEqual({ ok: false, error: expect.objectContaining({ message: expect.any(String) }) });
  });

  it('refuses a token the API rejects and stores nothing', async () => {
    const sim = await liveSimulator();
    const core = makeCore({ DEVIN_API_BASE_URL: sim.url });
    await core.start();
    await expect(core.handlers['token:save']({ token: 'cog_not_the_right_token_42' })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(core.getStatus().token.source).toBe('none');
    expect(core.getStatus().mode).toBe('demo');
  });

  it('names the missing permission and stores nothing', async () => {
    const sim = await liveSimulator();
    sim.control.setPermissions(ALL_PERMISSIONS.filter((p) => !/Consumption|ManageBilling/.test(p)));
    const core = makeCore({ DEVIN_API_BASE_URL: sim.url });
    await core.start();
    const err = await core.handlers['token:save']({ token: sim.token }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as ForbiddenError).toAppError().permission).toMatch(/ViewAccountConsumption|ManageBilling/);
    expect(core.getStatus().token.source).toBe('none');
  });

  it('switches to live data once a valid token is saved', async () => {
    const sim = await liveSimulator();
    const core = makeCore({ DEVIN_API_BASE_URL: sim.url });
    await core.start();
    const liveSynced = synced(core);
    const state = await core.handlers['token:save']({ token: sim.token });
    expect(state.source).toBe('memory');
    await liveSynced;
    expect(core.getStatus().mode).toBe('live');
    const d = await core.handlers['dashboard:get']({ from, to, orgId: null });
    expect(d.totals.acus).toBe(sim.data.enterpriseAcus(rangeWindow(from, to)));
    expect(JSON.stringify(core.getStatus())).not.toContain(sim.token);
  });

  it('logs a background failure once while it repeats, and surfaces it in the status', async () => {
    const lines: string[] = [];
    const env = { DEVIN_API_BASE_URL: 'http://127.0.0.1:9', DEVIN_SERVICE_USER_TOKEN: 'cog_unreachable_api_token_1' };
    const core = createAppCore({
      dataDir: tempDir('core-'),
      keychainFor: () => null,
      startDemoApi,
      env,
      log: createLogger('test', (line) => lines.push(line), 'debug'),
    });
    cleanups.push(() => core.stop());
    await core.start();
    for (let i = 0; i < 3; i++) await core.refresh();
    const failures = lines.filter((l) => / failed /.test(l) && /OFFLINE/.test(l));
    expect(failures, lines.join('\n')).toHaveLength(1);
    expect(core.getStatus().backgroundError).toMatchObject({ code: 'OFFLINE' });
    expect(core.getStatus().online).toBe(false);
    expect(lines.join('\n')).not.toContain(env.DEVIN_SERVICE_USER_TOKEN);
  });

  it('follows the queue and keeps serving cached data when the API goes away', async () => {
    const sim = await liveSimulator();
    const core = makeCore({ DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token });
    const first = synced(core);
    await core.start();
    await first;

    sim.control.setQueueSize(75);
    const high = next(core, 'queue:changed', (q) => q.level === 'high');
    await core.refresh();
    expect((await high).queueSize).toBe(75);
    // The last good figures: after the refresh above, whose sync confirms them current ("as of" moves on).
    const before = await core.handlers['dashboard:get']({ from, to, orgId: null });

    await sim.close();
    await core.refresh();
    const status = core.getStatus();
    expect(status.online).toBe(false);
    expect(status.queue.level).toBe('unknown');
    expect(await core.handlers['dashboard:get']({ from, to, orgId: null })).toEqual(before);
  });
});
