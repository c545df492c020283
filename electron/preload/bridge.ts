// Builds the `window.lh5` object from the contract: one function per method, each invoking
// its own channel with a single argument. Nothing else of ipcRenderer reaches the page.
import { API_METHOD_NAMES } from "../../shared/api/contract.ts";
import { ipcChannel } from "../../shared/api/channels.ts";
import {
  isMenuCommand,
  type Lh5Bridge,
  MENU_CHANNEL,
  MENU_LISTENING_CHANNEL,
  type MenuCommand,
  SAVE_DIALOG_CHANNEL,
  type SaveDialogRequest,
} from "../../shared/api/bridge.ts";
import type { Result } from "../../shared/api/errors.ts";
import {
  isJobStatus,
  JOB_EVENTS_CHANNEL,
  JOB_EVENTS_LISTENING_CHANNEL,
} from "../../shared/api/job-events.ts";
import type { JobStatus } from "../../shared/api/types.ts";

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildBridge(ipc: IpcRendererLike): Lh5Bridge {
  const bridge: Record<string, unknown> = {};
  for (const method of API_METHOD_NAMES) {
    bridge[method] = (argument?: unknown) =>
      (argument === undefined
        ? ipc.invoke(ipcChannel(method))
        : ipc.invoke(ipcChannel(method), argument)) as Promise<Result<unknown>>;
  }
  bridge.onMenuCommand = (listener: (command: MenuCommand) => void) => {
    const wrapped = (_event: unknown, command: unknown) => {
      if (isMenuCommand(command)) listener(command);
    };
    ipc.on(MENU_CHANNEL, wrapped);
    // the main process holds paths opened from outside until the page listens
    void ipc.invoke(MENU_LISTENING_CHANNEL);
    return () => void ipc.removeListener(MENU_CHANNEL, wrapped);
  };
  bridge.onJobEvent = async (listener: (status: JobStatus) => void) => {
    const wrapped = (_event: unknown, status: unknown) => {
      if (isJobStatus(status)) listener(status);
    };
    ipc.on(JOB_EVENTS_CHANNEL, wrapped);
    // main replays the jobs started before this listener existed (messages sent earlier are dropped)
    await ipc.invoke(JOB_EVENTS_LISTENING_CHANNEL);
    return () => void ipc.removeListener(JOB_EVENTS_CHANNEL, wrapped);
  };
  bridge.showSaveDialog = async (request: SaveDialogRequest) => {
    const chosen = await ipc.invoke(SAVE_DIALOG_CHANNEL, request);
    return typeof chosen === "string" && chosen !== "" ? chosen : null;
  };
  return Object.freeze(bridge) as Lh5Bridge;
}
