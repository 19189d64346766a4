/**
 * `report` outcomes as a user runs it (child process, real HTTP to the simulator, real cache folder), against
 * figures computed here from the simulator's own session records with the definitions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysTo, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import type { UsageReport } from '../../src/main/services/report';
import type { SimSession, Simulator } from '../../src/main/simulator';
import { FIXED_NOW, startTestSimulator } from '../helpers/simulator';
import { runCliProcess, type CliRun } from '../helpers/cli';

let sim: Simulator;
let dataDir: string;
const today = currentBillingDay(FIXED_NOW);
const sync = { from: addDaysTo(today, -44), to: today };
// The report ends a week before the last synced day, so later child sessions can carry a PR's merged state.
const report = { from: addDaysTo(today, -20), to: addDaysTo(today, -7) };
const RATE = 2.25;

function cli(args: string[]): Promise<CliRun> {
  return runCliProcess(args, { DEVIN_USAGE_DATA_DIR: dataDir, DEVIN_API_BASE_URL: sim.url, DEVIN_SERVICE_USER_TOKEN: sim.token });
}

// ---- the oracle: the definitions over the simulator's records -----------------------------------
const inWindow = (w: { timeAfter: number; timeBefore: number }) => (s: SimSession) => s.created_at >= w.timeAfter && s.created_at < w.timeBefore;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function expected(orgId: string | null) {
  const synced = sim.data.sessions.filter(inWindow(rangeWindow(sync.from, sync.to)));
  const mergedUrls = new Set(synced.flatMap((s) => s.pull_requests.filter((p) => p.pr_state?.toLowerCase() === 'merged').map((p) => p.pr_url)));
  const scope = synced.filter(inWindow(rangeWindow(report.from, report.to))).filter((s) => orgId === null || s.org_id === orgId);
  const totals = (list: SimSession[]) => {
    const urls = new Set(list.flatMap((s) => s.pull_requests.map((p) => p.pr_url)));
    const merged = [...urls].filter((u) => mergedUrls.has(u)).length;
    const acus = sum(list.map((s) => s.acus_consumed));
    return {
      opened: urls.size,
      merged,
      withMerged: list.filter((s) => s.pull_requests.some((p) => mergedUrls.has(p.pr_url))).length,
      acus,
      perMerged: merged === 0 ? null : acus / merged,
    };
  };
  const group = (key: (s: SimSession) => string | null) => {
    const m = new Map<string, SimSession[]>();
    for (const s of scope) {
      const k = key(s);
      if (k !== null) m.set(k, [...(m.get(k) ?? []), s]);
    }
    return m;
  };
  const named = new Set(['webapp', 'slack', 'teams', 'api', 'linear', 'jira', 'scheduled', 'automation', 'cli', 'desktop', 'other']);
  const byOrigin = group((s) => (named.has(s.origin) ? s.origin : 'other'));
  const byTag = new Map<string, SimSession[]>();
  for (const s of scope) for (const t of new Set(s.tags)) byTag.set(t, [...(byTag.get(t) ?? []), s]);
  const tagRows = [...byTag].map(([tag, list]) => ({ tag, sessions: list.length, acus: sum(list.map((s) => s.acus_consumed)) })).sort((a, b) => b.acus - a.acus);
  const top = new Set(tagRows.slice(0, 10).map((t) => t.tag));
  const others = scope.filter((s) => s.tags.some((t) => !top.has(t)));

  // Runaway: ≥ 3 × the org's median over the 30 billing days ending with the report's last day, or ≥ 80 % of its limit.
  const trailing = synced.filter(inWindow(rangeWindow(addDaysTo(report.to, -29), report.to))).filter((s) => s.acus_consumed > 0 && (orgId === null || s.org_id === orgId));
  const median = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    const h = Math.floor(v.length / 2);
    return v.length % 2 ? v[h]! : (v[h - 1]! + v[h]!) / 2;
  };
  const runaway = scope
    .filter((s) => {
      const org = sim.data.orgs.find((o) => o.org_id === s.org_id)!;
      const m = median(trailing.filter((t) => t.org_id === s.org_id).map((t) => t.acus_consumed));
      return (m > 0 && s.acus_consumed >= 3 * m) || (org.max_session_acu_limit !== null && s.acus_consumed >= 0.8 * org.max_session_acu_limit);
    })
    .map((s) => s.session_id)
    .sort();

  return {
    totals: totals(scope),
    byOrg: new Map([...group((s) => s.org_id)].map(([k, list]) => [k, totals(list)])),
    byUser: new Map([...group((s) => s.user_id ?? s.service_user_id)].map(([k, list]) => [k, totals(list)])),
    byOrigin: new Map([...byOrigin].map(([k, list]) => [k, { sessions: list.length, acus: sum(list.map((s) => s.acus_consumed)) }])),
    topTags: tagRows.slice(0, 10),
    others: tagRows.length > 10 ? { sessions: others.length, acus: sum(others.map((s) => s.acus_consumed)) } : null,
    runaway,
  };
}

beforeAll(async () => {
  sim = await startTestSimulator({ seed: 11, orgs: 3, users: 20, days: 60, sessions: 1500 });
  dataDir = mkdtempSync(join(tmpdir(), 'cli-outcomes-'));
  const s = await cli(['sync', '--from', sync.from, '--to', sync.to, '--full']);
  if (s.code !== 0) throw new Error(`sync failed: ${s.stderr}`);
}, 120_000);
afterAll(async () => {
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function reportJson(orgId: string | null): Promise<UsageReport> {
  const r = await cli(['report', '--from', report.from, '--to', report.to, '--rate', String(RATE), '--format', 'json', ...(orgId ? ['--org', orgId] : [])]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as UsageReport;
}

/** ACU figures leave the app at the API's precision, micro-ACUs: the exact ratio, rounded once. */
const micro = (acus: number): number => Math.round(acus * 1e6) / 1e6;

