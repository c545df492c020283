// Electron's native save dialog, when the preload bridge offers it (web mode has none: the dialogs
// keep their in-page path field, which stays usable in both modes).
import { BRIDGE_GLOBAL } from "../../../shared/api/channels.ts";
import type { Lh5Bridge, SaveDialogRequest } from "../../../shared/api/bridge.ts";

export type SaveDialog = (request: SaveDialogRequest) => Promise<string | null>;

/** The native save dialog, or null in web mode. */
export function nativeSaveDialog(win: Window = window): SaveDialog | null {
  const bridge = (win as unknown as Record<string, Partial<Lh5Bridge> | undefined>)[BRIDGE_GLOBAL];
  const show = bridge?.showSaveDialog;
  return typeof show === "function" ? (request) => show(request) : null;
}

/** Asks the native dialog for a path; null when cancelled or when the dialog fails (the typed path stays). */
export async function choosePath(dialog: SaveDialog, request: SaveDialogRequest): Promise<string | null> {
  try {
    return await dialog(request);
  } catch {
    return null; // a failing native dialog leaves the in-page path field to use
  }
}
