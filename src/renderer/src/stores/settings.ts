/** User settings, as main stores them. */
import { create } from 'zustand';
import type { Settings, SettingsPatch } from '../../../shared/dashboard';
import type { AppError, Result } from '../../../shared/ipc/result';
import { api, call } from '../api';

interface SettingsState {
  settings: Settings | null;
  error: AppError | null;
  saving: boolean;
  /** Why main rejected the last update (shown in the Settings panel). */
  saveError: AppError | null;
  /** `answer`: the settings already on their way (`app:initial-data`). */
  load(answer?: Promise<Result<Settings>>): Promise<void>;
  /** Sends a patch; true when main accepted it. The previous settings stay when it does not. */
  update(patch: SettingsPatch): Promise<boolean>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  error: null,
  saving: false,
  saveError: null,
  load: async (answer) => {
    const res = await (answer ?? call(() => api().getSettings()));
    if (res.ok) set({ settings: res.data, error: null });
    else set({ error: res.error });
  },
  update: async (patch) => {
    set({ saving: true, saveError: null });
    const res = await call(() => api().updateSettings(patch));
    if (res.ok) set({ settings: res.data, saving: false });
    else set({ saveError: res.error, saving: false });
    return res.ok;
  },
}));

export const selectRate = (s: SettingsState): number | null => s.settings?.acuRateUsd ?? null;
/**
 * Whether `selectRate` is an answer yet (settings loaded, or failed to: then there is no rate). Panels that
 * show money wait for it rather than draw ACUs and "set a rate" for a moment, then redraw in dollars.
 */
export const selectRateSettled = (s: SettingsState): boolean => s.settings !== null || s.error !== null;
