// Web mode: the renderer and the contract over HTTP on 127.0.0.1. Every request must name a loopback
// host in its Host header, come from no other Origin (request-guards.ts) and carry the per-run token: in
// the header for API calls; for the page, the token or a one-time code is exchanged for a per-server cookie
// (page-access.ts). API calls are `POST /api/<method>` with codec bodies; `GET /api/events` (same token header)
// streams the jobs' statuses to the page (job-events.ts) so it never polls.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import {
  CODE_QUERY,
  CODEC_CONTENT_TYPE,
  HTTP_API_PREFIX,
  TOKEN_HEADER,
  TOKEN_QUERY,
} from "../../shared/api/channels.ts";
import { decodeValue, encodeValue } from "../../shared/api/codec.ts";
import { fail, serializeError } from "../../shared/api/errors.ts";
import { encodeEventFrame, JOB_EVENTS_CONTENT_TYPE, JOB_EVENTS_ROUTE } from "../../shared/api/job-events.ts";
import type { JobStatus } from "../../shared/api/types.ts";
import { dispatch } from "../services/app/dispatch.ts";
import { PageAccess, secretsEqual } from "./page-access.ts";
import { BodyTooLargeError, readBody, refusalOf } from "./request-guards.ts";
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
  /** Subscribes to the service's job statuses (JobManager.onEvent); without it the page polls. */
  jobEvents?: (listener: (status: JobStatus) => void, opts: { replay: boolean }) => () => void;
}

export interface WebServer {
  /** The URL to open, with the token (what `serve` prints). */
  readonly url: string;
  /** A URL that opens the page once, without the token (for a browser's command line). */
  oneTimeUrl(): string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";

function refuse(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
    ...headers,
  });
  response.end(`${message}\n`);
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(32).toString("hex");
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const access = new PageAccess(token);

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) refuse(response, 500, `Internal error: ${(error as Error).message}`);
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = refusalOf(request);
    if (refusal !== null) return refuse(response, 403, refusal);
    const url = new URL(request.url ?? "/", `http://${HOST}`);

    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      if (!secretsEqual(request.headers[TOKEN_HEADER] as string | undefined, token))
        return refuse(response, 401, "Missing or wrong token");
      if (url.pathname === JOB_EVENTS_ROUTE && request.method === "GET") return streamJobEvents(response);
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
        if (error instanceof BodyTooLargeError)
          return refuse(response, 413, error.message, { Connection: "close" });
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
    if (url.pathname.startsWith(access.appPath)) {
      if (!access.hasCookie(request.headers.cookie))
        return refuse(response, 401, "Missing or wrong token: open the URL printed by lh5-browser serve");
      const file = resolveStatic(opts.rendererDir, `/${url.pathname.slice(access.appPath.length)}`);
      if (!file) return refuse(response, 404, "Not found");
      return sendStatic(response, file, (html) => access.withToken(html));
    }
    // Any other path only exchanges the token or a one-time code for the cookie, then sends the
    // browser to the app's clean URL (no secret left in the address bar or the history).
    const given = { token: url.searchParams.get(TOKEN_QUERY), code: url.searchParams.get(CODE_QUERY) };
    if (!access.admits(given))
      return refuse(response, 401, "Missing or wrong token: open the URL printed by lh5-browser serve");
    response.writeHead(303, {
      Location: access.appPath,
      "Set-Cookie": access.cookieHeader(),
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    });
    response.end();
  }

  /** The page's stream of job statuses: a hello frame, then every status, until the page goes away. */
  function streamJobEvents(response: ServerResponse): void {
    if (!opts.jobEvents) return refuse(response, 404, "This server pushes no job events");
    response.writeHead(200, {
      "Content-Type": JOB_EVENTS_CONTENT_TYPE,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    response.socket?.setNoDelay(true);
    response.write(encodeEventFrame({ hello: true }));
    // replayed: the page may have started a job just before its stream connected
    const unsubscribe = opts.jobEvents(
      (status) => {
        let frame: Uint8Array;
        try {
          frame = encodeEventFrame(status);
        } catch (error) {
          // a result the codec cannot carry still ends the job for the page, as an error
          frame = encodeEventFrame({
            ...status,
            state: "failed",
            result: undefined,
            error: serializeError(error),
          });
        }
        response.write(frame);
      },
      { replay: true },
    );
    response.once("close", unsubscribe);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;
  return {
    url: `${origin}/?${TOKEN_QUERY}=${token}`,
    oneTimeUrl: () => `${origin}/?${CODE_QUERY}=${access.issueCode()}`,
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
