// The shape of `window.lh5` in Electron: one function per contract method returning the Result
// envelope (errors stay data across contextBridge), plus menu commands from the main process.
import type { ApiArgument, ApiMethod, ApiReturn } from "./contract.ts";
import type { Result } from "./errors.ts";

/** Commands the native menu sends to the renderer. */
export type MenuCommand =
  { command: "open-path"; path: string } | { command: "open-demo" } | { command: "export" };

/** IPC channel of menu commands (main → renderer). */
export const MENU_CHANNEL = "lh5-menu";

export type Lh5Bridge = {
  readonly [M in ApiMethod]: (argument?: ApiArgument<M>) => Promise<Result<ApiReturn<M>>>;
} & {
  /** Subscribes to menu commands; returns the unsubscribe function. */
  readonly onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
};

export function isMenuCommand(value: unknown): value is MenuCommand {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    (record.command === "open-path" && typeof record.path === "string") ||
    record.command === "open-demo" ||
    record.command === "export"
  );
}
