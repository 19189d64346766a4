import type { DailyPoint, DashboardData } from '../../../../shared/dashboard';

export interface DaySeries {
  id: string;
  data: { x: string; y: number }[];
}

export const TOTAL_SERIES = 'Total';

const points = (days: readonly DailyPoint[]): DaySeries['data'] =>
  days.map((p) => ({ x: p.date, y: p.acus }));

/** The lines drawn: the total, then (when split) one per organization, on the days main zero-filled. */
export function dailySeries(data: DashboardData, split: boolean): DaySeries[] {
  const total: DaySeries = { id: TOTAL_SERIES, data: points(data.acusByDay) };
  if (!split) return [total];
  const orgs = data.acusByDayByOrg.map((org) => {
    // Series ids must be unique even when two organizations share a name (or one is called "Total").
    const clash =
      org.name === TOTAL_SERIES || data.acusByDayByOrg.filter((o) => o.name === org.name).length > 1;
    const id = clash ? `${org.name} (${org.orgId})` : org.name;
    return { id, data: points(org.points) };
  });
  return [total, ...orgs];
}
