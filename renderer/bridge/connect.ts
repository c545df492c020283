// Picks the transport: Electron's preload bridge when present, else HTTP with the web-mode token, which
// the server writes into the page it serves (a meta tag; the page's URL carries no secret).
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import type { Lh5Bridge } from "../../shared/api/bridge.ts";
import { BRIDGE_GLOBAL, TOKEN_META } from "../../shared/api/channels.ts";
import { createHttpClient, createIpcClient } from "./client.ts";

export interface Connection {
  api: Lh5BrowserApi;
  /** Menu commands (Electron only). */
  bridge: Lh5Bridge | null;
}

/** The web-mode token from the served page, "" when absent (the server then answers 401 and says why). */
export function pageToken(doc: Document): string {
  return doc.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META}"]`)?.content ?? "";
}

export function connect(win: Window = window): Connection {
  const bridge = (win as unknown as Record<string, Lh5Bridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return { api: createIpcClient(bridge), bridge };
  return {
    api: createHttpClient({ origin: win.location.origin, token: pageToken(win.document) }),
    bridge: null,
  };
}
