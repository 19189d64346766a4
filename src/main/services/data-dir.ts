/**
 * Where the cache and settings live: `DEVIN_USAGE_DATA_DIR` when set, else the app's userData folder.
 * The CLI has no Electron `app.getPath('userData')`, so it computes the same per-platform folder Electron uses
 * for this productName; the desktop app passes Electron's own answer. Everything in it is private to the user
 * (`ensurePrivateDataDir`).
 */
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Devin Usage Dashboard';

export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  userDataDir: string = defaultUserDataDir(env),
): string {
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

/*
 * Private files. The cache and settings describe a company's people and spend, so on POSIX the data folder is
 * owner-only (0700) and every file holding data is owner read/write (0600). Modes are set with an explicit
 * chmod, so the process umask never widens (or decides) them. Windows keeps per-user ACLs on the profile folder
 * and has no such modes; there these helpers only create what is missing.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

/** Cache databases with their -wal/-shm files and moved-aside `.corrupt-*` copies, settings, profiles, identities. */
const DATA_FILE = /^(?:settings|profiles|identities)\.json$|\.sqlite(?:$|-wal$|-shm$|\.corrupt-)/;
/** Each account's cache lives in `accounts/<identity>/` (account/paths.ts). */
const ACCOUNTS_DIR = 'accounts';

/**
 * Creates `dir` (with missing parents) owner-only, or tightens it when it exists. A folder that is not ours to
 * close (another owner, or a shared sticky folder such as /tmp) keeps its mode: the files in it are still 0600.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!POSIX) return;
  const st = statSync(dir);
  const ours = st.uid === process.getuid?.() && (st.mode & 0o1000) === 0;
  if (ours && (st.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes an existing file owner read/write only. A missing file stays missing, and one of another owner (EPERM:
 * not ours to change) keeps its mode rather than making the app fail to open its data.
 */
export function makePrivate(file: string): void {
  if (!POSIX) return;
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}

/**
 * Call once at start, before anything opens a file in `dir`: creates the data folder owner-only and tightens
 * the folder and every data file directly in it, including those an older release left readable by others.
 * (Caches in subfolders are tightened by `openCache` when opened.)
 */
export function ensurePrivateDataDir(dir: string): void {
  ensurePrivateDir(dir);
  if (!POSIX) return;
  tightenFiles(dir);
  const accounts = join(dir, ACCOUNTS_DIR);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name !== ACCOUNTS_DIR || !entry.isDirectory()) continue;
    ensurePrivateDir(accounts);
    for (const account of readdirSync(accounts, { withFileTypes: true })) {
      if (!account.isDirectory()) continue;
      ensurePrivateDir(join(accounts, account.name));
      tightenFiles(join(accounts, account.name));
    }
  }
}

function tightenFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Regular files only: chmod follows a symlink to wherever it points.
    if (entry.isFile() && DATA_FILE.test(entry.name)) makePrivate(join(dir, entry.name));
  }
}
