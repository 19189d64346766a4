/**
 * `npm run dev` / `npm start` on a fresh clone, in a temporary copy of the project whose `node_modules/electron` has
 * no binary and no path.txt (what `npm install` leaves since Electron 42). Electron's real installer runs against a
 * loopback mirror (ELECTRON_MIRROR) serving a stand-in release zip, so nothing leaves this machine.
 *
 * Linux only: the stand-in binary is a shell script, and "no listening port left behind" is read from /proc.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedZip } from '../helpers/zip';

const repo = join(__dirname, '../..');
const onLinux = process.platform === 'linux';
if (!onLinux)
  console.warn('ensure-electron integration tests skipped: they need Linux (/proc, a shell-script Electron)');

let project: string;
let electronDir: string;
let version: string;
let mirror: { server: Server; url: string; requests: string[] };

/** A copy of the project: its own node_modules/electron (no binary), every other package linked to the real one. */
function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
  for (const entry of [
    'package.json',
    'electron.vite.config.ts',
    'tsconfig.json',
    'tsconfig.base.json',
    'tsconfig.node.json',
    'tsconfig.web.json',
    'src',
    'resources',
    'scripts/ensure-electron.ts',
  ]) {
    cpSync(join(repo, entry), join(dir, entry), { recursive: true });
  }
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(repo, 'node_modules'))) {
    if (name !== 'electron' && name !== '.vite')
      symlinkSync(join(repo, 'node_modules', name), join(dir, 'node_modules', name));
  }
  const source = join(repo, 'node_modules/electron');
  cpSync(source, join(dir, 'node_modules/electron'), {
    recursive: true,
    filter: (src) => !/^[\\/](node_modules|dist|path\.txt)$/.test(src.slice(source.length)),
  });
  return dir;
}

