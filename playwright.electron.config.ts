/**
 * Playwright `_electron` specs (test/e2e/electron): the built, unpackaged app in real Electron, one worker
 * (each app is a few hundred MB and they share the user's keychain service). Every spec skips, saying why,
 * where the Electron binary is not installed. Run: `npx playwright test -c playwright.electron.config.ts`.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e/electron',
  // Builds out/ when it is missing or older than src (shared with the renderer specs).
  globalSetup: './test/e2e/renderer/global-setup.ts',
  outputDir: 'test-results/electron',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
});
