/**
 * The sandboxed preload is bundled whole into out/preload/index.cjs, so whatever it imports ships in it.
 * It imports the zod-free channel table only; pulling in the schemas (zod) made it 173 KB.
 */
import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const LIMIT_BYTES = 16 * 1024;

async function bundlePreload(): Promise<Rolldown.OutputChunk> {
  // The same shape as electron.vite.config.ts's preload: one CommonJS file, only 'electron' left outside.
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(ROOT, 'src/preload/index.ts'), formats: ['cjs'], fileName: 'index' },
      rollupOptions: { external: ['electron'] },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs
    .flatMap((o) => o.output)
    .filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  expect(chunks).toHaveLength(1);
  return chunks[0]!;
}

describe('preload bundle', () => {
  it(`stays under ${LIMIT_BYTES / 1024} KiB, requires only electron, and carries no zod`, async () => {
    const chunk = await bundlePreload();
    const size = Buffer.byteLength(chunk.code);
    expect(size, `preload bundle is ${size} bytes`).toBeLessThanOrEqual(LIMIT_BYTES);
    expect(chunk.imports).toEqual(['electron']);
    expect(chunk.moduleIds.filter((id) => id.includes('node_modules'))).toEqual([]);
  }, 30_000);
});
