/**
 * The limits panel in Chromium over the real app core: its rows equal the simulator's own records for the
 * current contract cycle, and a budget set inline fires its threshold alerts once — not again on later syncs
 * or after a reload.
 */
import { billingDayOf } from '../../../src/shared/billing-day';
import { DEMO_PRESET, type SimulatorData } from '../../../src/main/simulator';
import { generateWorld } from '../../../src/main/simulator/generate';
import { World } from '../../../src/main/simulator/world';
import { fmt } from './expected';
import { expect, snap, test } from './fixtures';

function currentCycle(data: SimulatorData) {
  const c = data.cycles().find((x) => x.after <= data.now && data.now < x.before)!;
  const inCycle = data.sessions.filter((s) => s.created_at >= c.after && s.created_at < c.before);
  const used = (keep: (s: (typeof inCycle)[number]) => boolean) => inCycle.filter(keep).reduce((a, s) => a + s.acus_consumed, 0);
  return { from: billingDayOf(c.after), to: billingDayOf(c.before - 1), used };
}

/** An organization with ACUs in the current cycle and no limit of any kind: its inline budget alone decides its alerts. */
function unlimitedOrgWithUse(data: SimulatorData) {
  const cycle = currentCycle(data);
  const limited = new Set(data.acuLimits.map((l) => l.org_id));
  return data.orgs.find((o) => !limited.has(o.org_id) && o.max_cycle_acu_limit === null && cycle.used((s) => s.org_id === o.org_id) > 0);
}

/**
 * The harness's world, pinned to one clock and to the first seed whose world has such an organization. Which
 * organizations get limits comes from the seeded stream, and its draws move with the time of day (today's
 * sessions stop at now): with the default seed, some hours of the day have none.
 */
const WORLD = (() => {
  const now = Date.now();
  const nowSec = Math.floor(now / 1000);
  for (let seed = 1; seed <= 100; seed++)
    if (unlimitedOrgWithUse(new World(generateWorld(DEMO_PRESET, seed, nowSec), nowSec))) return { seed, now };
  throw new Error('no seed from 1 to 100 gives a world with an organization without a limit');
})();
test.use({ harnessOptions: { simulator: WORLD } });

const dayLabel = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
/** `d MMM yyyy` as the panel writes billing days. */
const day = (d: string) => {
  const parts = Object.fromEntries(dayLabel.formatToParts(new Date(`${d}T00:00:00Z`)).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year}`;
};

test('the limits panel shows every scope with the simulator’s figures', async ({ app, harness }, testInfo) => {
  const data = harness.simulator!.data;
  const cycle = currentCycle(data);
  const panel = app.getByTestId('limits-panel');
  await expect(app.getByTestId('cycle-label')).toContainText(`Billing cycle ${day(cycle.from)} – ${day(cycle.to)}`);

  const limits = data.acuLimits;
  const userLimits = limits.filter((l) => l.scope === 'user');
  const rows = panel.getByTestId('limit-row');
  await expect(rows).toHaveCount(1 + data.orgs.length + userLimits.length);
  await expect(rows.first()).toHaveAttribute('data-scope', 'enterprise');

  const enterprise = rows.first();
  const entLimit = limits.find((l) => l.scope === 'enterprise')!.cycle_acu_limit;
  await expect(enterprise.locator('[data-col="limit"]')).toHaveText(fmt.acus(entLimit));
  await expect(enterprise.locator('[data-col="used"]')).toHaveText(fmt.acus(cycle.used(() => true)));
  for (const org of data.orgs) {
    const row = panel.locator(`[data-testid="limit-row"][data-scope="org"][data-id="${org.org_id}"]`);
    const limit = limits.find((l) => l.scope === 'org' && l.org_id === org.org_id)?.cycle_acu_limit ?? org.max_cycle_acu_limit;
    await expect(row.locator('th')).toContainText(org.name);
    await expect(row.locator('[data-col="limit"]')).toHaveText(limit === null ? '—' : fmt.acus(limit));
    await expect(row.locator('[data-col="used"]')).toHaveText(fmt.acus(cycle.used((s) => s.org_id === org.org_id)));
  }
  for (const l of userLimits) {
    const row = panel.locator(`[data-testid="limit-row"][data-scope="user"][data-id="${l.user_id}"]`);
    await expect(row.locator('[data-col="used"]')).toHaveText(fmt.acus(cycle.used((s) => s.user_id === l.user_id)));
  }
  await snap(app, testInfo, 'limits-panel');
});

test('a budget crossing fires its alerts once, across syncs and a reload', async ({ app, harness }, testInfo) => {
  const data = harness.simulator!.data;
  const cycle = currentCycle(data);
  // 90 % of its budget used → the 50 and 80 % alerts fire.
  const org = unlimitedOrgWithUse(data)!;
  expect(org, 'the world has an organization without a limit').toBeDefined();
  const used = cycle.used((s) => s.org_id === org.org_id);
  const budget = Math.ceil((used / 0.9) * 100) / 100;

  const row = app.locator(`[data-testid="limit-row"][data-scope="org"][data-id="${org.org_id}"]`);
  await row.getByRole('button', { name: /^(Set|Edit)$/ }).click();
  await row.getByLabel('Budget per cycle').fill(String(budget));
  await row.getByLabel('Budget unit').selectOption('acus');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByTestId('budget-value')).toHaveText(`${fmt.acus(budget)} ACUs`);

  const alerts = app.getByTestId('alerts-panel');
  const mine = alerts.locator(`[data-testid="alert-row"][data-id="${org.org_id}"][data-kind="used"]`);
  const refresh = app.getByRole('button', { name: 'Refresh', exact: true });
  await refresh.click();
  await expect(mine).toHaveCount(2);
  await expect(mine.nth(0)).toContainText(org.name);

  await refresh.click();
  await expect(app.getByTestId('sync-status')).not.toContainText('Syncing');
  await harness.core.refresh();
  await app.reload();
  await expect(app.getByTestId('alerts-panel')).toBeVisible();
  await expect(mine).toHaveCount(2);
  expect((await mine.evaluateAll((els) => els.map((e) => e.getAttribute('data-threshold')))).sort()).toEqual(['50', '80']);
  await snap(app, testInfo, 'alerts-panel');
});
