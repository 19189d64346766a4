import { useEffect } from 'react';
import { PRESET_BY_KEY } from '../../lib/range';
import { refreshNow } from '../../stores/connect';
import { useDashboardStore } from '../../stores/dashboard';
import { useQueryStore } from '../../stores/query';
import { useUiStore } from '../../stores/ui';

/** Inputs where a digit is not text: a focused checkbox or button must not swallow the shortcuts. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/** Typing in a field (or choosing in a select by typing) must not switch the date range. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** Ctrl/⌘+R refresh, Ctrl/⌘+, settings, 1–4 date presets. */
export function handleShortcut(e: KeyboardEvent): void {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && e.key.toLowerCase() === 'r') {
    e.preventDefault();
    void refreshNow();
    return;
  }
  if (mod && e.key === ',') {
    e.preventDefault();
    useUiStore.getState().openSettings();
    return;
  }
  if (mod || e.altKey || e.shiftKey || isTypingTarget(e.target) || useUiStore.getState().settingsOpen) return;
  const preset = PRESET_BY_KEY[e.key];
  if (!preset) return;
  const cycles = useDashboardStore.getState().data?.cycles ?? [];
  if (useQueryStore.getState().choosePreset(preset, cycles)) e.preventDefault();
}

export function useShortcuts(): void {
  useEffect(() => {
    window.addEventListener('keydown', handleShortcut);
    return () => window.removeEventListener('keydown', handleShortcut);
  }, []);
}
