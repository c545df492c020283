// Sandboxed preload: exposes exactly one object, `window.lh5`, built from the contract.
import { contextBridge, ipcRenderer } from "electron";
import { BRIDGE_GLOBAL } from "../../shared/api/channels.ts";
import { buildBridge } from "./bridge.ts";

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge(ipcRenderer));
