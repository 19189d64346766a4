/**
 * Runaway notifications through the app core (issue 10): a running session that crosses the runaway rule
 * between two syncs is announced exactly once, only with the setting on; the first sync only sets the baseline.
 * Real simulator over HTTP, real SQLite, the same core the Electron shell wraps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lastDays } from '../../src/shared/billing-day';
import type { RunawayAlertsEvent } from '../../src/shared/outcomes';
import { createAppCore, type AppCore } from '../../src/main/services/app-core';
import { startDemoApi, startSimulator, type Simulator } from '../../src/main/simulator';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(runawayNotifications: boolean): Promise<{ sim: Simulator; core: AppCore; events: RunawayAlertsEvent[] }> {
  const sim = await startSimulator({ seed: 5, orgs: 3, users: 20, days: 40, sessions: 600 });
  cleanups.push(() => sim.close());
  sim.control.advance({ newSessions: 10, updateSessions: 0, seconds: 600 }); // sessions still running
  const core = createAppCore({ dataDir: tempDir('runaway-core-'), keychainFor: () => null, startDemoApi, env: { DEVIN_API_BASE_URL: sim.url } });
  cleanups.push(() => core.stop());
  await core.start();
  await core.handlers['settings:update']({ runawayNotifications });
  const events: RunawayAlertsEvent[] = [];
  core.on('runaway:alerts', (e) => events.push(e));
  await core.handlers['token:save']({ token: sim.token });
  await core.refresh(); // the baseline (waits for any sync the token started)
  return { sim, core, events };
}

/** A running session of the last 30 days not flagged yet, pushed far past the rule upstream. */
async function runAway(sim: Simulator, core: AppCore): Promise<string> {
  const flagged = new Set((await core.handlers['outcomes:get']({ ...lastDays(30), orgId: null })).runaway.map((r) => r.sessionId));
  const since = Date.now() / 1000 - 29 * 86_400;
  const s = sim.data.sessions.find((x) => x.status === 'running' && x.created_at >= since && !flagged.has(x.session_id));
  expect(s, 'the simulated world has a running, unflagged session this month').toBeDefined();
  sim.control.advance({ newSessions: 0, updateSessions: 0, seconds: 60 });
  expect(sim.control.updateSession(s!.session_id, { acus_consumed: 10_000, updated_at: sim.data.now })).toBe(true);
  return s!.session_id;
}

describe('runaway notifications', () => {
  it('announce a running session that crossed the rule during a sync, once', async () => {
    const { sim, core, events } = await setUp(true);
    expect(events).toEqual([]);
    const id = await runAway(sim, core);
    await core.refresh();
    expect(events).toHaveLength(1);
    expect(events[0]!.alerts.map((a) => a.sessionId)).toEqual([id]);
    expect(events[0]!.alerts[0]!.body).toMatch(/^10000 ACUs ≥ 3 × the org's 30-day median/);
    expect(events[0]!.notifications).toEqual([{ title: events[0]!.alerts[0]!.title, body: events[0]!.alerts[0]!.body }]);
    // Still over the rule at the next sync: not announced again.
    await core.refresh();
    expect(events).toHaveLength(1);
  });

  it('say nothing with the setting off (the default)', async () => {
    const { sim, core, events } = await setUp(false);
    expect(core.getSettings().runawayNotifications).toBe(false);
    const id = await runAway(sim, core);
    await core.refresh();
    expect((await core.handlers['outcomes:get']({ ...lastDays(30), orgId: null })).runaway.map((r) => r.sessionId)).toContain(id);
    expect(events).toEqual([]);
  });
});
