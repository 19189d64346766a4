/**
 * What the spend-control features need from the simulator: contract cycles that are not calendar months,
 * ACU limits for every scope across pages, limit-related `status_detail`s, a weekday/growth shape in daily
 * use, and a 403 on the limits endpoint alone for a token without ManageBilling.
 */
import { describe, expect, it } from 'vitest';
import { billingDayOf, DAY_SECONDS } from '../../src/shared/billing-day';
import { ALL_PERMISSIONS, type AcuLimit } from '../../src/main/simulator';

import { simGet, simGetAll, useSimulator } from '../helpers/simulator';

const sim = useSimulator({ seed: 7, orgs: 6, users: 60, days: 120, sessions: 4000 });

describe('simulator spend data', () => {
  it('serves contract cycles starting on the 5th at 08:00 UTC, contiguous up to the open one', async () => {
    const cycles = await simGetAll<{ after: number; before: number }>(sim(), '/v3/enterprise/consumption/cycles', '', 1);
    expect(cycles.length).toBeGreaterThanOrEqual(4);
    for (const [i, c] of cycles.entries()) {
      const start = new Date(c.after * 1000);
      expect([start.getUTCDate(), start.getUTCHours(), start.getUTCMinutes()]).toEqual([5, 8, 0]);
      if (i > 0) expect(c.after).toBe(cycles[i - 1]!.before);
    }
    const open = cycles.at(-1)!;
    expect(open.after).toBeLessThanOrEqual(sim().data.now);
    expect(open.before).toBeGreaterThan(sim().data.now);
  });

  it('lists ACU limits for all three scopes across pages, as recorded', async () => {
    const limits = await simGetAll<AcuLimit>(sim(), '/v3/enterprise/consumption/acu-limits/devin', '', 2);
    expect(limits).toEqual(sim().data.acuLimits);
    expect(new Set(limits.map((l) => l.scope))).toEqual(new Set(['enterprise', 'org', 'user']));
    // An organization may carry only `max_cycle_acu_limit`, or one that differs from its acu-limits entry.
    const limited = new Set(limits.filter((l) => l.scope === 'org').map((l) => l.org_id));
    expect(sim().data.orgs.some((o) => !limited.has(o.org_id) && o.max_cycle_acu_limit !== null)).toBe(true);
  });

  it('answers 403 on the limits endpoint only, for a token without ManageBilling', async () => {
    sim().control.setPermissions(ALL_PERMISSIONS.filter((p) => p !== 'ManageBilling'));
    const denied = await simGet(sim(), '/v3/enterprise/consumption/acu-limits/devin');
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ detail: 'Service user lacks permission ManageBilling' });
    expect((await simGet(sim(), '/v3/enterprise/consumption/cycles')).status).toBe(200);
    expect((await simGet(sim(), '/v3/enterprise/consumption/daily')).status).toBe(200);
  });

  it('suspends some sessions for limit reasons', () => {
    const details = new Set(sim().data.sessions.filter((s) => s.status === 'suspended').map((s) => s.status_detail));
    for (const d of ['usage_limit_exceeded', 'org_usage_limit_exceeded', 'out_of_quota', 'out_of_credits', 'total_session_limit_exceeded'])
      expect(details).toContain(d);
  });

  it('uses less on weekends and more over time', () => {
    const { sessions, firstDayStart } = sim().data;
    let weekday = 0;
    let weekend = 0;
    let firstHalf = 0;
    let secondHalf = 0;
    const mid = firstDayStart + 60 * DAY_SECONDS;
    for (const s of sessions) {
      const dow = new Date(`${billingDayOf(s.created_at)}T12:00:00Z`).getUTCDay();
      if (dow === 0 || dow === 6) weekend += s.acus_consumed;
      else weekday += s.acus_consumed;
      if (s.created_at < mid) firstHalf += s.acus_consumed;
      else if (s.created_at < mid + 60 * DAY_SECONDS - DAY_SECONDS) secondHalf += s.acus_consumed;
    }
    // Per day: 5 weekdays vs 2 weekend days a week.
    expect(weekend / 2 / (weekday / 5)).toBeLessThan(0.5);
    expect(secondHalf / firstHalf).toBeGreaterThan(1.15);
  });
});
