/** A long full sync in the page: the header shows its percentage, Cancel stops it and the figures stay as they were. */
import type { Page } from '@playwright/test';
import { toAppError } from '../../../src/main/services/api-errors';
import { expect, test } from './fixtures';

const CARDS = ['card-sessions', 'card-acus', 'card-active-users'];
const cardTexts = (page: Page) =>
  Promise.all(CARDS.map((id) => page.getByTestId(id).locator('.card-value').first().innerText()));

test('Cancel stops a long full sync and keeps the previous figures', async ({ app, harness }) => {
  const before = await cardTexts(app);
  const sim = harness.simulator!;
  // The API changed since the first sync, so a sync that ran to the end would change the cards.
  sim.control.advance({ newSessions: 60, updateSessions: 20, seconds: 3600 });
  sim.control.setLatency(800);

  const run = harness.core.handlers['sync:run']({ full: true }).then(
    () => null,
    (err: unknown) => toAppError(err),
  );
  const status = app.getByTestId('sync-status');
  const bar = status.getByRole('progressbar', { name: 'Sync progress' });
  await expect(bar).toContainText(/Syncing… \d+ %/);
  await status.getByRole('button', { name: 'Cancel' }).click();

  await expect(status).toContainText('Sync cancelled; the previous data is kept');
  await expect(bar).toHaveCount(0);
  await expect(status.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  expect(await run).toMatchObject({ code: 'CANCELLED' });
  expect(await cardTexts(app)).toEqual(before);

  // And the page does not hold stale figures: a reload reads the same cache.
  await app.reload();
  await expect(app.getByTestId('card-sessions')).toBeVisible();
  expect(await cardTexts(app)).toEqual(before);
});
