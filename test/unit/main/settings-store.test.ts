import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/dashboard';
import { createSettingsStore } from '../../../src/main/services/settings-store';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const dir = () => tempDir('settings-');

describe('settings store', () => {
  it('starts from defaults, seeded with DEVIN_ACU_RATE_USD', () => {
    expect(createSettingsStore({ dataDir: dir(), env: {} }).get()).toEqual(DEFAULT_SETTINGS);
    expect(createSettingsStore({ dataDir: dir(), env: { DEVIN_ACU_RATE_USD: '2.25' } }).get().acuRateUsd).toBe(2.25);
    expect(createSettingsStore({ dataDir: dir(), env: { DEVIN_ACU_RATE_USD: '-3' } }).get().acuRateUsd).toBeNull();
  });

  it('persists updates and reads them back', () => {
    const d = dir();
    createSettingsStore({ dataDir: d, env: {} }).update({ acuRateUsd: 1.5, queuePollSeconds: 120 });
    expect(createSettingsStore({ dataDir: d, env: {} }).get()).toMatchObject({ acuRateUsd: 1.5, queuePollSeconds: 120 });
  });

  it('rejects an invalid patch and keeps the current settings', () => {
    const store = createSettingsStore({ dataDir: dir(), env: {} });
    expect(() => store.update({ queuePollSeconds: 5 })).toThrow();
    expect(store.get().queuePollSeconds).toBe(DEFAULT_SETTINGS.queuePollSeconds);
  });

  it('uses defaults for a corrupted file, says why, and leaves the file alone', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{"queuePollSeconds": "often"');
    const store = createSettingsStore({ dataDir: d, env: {} });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toMatch(/settings\.json ignored/);
    expect(readFileSync(join(d, 'settings.json'), 'utf8')).toBe('{"queuePollSeconds": "often"');
  });

  it('names the bad field of a well-formed but invalid file', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ queuePollSeconds: 1 }));
    expect(createSettingsStore({ dataDir: d, env: {} }).problem).toMatch(/queuePollSeconds/);
  });
});
