/**
 * The headless CLI as a user runs it: a child process (`tsx src/main/cli/index.ts`), with only the environment a
 * test gives it. Asynchronous, because the simulator or proxy it talks to answers from the test's event loop.
 */
import { execFile } from 'node:child_process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCliProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('tsx/cli'), 'src/main/cli/index.ts', ...args],
      {
        encoding: 'utf8',
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          stdout,
          // node:sqlite's one-time warning is Node's, not the CLI's.
          stderr: stderr.replace(/^.*ExperimentalWarning.*\n|^\(Use `node --trace-warnings.*\n/gm, ''),
        }),
    );
  });
}
