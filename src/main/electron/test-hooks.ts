/**
 * Read-only views into main for the Playwright `_electron` specs, installed only when NODE_ENV=test,
 * once the core has started and the window exists (their presence is the app-ready signal). Specs reach
 * them with `app.evaluate(() => globalThis.__devinUsageTestHooks…)`. Nothing here returns the token.
 */
import type { AppStatus, TokenState } from '../../shared/dashboard';
import type { TrayPresentation } from '../services/queue-health';

export interface TestHooks {
  tray(): TrayPresentation | null;
  tokenState(): TokenState;
  status(): AppStatus;
  refresh(): Promise<void>;
  userDataDir: string;
}

export const TEST_HOOKS_KEY = '__devinUsageTestHooks';

export const testHooksEnabled = (env: NodeJS.ProcessEnv = process.env) => env.NODE_ENV === 'test';

export function installTestHooks(hooks: TestHooks): void {
  if (!testHooksEnabled()) return;
  (globalThis as Record<string, unknown>)[TEST_HOOKS_KEY] = hooks;
}
