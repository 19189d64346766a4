import type { DashboardData } from '../../../../shared/dashboard';

export interface DaySeries {
  id: string;
  data: { x: string; y: number }[];
}

export const TOTAL_SERIES = 'Total';

/** The lines drawn: the total, then (when split) one per organization, zero-filled onto the total's days. */
export function dailySeries(data: DashboardData, split: boolean): DaySeries[] {
  const total: DaySeries = { id: TOTAL_SERIES, data: data.acusByDay.map((p) => ({ x: p.date, y: p.acus })) };
  if (!split) return [total];
  const orgs = data.acusByDayByOrg.map((org) => {
    const byDay = new Map(org.points.map((p) => [p.date, p.acus]));
    // Series ids must be unique even when two organizations share a name (or one is called "Total").
    const clash =
      org.name === TOTAL_SERIES || data.acusByDayByOrg.filter((o) => o.name === org.name).length > 1;
    const id = clash ? `${org.name} (${org.orgId})` : org.name;
    return { id, data: data.acusByDay.map((p) => ({ x: p.date, y: byDay.get(p.date) ?? 0 })) };
  });
  return [total, ...orgs];
}
