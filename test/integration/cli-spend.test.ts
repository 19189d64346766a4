/**
 * `limits` and `check` as a user runs them: child processes, real HTTP to the simulator, a real cache folder.
 * Expected figures come from the simulator's own records (sessions, limits, cycles), never from the app.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysTo, billingDayOf, currentBillingDay } from '../../src/shared/billing-day';
import type { LimitsJson } from '../../src/main/cli/spend';
import { ALL_PERMISSIONS, startSimulator, type Simulator } from '../../src/main/simulator';
import { runCliProcess, type CliRun } from '../helpers/cli';

let sim: Simulator;
let dataDir: string;

function cli(args: string[], dir = dataDir): Promise<CliRun> {
  return runCliProcess(args, { DEVIN_USAGE_DATA_DIR: dir, DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token });
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, orgs: 4, users: 25, days: 90, sessions: 1500 });
  dataDir = mkdtempSync(join(tmpdir(), 'cli-spend-'));
  const today = currentBillingDay();
  const s = await cli(['sync', '--full', '--from', addDaysTo(today, -89), '--to', today]);
  expect(s.code, s.stderr).toBe(0);
}, 120_000);
afterAll(() => sim.close());

/** The simulator's own view of the current cycle: its bounds and each scope's ACUs from the session records. */
function expected() {
  const d = sim.data;
  const c = d.cycles().find((x) => x.after <= d.now && d.now < x.before)!;
  const inCycle = d.sessions.filter((s) => s.created_at >= c.after && s.created_at < c.before);
  const sum = (keep: (s: (typeof inCycle)[number]) => boolean) => inCycle.filter(keep).reduce((a, s) => a + s.acus_consumed, 0);
  return { cycle: { from: billingDayOf(c.after), to: billingDayOf(c.before - 1) }, sum };
}

describe('devin-usage limits', () => {
  it('reports the contract cycle and every scope with the simulator’s figures', async () => {
    const r = await cli(['limits']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as LimitsJson;
    const { cycle, sum } = expected();
    expect(json.cycle).toEqual({ ...cycle, source: 'contract' });
    expect(json.days_in_cycle).toBe((Date.parse(cycle.to) - Date.parse(cycle.from)) / 86_400_000 + 1);
    expect(json.day_of_cycle).toBe((Date.parse(currentBillingDay()) - Date.parse(cycle.from)) / 86_400_000 + 1);
    expect(json.as_of).not.toBeNull();

    const limits = sim.data.acuLimits;
    const [enterprise, ...rest] = json.scopes;
    expect(enterprise).toMatchObject({ scope: 'enterprise', id: null });
    const entLimit = limits.find((l) => l.scope === 'enterprise')!.cycle_acu_limit;
    expect(enterprise!.limit_acus).toBe(entLimit);
    expect(enterprise!.used_acus).toBeCloseTo(sum(() => true), 2);
    expect(enterprise!.used_pct).toBeCloseTo((100 * sum(() => true)) / entLimit, 1);
    expect(enterprise!.projected_acus).toBeGreaterThanOrEqual(enterprise!.used_acus);
    expect(enterprise!.projected_low_acus).toBeLessThanOrEqual(enterprise!.projected_acus);
    expect(enterprise!.projected_high_acus).toBeGreaterThanOrEqual(enterprise!.projected_acus);

    // Every organization, limited or not; the acu-limits entry wins over max_cycle_acu_limit.
    const orgs = rest.filter((s) => s.scope === 'org');
    expect(orgs.map((o) => o.id).sort()).toEqual(sim.data.orgs.map((o) => o.org_id).sort());
    for (const o of orgs) {
      const org = sim.data.orgs.find((x) => x.org_id === o.id)!;
      const limit = limits.find((l) => l.scope === 'org' && l.org_id === o.id)?.cycle_acu_limit ?? org.max_cycle_acu_limit;
      expect(o.name).toBe(org.name);
      expect(o.limit_acus).toBe(limit);
      expect(o.used_acus).toBeCloseTo(sum((s) => s.org_id === o.id), 2);
      expect(o.used_pct === null).toBe(limit === null);
      if (limit !== null) expect(o.crossed).toEqual([50, 80, 100].filter((t) => o.used_pct! >= t));
    }
    // Then every user with a limit, from their own consumption.
    const users = rest.filter((s) => s.scope === 'user');
    expect(users.map((u) => u.id)).toEqual(limits.filter((l) => l.scope === 'user').map((l) => l.user_id));
    for (const u of users) {
      expect(u.used_acus).toBeCloseTo(sum((s) => s.user_id === u.id), 2);
      expect(u.name).toBe(sim.data.users.find((x) => x.user_id === u.id)!.name);
    }
    expect(rest.map((s) => s.scope)).toEqual([...orgs.map(() => 'org'), ...users.map(() => 'user')]);
  });

  it('compares a local budget and converts USD at the rate, or says it cannot', async () => {
    const org = sim.data.orgs[0]!.org_id;
    const dir = mkdtempSync(join(tmpdir(), 'cli-spend-budget-'));
    const writeSettings = (settings: object) => writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
    const sync = await cli(['sync', '--full', '--from', addDaysTo(currentBillingDay(), -60)], dir);
    expect(sync.code, sync.stderr).toBe(0);
    writeSettings({ acuRateUsd: 2, budgets: [{ scope: 'org', id: org, amount: 1000, unit: 'usd' }] });
    const withRate = JSON.parse((await cli(['limits'], dir)).stdout) as LimitsJson;
    expect(withRate.scopes.find((s) => s.id === org)).toMatchObject({ budget_usd: 1000, budget_acus: 500 });
    writeSettings({ acuRateUsd: null, budgets: [{ scope: 'org', id: org, amount: 1000, unit: 'usd' }] });
    const noRate = await cli(['limits'], dir);
    expect((JSON.parse(noRate.stdout) as LimitsJson).scopes.find((s) => s.id === org)).toMatchObject({ budget_usd: 1000, budget_acus: null });
    expect(noRate.stderr).toContain('needs a $/ACU rate');
  });

  it('falls back to the calendar month, labelled, for a day no contract cycle covers', async () => {
    const r = await cli(['limits', '--day', '2020-02-10']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as LimitsJson).cycle).toEqual({ from: '2020-02-01', to: '2020-02-29', source: 'calendar' });
    expect(r.stderr).toContain('calendar month');
  });
});

