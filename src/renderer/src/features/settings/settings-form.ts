/** The Settings form's text fields ↔ a settings patch, with messages for what main would reject. */
import type { Settings, SettingsPatch } from '../../../../shared/dashboard';
import { parseRate } from '../../../../shared/money';

export interface SettingsDraft {
  rate: string;
  autoRefreshMinutes: string;
  queuePollSeconds: string;
  notifications: Settings['notifications'];
  launchAtLogin: boolean;
}

export type DraftErrors = Partial<Record<keyof SettingsDraft, string>>;

export function draftFrom(settings: Settings): SettingsDraft {
  return {
    rate: settings.acuRateUsd === null ? '' : String(settings.acuRateUsd),
    autoRefreshMinutes: String(settings.autoRefreshMinutes),
    queuePollSeconds: String(settings.queuePollSeconds),
    notifications: settings.notifications,
    launchAtLogin: settings.launchAtLogin,
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** The changed fields as a patch, or the per-field messages when something is invalid. */
export function patchFromDraft(
  draft: SettingsDraft,
  current: Settings,
): { ok: true; patch: SettingsPatch } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const rate = draft.rate.trim() === '' ? null : parseRate(draft.rate);
  if (draft.rate.trim() !== '' && rate === null)
    errors.rate = 'Enter dollars per ACU, e.g. 2.25 (0 to 1000), or leave empty.';
  const autoRefresh = wholeNumber(draft.autoRefreshMinutes, 0, 24 * 60);
  if (autoRefresh === null) errors.autoRefreshMinutes = 'Enter whole minutes from 0 (off) to 1440.';
  const queuePoll = wholeNumber(draft.queuePollSeconds, 30, 3600);
  if (queuePoll === null) errors.queuePollSeconds = 'Enter whole seconds from 30 to 3600.';
  if (Object.keys(errors).length > 0 || autoRefresh === null || queuePoll === null)
    return { ok: false, errors };

  const next: Settings = {
    acuRateUsd: rate,
    autoRefreshMinutes: autoRefresh,
    queuePollSeconds: queuePoll,
    notifications: draft.notifications,
    launchAtLogin: draft.launchAtLogin,
  };
  const patch: SettingsPatch = {};
  for (const key of Object.keys(next) as (keyof Settings)[]) {
    if (next[key] !== current[key]) Object.assign(patch, { [key]: next[key] });
  }
  return { ok: true, patch };
}
