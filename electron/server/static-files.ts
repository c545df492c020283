// Serves the built renderer (out/renderer) with safe headers; never a file outside its folder.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, relative, isAbsolute } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/**
 * The renderer's Content-Security-Policy: scripts only from the app itself (no inline scripts, no eval).
 * Inline styles are allowed because ag-grid's theming API and Plotly inject style elements.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Resolves a URL path to a file in `root`, or null if it is outside or missing. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = join(root, normalize(decoded === "/" ? "/index.html" : decoded));
  const rel = relative(root, file);
  if (rel.startsWith("..") || isAbsolute(rel)) return null;
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}

/** Sends a file; an HTML page goes through `rewriteHtml` first (web mode puts the API token in it). */
export function sendStatic(
  response: ServerResponse,
  file: string,
  rewriteHtml: (html: string) => string = (html) => html,
): void {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  const page = type.startsWith("text/html") ? Buffer.from(rewriteHtml(readFileSync(file, "utf8"))) : null;
  response.writeHead(200, {
    "Content-Type": type,
    "Content-Length": page ? page.length : statSync(file).size,
    // the page carries the token: never stored
    "Cache-Control": page ? "no-store" : "private, max-age=3600",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  if (page) response.end(page);
  else createReadStream(file).pipe(response);
}
