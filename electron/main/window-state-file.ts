// Keeps the window's state in a small JSON file in the user data folder: written a moment after the
// last move or resize (dragging fires dozens of events a second) and at once when the window closes.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Rectangle } from "electron";
import { parseWindowState, type WindowState } from "./window-state.ts";

export const WINDOW_STATE_FILE = "window-state.json";
/** Quiet time after the last move or resize before the state is written. */
export const SAVE_DELAY_MS = 500;

/** The saved state in `dir`, or null when there is none or it is damaged (the default place is used). */
export function loadWindowState(dir: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), "utf8")));
  } catch {
    return null;
  }
}

/** Writes the state atomically, so a crash mid-write leaves the previous file. */
export function saveWindowState(dir: string, state: WindowState): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, WINDOW_STATE_FILE);
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, path);
}

/** What is used of a BrowserWindow (tests pass a fake). */
export interface TrackedWindow {
  on(event: "resize" | "move" | "maximize" | "unmaximize" | "close", listener: () => void): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
}

/** Saves the window's state through `save` after moves and resizes (debounced) and when it closes. */
export function rememberWindowState(
  window: TrackedWindow,
  save: (state: WindowState) => void,
  delayMs: number = SAVE_DELAY_MS,
): void {
  let timer: NodeJS.Timeout | undefined;
  const saveNow = () => {
    clearTimeout(timer);
    timer = undefined;
    try {
      save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      // a read-only or full disk costs the remembered place, never the app
      console.warn(`Could not save the window state: ${String(error)}`);
    }
  };
  const saveLater = () => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, delayMs);
  };
  for (const event of ["resize", "move", "maximize", "unmaximize"] as const) window.on(event, saveLater);
  window.on("close", saveNow);
}
