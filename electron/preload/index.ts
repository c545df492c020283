// Sandboxed preload: exposes exactly one object, `window.lh5`, built from the contract; and forwards the
// path of a file or folder dropped onto the window to main (drop.ts).
import { contextBridge, ipcRenderer, webUtils } from "electron";
import { BRIDGE_GLOBAL } from "../../shared/api/channels.ts";
import { buildBridge } from "./bridge.ts";
import { listenForDrops } from "./drop.ts";

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge(ipcRenderer));
const page = globalThis as unknown as Partial<Parameters<typeof listenForDrops>[0]>;
// the page's window (absent only where the preload is loaded outside a renderer, as in unit tests)
if (typeof page.addEventListener === "function")
  listenForDrops(
    page as Parameters<typeof listenForDrops>[0],
    (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
    (channel, path) => ipcRenderer.send(channel, path),
  );
