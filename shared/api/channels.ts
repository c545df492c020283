// Names under which the contract travels: IPC channels, HTTP routes, the web-mode token header.
import type { ApiMethod } from "./contract.ts";

/** IPC channel of a method, e.g. `lh5:queryInventory`. */
export const ipcChannel = (method: ApiMethod): string => `lh5:${method}`;

/** Prefix of the HTTP routes; `POST /api/<method>` with a binary-codec body. */
export const HTTP_API_PREFIX = "/api/";
export const httpRoute = (method: ApiMethod): string => `${HTTP_API_PREFIX}${method}`;

/** Header carrying the per-run web-mode token on API calls. */
export const TOKEN_HEADER = "x-lh5-token";
/** Query parameter carrying the token on the first page load. */
export const TOKEN_QUERY = "token";
/** Cookie set after the first page load, so scripts and styles load without the query. */
export const TOKEN_COOKIE = "lh5_token";
/** Content type of codec bodies. */
export const CODEC_CONTENT_TYPE = "application/x-lh5-browser";
/** Name of the object the Electron preload exposes on `window`. */
export const BRIDGE_GLOBAL = "lh5";
