/**
 * The entry (src/main/index.ts) registers app:// as a privileged scheme while it is still allowed:
 * before `ready`. `electron` is a recording fake (no Electron binary here), and `ready` never comes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

// The entry opens its log file under userData first: a temp folder, removed afterwards.
const fake = vi.hoisted(() => ({ calls: [] as string[], schemes: [] as unknown[], userData: '' }));
vi.stubEnv('DEVIN_USAGE_DATA_DIR', '');
afterAll(() => rmSync(fake.userData, { recursive: true, force: true }));

vi.mock('electron', () => ({
  app: {
    getPath: () => (fake.userData ||= mkdtempSync(join(tmpdir(), 'app-scheme-'))),
    requestSingleInstanceLock: () => true,
    on: (event: string) => fake.calls.push(`app.on:${event}`),
    whenReady: () => {
      fake.calls.push('whenReady');
      return new Promise(() => undefined);
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      fake.calls.push('registerSchemesAsPrivileged');
      fake.schemes.push(...schemes);
    },
  },
}));

it('registers app:// as standard and secure, once, before ready', async () => {
  await import('../../../src/main/index');
  expect(fake.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
  expect(fake.calls.indexOf('registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
  expect(fake.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.calls.indexOf('whenReady'));
}, 30_000);
