/** Losing the API: the offline banner appears and the cached figures stay; getting it back clears the banner. */
import type { Page } from '@playwright/test';
import { waitForDashboard } from '../../helpers/harness';
import { expect, snap, test } from './fixtures';

const CARDS = ['card-sessions', 'card-acus', 'card-active-users'];
const cardTexts = (page: Page) =>
  Promise.all(CARDS.map((id) => page.getByTestId(id).locator('.card-value').first().innerText()));

test('with the API unreachable the offline banner shows over the cached numbers', async ({
  app,
  harness,
}, testInfo) => {
  const before = await cardTexts(app);
  await expect(app.getByTestId('offline-banner')).toHaveCount(0);

  // The HTTP control, as a separate process would use it.
  expect((await app.request.post(`${harness.url}/__harness/simulator/stop`)).ok()).toBe(true);
  // What the app's next poll or auto-refresh would do; Refresh in the page does the same.
  await harness.core.refresh();
  expect(harness.core.getStatus().online).toBe(false);

  await app.reload();
  await waitForDashboard(app);
  const banner = app.getByTestId('offline-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Offline');
  expect(await cardTexts(app)).toEqual(before);
  await snap(app, testInfo, 'offline', false);

  // Back online: Refresh syncs again and the banner goes.
  expect((await app.request.post(`${harness.url}/__harness/simulator/start`)).ok()).toBe(true);
  await app.getByTestId('sync-status').getByRole('button', { name: 'Refresh' }).click();
  await expect(banner).toHaveCount(0);
  expect(await cardTexts(app)).toEqual(before);
});
