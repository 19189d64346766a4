/**
 * The limits report on a hand-filled cache file: which limit wins, unknown scopes kept by id, a limit of 0,
 * budgets with and without a rate, and past-cycle rules — all figures computed by hand.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { billingDayStart, eachDay } from '../../src/shared/billing-day';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/dashboard';
import { openCache, type Cache } from '../../src/main/services/cache';
import { buildLimitsReport } from '../../src/main/services/spend';

const caches: Cache[] = [];
afterEach(() => {
  for (const c of caches.splice(0)) c.close();
});

// Cycles [Sep 5, Oct 5) and [Oct 5, Nov 5), 08:00 UTC. "Now" is Oct 15 12:00 UTC: billing day Oct 15, day 11.
const NOW = Date.UTC(2026, 9, 15, 12);
const row = (date: string, devin: number, other = 0) => ({ date, acus: devin + other, devin, cascade: other, terminal: 0, review: 0 });

function filledCache(limits: { scope: 'enterprise' | 'org' | 'user'; org_id?: string; user_id?: string; cycle_acu_limit: number }[]): Cache {
  const cache = openCache({ file: join(mkdtempSync(join(tmpdir(), 'spend-limits-')), 'cache.sqlite') });
  caches.push(cache);
  cache.transaction((w) => {
    w.replaceCycles([
      { after: billingDayStart('2026-09-05'), before: billingDayStart('2026-10-05') },
      { after: billingDayStart('2026-10-05'), before: billingDayStart('2026-11-05') },
    ]);
    w.replaceAcuLimits(limits);
    w.replaceOrganizations([
      { org_id: 'org-a', name: 'Alpha', created_at: 1, updated_at: 1, max_cycle_acu_limit: 9999, max_session_acu_limit: null },
      { org_id: 'org-b', name: 'Beta', created_at: 1, updated_at: 1, max_cycle_acu_limit: 300, max_session_acu_limit: null },
    ]);
    // Enterprise: 10 Devin + 2 other ACUs a day from Sep 5; org-a 6 a day, org-b 4 a day.
    const days = eachDay('2026-09-05', '2026-10-15');
    w.replaceConsumption('enterprise', { from: '2026-09-05', to: '2026-10-15' }, days.map((d) => row(d, 10, 2)));
    w.replaceConsumption('org-a', { from: '2026-09-05', to: '2026-10-15' }, days.map((d) => row(d, 6)));
    w.replaceConsumption('org-b', { from: '2026-09-05', to: '2026-10-15' }, days.map((d) => row(d, 4)));
    w.setSyncState({ syncedFrom: '2026-09-05', syncedTo: '2026-10-15' });
  });
  return cache;
}

const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('limits report', () => {
  it('merges limits (acu-limits wins), keeps unknown scopes by id and makes a limit of 0 fully used', () => {
    const cache = filledCache([
      { scope: 'enterprise', cycle_acu_limit: 0 },
      { scope: 'org', org_id: 'org-a', cycle_acu_limit: 200 },
      { scope: 'org', org_id: 'org-gone', cycle_acu_limit: 50 },
      { scope: 'user', user_id: 'user-nobody', cycle_acu_limit: 40 },
    ]);
    const r = buildLimitsReport(cache, { nowMs: NOW, settings: settings() });
    expect(r.cycle).toEqual({ from: '2026-10-05', to: '2026-11-04', source: 'contract' });
    expect([r.dayOfCycle, r.daysInCycle, r.past]).toEqual([11, 31, false]);
    expect(r.scopes.map((s) => [s.scope, s.id, s.name, s.limitAcus])).toEqual([
      ['enterprise', null, null, 0],
      ['org', 'org-a', 'Alpha', 200], // the acu-limits entry, not max_cycle_acu_limit 9999
      ['org', 'org-b', 'Beta', 300], // only max_cycle_acu_limit
      ['org', 'org-gone', null, 50],
      ['user', 'user-nobody', null, 40],
    ]);
    const [enterprise, alpha] = r.scopes;
    // Devin ACUs only: 11 days (Oct 5 … Oct 15) × 10.
    expect(enterprise).toMatchObject({ usedAcus: 110, usedPct: 100, crossed: [50, 80, 100], runOutDate: '2026-10-05', projectedOver: true });
    // 66 of 200 → 33 %; at 6 a day the cumulative reaches 200 on day 34 > 31: no run-out this cycle.
    expect(alpha).toMatchObject({ usedAcus: 66, usedPct: 33, crossed: [], runOutDate: null, projectedOver: false });
    expect(alpha!.projectedAcus).toBeCloseTo(186, 6); // 6 × 31
    expect(r.scopes[4]).toMatchObject({ usedAcus: 0, usedPct: 0 });
  });

  it('compares an enterprise budget with every product, and says when a USD budget lacks a rate', () => {
    const cache = filledCache([]);
    const withRate = buildLimitsReport(cache, { nowMs: NOW, settings: settings({ acuRateUsd: 2, budgets: [{ scope: 'enterprise', id: null, amount: 528, unit: 'usd' }] }) });
    // $528 at $2 → 264 ACUs; 11 days × 12 ACUs (all products) = 132 → 50 %.
    expect(withRate.scopes[0]).toMatchObject({ budgetUsd: 528, budgetAcus: 264, usedAcus: 132, usedPct: 50, crossed: [50], budgetNote: null });
    const noRate = buildLimitsReport(cache, { nowMs: NOW, settings: settings({ budgets: [{ scope: 'org', id: 'org-b', amount: 100, unit: 'usd' }] }) });
    const beta = noRate.scopes.find((s) => s.id === 'org-b')!;
    expect(beta).toMatchObject({ budgetUsd: 100, budgetAcus: null, limitAcus: 300 });
    expect(beta.budgetNote).toMatch(/needs a \$\/ACU rate/);
  });

  it('reports a past cycle as used, with the actual run-out day', () => {
    const cache = filledCache([{ scope: 'org', org_id: 'org-a', cycle_acu_limit: 100 }]);
    const r = buildLimitsReport(cache, { day: '2026-09-20', nowMs: NOW, settings: settings() });
    expect(r.cycle).toEqual({ from: '2026-09-05', to: '2026-10-04', source: 'contract' });
    expect(r.past).toBe(true);
    const alpha = r.scopes.find((s) => s.id === 'org-a')!;
    // 30 days × 6 = 180; 100 reached on day 17 (17 × 6 = 102): Sep 21.
    expect(alpha).toMatchObject({ usedAcus: 180, projectedAcus: 180, projectedLowAcus: 180, projectedHighAcus: 180, runOutDate: '2026-09-21', usedPct: 180 });
  });
});
