// The remembered window place: restored only where a display shows it, saved debounced after moves and
// resizes and at once on close, and a damaged or missing file means the default place.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Rectangle } from "electron";
import {
  fitsOnSomeDisplay,
  parseWindowState,
  restoredBounds,
  type WindowState,
} from "../../../electron/main/window-state.ts";
import {
  loadWindowState,
  rememberWindowState,
  saveWindowState,
  WINDOW_STATE_FILE,
} from "../../../electron/main/window-state-file.ts";

// A laptop screen (taskbar at the bottom) and a second screen to its right, higher up.
const LAPTOP: Rectangle = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT: Rectangle = { x: 1920, y: -200, width: 2560, height: 1400 };

describe("fits on some display", () => {
  it("accepts a window whose top edge lies on a display, on either screen", () => {
    expect(fitsOnSomeDisplay({ x: 100, y: 50, width: 1400, height: 900 }, [LAPTOP])).toBe(true);
    expect(fitsOnSomeDisplay({ x: 2500, y: -150, width: 1400, height: 900 }, [LAPTOP, RIGHT])).toBe(true);
    // mostly off to the left, but 200 px of title bar are still on the laptop
    expect(fitsOnSomeDisplay({ x: -1200, y: 10, width: 1400, height: 900 }, [LAPTOP])).toBe(true);
  });

  it("refuses a window left on a screen that is gone, or whose title bar is off every screen", () => {
    const onRightScreen = { x: 2500, y: -150, width: 1400, height: 900 };
    expect(fitsOnSomeDisplay(onRightScreen, [LAPTOP])).toBe(false);
    // only 50 px of its width overlap the laptop: too little to grab
    expect(fitsOnSomeDisplay({ x: -1350, y: 10, width: 1400, height: 900 }, [LAPTOP])).toBe(false);
    // title bar above the top of the screen
    expect(fitsOnSomeDisplay({ x: 100, y: -20, width: 1400, height: 900 }, [LAPTOP])).toBe(false);
    // title bar below the work area (behind the taskbar)
    expect(fitsOnSomeDisplay({ x: 100, y: 1030, width: 1400, height: 900 }, [LAPTOP])).toBe(false);
    expect(fitsOnSomeDisplay({ x: 100, y: 50, width: 1400, height: 900 }, [])).toBe(false);
  });
});

describe("restored bounds", () => {
  const state = (bounds: Rectangle, maximized = false): WindowState => ({ bounds, maximized });

  it("are the saved ones where a display shows them, else none (the default place)", () => {
    const bounds = { x: 2500, y: -150, width: 1400, height: 900 };
    expect(restoredBounds(state(bounds), [LAPTOP, RIGHT])).toEqual(bounds);
    expect(restoredBounds(state(bounds), [LAPTOP])).toBeNull();
    expect(restoredBounds(null, [LAPTOP])).toBeNull();
  });

  it("shrink into a display smaller than the saved window", () => {
    const big = { x: 100, y: 20, width: 2400, height: 1300 };
    expect(restoredBounds(state(big), [LAPTOP])).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });
});

describe("parse window state", () => {
  it("accepts the saved shape and refuses anything else", () => {
    const saved = { bounds: { x: -5, y: 10, width: 1400, height: 900 }, maximized: true };
    expect(parseWindowState(saved)).toEqual(saved);
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState({ bounds: saved.bounds })).toBeNull();
    expect(parseWindowState({ ...saved, bounds: { ...saved.bounds, width: 0 } })).toBeNull();
    expect(parseWindowState({ ...saved, bounds: { ...saved.bounds, x: "10" } })).toBeNull();
    expect(parseWindowState({ ...saved, bounds: { ...saved.bounds, y: 1.5 } })).toBeNull();
  });
});

describe("window state file", () => {
  const dir = mkdtempSync(join(tmpdir(), "lh5-window-state-"));
  afterEach(() => {
    vi.useRealTimers();
    rmSync(join(dir, WINDOW_STATE_FILE), { force: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads back what was saved, and nothing from a missing or damaged file", () => {
    expect(loadWindowState(dir)).toBeNull();
    const saved = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false };
    saveWindowState(join(dir, "new-folder"), saved);
    expect(loadWindowState(join(dir, "new-folder"))).toEqual(saved);
    writeFileSync(join(dir, WINDOW_STATE_FILE), "{{{");
    expect(loadWindowState(dir)).toBeNull();
  });

  it("is written once after the last move or resize, and at once on close", () => {
    vi.useFakeTimers();
    const listeners = new Map<string, () => void>();
    let bounds: Rectangle = { x: 0, y: 0, width: 800, height: 600 };
    let maximized = false;
    const window = {
      on: (event: string, listener: () => void) => listeners.set(event, listener),
      getNormalBounds: () => bounds,
      isMaximized: () => maximized,
    };
    const saves: WindowState[] = [];
    rememberWindowState(window, (state) => saves.push(state), 500);
    for (let x = 0; x < 20; x += 1) {
      bounds = { ...bounds, x };
      listeners.get("move")!();
      vi.advanceTimersByTime(50);
    }
    bounds = { ...bounds, width: 1000 };
    listeners.get("resize")!();
    expect(saves).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(saves).toEqual([{ bounds: { x: 19, y: 0, width: 1000, height: 600 }, maximized: false }]);
    maximized = true;
    listeners.get("maximize")!();
    listeners.get("close")!();
    expect(saves.at(-1)).toEqual({ bounds: { x: 19, y: 0, width: 1000, height: 600 }, maximized: true });
    // the pending write was replaced by the one on close
    vi.advanceTimersByTime(1000);
    expect(saves).toHaveLength(2);
  });

  it("keeps the app running when the state cannot be written", () => {
    const listeners = new Map<string, () => void>();
    const window = {
      on: (event: string, listener: () => void) => listeners.set(event, listener),
      getNormalBounds: () => ({ x: 0, y: 0, width: 800, height: 600 }),
      isMaximized: () => false,
    };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    rememberWindowState(window, () => {
      throw new Error("EROFS: read-only file system");
    });
    expect(() => listeners.get("close")!()).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("EROFS"));
    warn.mockRestore();
  });
});
