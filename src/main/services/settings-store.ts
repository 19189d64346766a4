/**
 * User settings in `<dataDir>/settings.json`, validated with the contract's schema. A file that fails
 * validation is left on disk untouched (it may be fixed by hand) and the defaults are used until the user
 * saves; writes are atomic (temp file + rename) so a crash never leaves half a file.
 */
import { join } from 'node:path';
import { DEFAULT_SETTINGS, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../shared/dashboard';
import { parseRate } from '../../shared/money';
import { readJsonFile, writeJsonFile } from './json-file';
import { silentLogger, type Logger } from './logger';

export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  /** Set when the file on disk could not be read; says why. */
  readonly problem: string | null;
}

export function createSettingsStore(opts: { dataDir: string; env?: NodeJS.ProcessEnv; log?: Logger }): SettingsStore {
  const log = opts.log ?? silentLogger;
  const file = join(opts.dataDir, 'settings.json');
  const defaults = { ...DEFAULT_SETTINGS, acuRateUsd: rateFromEnv(opts.env ?? process.env, log) };
  let problem: string | null = null;
  let current: Settings = defaults;

  const read = readJsonFile(file, settingsSchema, (raw) => ({ ...defaults, ...raw }));
  if (!read.ok) problem = `settings.json ignored: ${read.problem}`;
  else if (read.value) current = read.value;
  if (problem) log.warn(problem);

  return {
    get: () => current,
    get problem() {
      return problem;
    },
    update(patch) {
      const next = settingsSchema.parse({ ...current, ...settingsPatchSchema.parse(patch) });
      writeJsonFile(file, next);
      current = next;
      problem = null;
      return current;
    },
  };
}

/** `DEVIN_ACU_RATE_USD` seeds the $/ACU rate until the user sets one. */
function rateFromEnv(env: NodeJS.ProcessEnv, log: Logger): number | null {
  const raw = env.DEVIN_ACU_RATE_USD;
  if (raw === undefined || raw === '') return null;
  const value = parseRate(raw);
  if (value !== null) return value;
  log.warn(`DEVIN_ACU_RATE_USD ignored: "${raw}" is not a rate between 0 and 1000 USD per ACU`);
  return null;
}
