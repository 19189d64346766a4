/**
 * `npm run harness [-- --mode demo|live] [--large] [--port N] [--data-dir DIR]`: starts the browser test harness
 * and prints its address. Open `<url>/bridged.html` in a browser to use the app; Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../src/main/services/logger';
import { LARGE_ENTERPRISE_PRESET } from '../../src/main/simulator';
import { startHarness } from './server';

export { startHarness, DEFAULT_RENDERER_DIR, type Harness, type HarnessOptions } from './server';
export { bridgeScript } from './bridge-script';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'live' },
      large: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
    },
  });
  if (values.mode !== 'live' && values.mode !== 'demo') throw new Error('--mode must be live or demo');
  const harness = await startHarness({
    mode: values.mode,
    port: Number(values.port),
    dataDir: values['data-dir'],
    simulator: values.large ? { ...LARGE_ENTERPRISE_PRESET } : undefined,
    log: createLogger('harness'),
  });
  process.stdout.write(
    `Harness on ${harness.url} (${values.mode}${harness.simulator ? `, simulator ${harness.simulator.url}` : ''}), data in ${harness.dataDir}\n` +
      `  Browser: ${harness.url}/bridged.html   Playwright: ${harness.url}/ with ${harness.url}/__bridge/init.js as an init script\n`,
  );
  const stop = () => void harness.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
