/** What the dashboard is looking at: the organization and the billing-day range. */
import { create } from 'zustand';
import type { DashboardQuery } from '../../../shared/dashboard';
import { presetRange, sameRange, type DayRange, type FixedPresetId, type PresetId } from '../lib/range';

export const DEFAULT_PRESET: FixedPresetId = 'last30';

interface QueryState {
  orgId: string | null;
  preset: PresetId;
  from: string;
  to: string;
  setOrg(orgId: string | null): void;
  /** Applies a preset; false (and no change) when it needs a billing cycle the cache does not know. */
  choosePreset(preset: FixedPresetId, cycles: readonly DayRange[], nowMs?: number): boolean;
  setCustomRange(range: DayRange): void;
  /** Re-resolves a relative preset (e.g. after midnight "last 7 days" moves on); custom ranges stay. */
  rollForward(cycles: readonly DayRange[], nowMs?: number): void;
}

const initialRange = (): DayRange => presetRange(DEFAULT_PRESET, []) as DayRange;

export const useQueryStore = create<QueryState>()((set, get) => ({
  orgId: null,
  preset: DEFAULT_PRESET,
  ...initialRange(),
  setOrg: (orgId) => {
    if (get().orgId !== orgId) set({ orgId });
  },
  choosePreset: (preset, cycles, nowMs = Date.now()) => {
    const range = presetRange(preset, cycles, nowMs);
    if (!range) return false;
    const s = get();
    if (s.preset !== preset || !sameRange(range, s)) set({ preset, ...range });
    return true;
  },
  setCustomRange: (range) => {
    const s = get();
    if (s.preset !== 'custom' || !sameRange(range, s))
      set({ preset: 'custom', from: range.from, to: range.to });
  },
  rollForward: (cycles, nowMs = Date.now()) => {
    const s = get();
    if (s.preset === 'custom') return;
    const range = presetRange(s.preset, cycles, nowMs);
    if (range && !sameRange(range, s)) set({ from: range.from, to: range.to });
  },
}));

export const selectDashboardQuery = (s: QueryState): DashboardQuery => ({
  from: s.from,
  to: s.to,
  orgId: s.orgId,
});
