/**
 * The keyboard model shared by every chart: a chart is one tab stop, and the arrow keys move an active
 * point (a day, a month, a bar) inside it. Left/Up go back, Right/Down go forward, Home/End jump to the ends,
 * Escape leaves the chart with no active point.
 */
import { useCallback, useState, type KeyboardEvent } from 'react';

/** Where `key` moves the active index among `count` items; `undefined` when the key is not a move. */
export function moveCursor(key: string, active: number | null, count: number): number | null | undefined {
  if (count === 0) return key === 'Escape' ? null : undefined;
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return active === null ? 0 : Math.min(active + 1, last);
    case 'ArrowLeft':
    case 'ArrowUp':
      return active === null ? last : Math.max(active - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'Escape':
      return null;
    default:
      return undefined;
  }
}

export interface ChartCursor {
  /** The active item's index, or null before the first arrow key and after Escape or leaving the chart. */
  active: number | null;
  onKeyDown: (e: KeyboardEvent) => void;
  onBlur: () => void;
}

/** `onEnter` runs for Enter or Space on an active item (e.g. a user bar applying the sessions filter). */
export function useChartCursor(count: number, onEnter?: (index: number) => void): ChartCursor {
  const [cursor, setCursor] = useState<number | null>(null);
  // A shorter series (a new range) may leave the cursor past the end: clamp rather than point at nothing.
  const active = cursor === null || count === 0 ? null : Math.min(cursor, count - 1);
  const onKeyDown = useCallback(
    (e: KeyboardEvent): void => {
      if ((e.key === 'Enter' || e.key === ' ') && active !== null && onEnter) {
        e.preventDefault();
        onEnter(active);
        return;
      }
      const next = moveCursor(e.key, active, count);
      if (next === undefined) return;
      e.preventDefault();
      setCursor(next);
    },
    [active, count, onEnter],
  );
  const onBlur = useCallback(() => setCursor(null), []);
  return { active, onKeyDown, onBlur };
}
