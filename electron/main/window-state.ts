// Where the window was: the saved size and position, restored at start only where a display can
// show it (a laptop undocked from its second screen must not open the window off every screen).
import type { Rectangle } from "electron";

export interface WindowState {
  /** Position and size in the normal (not maximized, not full-screen) state. */
  bounds: Rectangle;
  maximized: boolean;
}

/** How much of the window's top edge must lie on a display for the user to grab it with the mouse. */
const GRIP_WIDTH = 100;
const GRIP_HEIGHT = 30;

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** The saved state if `value` (parsed JSON from disk) has its shape, else null. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== "object" || value === null) return null;
  const { bounds, maximized } = value as Partial<Record<keyof WindowState, unknown>>;
  if (typeof bounds !== "object" || bounds === null || typeof maximized !== "boolean") return null;
  const { x, y, width, height } = bounds as Partial<Record<keyof Rectangle, unknown>>;
  if (!isInteger(x) || !isInteger(y) || !isInteger(width) || !isInteger(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized };
}

/** Length of the overlap of [a, a + aLength) and [b, b + bLength). */
function overlap(a: number, aLength: number, b: number, bLength: number): number {
  return Math.max(0, Math.min(a + aLength, b + bLength) - Math.max(a, b));
}

/** The work area holding the window's top edge (its title bar), or null when no display shows it. */
export function displayShowing(bounds: Rectangle, workAreas: readonly Rectangle[]): Rectangle | null {
  const gripWidth = Math.min(GRIP_WIDTH, bounds.width);
  const gripHeight = Math.min(GRIP_HEIGHT, bounds.height);
  return (
    workAreas.find(
      (area) =>
        overlap(bounds.x, bounds.width, area.x, area.width) >= gripWidth &&
        bounds.y >= area.y &&
        bounds.y + gripHeight <= area.y + area.height,
    ) ?? null
  );
}

/** Whether some display can show the window's top edge. */
export function fitsOnSomeDisplay(bounds: Rectangle, workAreas: readonly Rectangle[]): boolean {
  return displayShowing(bounds, workAreas) !== null;
}

/**
 * The bounds to open the window with: the saved ones if a display shows them (shrunk into that display
 * when they are larger than it, as after a change to a smaller screen), else null for the default place.
 */
export function restoredBounds(state: WindowState | null, workAreas: readonly Rectangle[]): Rectangle | null {
  if (!state) return null;
  const area = displayShowing(state.bounds, workAreas);
  if (!area) return null;
  const { bounds } = state;
  if (bounds.width <= area.width && bounds.height <= area.height) return { ...bounds };
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  return {
    x: Math.min(Math.max(bounds.x, area.x), area.x + area.width - width),
    y: Math.min(Math.max(bounds.y, area.y), area.y + area.height - height),
    width,
    height,
  };
}
