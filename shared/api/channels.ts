// Names under which the contract travels: IPC channels, HTTP routes, the web-mode token header.
import type { ApiMethod } from "./contract.ts";

/** IPC channel of a method, e.g. `lh5:queryInventory`. */
export const ipcChannel = (method: ApiMethod): string => `lh5:${method}`;

/** Prefix of the HTTP routes; `POST /api/<method>` with a binary-codec body. */
export const HTTP_API_PREFIX = "/api/";
export const httpRoute = (method: ApiMethod): string => `${HTTP_API_PREFIX}${method}`;

/** Header carrying the per-run web-mode token on API calls. */
export const TOKEN_HEADER = "x-lh5-token";
/** Query parameter carrying the token in the URL that `serve` prints. */
export const TOKEN_QUERY = "token";
/** Query parameter carrying a one-time code (the app window's URL: command lines are public). */
export const CODE_QUERY = "code";
/** Prefix of the per-server page cookie set when the token or a code is exchanged (name: `lh5_token_<id>`). */
export const TOKEN_COOKIE = "lh5_token";
/** Name of the meta tag in which the served page carries the API token for the renderer. */
export const TOKEN_META = "lh5-token";
/** Content type of codec bodies. */
export const CODEC_CONTENT_TYPE = "application/x-lh5-browser";
/** Name of the object the Electron preload exposes on `window`. */
export const BRIDGE_GLOBAL = "lh5";
