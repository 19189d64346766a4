/**
 * Fixtures for the Playwright `_electron` specs: the built app (out/main/index.js, unpackaged so fuses do
 * not apply) launched with its own user-data dir, NODE_ENV=test (test hooks on, own keychain entry),
 * and a Devin API simulator on loopback when a spec asks for one. Every launched app is closed afterwards.
 *
 * Where the Electron binary is missing (downloads from GitHub are blocked here) every spec skips.
 * This is checked without `require('electron')`, which would try to download the binary.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../../src/main/simulator';
import type { TestHooks } from '../../../src/main/electron/test-hooks';
import { findElectron, readElectronPackage } from '../../../scripts/ensure-electron';

export { expect } from '@playwright/test';

const ROOT = resolve(__dirname, '../../..');
const MAIN_JS = join(ROOT, 'out/main/index.js');

/** The Electron executable `npm run dev` would run (scripts/ensure-electron.ts), or null when it was never downloaded. */
function electronExecutable(): string | null {
  const found = findElectron(readElectronPackage(ROOT), process.env, process.platform);
  return found?.ok ? found.execPath : null;
}

export const ELECTRON_PATH = electronExecutable();
export const hasElectronBinary = ELECTRON_PATH !== null;
export const NO_ELECTRON_REASON = 'Electron binary not installed here (downloads from GitHub are blocked); these run where it is';

/** Env variables of the developer's shell that would change what the app does. */
const SCRUBBED = ['DEVIN_SERVICE_USER_TOKEN', 'DEVIN_API_BASE_URL', 'ELECTRON_RENDERER_URL', 'ELECTRON_RUN_AS_NODE'];

export interface LaunchOptions {
  env?: Record<string, string>;
}

export interface LaunchedApp {
  app: ElectronApplication;
  page: Page;
  userDataDir: string;
  keychainAccount: string;
  /** Calls a TestHooks member in main and returns its (awaited) result. */
  hook<K extends keyof TestHooks>(name: K): Promise<TestHooks[K] extends (...a: never[]) => infer R ? Awaited<R> : TestHooks[K]>;
}

interface Fixtures {
  sim: Simulator;
  launchApp: (opts?: LaunchOptions) => Promise<LaunchedApp>;
}

const HOOKS_KEY = '__devinUsageTestHooks';

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimulator({ token: `cog_e2e_${randomBytes(16).toString('hex')}` });
    try {
      await use(sim);
    } finally {
      await sim.close();
    }
  },

  // eslint-disable-next-line no-empty-pattern
  launchApp: async ({}, use, testInfo) => {
    const launched: LaunchedApp[] = [];
    await use(async (opts = {}) => {
      if (!ELECTRON_PATH) throw new Error(NO_ELECTRON_REASON);
      if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
      const userDataDir = mkdtempSync(join(tmpdir(), 'devin-usage-e2e-'));
      const keychainAccount = `e2e-${randomBytes(6).toString('hex')}`;
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUBBED.includes(k)) env[k] = v;
      Object.assign(env, { NODE_ENV: 'test', DEVIN_USAGE_TEST_KEYCHAIN_ACCOUNT: keychainAccount }, opts.env);
      const args = [MAIN_JS, `--user-data-dir=${userDataDir}`];
      // Chromium refuses its sandbox as root (CI containers); the renderer's `sandbox: true` still applies.
      if (process.getuid?.() === 0) args.push('--no-sandbox');
      const app = await _electron.launch({ executablePath: ELECTRON_PATH, args, env, timeout: 60_000 });
      const hook: LaunchedApp['hook'] = (name) =>
        app.evaluate(async (_electron, [key, member]) => {
          const hooks = (globalThis as unknown as Record<string, Record<string, unknown>>)[key];
          if (!hooks) throw new Error('test hooks are not installed yet');
          const value = hooks[member];
          return typeof value === 'function' ? await (value as () => unknown)() : await value;
        }, [HOOKS_KEY, name] as const) as never;
      // The hooks exist once the core has started and the window is created.
      const deadline = Date.now() + 60_000;
      while (!(await app.evaluate((_e, key) => key in globalThis, HOOKS_KEY))) {
        if (Date.now() > deadline) throw new Error('the app did not finish starting');
        await new Promise((r) => setTimeout(r, 100));
      }
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      const entry = { app, page, userDataDir, keychainAccount, hook };
      launched.push(entry);
      return entry;
    });
    for (const { app, page, userDataDir } of launched) {
      if (testInfo.status !== testInfo.expectedStatus) {
        await page.screenshot({ path: testInfo.outputPath('failure.png') }).catch(() => undefined);
      }
      await app.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    }
  },
});
