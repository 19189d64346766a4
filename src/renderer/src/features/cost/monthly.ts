import type { CostData } from '../../../../shared/dashboard';

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
    row.set(m.month, (row.get(m.month) ?? 0) + m.acus);
    acus.set(m.orgId, row);
  }
  const sum = (orgId: string): number => [...(acus.get(orgId)?.values() ?? [])].reduce((a, b) => a + b, 0);
  const orgs = [...names]
    .map(([orgId, name]) => ({ orgId, name }))
    .sort((a, b) => sum(b.orgId) - sum(a.orgId));
  return { months, orgs, acus };
}
