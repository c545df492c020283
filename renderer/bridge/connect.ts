// Picks the transport: Electron's preload bridge when present, else HTTP with the web-mode token
// from the page URL (kept in sessionStorage so a reload without the query still works).
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import type { Lh5Bridge } from "../../shared/api/bridge.ts";
import { BRIDGE_GLOBAL, TOKEN_QUERY } from "../../shared/api/channels.ts";
import { createHttpClient, createIpcClient } from "./client.ts";

const TOKEN_STORAGE_KEY = "lh5-browser-token";

export interface Connection {
  api: Lh5BrowserApi;
  /** Menu commands (Electron only). */
  bridge: Lh5Bridge | null;
}

export function connect(win: Window = window): Connection {
  const bridge = (win as unknown as Record<string, Lh5Bridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return { api: createIpcClient(bridge), bridge };
  const fromUrl = new URLSearchParams(win.location.search).get(TOKEN_QUERY);
  if (fromUrl) win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
  const token = fromUrl ?? win.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? "";
  return { api: createHttpClient({ origin: win.location.origin, token }), bridge: null };
}
