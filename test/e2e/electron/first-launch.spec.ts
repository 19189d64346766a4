/** First launch without a token: the demo dashboard, in a window whose security settings are the ones we set. */
import { expect, hasElectronBinary, NO_ELECTRON_REASON, test } from './fixtures';

test.skip(!hasElectronBinary, NO_ELECTRON_REASON);

test('shows the demo dashboard when no token is stored', async ({ launchApp }) => {
  const { page, hook, userDataDir } = await launchApp();
  await expect(page.getByTestId('demo-badge')).toBeVisible({ timeout: 30_000 });
  expect(await hook('tokenState')).toMatchObject({ source: 'none' });
  expect((await hook('status')).mode).toBe('demo');
  expect(await hook('userDataDir')).toBe(userDataDir);
});

test('runs the page isolated and sandboxed, with only the contract API exposed', async ({ launchApp }) => {
  const { app, page } = await launchApp();
  // getLastWebPreferences is undocumented (Electron's own specs use it): checked when present.
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const wc = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null };
    const p = wc.getLastWebPreferences?.();
    return p ? { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webviewTag: p.webviewTag, webSecurity: p.webSecurity } : null;
  });
  if (prefs) expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
  else test.info().annotations.push({ type: 'note', description: 'webContents.getLastWebPreferences() is not available in this Electron' });
  const globals = await page.evaluate(() => ({
    require: typeof (globalThis as Record<string, unknown>).require,
    process: typeof (globalThis as Record<string, unknown>).process,
    apiKeys: Object.keys((globalThis as unknown as { api: object }).api).sort(),
  }));
  expect(globals.require).toBe('undefined');
  expect(globals.process).toBe('undefined');
  expect(globals.apiKeys).toContain('getStatus');
  expect(globals.apiKeys).not.toContain('send');
});

test('keeps the page where it is: window.open and navigation are refused, only allowed links reach the OS', async ({ launchApp }) => {
  const { app, page } = await launchApp();
  // Record what main hands to the OS instead of opening a browser.
  await app.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as Record<string, unknown>).__opened = opened;
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
  const before = page.url();
  // Page code as strings: this file is type-checked without the DOM library.
  await page.evaluate(`window.open('https://evil.example/'); window.open('https://app.devin.ai/sessions/abc'); location.href = 'https://evil.example/nav';`);
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  expect(app.windows()).toHaveLength(1);
  const viaApi = await page.evaluate(async () => {
    const api = (globalThis as unknown as { api: { openExternal(a: { url: string }): Promise<unknown> } }).api;
    return [await api.openExternal({ url: 'javascript:alert(1)' }), await api.openExternal({ url: 'https://app.devin.ai/sessions/def' })];
  });
  expect(viaApi).toEqual([
    { ok: true, data: { opened: false } },
    { ok: true, data: { opened: true } },
  ]);
  const opened = await app.evaluate(() => (globalThis as Record<string, unknown>).__opened);
  expect(opened).toEqual(['https://app.devin.ai/sessions/abc', 'https://app.devin.ai/sessions/def']);
});
