/** The summary cards and the panels against figures computed from the simulator's own records. */
import type { Page } from '@playwright/test';
import { lastDays } from '../../../src/shared/billing-day';
import type { Harness } from '../../harness/server';
import { waitForDashboard } from '../../helpers/harness';
import { chooseOrg } from './combobox';
import { acusIn, fmt, sessionsIn, weeklyActiveUsers, type Range } from './expected';
import { expect, snap, test } from './fixtures';

const cardValue = (page: Page, id: string) => page.getByTestId(id).locator('.card-value').first();

function sim(harness: Harness) {
  if (!harness.simulator) throw new Error('this spec needs the harness simulator (live mode)');
  return harness.simulator.data;
}

async function expectCards(page: Page, harness: Harness, range: Range, orgId: string | null): Promise<void> {
  const data = sim(harness);
  await expect(cardValue(page, 'card-sessions')).toHaveText(fmt.count(sessionsIn(data, range, orgId).length));
  await expect(cardValue(page, 'card-acus')).toHaveText(fmt.acus(acusIn(data, range, orgId)));
  await expect(cardValue(page, 'card-active-users')).toHaveText(
    fmt.mean(weeklyActiveUsers(data, range, orgId)),
  );
}

/**
 * A fingerprint of what each panel shows, to tell that a panel changed. Text content, not innerText: panels below
 * the fold skip rendering (content-visibility), and innerText reads only what is rendered.
 */
async function panels(page: Page): Promise<Record<string, string>> {
  const text = async (id: string) => (await page.getByTestId(id).textContent()) ?? '';
  const drawing = (id: string) =>
    page
      .getByTestId(id)
      .locator('canvas')
      .evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
  return {
    cards: await text('summary'),
    dailyChart: await drawing('chart-daily-acus'),
    usersChart: await drawing('chart-acus-by-user'),
    sessions: await text('sessions-table'),
    cost: await text('cost-view'),
  };
}

function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((k) => before[k] !== after[k]);
}

test('the cards show the simulator totals for the chosen range', async ({ app, harness }, testInfo) => {
  await expectCards(app, harness, lastDays(30), null);
  await expect(app.getByTestId('card-cost').getByRole('button', { name: 'Set a $/ACU rate' })).toBeVisible();
  await snap(app, testInfo, 'dashboard-last-30-days');

  const range = app.getByTestId('date-range').locator('select');
  for (const [preset, days] of [
    ['last7', 7],
    ['last90', 90],
  ] as const) {
    await range.selectOption(preset);
    await expectCards(app, harness, lastDays(days), null);
  }
});

test('changing the organization or the date range changes every panel', async ({ app, harness }) => {
  const data = sim(harness);
  const range30 = lastDays(30);
  // The busiest organization, so every panel has something to show for it.
  const org = [...data.orgs].sort(
    (a, b) => sessionsIn(data, range30, b.org_id).length - sessionsIn(data, range30, a.org_id).length,
  )[0]!;

  const all = await panels(app);
  await chooseOrg(app, org.name);
  await expectCards(app, harness, range30, org.org_id);
  await waitForDashboard(app);
  const oneOrg = await panels(app);
  expect(changed(all, oneOrg)).toEqual(Object.keys(all));
  await expect(app.getByTestId('sessions-table').locator('tbody td:nth-child(3)').first()).toHaveText(
    org.name,
  );

  await app.getByTestId('date-range').locator('select').selectOption('last7');
  await expectCards(app, harness, lastDays(7), org.org_id);
  await waitForDashboard(app);
  const lastWeek = await panels(app);
  // The cost view covers fixed periods (six months, 30 days, month to date) of the organization, not the range.
  expect(changed(oneOrg, lastWeek)).toEqual(['cards', 'dailyChart', 'usersChart', 'sessions']);
});
