/**
 * Temp folders for a test file, removed when the file's tests are done. Call `useTempDirs()` at the top
 * of the file, before other hooks; the function it returns makes a fresh folder under the OS temp folder
 * (in a test or a hook).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function useTempDirs(): (prefix: string) => string {
  const made: string[] = [];
  // afterAll hooks run in reverse order: this one after those (registered later) that close what is inside.
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
