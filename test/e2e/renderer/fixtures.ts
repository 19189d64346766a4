/**
 * Each test gets its own harness (app core + simulator + temp data dir) and a page on it with the bridge
 * attached. Options per file: `test.use({ harnessOptions: { mode: 'demo' } })`.
 */
import { test as base, type Page, type TestInfo } from '@playwright/test';
import { startHarness, type Harness, type HarnessOptions } from '../../harness/server';
import { attachBridge, waitForDashboard } from '../../helpers/harness';

export { expect } from '@playwright/test';

interface Fixtures {
  harnessOptions: HarnessOptions;
  harness: Harness;
  /** The dashboard, loaded and painted. */
  app: Page;
}

export const test = base.extend<Fixtures>({
  harnessOptions: [{}, { option: true }],
  harness: async ({ harnessOptions }, use) => {
    // The specs compare against the simulator: a DEVIN_API_BASE_URL in the shell must not swap in another API.
    const harness = await startHarness({ env: {}, ...harnessOptions });
    try {
      await use(harness);
    } finally {
      await harness.close();
    }
  },
  app: async ({ page, harness }, use) => {
    await attachBridge(page, harness);
    await page.goto(`${harness.url}/`);
    await waitForDashboard(page);
    await use(page);
  },
});

/** Saves a screenshot as a test artifact (in the HTML report and under test-results/). */
export async function snap(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
