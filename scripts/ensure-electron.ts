// Makes sure the Electron binary is on disk, then runs the given command (`electron-vite dev` / `preview`) with it.
//
// Since Electron 42 the `electron` package no longer downloads its binary on `npm install`: it does so lazily, the
// first time `require('electron')` or its bin runs, and only then writes `node_modules/electron/path.txt`.
// electron-vite 6 reads that file itself and throws "Electron uninstall" when it is missing, so a fresh clone's
// `npm run dev` died. Here: find the binary (no network when it is there), else run Electron's own installer once
// (it honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR and proxies), and hand the path to the command as
// ELECTRON_EXEC_PATH, which electron-vite reads before path.txt — that is also how ELECTRON_OVERRIDE_DIST_PATH
// reaches it. When the binary cannot be had, stop before any dev server starts, with one actionable message.
//
// Usage: tsx scripts/ensure-electron.ts [command args…]   (no command: only ensure the binary)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The installed `electron` npm package. */
export interface ElectronPackage {
  dir: string;
  version: string;
}

export type InstallerResult = { ok: true } | { ok: false; error: string };

export interface EnsureDeps {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Runs Electron's installer (`install.js`); only called when the binary is missing. */
  runInstaller: (pkg: ElectronPackage) => InstallerResult;
  log: (line: string) => void;
}

export type EnsureResult = { ok: true; execPath: string } | { ok: false; failure: string };

export const RELEASE_HOST = 'https://github.com/electron/electron/releases';

/** The executable inside an unpacked Electron, as Electron's install.js names it. */
export function executableName(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** The binary path.txt names, when both exist. */
function installedBinary(pkg: ElectronPackage): string | null {
  const pathFile = join(pkg.dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg.dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function skipsDownload(env: NodeJS.ProcessEnv): boolean {
  const value = env.ELECTRON_SKIP_BINARY_DOWNLOAD?.trim().toLowerCase();
  return !!value && value !== '0' && value !== 'false';
}

/**
 * The binary to run, found without any download: the one ELECTRON_EXEC_PATH or ELECTRON_OVERRIDE_DIST_PATH names
 * (an error when it does not exist), else the package's own. Null when the package's own is not downloaded yet.
 */
export function findElectron(
  pkg: ElectronPackage,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): EnsureResult | null {
  // An explicit binary wins, as it does in electron-vite; a wrong one is an error, not a reason to download.
  if (env.ELECTRON_EXEC_PATH) {
    return existsSync(env.ELECTRON_EXEC_PATH)
      ? { ok: true, execPath: env.ELECTRON_EXEC_PATH }
      : {
          ok: false,
          failure: `ELECTRON_EXEC_PATH is set to ${env.ELECTRON_EXEC_PATH}, which does not exist.`,
        };
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const execPath = join(resolve(env.ELECTRON_OVERRIDE_DIST_PATH), executableName(platform));
    return existsSync(execPath)
      ? { ok: true, execPath }
      : { ok: false, failure: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${execPath} does not exist.` };
  }

  const present = installedBinary(pkg);
  return present ? { ok: true, execPath: present } : null;
}

/** findElectron, else Electron's installer once (unless ELECTRON_SKIP_BINARY_DOWNLOAD says not to). */
export function ensureElectron(pkg: ElectronPackage, deps: EnsureDeps): EnsureResult {
  const { env } = deps;
  const found = findElectron(pkg, env, deps.platform);
  if (found) return found;

  if (skipsDownload(env)) {
    return {
      ok: false,
      failure:
        `Electron ${pkg.version} is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not ` +
        'downloaded (unset it to download).',
    };
  }
  deps.log(`Electron ${pkg.version} is not downloaded yet; fetching it once with Electron's installer…`);
  const installed = deps.runInstaller(pkg);
  if (!installed.ok) {
    const source = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || RELEASE_HOST;
    return {
      ok: false,
      failure: `Electron's installer could not download Electron ${pkg.version} from ${source}: ${installed.error}`,
    };
  }
  const binary = installedBinary(pkg);
  return binary
    ? { ok: true, execPath: binary }
    : {
        ok: false,
        failure: `Electron's installer finished, but ${join(pkg.dir, 'path.txt')} names no binary.`,
      };
}

/** The one message printed when the binary cannot be had: what failed, and the three ways out. */
export function failureMessage(pkg: ElectronPackage, failure: string, platform: NodeJS.Platform): string {
  return [
    'Cannot start the app: the Electron binary is missing.',
    failure,
    'Any one of these fixes it; then run the command again:',
    `  - a network that reaches the Electron release host (${RELEASE_HOST});`,
    '  - ELECTRON_MIRROR set to a mirror of those releases, e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/;',
    `  - ELECTRON_OVERRIDE_DIST_PATH set to an unpacked Electron ${pkg.version} (the folder that holds ${executableName(platform)}).`,
  ].join('\n');
}

/**
 * Electron's own installer in a child process. Its stderr is kept, not shown: on failure it prints a stack trace,
 * of which the first line (e.g. "TypeError: fetch failed", "HTTPError: Response code 404 …") is what matters.
 */
export function runElectronInstaller(
  pkg: ElectronPackage,
  env: NodeJS.ProcessEnv = process.env,
): InstallerResult {
  const run = spawnSync(process.execPath, [join(pkg.dir, 'install.js')], {
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (run.status === 0) return { ok: true };
  const firstLine = (run.stderr ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
  return {
    ok: false,
    error: firstLine ?? run.error?.message ?? `the installer exited with code ${run.status}`,
  };
}

export function readElectronPackage(fromDir: string): ElectronPackage {
  const manifest = createRequire(join(fromDir, 'noop.js')).resolve('electron/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: dirname(manifest), version };
}

function main(): void {
  const [command, ...args] = process.argv.slice(2);
  const pkg = readElectronPackage(process.cwd());
  const result = ensureElectron(pkg, {
    env: process.env,
    platform: process.platform,
    runInstaller: (p) => runElectronInstaller(p),
    log: (line) => console.log(line),
  });
  if (!result.ok) {
    console.error(failureMessage(pkg, result.failure, process.platform));
    process.exit(1);
  }
  if (!command) return;

  // npm puts node_modules/.bin on PATH; on Windows its entries are .cmd shims, which only a shell can start.
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: result.execPath },
    shell: process.platform === 'win32',
  });
  child.on('error', (error) => {
    console.error(`Could not run ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  // A terminal's Ctrl+C reaches the whole process group; a kill aimed at this process must reach the child too.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
}

if (require.main === module) main();
