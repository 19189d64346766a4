import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogFileSink, logDirOf } from '../../../src/main/services/log-file';
import { createLogger } from '../../../src/main/services/logger';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'devin-log-file-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const line = (n: number): string => `line ${String(n).padStart(4, '0')} ${'x'.repeat(89)}`; // 100 bytes with \n

describe('createLogFileSink', () => {
  it('writes <logs>/<name>.log, creating the folder', () => {
    const dir = logDirOf(tempDir());
    const sink = createLogFileSink({ dir, name: 'cli' });
    sink('first');
    sink('second');
    sink.close();
    expect(sink.file).toBe(join(dir, 'cli.log'));
    expect(readFileSync(sink.file, 'utf8')).toBe('first\nsecond\n');
  });

  it('rotates by size and keeps at most maxFiles files, newest lines in <name>.log', () => {
    const dir = tempDir();
    const sink = createLogFileSink({ dir, name: 'main', maxBytes: 1000, maxFiles: 3 });
    for (let n = 0; n < 55; n++) sink(line(n));
    sink.close();
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    const read = (f: string) => readFileSync(join(dir, f), 'utf8').trimEnd().split('\n');
    // 10 lines fill a file; 55 lines = 5 full files + 5 lines, of which the last three files are kept.
    expect(read('main.log')).toEqual([50, 51, 52, 53, 54].map(line));
    expect(read('main.1.log')).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49].map(line));
    expect(read('main.2.log')).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39].map(line));
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(1000);
  });

  it('continues an existing file after a restart and counts its size', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'main.log'), `${line(0)}\n`.repeat(9));
    const sink = createLogFileSink({ dir, name: 'main', maxBytes: 1000, maxFiles: 2 });
    sink(line(1));
    sink(line(2));
    sink.close();
    expect(readFileSync(join(dir, 'main.1.log'), 'utf8').trimEnd().split('\n')).toEqual([...Array(9).fill(line(0)), line(1)]);
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toBe(`${line(2)}\n`);
  });

  it('cuts a line longer than a whole file', () => {
    const dir = tempDir();
    const sink = createLogFileSink({ dir, name: 'main', maxBytes: 200 });
    sink('y'.repeat(5000));
    sink.close();
    expect(readFileSync(join(dir, 'main.log')).length).toBeLessThanOrEqual(200);
  });

  it('redacts what it writes, whoever built the line', () => {
    const dir = tempDir();
    const sink = createLogFileSink({ dir, name: 'main' });
    sink('raw Authorization: Bearer cog_file_secret_abcdefgh');
    createLogger('main', sink, 'debug').warn('failed', { error: new Error('echo x_cog_file_secret_abcdefgh') });
    sink.close();
    const text = readFileSync(join(dir, 'main.log'), 'utf8');
    expect(text).not.toContain('file_secret');
    expect(text).toContain('[REDACTED]');
  });

  it('reports once and goes quiet when the folder cannot be written', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'logs'), 'a file where the folder should be');
    const errors: unknown[] = [];
    const sink = createLogFileSink({ dir: join(dir, 'logs'), name: 'main', onError: (e) => errors.push(e) });
    expect(() => {
      sink('a');
      sink('b');
    }).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
