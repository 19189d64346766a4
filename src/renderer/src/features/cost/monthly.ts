import type { CostData } from '../../../../shared/dashboard';
import { sumAcus } from '../../../../shared/money';

export interface MonthlyPivot {
  months: string[];
  orgs: { orgId: string; name: string }[];
  /** ACUs by `orgId` then month; missing cells are 0. */
  acus: Map<string, Map<string, number>>;
}

/** Organizations as rows (largest first), months as columns (oldest first). */
export function pivotMonthly(data: CostData): MonthlyPivot {
  const months = [...new Set(data.monthlyByOrg.map((m) => m.month))].sort();
  const acus = new Map<string, Map<string, number>>();
  const names = new Map<string, string>();
  for (const m of data.monthlyByOrg) {
    names.set(m.orgId, m.name);
    const row = acus.get(m.orgId) ?? new Map<string, number>();
    row.set(m.month, sumAcus([row.get(m.month) ?? 0, m.acus]));
    acus.set(m.orgId, row);
  }
  const totals = new Map(
    [...acus].map(([orgId, row]) => [orgId, sumAcus(row.values())]),
  );
  const total = (orgId: string): number => totals.get(orgId) ?? 0;
  const orgs = [...names]
    .map(([orgId, name]) => ({ orgId, name }))
    .sort((a, b) => total(b.orgId) - total(a.orgId));
  return { months, orgs, acus };
}

/** Stacks the monthly chart draws at most: one per series colour (styles.css has 8, the last one grey). */
export const CHART_STACKS = 8;
export const OTHER_ORGS_ID = '__others__';

/**
 * The chart's view of a pivot: with more organizations than `stacks`, the largest `stacks - 1` and one
 * "Others (n)" row summing the rest per month. Forty stacks in eight cycling colours cannot be told
 * apart; the table and the CSV export keep every organization.
 */
export function topOrgsWithOthers(pivot: MonthlyPivot, stacks = CHART_STACKS): MonthlyPivot {
  if (pivot.orgs.length <= stacks) return pivot;
  const top = pivot.orgs.slice(0, stacks - 1);
  const rest = pivot.orgs.slice(stacks - 1);
  const others = new Map<string, number>();
  for (const o of rest)
    for (const [month, acus] of pivot.acus.get(o.orgId) ?? [])
      others.set(month, sumAcus([others.get(month) ?? 0, acus]));
  const acus = new Map(top.map((o) => [o.orgId, pivot.acus.get(o.orgId) ?? new Map<string, number>()]));
  acus.set(OTHER_ORGS_ID, others);
  return {
    months: pivot.months,
    orgs: [...top, { orgId: OTHER_ORGS_ID, name: `Others (${rest.length})` }],
    acus,
  };
}
