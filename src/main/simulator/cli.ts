/**
 * Standalone simulator: `tsx src/main/simulator/cli.ts [--port N] [--preset demo|large|xl] [--latency ms] [--seed N]`.
 * Prints `{"url":…,"token":…}` as one JSON line on stdout, then serves until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEMO_PRESET, LARGE_ENTERPRISE_PRESET, XL_ENTERPRISE_PRESET, startSimulator } from './server';

const PRESETS = { demo: DEMO_PRESET, large: LARGE_ENTERPRISE_PRESET, xl: XL_ENTERPRISE_PRESET } as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      preset: { type: 'string', default: 'demo' },
      latency: { type: 'string', default: '0' },
      seed: { type: 'string', default: '42' },
    },
    strict: true,
  });
  const preset = Object.hasOwn(PRESETS, values.preset) ? PRESETS[values.preset as keyof typeof PRESETS] : null;
  if (!preset) throw new Error(`--preset must be demo, large or xl, not ${values.preset}`);
  const sim = await startSimulator({
    ...preset,
    port: Number(values.port),
    latencyMs: Number(values.latency),
    seed: Number(values.seed),
  });
  process.stdout.write(JSON.stringify({ url: sim.url, token: sim.token }) + '\n');
  const stop = (): void => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
