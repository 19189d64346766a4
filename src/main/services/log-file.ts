/**
 * The log file: `<data dir>/logs/<name>.log`, rotated by size so it never grows without bound
 * (`<name>.log` → `<name>.1.log` → … → `<name>.<maxFiles-1>.log`, the oldest dropped). Writes are synchronous and
 * unbuffered, so the last line before a crash is on disk. Lines are redacted again here, and a file that cannot be
 * written never breaks the app: the sink reports once and goes quiet.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../../shared/redact';
import type { LogSink } from './logger';

export const LOG_DIR_NAME = 'logs';
const ELLIPSIS = Buffer.from('…\n');

export interface LogFileOptions {
  /** The logs folder, usually `logDirOf(dataDir)`. */
  dir: string;
  /** File stem: `main` for the app, `cli` for the CLI, so the two never write the same file. */
  name: string;
  /** Size at which the current file is rotated (default 1 MB). */
  maxBytes?: number;
  /** Files kept, the current one included (default 5). */
  maxFiles?: number;
  /** Told once when the folder or file cannot be written (default: stderr). */
  onError?: (err: unknown) => void;
}

export interface LogFileSink extends LogSink {
  /** The file currently written. */
  readonly file: string;
  close(): void;
}

export const logDirOf = (dataDir: string): string => join(dataDir, LOG_DIR_NAME);

export function createLogFileSink(opts: LogFileOptions): LogFileSink {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const maxFiles = Math.max(1, opts.maxFiles ?? 5);
  const onError = opts.onError ?? ((err: unknown) => process.stderr.write(`log file disabled: ${redact(String(err))}\n`));
  const fileAt = (n: number): string => join(opts.dir, n === 0 ? `${opts.name}.log` : `${opts.name}.${n}.log`);
  let fd: number | null = null;
  let size = 0;
  let broken = false;

  const open = (): number => {
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    const handle = openSync(fileAt(0), 'a', 0o600);
    size = fstatSync(handle).size;
    fd = handle;
    return handle;
  };

  const rotate = (): void => {
    if (fd !== null) closeSync(fd);
    fd = null;
    rmSync(fileAt(maxFiles - 1), { force: true });
    for (let n = maxFiles - 2; n >= 0; n--) {
      try {
        renameSync(fileAt(n), fileAt(n + 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  };

  const sink = (line: string): void => {
    if (broken) return;
    try {
      let bytes = Buffer.from(redact(line) + '\n', 'utf8');
      // One line never takes more than a whole file.
      if (bytes.length > maxBytes) bytes = Buffer.concat([bytes.subarray(0, maxBytes - ELLIPSIS.length), ELLIPSIS]);
      let handle = fd ?? open();
      if (size > 0 && size + bytes.length > maxBytes) {
        rotate();
        handle = open();
      }
      writeSync(handle, bytes);
      size += bytes.length;
    } catch (err) {
      broken = true;
      onError(err);
    }
  };

  return Object.assign(sink, {
    file: fileAt(0),
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  });
}