describe('report outcomes', () => {
  for (const scope of ['all organizations', 'one organization'] as const) {
    it(`equals the figures computed from the simulator's records (${scope})`, async () => {
      const orgId = scope === 'all organizations' ? null : sim.data.orgs[0]!.org_id;
      const r = await reportJson(orgId);
      const e = expected(orgId);
      expect(e.totals.merged).toBeGreaterThan(5);
      const o = r.outcomes;
      expect([o.merged_prs, o.opened_prs, o.sessions_with_merged_pr]).toEqual([e.totals.merged, e.totals.opened, e.totals.withMerged]);
      expect(o.session_acus).toBeCloseTo(e.totals.acus, 9);
      expect(o.acus_per_merged_pr).toBe(micro(e.totals.perMerged!));
      expect(o.cost_usd_per_merged_pr).toBe(Math.round(e.totals.perMerged! * RATE * 100) / 100);

      expect(o.by_org.map((x) => x.org_id).sort()).toEqual([...e.byOrg.keys()].sort());
      for (const x of o.by_org) {
        const want = e.byOrg.get(x.org_id)!;
        expect(x.merged_prs).toBe(want.merged);
        expect(x.session_acus).toBeCloseTo(want.acus, 9);
        if (want.perMerged === null) expect(x.acus_per_merged_pr).toBeNull();
        else expect(x.acus_per_merged_pr).toBe(micro(want.perMerged));
      }
      expect(o.by_user.map((x) => x.user_id).sort()).toEqual([...e.byUser.keys()].sort());
      for (const x of o.by_user) expect([x.merged_prs, x.session_acus.toFixed(6)]).toEqual([e.byUser.get(x.user_id)!.merged, e.byUser.get(x.user_id)!.acus.toFixed(6)]);

      expect(new Map(r.acus_by_origin.map((x) => [x.origin, { sessions: x.sessions, acus: Number(x.acus.toFixed(6)) }]))).toEqual(
        new Map([...e.byOrigin].map(([k, v]) => [k, { sessions: v.sessions, acus: Number(v.acus.toFixed(6)) }])),
      );
      const top = r.acus_by_tag.filter((t) => t.tag !== 'others');
      expect(top.map((t) => [t.tag, t.sessions, t.acus.toFixed(6)])).toEqual(e.topTags.map((t) => [t.tag, t.sessions, t.acus.toFixed(6)]));
      const others = r.acus_by_tag.find((t) => t.tag === 'others') ?? null;
      expect(others && { sessions: others.sessions, acus: others.acus.toFixed(6) }).toEqual(e.others && { sessions: e.others.sessions, acus: e.others.acus.toFixed(6) });

      expect(r.runaway_sessions.map((x) => x.session_id).sort()).toEqual(e.runaway);
      expect(r.runaway_sessions.every((x) => /ACUs ≥/.test(x.reason))).toBe(true);
    });
  }

  it('prints the outcome tables in CSV', async () => {
    const r = await cli(['report', '--from', report.from, '--to', report.to, '--format', 'csv']);
    expect(r.code).toBe(0);
    for (const table of ['outcomes', 'outcomes_by_org', 'outcomes_by_user', 'acus_by_origin', 'acus_by_tag', 'runaway_sessions'])
      expect(r.stdout).toContain(`# ${table}\r\n`);
    const summary = r.stdout.split('# outcomes\r\n')[1]!.split('\r\n');
    expect(summary[0]).toBe('merged_prs,opened_prs,sessions_with_merged_pr,session_acus,acus_per_merged_pr,cost_usd_per_merged_pr');
    expect(Number(summary[1]!.split(',')[0])).toBe(expected(null).totals.merged);
    expect(summary[1]!.endsWith(',')).toBe(true); // no rate: no cost
  });
});