/** Serves `v<version>/electron-v<version>-linux-<arch>.zip` and its SHASUMS256.txt, as the release host lays them out. */
async function startMirror(): Promise<typeof mirror> {
  const zipName = `electron-v${version}-linux-${process.arch}.zip`;
  const zip = storedZip([
    // Records how it was started, then exits 0, so electron-vite's dev command ends by itself.
    {
      name: 'electron',
      mode: 0o755,
      content: '#!/bin/sh\nprintf "%s\\n" "$ELECTRON_RENDERER_URL" >> "$FAKE_ELECTRON_LOG"\n',
    },
    { name: 'version', content: version },
  ]);
  const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/v${version}/${zipName}`) res.end(zip);
    else if (req.url === `/v${version}/SHASUMS256.txt`) res.end(sums);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

/** A loopback address where nothing listens: the installer's download fails at once, as it does offline. */
async function deadMirror(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

/**
 * Live processes of a process group, from /proc/<pid>/stat (the fields after the command's closing parenthesis:
 * state, ppid, pgrp). Zombies are skipped: they hold nothing, and a container's init may never reap them.
 */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return members;
}

/** TCP ports on which any process of the group is listening. */
function listeningPorts(pgid: number): number[] {
  const listening = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const row of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols[3] === '0A') listening.set(cols[9] ?? '', parseInt(cols[1]?.split(':')[1] ?? '', 16));
    }
  }
  const ports = new Set<number>();
  for (const pid of groupMembers(pgid)) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        const port = inode && listening.get(inode);
        if (port) ports.add(port);
      }
    } catch {
      // the process ended while we looked
    }
  }
  return [...ports];
}

function commandLines(pgid: number): string[] {
  return groupMembers(pgid).flatMap((pid) => {
    try {
      return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()];
    } catch {
      return [];
    }
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every port a process of the run listened on while it ran (sampled every 50 ms, and once after it exited). */
  portsSeen: number[];
  /** Every command line of the run's processes, sampled likewise. */
  commandsSeen: string[];
  /** Processes of the run still alive after it exited. */
  leftBehind: number[];
}

/** `npm run <script>` in its own process group, sampling the group's listening ports until it exits. */
function npmRun(script: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', script], {
      cwd: project,
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        FAKE_ELECTRON_LOG: join(project, 'electron-runs.log'),
        ...env,
      },
    });
    const pgid = child.pid;
    if (!pgid) return reject(new Error('npm did not start'));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const seen = new Set<number>();
    const commands = new Set<string>();
    const sample = () => {
      listeningPorts(pgid).forEach((port) => seen.add(port));
      commandLines(pgid).forEach((command) => commands.add(command));
    };
    const sampler = setInterval(sample, 50);
    const timeout = setTimeout(() => process.kill(-pgid, 'SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timeout);
      sample();
      const leftBehind = groupMembers(pgid);
      if (leftBehind.length) process.kill(-pgid, 'SIGKILL');
      resolve({ code, stdout, stderr, portsSeen: [...seen], commandsSeen: [...commands], leftBehind });
    });
  });
}

/** The environment of a fresh machine: no ELECTRON_SKIP_BINARY_DOWNLOAD, a private Electron download cache. */
function freshEnv(extra: Record<string, string>): Record<string, string> {
  return { electron_config_cache: join(project, '.electron-cache'), ELECTRON_GET_NO_PROGRESS: '1', ...extra };
}

function expectOneActionableMessage(run: Run, failure: string): void {
  expect(run.code).not.toBe(0);
  expect(run.stderr.match(/Cannot start the app: the Electron binary is missing\./g)).toHaveLength(1);
  expect(run.stderr).toContain(failure);
  expect(run.stderr).toContain('https://github.com/electron/electron/releases');
  expect(run.stderr).toContain('ELECTRON_MIRROR set to a mirror');
  expect(run.stderr).toContain(`ELECTRON_OVERRIDE_DIST_PATH set to an unpacked Electron ${version}`);
  expect(run.stderr).not.toContain('Electron uninstall');
  expect(run.stderr).not.toMatch(/^\s+at .+:\d+/m); // no stack trace
  // No dev server: electron-vite never ran, and no process of the run ever listened on a port.
  expect(run.commandsSeen.filter((command) => /[\\/]electron-vite(\.js)? /.test(command))).toEqual([]);
  expect(run.stdout).not.toMatch(/dev server running|building/i);
  expect(run.portsSeen).toEqual([]);
  expect(run.leftBehind).toEqual([]);
}

// One project for the file, used in order: the failing runs leave Electron undownloaded, the last one downloads it.
describe.runIf(onLinux)('npm run dev / npm start on a fresh clone', () => {
  beforeAll(async () => {
    project = makeProject();
    electronDir = join(project, 'node_modules/electron');
    version = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string })
      .version;
    mirror = await startMirror();
  });
  afterAll(async () => {
    await new Promise((resolve) => mirror?.server.close(resolve));
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('stops `npm run dev` with one message when the download fails, before any server starts', async () => {
    const run = await npmRun('dev', freshEnv({ ELECTRON_MIRROR: await deadMirror() }));
    expectOneActionableMessage(
      run,
      `Electron's installer could not download Electron ${version} from http://127.0.0.1:`,
    );
    expect(run.stderr).toContain('fetch failed');
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
  }, 60_000);

  it('stops `npm start` without downloading when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const run = await npmRun(
      'start',
      freshEnv({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: mirror.url }),
    );
    expectOneActionableMessage(run, 'ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    expect(mirror.requests).toEqual([]);
  }, 60_000);

  it("downloads Electron once with Electron's installer, hands it to electron-vite, and never downloads again", async () => {
    const env = freshEnv({ ELECTRON_MIRROR: mirror.url, electron_use_remote_checksums: '1' });
    const first = await npmRun('dev', env);
    expect(first.stderr).not.toContain('Cannot start the app');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Electron ${version} is not downloaded yet`);
    expect(mirror.requests.filter((url) => url.endsWith('.zip'))).toHaveLength(1);
    expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
    // electron-vite started the downloaded binary with its dev server's address.
    expect(readFileSync(join(project, 'electron-runs.log'), 'utf8')).toMatch(/^http:\/\/localhost:\d+\/?\n$/);

    const requestsBefore = mirror.requests.length;
    const second = await npmRun('dev', env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('not downloaded yet');
    expect(mirror.requests).toHaveLength(requestsBefore);
    expect(readFileSync(join(project, 'electron-runs.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(
      2,
    );
  }, 200_000); // two electron-vite dev runs: slow on a loaded machine
});
