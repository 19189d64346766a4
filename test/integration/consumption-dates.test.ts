/**
 * Consumption dated at Pacific midnight (07:00 UTC under daylight saving, 08:00 UTC otherwise), synced from the
 * simulator over HTTP into a real cache across the March daylight-saving change: every day's ACUs land on the
 * billing day they belong to, none shifted to the day before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../src/main/services/cache';
import { DevinClient } from '../../src/main/services/devin-client';
import { silentLogger } from '../../src/main/services/logger';
import { createSyncEngine } from '../../src/main/services/sync';
import { startSimulator, type Simulator } from '../../src/main/simulator';
import { eachDay, rangeWindow } from '../../src/shared/billing-day';

// US daylight saving starts on 2026-03-08: that day's Pacific midnight is 08:00 UTC, the next day's 07:00 UTC.
const from = '2026-03-01';
const to = '2026-03-14';

let sim: Simulator;
let cache: Cache;
let dir: string;
let client: DevinClient;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 11,
    orgs: 2,
    users: 12,
    days: 30,
    sessions: 600,
    now: Date.parse('2026-03-15T12:00:00Z'),
    consumptionDateAnchor: 'pacific-midnight',
  });
  dir = mkdtempSync(join(tmpdir(), 'consumption-dates-'));
  cache = openCache({ file: join(dir, 'cache.sqlite'), log: silentLogger });
  client = new DevinClient({ baseUrl: sim.url, token: sim.token, backoffBaseMs: 5, retries: 1 });
  const report = await createSyncEngine({ client, cache, log: silentLogger }).run({ kind: 'full', from, to });
  expect(report.failed).toEqual([]);
});

afterAll(async () => {
  cache?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('consumption dated at Pacific midnight', () => {
  it('is what the simulator sends: 08:00 UTC before the change, 07:00 UTC after', async () => {
    const res = await client.getEnterpriseConsumption(rangeWindow(from, to));
    const hours = res.consumption_by_date.map((d) => [
      new Date(d.date * 1000).toISOString().slice(0, 10),
      new Date(d.date * 1000).getUTCHours(),
    ]);
    expect(hours.filter(([day]) => day! <= '2026-03-08').every(([, h]) => h === 8)).toBe(true);
    expect(hours.filter(([day]) => day! > '2026-03-08').every(([, h]) => h === 7)).toBe(true);
    expect(hours.length).toBeGreaterThan(10);
  });

  it('lands on the billing day it names, for the enterprise and each organization', () => {
    const d = cache.getDashboard({ from, to, orgId: null });
    const days = eachDay(from, to);
    expect(d.acusByDay.map((p) => p.date)).toEqual(days);
    for (const p of d.acusByDay) expect(p.acus).toBe(sim.data.enterpriseAcus(rangeWindow(p.date, p.date)));
    expect(d.totals.acus).toBe(sim.data.enterpriseAcus(rangeWindow(from, to)));
    for (const series of d.acusByDayByOrg)
      for (const p of series.points)
        expect(p.acus).toBe(sim.data.orgAcus(series.orgId, rangeWindow(p.date, p.date)));
  });
});
