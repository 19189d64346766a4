/**
 * Where the cache and settings live: `DEVIN_USAGE_DATA_DIR` when set, else the app's userData folder.
 * The CLI has no Electron `app.getPath('userData')`, so it computes the same per-platform folder Electron uses
 * for this productName; the desktop app passes Electron's own answer.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Devin Usage Dashboard';

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, userDataDir: string = defaultUserDataDir(env)): string {
  return env.DEVIN_USAGE_DATA_DIR || userDataDir;
}

function defaultUserDataDir(env: NodeJS.ProcessEnv): string {
  switch (process.platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), PRODUCT_NAME);
  }
}
