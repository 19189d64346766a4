/**
 * Playwright: two projects.
 * - `renderer`: the built renderer (out/renderer) in Debian's Chromium, talking to the real app core through the
 *   test harness's HTTP/SSE bridge (test/harness). The page's CSP says `connect-src 'none'`, so contexts bypass
 *   CSP and the bridge is added as an init script; test/e2e/renderer/csp.spec.ts pins the shipped CSP itself.
 * - `electron`: Playwright `_electron` specs in test/e2e/electron (they skip where no Electron binary exists).
 * The network here is closed: Chromium runs with its background networking off (see test/README.md).
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PAGE_LOCALE, PAGE_TIMEZONE } from './test/helpers/harness';

export default defineConfig({
  globalSetup: './test/e2e/renderer/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
  projects: [
    {
      name: 'renderer',
      testDir: 'test/e2e/renderer',
      outputDir: 'test-results/renderer',
      use: {
        browserName: 'chromium',
        headless: true,
        bypassCSP: true,
        viewport: { width: 1440, height: 900 },
        locale: PAGE_LOCALE,
        timezoneId: PAGE_TIMEZONE,
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
      },
    },
    {
      // Each Electron app is a few hundred MB and
      // they share the user's keychain service, so one at a time, with room for a slow first launch.
      name: 'electron',
      testDir: 'test/e2e/electron',
      outputDir: 'test-results/electron',
      timeout: 120_000,
      workers: 1,
      fullyParallel: false,
    },
  ],
});
