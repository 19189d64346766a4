import { describe, expect, it } from 'vitest';
import type { CostData } from '../../../../src/shared/dashboard';
import {
  CHART_STACKS,
  OTHER_ORGS_ID,
  pivotMonthly,
  topOrgsWithOthers,
} from '../../../../src/renderer/src/features/cost/monthly';
import { makeCost } from '../fake-api';

/** `count` organizations over two months; org i uses i ACUs in May and 10 × i in June (org 1 is the smallest). */
function costWithOrgs(count: number): CostData {
  const monthlyByOrg = Array.from({ length: count }, (_, k) => k + 1).flatMap((i) => [
    { month: '2025-05', orgId: `org-${i}`, name: `Org ${i}`, acus: i },
    { month: '2025-06', orgId: `org-${i}`, name: `Org ${i}`, acus: 10 * i },
  ]);
  return makeCost(null, { monthlyByOrg });
}

describe('pivotMonthly', () => {
  it('lists organizations by their total, largest first, and months oldest first', () => {
    const pivot = pivotMonthly(costWithOrgs(4));
    expect(pivot.months).toEqual(['2025-05', '2025-06']);
    expect(pivot.orgs.map((o) => o.orgId)).toEqual(['org-4', 'org-3', 'org-2', 'org-1']);
    expect(pivot.acus.get('org-3')?.get('2025-06')).toBe(30);
  });
});

describe('sums', () => {
  it('adds ACUs exactly, without binary-float noise', () => {
    const row = (orgId: string, acus: number) => ({ month: '2025-06', orgId, name: orgId, acus });
    // org-b has two rows for the month (the pivot adds them); org-b and org-c end up in Others.
    const cost = makeCost(null, {
      monthlyByOrg: [row('org-a', 123.9), row('org-b', 0.1), row('org-b', 0.2), row('org-c', 0.2)],
    });
    const pivot = pivotMonthly(cost);
    expect(pivot.acus.get('org-b')?.get('2025-06')).toBe(0.3);
    const chart = topOrgsWithOthers(pivot, 2);
    expect(chart.acus.get(OTHER_ORGS_ID)?.get('2025-06')).toBe(0.5);
  });
});

describe('topOrgsWithOthers', () => {
  it('keeps the largest organizations and sums the rest into one Others stack per month', () => {
    const count = 40;
    const chart = topOrgsWithOthers(pivotMonthly(costWithOrgs(count)));
    expect(chart.orgs).toHaveLength(CHART_STACKS);
    const kept = count - (CHART_STACKS - 1);
    expect(chart.orgs.slice(0, -1).map((o) => o.orgId)).toEqual(
      Array.from({ length: CHART_STACKS - 1 }, (_, i) => `org-${count - i}`),
    );
    expect(chart.orgs.at(-1)).toEqual({ orgId: OTHER_ORGS_ID, name: `Others (${kept})` });
    // Orgs 1..kept: their May ACUs are 1 + 2 + … + kept, June ten times that.
    const mayOthers = (kept * (kept + 1)) / 2;
    expect(chart.acus.get(OTHER_ORGS_ID)?.get('2025-05')).toBe(mayOthers);
    expect(chart.acus.get(OTHER_ORGS_ID)?.get('2025-06')).toBe(10 * mayOthers);
  });

  it('keeps each month’s total', () => {
    const pivot = pivotMonthly(costWithOrgs(25));
    const chart = topOrgsWithOthers(pivot);
    const monthTotal = (p: typeof pivot, month: string): number =>
      p.orgs.reduce((sum, o) => sum + (p.acus.get(o.orgId)?.get(month) ?? 0), 0);
    for (const month of pivot.months) expect(monthTotal(chart, month)).toBe(monthTotal(pivot, month));
  });

  it('draws every organization when they fit, with no Others stack', () => {
    const pivot = pivotMonthly(costWithOrgs(CHART_STACKS));
    expect(topOrgsWithOthers(pivot)).toBe(pivot);
    expect(topOrgsWithOthers(pivotMonthly(costWithOrgs(CHART_STACKS + 1))).orgs.at(-1)?.name).toBe(
      'Others (2)',
    );
  });
});
