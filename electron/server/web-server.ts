// Web mode: the renderer and the contract over HTTP on 127.0.0.1. Every request must name this
// server in its Host header, come from no other Origin, and carry the per-run token (query or
// cookie for pages, header for API calls). API calls are `POST /api/<method>` with codec bodies.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import {
  CODEC_CONTENT_TYPE,
  HTTP_API_PREFIX,
  TOKEN_COOKIE,
  TOKEN_HEADER,
  TOKEN_QUERY,
} from "../../shared/api/channels.ts";
import { CodecError, decodeValue, encodeValue } from "../../shared/api/codec.ts";
import { fail } from "../../shared/api/errors.ts";
import { dispatch } from "../services/app/dispatch.ts";
import { resolveStatic, sendStatic } from "./static-files.ts";

export interface WebServerOptions {
  service: Lh5BrowserApi;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 (default) = a random free port. */
  port?: number;
  /** A fixed token (tests); default: 32 random bytes, hex. */
  token?: string;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
}

export interface WebServer {
  /** The URL to open, with the token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";

function tokensEqual(given: string | undefined, token: string): boolean {
  if (typeof given !== "string" || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
  response.end(`${message}\n`);
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new CodecError(`Request body larger than ${limit} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(32).toString("hex");
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) refuse(response, 500, `Internal error: ${(error as Error).message}`);
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 sends its own Host.
    if (!allowedHosts.has(request.headers.host ?? "")) return refuse(response, 403, "Forbidden host");
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) return refuse(response, 403, "Forbidden origin");
    if (request.headers["sec-fetch-site"] === "cross-site")
      return refuse(response, 403, "Forbidden cross-site request");
    const url = new URL(request.url ?? "/", `http://${HOST}`);

    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      if (!tokensEqual(request.headers[TOKEN_HEADER] as string | undefined, token))
        return refuse(response, 401, "Missing or wrong token");
      if (request.method !== "POST") return refuse(response, 405, "API calls are POST");
      const method = url.pathname.slice(HTTP_API_PREFIX.length);
      let argument: unknown;
      try {
        const body = await readBody(request, maxBody);
        argument =
          body.length === 0
            ? undefined
            : decodeValue(new Uint8Array(body.buffer, body.byteOffset, body.length));
      } catch (error) {
        return refuse(response, 400, `Bad request body: ${(error as Error).message}`);
      }
      const result = await dispatch(opts.service, method, argument === null ? undefined : argument);
      let payload: Uint8Array;
      try {
        payload = encodeValue(result);
      } catch (error) {
        payload = encodeValue(fail(error));
      }
      response.writeHead(200, {
        "Content-Type": CODEC_CONTENT_TYPE,
        "Content-Length": payload.length,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      response.end(payload);
      return;
    }

    if (request.method !== "GET" && request.method !== "HEAD")
      return refuse(response, 405, "Method not allowed");
    const queryToken = url.searchParams.get(TOKEN_QUERY) ?? undefined;
    const cookieToken = cookieValue(request.headers.cookie, TOKEN_COOKIE);
    if (!tokensEqual(queryToken, token) && !tokensEqual(cookieToken, token))
      return refuse(response, 401, "Missing or wrong token: open the URL printed by lh5-browser serve");
    if (tokensEqual(queryToken, token))
      response.setHeader("Set-Cookie", `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    const file = resolveStatic(opts.rendererDir, url.pathname);
    if (!file) return refuse(response, 404, "Not found");
    sendStatic(response, file);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);
  const origin = `http://${HOST}:${port}`;
  return {
    url: `${origin}/?${TOKEN_QUERY}=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
