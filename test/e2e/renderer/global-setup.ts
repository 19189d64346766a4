/**
 * Builds the app (`electron-vite build`, ≈1 s) when out/ is missing or older than the sources, so the specs
 * never test a stale bundle. E2E_SKIP_BUILD=1 skips the check (e.g. when CI built just before).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const OUTPUTS = ['out/renderer/index.html', 'out/main/index.js'].map((p) => join(ROOT, p));
const SOURCES = ['src', 'electron.vite.config.ts'].map((p) => join(ROOT, p));

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), info.mtimeMs);
}

export default function globalSetup(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const built = OUTPUTS.every((p) => existsSync(p))
    ? Math.min(...OUTPUTS.map((p) => statSync(p).mtimeMs))
    : 0;
  if (built > Math.max(...SOURCES.map(newestMtime))) return;
  execFileSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
