// The shape of `window.lh5` in Electron: one function per contract method returning the Result
// envelope (errors stay data across contextBridge), plus menu commands from the main process.
import type { ApiArgument, ApiMethod, ApiReturn } from "./contract.ts";
import type { Result } from "./errors.ts";
import type { JobStatus } from "./types.ts";

/** Commands the native menu sends to the renderer. */
export type MenuCommand =
  { command: "open-path"; path: string } | { command: "open-demo" } | { command: "export" };

/** IPC channel of menu commands (main → renderer). */
export const MENU_CHANNEL = "lh5-menu";

/**
 * IPC channel (renderer → main, invoked without argument) by which the page says it now listens for menu
 * commands: paths opened from outside the window (a second launch, a double-clicked file) wait for it.
 */
export const MENU_LISTENING_CHANNEL = "lh5-menu-listening";

/** What the renderer asks of Electron's native save dialog. */
export interface SaveDialogRequest {
  title: string;
  defaultPath: string;
  /** e.g. `[{ name: "LH5", extensions: ["lh5"] }]`. */
  filters: { name: string; extensions: string[] }[];
}

/** IPC channel of the native save dialog (renderer → main); answers the chosen path or null. */
export const SAVE_DIALOG_CHANNEL = "lh5-save-dialog";

/**
 * IPC channel (renderer's preload → main, one-way) of a path dropped onto the window: main opens it as a path
 * the user chose (as from the native Open dialog), after checking the sender.
 */
export const DROP_PATH_CHANNEL = "lh5-drop-path";

/** A dropped path main accepts: an absolute path as a string of sane length, nothing else. */
export function isDroppedPath(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 1 &&
    value.length < 4096 &&
    !value.includes("\0") &&
    (value.startsWith("/") || /^[A-Za-z]:[\\/]/.test(value))
  );
}

export type Lh5Bridge = {
  readonly [M in ApiMethod]: (argument?: ApiArgument<M>) => Promise<Result<ApiReturn<M>>>;
} & {
  /** Subscribes to menu commands; returns the unsubscribe function. */
  readonly onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
  /**
   * Subscribes to the service's pushed job statuses (progress and final results); resolves with the
   * unsubscribe function once the main process has replayed the statuses of running and just-ended jobs.
   */
  readonly onJobEvent: (listener: (status: JobStatus) => void) => Promise<() => void>;
  /** Electron's native save dialog; the chosen path (allowed for writing) or null when cancelled. */
  readonly showSaveDialog: (request: SaveDialogRequest) => Promise<string | null>;
};

/** Checks a save-dialog request coming over IPC (the renderer is not trusted blindly). */
export function isSaveDialogRequest(value: unknown): value is SaveDialogRequest {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  const short = (text: unknown, max: number) => typeof text === "string" && text.length <= max;
  return (
    short(record.title, 200) &&
    short(record.defaultPath, 4096) &&
    Array.isArray(record.filters) &&
    record.filters.length <= 20 &&
    record.filters.every((filter: unknown) => {
      if (typeof filter !== "object" || filter === null) return false;
      const f = filter as Record<string, unknown>;
      return (
        short(f.name, 100) &&
        Array.isArray(f.extensions) &&
        f.extensions.length <= 20 &&
        f.extensions.every((e: unknown) => short(e, 20))
      );
    })
  );
}

export function isMenuCommand(value: unknown): value is MenuCommand {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    (record.command === "open-path" && typeof record.path === "string") ||
    record.command === "open-demo" ||
    record.command === "export"
  );
}
