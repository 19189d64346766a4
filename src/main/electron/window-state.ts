/**
 * The main window's size and position between launches: a small JSON file in userData, validated on
 * read (a hand-edited or truncated file means defaults) and clamped to the displays present now, so a
 * window last seen on a disconnected monitor reopens where it can be seen.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const stateSchema = z
  .object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(200).max(20_000),
    height: z.number().int().min(200).max(20_000),
    maximized: z.boolean().default(false),
  })
  .strip();
export type WindowState = z.infer<typeof stateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_WINDOW_SIZE = { width: 900, height: 600 };
/** How much of the title bar must be on a display for a saved position to be kept. */
const VISIBLE_PX = 80;

export function readWindowState(file: string): WindowState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  // Write then rename, so a crash mid-write leaves the previous file, not half a JSON document.
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, file);
}

const overlap = (a: Rect, b: Rect) => ({
  w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
  h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
});

/** Keeps the saved position only if the window's top strip lies on a display; size fits that display. */
export function clampToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const base = { width: state.width, height: state.height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitSize(base, workAreas[0]);
  const titleStrip = { x: state.x, y: state.y, width: state.width, height: 40 };
  const home = workAreas.find((area) => {
    const o = overlap(titleStrip, area);
    return o.w >= VISIBLE_PX && o.h >= 20;
  });
  return home ? fitSize({ ...base, x: state.x, y: Math.max(state.y, home.y) }, home) : fitSize(base, workAreas[0]);
}

function fitSize(state: WindowState, area: Rect | undefined): WindowState {
  if (!area) return state;
  return { ...state, width: Math.min(state.width, area.width), height: Math.min(state.height, area.height) };
}
