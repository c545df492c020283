// Binds every contract method to an ipcMain handler: the sender is checked, the argument is
// guarded, and the answer is a Result envelope (errors as data). Derived from API_METHODS.
import type { IpcMainInvokeEvent } from "electron";
import { API_METHOD_NAMES, type Lh5BrowserApi } from "../../shared/api/contract.ts";
import { ipcChannel } from "../../shared/api/channels.ts";
import { isSaveDialogRequest, SAVE_DIALOG_CHANNEL, type SaveDialogRequest } from "../../shared/api/bridge.ts";
import { ApiError, fail, type Result } from "../../shared/api/errors.ts";
import { dispatch } from "../services/app/dispatch.ts";

/** The part of Electron's ipcMain used here (tests pass a fake). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Registers all handlers; returns a function that removes them. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  service: Lh5BrowserApi,
  isTrustedSender: SenderCheck,
): () => void {
  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (event, ...args): Promise<Result<unknown>> => {
      if (!isTrustedSender(event))
        return fail(
          new ApiError({
            name: "Forbidden",
            code: "forbidden-sender",
            message: `Untrusted sender for ${method}`,
          }),
        );
      if (args.length > 1)
        return fail(
          new ApiError({
            name: "BadArgument",
            code: "bad-argument",
            message: `${method} takes one argument`,
          }),
        );
      return dispatch(service, method, args[0]);
    });
  }
  return () => {
    for (const method of API_METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
  };
}

/**
 * Answers the renderer's native save dialog requests with `choose` (the main process shows the dialog);
 * untrusted senders and malformed requests get null, as a cancelled dialog does. Returns the unregister function.
 */
export function registerSaveDialog(
  ipcMain: IpcMainLike,
  isTrustedSender: SenderCheck,
  choose: (request: SaveDialogRequest) => Promise<string | null>,
): () => void {
  ipcMain.handle(SAVE_DIALOG_CHANNEL, async (event, request): Promise<string | null> => {
    if (!isTrustedSender(event) || !isSaveDialogRequest(request)) return null;
    return choose(request);
  });
  return () => ipcMain.removeHandler(SAVE_DIALOG_CHANNEL);
}

/** A sender check: the event must come from `webContentsId`'s main frame at an app URL. */
export function senderCheck(
  webContentsId: () => number | undefined,
  isAppUrl: (url: string) => boolean,
): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    return (
      event.sender.id === webContentsId() && frame !== null && frame.parent === null && isAppUrl(frame.url)
    );
  };
}