describe('devin-usage check', () => {
  it('exits 4 and names each scope over the threshold', async () => {
    const json = JSON.parse((await cli(['limits'])).stdout) as LimitsJson;
    const worst = json.scopes.filter((s) => s.used_pct !== null).sort((a, b) => b.used_pct! - a.used_pct!)[0]!;
    const threshold = Math.max(1, Math.floor(worst.used_pct!));
    const r = await cli(['check', '--threshold', String(threshold)]);
    expect(r.code).toBe(4);
    const lines = r.stdout.trim().split('\n');
    expect(lines.some((l) => l.includes(worst.name ?? worst.id ?? 'Enterprise'))).toBe(true);
    const flagged = json.scopes.filter((s) => (s.used_pct ?? -1) >= threshold);
    expect(lines.length).toBeGreaterThanOrEqual(flagged.length);
  });

  it('exits 0 when nothing is over, and 1 for a bad threshold', async () => {
    const none = await cli(['check', '--day', '2020-02-10', '--threshold', '1000']);
    expect(none.stdout).toBe('');
    expect(none.code).toBe(0);
    const bad = await cli(['check', '--threshold', '-5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--threshold');
  });

  it('keeps working when the limits endpoint answers 403, and names the permission', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-spend-403-'));
    sim.control.setPermissions(ALL_PERMISSIONS.filter((p) => p !== 'ManageBilling'));
    try {
      const sync = await cli(['sync', '--full', '--from', addDaysTo(currentBillingDay(), -40)], dir);
      expect(sync.code).toBe(2);
      expect(sync.stderr).toContain('ManageBilling');
    } finally {
      sim.control.setPermissions('all');
    }
    const r = await cli(['limits'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('ManageBilling');
    const json = JSON.parse(r.stdout) as LimitsJson;
    expect(json.scopes[0]).toMatchObject({ scope: 'enterprise', limit_acus: null, used_pct: null });
    expect(json.scopes.filter((s) => s.scope === 'org')).toHaveLength(sim.data.orgs.length);
  });
});
