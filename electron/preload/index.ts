// Sandboxed preload: exposes exactly one object, `window.lh5`, built from the contract; and forwards the
// path of a file or folder dropped onto the window to main (drop.ts).
import { contextBridge, ipcRenderer, webUtils } from "electron";
import { BRIDGE_GLOBAL } from "../../shared/api/channels.ts";
import { buildBridge } from "./bridge.ts";
import { listenForDrops } from "./drop.ts";

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge(ipcRenderer));
listenForDrops(
  globalThis as unknown as Parameters<typeof listenForDrops>[0],
  (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
  (channel, path) => ipcRenderer.send(channel, path),
);
