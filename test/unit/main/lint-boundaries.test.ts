/**
 * The process boundaries and IPC rules of eslint.config.mjs, run by ESLint itself on probe code placed
 * as the text of a real file of that folder (ESLint never writes it): each rule must flag the violation
 * and let the allowed form pass.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids ESLint reports for `code` as if it were the file at `path`. */
async function violations(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${path}: ${fatal.message}`);
  return messages.map((m) => m.ruleId ?? 'null');
}

// The first type-aware lint builds a TypeScript program: seconds, more on a busy machine.
describe('ESLint boundaries', { timeout: 120_000 }, () => {
  it('keeps src/main out of the renderer', async () => {
    expect(
      await violations(
        'src/renderer/src/api.ts',
        "import { createLogger } from '../../main/services/logger';\nexport const l = createLogger;\n",
      ),
    ).toEqual(['no-restricted-imports']);
    expect(
      await violations(
        'src/renderer/src/api.ts',
        "import { DATASETS } from '../../shared/dashboard';\nexport const d = DATASETS;\n",
      ),
    ).toEqual([]);
  });

  it.each([
    "import { readFileSync } from 'node:fs';",
    "import { readFileSync } from 'fs';",
    "import { app } from 'electron';",
    "import { createLogger } from '../main/services/logger';",
  ])('keeps src/shared free of %s', async (line) => {
    expect(
      await violations(
        'src/shared/money.ts',
        `${line}\nexport const x = [${/\{ (\w+) \}/.exec(line)![1]}];\n`,
      ),
    ).toEqual(['no-restricted-imports']);
  });

  it('allows raw webContents.send only in the IPC module', async () => {
    const code =
      "import type { WebContents } from 'electron';\nexport const ping = (wc: WebContents) => wc.send('ui:command', { command: 'refresh' });\n";
    expect(await violations('src/main/electron/window.ts', code)).toEqual(['no-restricted-syntax']);
    expect(await violations('src/main/electron/ipc.ts', code)).toEqual([]);
  });

  it('keeps ipcMain in the IPC module', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const h = ipcMain;\n";
    expect(await violations('src/main/electron/compose.ts', code)).toEqual(['no-restricted-imports']);
    expect(await violations('src/main/electron/ipc.ts', code)).toEqual([]);
  });

  it('keeps the preload zod-free: the channel table, and types only from the schemas', async () => {
    expect(
      await violations(
        'src/preload/index.ts',
        "import { invokeArgSchemas } from '../shared/ipc/schemas';\nexport const s = invokeArgSchemas;\n",
      ),
    ).toEqual(['no-restricted-imports']);
    expect(
      await violations('src/preload/index.ts', "import { z } from 'zod';\nexport const s = z;\n"),
    ).toEqual(['no-restricted-imports']);
    expect(
      await violations(
        'src/preload/index.ts',
        "import type { InvokeArgs } from '../shared/ipc/schemas';\nexport type A = InvokeArgs<'cost:get'>;\n",
      ),
    ).toEqual([]);
  });

  it('flags a floating promise (type-aware), and accepts one marked void', async () => {
    const run = 'const run = async (): Promise<void> => undefined;\n';
    expect(await violations('src/main/services/limiter.ts', `${run}run();\n`)).toEqual([
      '@typescript-eslint/no-floating-promises',
    ]);
    expect(await violations('src/main/services/limiter.ts', `${run}void run();\n`)).toEqual([]);
  });
});
