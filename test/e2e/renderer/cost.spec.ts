/** The cost view and the cost card after a $/ACU rate is entered in Settings. */
import { billingDayOf, currentBillingDay, lastDays } from '../../../src/shared/billing-day';
import { waitForDashboard } from '../../helpers/harness';
import { acusIn, fmt } from './expected';
import { expect, snap, test } from './fixtures';

/** Hundredths of an ACU × 2.4 never land on half a cent, so rounding cannot depend on summation order. */
const RATE = 2.4;
const MONTHS_SHOWN = 6;
const monthLabel = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const labelOf = (month: string): string => monthLabel.format(new Date(`${month}-01T00:00:00Z`));

test('the cost view shows rate × ACUs once a rate is set in Settings', async ({ app, harness }, testInfo) => {
  const data = harness.simulator!.data;
  const cost = app.getByTestId('cost-view');
  await expect(cost).toContainText('Set a $/ACU rate');

  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = app.getByTestId('settings');
  await dialog.getByLabel('Price per ACU (USD)').fill(String(RATE));
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await snap(app, testInfo, 'settings', false);
  await dialog.getByRole('button', { name: 'Close settings' }).click();
  await expect(dialog).toBeHidden();

  await expect(cost).toContainText(`Rate: ${fmt.usd(RATE)} per ACU`);
  await expect(app.getByTestId('card-cost').locator('.card-value')).toHaveText(
    fmt.usd(acusIn(data, lastDays(30)) * RATE),
  );
  const today = currentBillingDay();
  await expect(cost.locator('.mtd .card-value').first()).toHaveText(
    fmt.usd(acusIn(data, { from: `${today.slice(0, 8)}01`, to: today }) * RATE),
  );

  // Monthly cost per organization: Devin ACUs of the org's sessions, by the calendar month of their billing day.
  const months = [...new Set(data.sessions.map((s) => billingDayOf(s.created_at).slice(0, 7)))]
    .sort()
    .slice(-MONTHS_SHOWN);
  const monthly = new Map<string, Map<string, number>>();
  for (const s of data.sessions) {
    const month = billingDayOf(s.created_at).slice(0, 7);
    if (!months.includes(month) || billingDayOf(s.created_at) > today) continue;
    const name = data.orgs.find((o) => o.org_id === s.org_id)!.name;
    const row = monthly.get(name) ?? new Map<string, number>();
    row.set(month, (row.get(month) ?? 0) + s.acus_consumed);
    monthly.set(name, row);
  }
  const table = cost.locator('table').first();
  await expect(table.locator('thead th')).toHaveText(['Organization', ...months.map(labelOf)]);
  await expect(table.locator('tbody tr')).toHaveCount(monthly.size);
  for (const tr of await table.locator('tbody tr').all()) {
    const name = await tr.locator('th').innerText();
    const expected = months.map((m) => fmt.usd((monthly.get(name)?.get(m) ?? 0) * RATE));
    await expect(tr.locator('td'), `monthly cost of ${name}`).toHaveText(expected);
  }
  await snap(app, testInfo, 'cost-view');

  // The rate is main's setting: it survives a reload.
  await app.reload();
  await waitForDashboard(app);
  await expect(cost).toContainText(`Rate: ${fmt.usd(RATE)} per ACU`);
});
