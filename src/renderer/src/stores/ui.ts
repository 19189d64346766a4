/** Window-level UI state that several features open or read. */
import { create } from 'zustand';

interface UiState {
  settingsOpen: boolean;
  openSettings(): void;
  closeSettings(): void;
  /** Bumped to bring the limits panel into view (tray, notification click). */
  limitsRequest: number;
  showLimits(): void;
}

export const useUiStore = create<UiState>()((set) => ({
  settingsOpen: false,
  openSettings: () => set({ settingsOpen: true }),
  closeSettings: () => set({ settingsOpen: false }),
  limitsRequest: 0,
  showLimits: () => set((s) => ({ limitsRequest: s.limitsRequest + 1 })),
}));
