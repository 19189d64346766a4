/** Alert and notification decisions: which alerts a report implies, what the desktop shows, the tray lines. */
import { describe, expect, it } from 'vitest';
import { alertCandidates, spendNotifications, spendTray } from '../../../src/main/services/spend/alerts';
import type { LimitsReport, ScopeSpend, SpendAlert } from '../../../src/shared/spend';

const scope = (over: Partial<ScopeSpend>): ScopeSpend => ({
  scope: 'org',
  id: 'org-a',
  name: 'Payments',
  limitAcus: 1000,
  budgetUsd: null,
  budgetAcus: null,
  budgetNote: null,
  usedAcus: 0,
  usedPct: 0,
  projectedAcus: 0,
  projectedLowAcus: 0,
  projectedHighAcus: 0,
  runOutDate: null,
  crossed: [],
  projectedOver: false,
  stoppedSessions: 0,
  ...over,
});

const report = (scopes: ScopeSpend[], past = false): LimitsReport => ({
  cycle: { from: '2026-11-05', to: '2026-12-04', source: 'contract' },
  asOf: 1,
  dayOfCycle: 10,
  daysInCycle: 30,
  past,
  rateUsdPerAcu: null,
  thresholds: [50, 80, 100],
  scopes,
  limitsError: null,
});

let nextId = 1;
const alert = (over: Partial<SpendAlert>): SpendAlert => ({
  id: nextId++,
  scope: 'org',
  scopeId: 'org-a',
  name: 'Payments',
  cycleFrom: '2026-11-05',
  kind: 'used',
  threshold: 50,
  valueAcus: 500,
  targetAcus: 1000,
  runOutDate: null,
  firedAt: 0,
  acknowledgedAt: null,
  ...over,
});

describe('alertCandidates', () => {
  it('one per crossed threshold, plus a projected overrun while use is below 100 %', () => {
    const r = report([
      scope({ usedAcus: 850, usedPct: 85, crossed: [50, 80], projectedOver: true, projectedAcus: 1400, runOutDate: '2026-11-28' }),
      scope({ id: 'org-b', name: null, usedPct: 10, crossed: [] }),
      scope({ id: 'org-c', limitAcus: null, usedPct: null }),
    ]);
    expect(alertCandidates(r).map((c) => [c.scopeId, c.kind, c.threshold, c.cycleFrom])).toEqual([
      ['org-a', 'used', 50, '2026-11-05'],
      ['org-a', 'used', 80, '2026-11-05'],
      ['org-a', 'projected', 100, '2026-11-05'],
    ]);
    expect(alertCandidates(r).at(-1)).toMatchObject({ valueAcus: 1400, targetAcus: 1000, runOutDate: '2026-11-28' });
  });

  it('a budget is the target where there is no limit; a past cycle implies nothing', () => {
    const s = scope({ limitAcus: null, budgetAcus: 400, usedAcus: 420, usedPct: 105, crossed: [50, 80, 100], projectedOver: true });
    expect(alertCandidates(report([s])).map((c) => [c.threshold, c.kind, c.targetAcus])).toEqual([
      [50, 'used', 400],
      [80, 'used', 400],
      [100, 'used', 400],
    ]);
    expect(alertCandidates(report([s], true))).toEqual([]);
  });
});

describe('spendNotifications', () => {
  const fired = [alert({ threshold: 50 }), alert({ threshold: 80, valueAcus: 810 }), alert({ kind: 'projected', threshold: 100, runOutDate: '2026-11-30' })];

  it('shows one notification per scope, for its most serious alert', () => {
    expect(spendNotifications(fired, 'all')).toEqual([
      { title: 'Payments: 80 % of its ACU limit', body: 'Payments used 810 of 1,000 ACUs this cycle' },
    ]);
  });

  it('honours the notification setting', () => {
    expect(spendNotifications(fired, 'off')).toEqual([]);
    expect(spendNotifications([alert({ threshold: 50 })], 'elevated-high')).toEqual([]);
    expect(spendNotifications([alert({ kind: 'projected', threshold: 100, runOutDate: '2026-11-30', valueAcus: 1300 })], 'elevated-high')).toEqual([
      { title: 'Payments: projected to exceed its ACU limit', body: 'Payments is projected to reach 1,000 ACUs by 2026-11-30 (1,300 by cycle end)' },
    ]);
  });

  it('sums up many scopes in one notification instead of a burst', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((x) => alert({ scopeId: `org-${x}`, name: x.toUpperCase(), threshold: 80 }));
    const shown = spendNotifications(many, 'all');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toBe('5 spend alerts');
  });

  it('nothing fired, nothing shown', () => {
    expect(spendNotifications([], 'all')).toEqual([]);
  });
});

describe('spendTray', () => {
  it('lists scopes at 80 % or more, worst first, and names the worst in the tooltip', () => {
    const t = spendTray(
      report([
        scope({ scope: 'enterprise', id: null, name: null, usedPct: 81 }),
        scope({ usedPct: 79.9 }),
        scope({ id: 'org-x', name: null, limitAcus: null, budgetAcus: 10, usedPct: 120 }),
      ]),
    );
    expect(t.lines).toEqual(['org-x: 120 % of budget', 'Enterprise: 81 % of limit']);
    expect(t.tooltip).toBe('Spend: org-x: 120 % of budget');
    expect(spendTray(null)).toEqual({ lines: [], tooltip: null });
  });
});
