/** Without a token the app runs its built-in demo simulator and says so. */
import { expect, snap, test } from './fixtures';

test.use({ harnessOptions: { mode: 'demo' } });

test('demo mode without a token shows the demo badge over simulated data', async ({
  app,
  harness,
}, testInfo) => {
  expect(harness.simulator).toBeNull();
  expect(harness.core.getStatus()).toMatchObject({ mode: 'demo', token: { source: 'none' } });
  await expect(app.getByTestId('demo-badge')).toBeVisible();
  await expect(app.getByText('You are looking at simulated demo data.')).toBeVisible();
  await expect(app.getByTestId('card-sessions').locator('.card-value')).toHaveText(/^[1-9][\d,]*$/);
  // Demo data is not an outage: no offline or token banner.
  await expect(app.getByTestId('offline-banner')).toHaveCount(0);
  await snap(app, testInfo, 'demo', false);
});
