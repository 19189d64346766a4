/**
 * Alerts fire once per (scope, cycle, threshold): across repeated syncs, across a restart (a new cache
 * connection and a new service on the same file), and for a crossing that happened while the app was closed.
 * Real simulator over HTTP, real SQLite file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rangeWindow, billingDayOf, currentBillingDay } from '../../src/shared/billing-day';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/dashboard';
import { openCache, type Cache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import { createSpendService } from '../../src/main/services/spend';
import { createSyncEngine } from '../../src/main/services/sync';
import { FIXED_NOW, useSimulator } from '../helpers/simulator';
import { LIMIT_STOP_DETAILS } from '../../src/shared/spend';
import { buildLimitsReport } from '../../src/main/services/spend';

const sim = useSimulator({ seed: 3, orgs: 5, users: 40, days: 90, sessions: 2500 });
const open: Cache[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function start(file: string, settings: () => Settings) {
  const cache = openCache({ file });
  open.push(cache);
  const client = new DevinClient({ baseUrl: sim().url, token: sim().token });
  const sync = createSyncEngine({ client, cache, now: () => FIXED_NOW });
  const spend = createSpendService({ cache: () => cache, settings, now: () => FIXED_NOW });
  return { cache, sync, spend };
}

describe('spend alerts', () => {
  it('fire once per threshold and cycle, across syncs and restarts, and catch up after a closed period', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spend-alerts-')), 'cache.sqlite');
    const data = sim().data;
    // An organization without any limit: a local budget drives its alerts, sized from the simulator's own records.
    const limited = new Set(data.acuLimits.map((l) => l.org_id));
    const org = data.orgs.find((o) => !limited.has(o.org_id) && o.max_cycle_acu_limit === null && data.orgAcus(o.org_id) > 0);
    expect(org, 'the simulated world has an unlimited organization').toBeDefined();
    const cycle = data.cycles().find((c) => c.after <= data.now && data.now < c.before)!;
    const used = data.orgAcus(org!.org_id, rangeWindow(billingDayOf(cycle.after), currentBillingDay(FIXED_NOW)));
    expect(used).toBeGreaterThan(0);
    let settings: Settings = { ...DEFAULT_SETTINGS, budgets: [{ scope: 'org', id: org!.org_id, amount: used / 0.9, unit: 'acus' }] };

    const first = start(file, () => settings);
    await first.sync.run({ kind: 'full' });
    const a = first.spend.afterSync();
    const mine = (alerts: typeof a.fired) => alerts.filter((x) => x.scopeId === org!.org_id).map((x) => [x.kind, x.threshold]);
    expect(mine(a.fired)).toEqual(expect.arrayContaining([['used', 50], ['used', 80]]));
    expect(mine(a.fired).filter(([k]) => k === 'used')).toHaveLength(2);
    expect(a.fired.find((x) => x.scopeId === org!.org_id && x.threshold === 80)!.valueAcus).toBeCloseTo(used, 6);
    expect(a.notifications.length).toBeGreaterThan(0);

    // The same figures again: nothing new.
    await first.sync.run({ kind: 'incremental' });
    expect(first.spend.afterSync().fired).toEqual([]);
    const remembered = first.cache.spend.listAlerts();
    first.cache.close();
    open.length = 0;

    // Restart on the same file: still nothing new, and the history is there.
    const second = start(file, () => settings);
    expect(second.spend.afterSync().fired).toEqual([]);
    expect(second.cache.spend.listAlerts()).toEqual(remembered);

    // While "closed", another process syncs and the budget is lowered so 100 % is crossed; the next check fires that once.
    second.cache.close();
    open.length = 0;
    const headless = start(file, () => settings);
    await headless.sync.run({ kind: 'incremental' });
    headless.cache.close();
    open.length = 0;
    settings = { ...settings, budgets: [{ scope: 'org', id: org!.org_id, amount: used / 1.1, unit: 'acus' }] };
    const third = start(file, () => settings);
    const c = third.spend.afterSync();
    expect(mine(c.fired)).toEqual([['used', 100]]);
    expect(third.spend.afterSync().fired).toEqual([]);

    // Acknowledge keeps the history and marks it.
    const ids = c.fired.map((x) => x.id);
    const after = await third.spend.handlers['alerts:acknowledge']({ ids });
    expect(after.filter((x) => ids.includes(x.id)).every((x) => x.acknowledgedAt === FIXED_NOW)).toBe(true);
    expect(after).toHaveLength(remembered.length + c.fired.length);
  });

  it('counts the sessions a limit stopped per scope, and the sessions table lists exactly them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spend-stopped-')), 'cache.sqlite');
    const { cache, sync } = start(file, () => DEFAULT_SETTINGS);
    await sync.run({ kind: 'full' });
    const data = sim().data;
    const report = buildLimitsReport(cache, { nowMs: FIXED_NOW, settings: DEFAULT_SETTINGS });
    const window = rangeWindow(report.cycle.from, report.cycle.to);
    const stopped = data.sessions.filter(
      (s) => s.created_at >= window.timeAfter && s.created_at < window.timeBefore && (LIMIT_STOP_DETAILS as readonly string[]).includes(s.status_detail ?? ''),
    );
    expect(stopped.length).toBeGreaterThan(0);
    expect(report.scopes[0]!.stoppedSessions).toBe(stopped.length);
    for (const o of report.scopes.filter((x) => x.scope === 'org'))
      expect(o.stoppedSessions, o.name ?? '').toBe(stopped.filter((s) => s.org_id === o.id).length);

    const to = currentBillingDay(FIXED_NOW);
    const page = cache.getSessionsPage({ from: report.cycle.from, to, orgId: null, userId: null, status: null, stoppedByLimit: true, sort: 'created_at', direction: 'desc', offset: 0, limit: 500 });
    expect(page.total).toBe(stopped.length);
    expect(page.rows.map((r) => r.sessionId).sort()).toEqual(stopped.map((s) => s.session_id).sort());
  });
});
