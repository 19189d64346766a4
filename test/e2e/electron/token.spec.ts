/** Saving a token through Settings stores it in main (keychain, or memory when there is none) and never shows it to the page. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, hasElectronBinary, NO_ELECTRON_REASON, test } from './fixtures';

test.skip(!hasElectronBinary, NO_ELECTRON_REASON);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
}

test('saving a token stores it in main and the renderer never sees it', async ({ launchApp, sim }) => {
  const { page, hook, userDataDir } = await launchApp({ env: { DEVIN_API_BASE_URL: sim.url } });
  const token = sim.token;
  await expect(page.getByTestId('demo-badge')).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Settings', exact: true }).first().click();
  const settings = page.getByTestId('settings');
  await expect(settings).toBeVisible();
  await settings.getByLabel('Token', { exact: true }).fill(token);
  await settings.getByRole('button', { name: 'Save token' }).click();

  const source = settings.getByTestId('token-source');
  await expect(source).toHaveAttribute('data-source', /^(keychain|memory)$/, { timeout: 30_000 });
  const state = await hook('tokenState');
  expect(['keychain', 'memory']).toContain(state.source);
  await expect(page.getByTestId('demo-badge')).toBeHidden({ timeout: 30_000 });
  expect((await hook('status')).mode).toBe('live');

  // Nothing the page holds or can ask for contains the token.
  // Page code as a string: this file is type-checked without the DOM library.
  const seen = await page.evaluate(`(async () => JSON.stringify({
    html: document.documentElement.outerHTML,
    inputs: [...document.querySelectorAll('input')].map((i) => i.value),
    local: { ...localStorage },
    session: { ...sessionStorage },
    status: await window.api.getStatus(),
    settings: await window.api.getSettings(),
  }))()`);
  expect(seen).not.toContain(token);
  expect(seen).not.toContain(token.slice(4));

  // Nor any file the app wrote (cache, settings, window state).
  for (const file of filesUnder(userDataDir)) {
    expect(readFileSync(file).includes(token), file).toBe(false);
  }

  // Remove it again (also deletes this run's keychain entry).
  await settings.getByRole('button', { name: 'Remove token' }).click();
  await expect(source).toHaveAttribute('data-source', 'none', { timeout: 30_000 });
  expect((await hook('tokenState')).source).toBe('none');
});
