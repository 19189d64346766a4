/**
 * The decision in scripts/ensure-electron.ts, on a copy of the installed `electron` package without path.txt (as a
 * fresh `npm install` leaves it). The installer is a stand-in that unpacks like Electron's install.js does; the real
 * installer and the npm scripts run in test/integration/ensure-electron.test.ts.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureElectron,
  failureMessage,
  readElectronPackage,
  RELEASE_HOST,
  type ElectronPackage,
  type EnsureDeps,
  type InstallerResult,
} from '../../../scripts/ensure-electron';

let root: string;
let pkg: ElectronPackage;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ensure-electron-'));
  const installed = readElectronPackage(process.cwd());
  cpSync(installed.dir, join(root, 'node_modules/electron'), {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|dist|path\.txt)$/.test(src.slice(installed.dir.length)),
  });
  pkg = readElectronPackage(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes what Electron's install.js leaves behind: dist/<binary> and path.txt naming it. */
function unpack(into: ElectronPackage): string {
  mkdirSync(join(into.dir, 'dist'), { recursive: true });
  const binary = join(into.dir, 'dist', 'electron');
  writeFileSync(binary, '#!/bin/sh\n');
  chmodSync(binary, 0o755);
  writeFileSync(join(into.dir, 'path.txt'), 'electron');
  return binary;
}

function deps(env: NodeJS.ProcessEnv, installer: (p: ElectronPackage) => InstallerResult) {
  const calls: ElectronPackage[] = [];
  const logged: string[] = [];
  const d: EnsureDeps = {
    env,
    platform: 'linux',
    runInstaller: (p) => {
      calls.push(p);
      return installer(p);
    },
    log: (line) => logged.push(line),
  };
  return { d, calls, logged };
}

const installs = (p: ElectronPackage): InstallerResult => (unpack(p), { ok: true });
const fails = (): InstallerResult => ({ ok: false, error: 'TypeError: fetch failed' });

describe('ensureElectron', () => {
  it('reads the copy, not the project', () => {
    expect(pkg.dir).toBe(join(root, 'node_modules/electron'));
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('does nothing when path.txt names a binary that exists', () => {
    const binary = unpack(pkg);
    const { d, calls, logged } = deps({}, installs);
    expect(ensureElectron(pkg, d)).toEqual({ ok: true, execPath: binary });
    expect(calls).toHaveLength(0);
    expect(logged).toEqual([]);
  });

  it('runs the installer exactly once when path.txt is missing, then hands over its binary', () => {
    const { d, calls, logged } = deps({}, installs);
    expect(ensureElectron(pkg, d)).toEqual({ ok: true, execPath: join(pkg.dir, 'dist', 'electron') });
    expect(calls).toEqual([pkg]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`Electron ${pkg.version} is not downloaded yet`);
  });

  it('reinstalls when path.txt names a binary that is gone', () => {
    writeFileSync(join(pkg.dir, 'path.txt'), 'electron');
    const { d, calls } = deps({}, installs);
    expect(ensureElectron(pkg, d)).toMatchObject({ ok: true });
    expect(calls).toHaveLength(1);
  });

  it('reports a failing installer with its error and where it downloaded from', () => {
    const { d, calls } = deps({}, fails);
    expect(ensureElectron(pkg, d)).toEqual({
      ok: false,
      failure: `Electron's installer could not download Electron ${pkg.version} from ${RELEASE_HOST}: TypeError: fetch failed`,
    });
    expect(calls).toHaveLength(1);

    const mirrored = deps({ ELECTRON_MIRROR: 'https://mirror.example/electron/' }, fails);
    expect(ensureElectron(pkg, mirrored.d)).toMatchObject({
      failure: expect.stringContaining('from https://mirror.example/electron/:'),
    });
  });

  it('does not trust an installer that exits 0 but leaves no binary', () => {
    const { d } = deps({}, () => ({ ok: true }));
    expect(ensureElectron(pkg, d)).toEqual({
      ok: false,
      failure: `Electron's installer finished, but ${join(pkg.dir, 'path.txt')} names no binary.`,
    });
  });

  it.each(['1', 'true', 'yes'])(
    'never downloads when ELECTRON_SKIP_BINARY_DOWNLOAD=%s and the binary is missing',
    (value) => {
      const { d, calls } = deps({ ELECTRON_SKIP_BINARY_DOWNLOAD: value }, installs);
      const result = ensureElectron(pkg, d);
      expect(result).toMatchObject({
        ok: false,
        failure: expect.stringContaining('ELECTRON_SKIP_BINARY_DOWNLOAD is set'),
      });
      expect(calls).toHaveLength(0);
    },
  );

  it('downloads when ELECTRON_SKIP_BINARY_DOWNLOAD is 0 or false', () => {
    for (const value of ['0', 'false', '']) {
      const { d, calls } = deps({ ELECTRON_SKIP_BINARY_DOWNLOAD: value }, fails);
      ensureElectron(pkg, d);
      expect(calls, value).toHaveLength(1);
    }
  });

  it('starts an installed binary even when ELECTRON_SKIP_BINARY_DOWNLOAD is set', () => {
    const binary = unpack(pkg);
    const { d } = deps({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, installs);
    expect(ensureElectron(pkg, d)).toEqual({ ok: true, execPath: binary });
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH without downloading, and says when it holds no binary', () => {
    const override = join(root, 'unpacked');
    const { d, calls } = deps({ ELECTRON_OVERRIDE_DIST_PATH: override }, installs);
    expect(ensureElectron(pkg, d)).toEqual({
      ok: false,
      failure: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${join(override, 'electron')} does not exist.`,
    });
    mkdirSync(override);
    writeFileSync(join(override, 'electron'), '');
    expect(ensureElectron(pkg, d)).toEqual({ ok: true, execPath: join(override, 'electron') });

    const mac = deps({ ELECTRON_OVERRIDE_DIST_PATH: override }, installs);
    mac.d.platform = 'darwin';
    expect(ensureElectron(pkg, mac.d)).toMatchObject({
      failure: expect.stringContaining('Electron.app/Contents/MacOS/Electron'),
    });
    expect(calls).toHaveLength(0);
    expect(mac.calls).toHaveLength(0);
  });

  it('honours ELECTRON_EXEC_PATH as electron-vite does, and rejects one that does not exist', () => {
    const binary = join(root, 'my-electron');
    const { d, calls } = deps({ ELECTRON_EXEC_PATH: binary }, installs);
    expect(ensureElectron(pkg, d)).toEqual({
      ok: false,
      failure: `ELECTRON_EXEC_PATH is set to ${binary}, which does not exist.`,
    });
    writeFileSync(binary, '');
    expect(ensureElectron(pkg, d)).toEqual({ ok: true, execPath: binary });
    expect(calls).toHaveLength(0);
  });
});

describe('failureMessage', () => {
  it('says what failed and gives the three ways out', () => {
    const message = failureMessage(pkg, 'Electron’s installer could not download …', 'win32');
    expect(message.split('\n')).toEqual([
      'Cannot start the app: the Electron binary is missing.',
      'Electron’s installer could not download …',
      'Any one of these fixes it; then run the command again:',
      `  - a network that reaches the Electron release host (${RELEASE_HOST});`,
      '  - ELECTRON_MIRROR set to a mirror of those releases, e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/;',
      `  - ELECTRON_OVERRIDE_DIST_PATH set to an unpacked Electron ${pkg.version} (the folder that holds electron.exe).`,
    ]);
  });
});
