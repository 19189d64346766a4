/**
 * The headless CLI as a user runs it: a child process, real HTTP to the simulator, a real cache folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import type { UsageReport } from '../../src/main/services/report';
import { startSimulator, type Simulator } from '../../src/main/simulator';
import { exactCents } from '../helpers/exact-decimal';
import { useTempDirs } from '../helpers/temp-dir';
import { runCliProcess, type CliRun } from '../helpers/cli';

const tempDir = useTempDirs();

let sim: Simulator;
let dataDir: string;
const to = currentBillingDay();
const from = addDaysTo(to, -13);

/** Runs the CLI in a child process against the simulator, with this file's data folder. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCliProcess(args, { DEVIN_USAGE_DATA_DIR: dataDir, DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token, ...env });
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, orgs: 3, users: 15, days: 30, sessions: 400 });
  dataDir = tempDir('cli-');
});
afterAll(() => sim.close());

describe('devin-usage CLI', () => {
  it('syncs, then reports figures that match the simulator', async () => {
    const s = await cli(['sync', '--from', from, '--to', to, '--full']);
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout).failed).toEqual([]);

    const r = await cli(['report', '--from', from, '--to', to, '--rate', '2', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as UsageReport;
    const window = rangeWindow(from, to);
    expect(report.range).toEqual({ from, to });
    expect(report.totals.acus).toBe(sim.data.enterpriseAcus(window));
    expect(report.totals.cost_usd).toBe(exactCents(report.totals.acus, 2));
    const expectedSessions = sim.data.sessions.filter((x) => x.created_at >= window.timeAfter && x.created_at < window.timeBefore);
    expect(report.totals.sessions).toBe(expectedSessions.length);
    expect(report.sessions.length).toBe(expectedSessions.length);
    expect(report.acus_by_day.length).toBe(14);
    expect(report.acus_by_user.map((u) => u.acus)).toEqual([...report.acus_by_user.map((u) => u.acus)].sort((a, b) => b - a));
    expect(report.as_of).not.toBeNull();
    for (const key of ['org_id', 'active_users', 'acus_by_org'] as const) expect(report).toHaveProperty(key);
  });

  it('filters the report by organization and prints CSV tables', async () => {
    await cli(['sync', '--from', from, '--to', to, '--full']);
    const org = sim.data.orgs[0]!.org_id;
    const r = await cli(['report', '--from', from, '--to', to, '--org', org, '--format', 'csv']);
    expect(r.code).toBe(0);
    for (const table of ['# summary', '# acus_by_day', '# acus_by_user', '# acus_by_org', '# sessions']) expect(r.stdout).toContain(table);
    const sessionLines = r.stdout.split('# sessions\r\n')[1]!.trim().split('\r\n').slice(1);
    expect(sessionLines.length).toBeGreaterThan(0);
    expect(sessionLines.every((l) => l.split(',')[1] === org)).toBe(true);
    expect(r.stdout).toContain(',,'); // cost_usd empty without a rate
  });

  it('exits 1 with a usage message for bad arguments', async () => {
    const r = await cli(['report', '--from', '2026-11-10', '--to', '2026-11-01']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('devin-usage: --from 2026-11-10 is after --to 2026-11-01');
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a rejected token, without printing it', async () => {
    const token = 'cog_wrong_token_abcdef123456';
    const r = await cli(['sync', '--full'], { DEVIN_SERVICE_USER_TOKEN: token });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/AUTH_INVALID/);
    expect(r.stderr + r.stdout).not.toContain(token);
  });

  it('exits 3 when the API is unreachable, and the cached report still works', async () => {
    const r = await cli(['sync'], { DEVIN_API_BASE_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/OFFLINE/);
    const report = await cli(['report', '--from', from, '--to', to]);
    expect(report.code).toBe(0);
    expect((JSON.parse(report.stdout) as UsageReport).totals.sessions).toBeGreaterThan(0);
  });

  it('tells the status: token source, datasets and queue', async () => {
    const r = await cli(['status', '--format', 'json']);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { token_source: string; datasets: { dataset: string; lastSuccessAt: number | null }[]; queue: unknown };
    expect(status.token_source).toBe('env');
    expect(status.datasets.find((d) => d.dataset === 'sessions')?.lastSuccessAt).not.toBeNull();
    expect(status.queue).not.toBeNull();
  });
});
