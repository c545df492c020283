// Who may talk to the web-mode server. It listens on 127.0.0.1 only, but reaches the browser on any local
// port (an SSH tunnel from a laptop: `ssh -L 8080:127.0.0.1:PORT node`), so the Host header may carry any
// port; it must name a loopback address, never a DNS name (a rebinding page sends its own name). A request
// from a page names that page in Origin, and only our own page (the same host and port as Host) may call.
import type { IncomingMessage } from "node:http";

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?$/i;

/** Whether a Host header names this machine's loopback interface (any port, or none). */
export function isLoopbackHost(host: string | undefined): boolean {
  const match = host === undefined ? null : LOOPBACK_HOST.exec(host);
  if (!match) return false;
  return match[1] === undefined || Number(match[1]) <= 65535;
}

/** Why a request is refused before its token is looked at, or null when it may go on. */
export function refusalOf(request: IncomingMessage): string | null {
  const host = request.headers.host;
  if (!isLoopbackHost(host)) return "Forbidden host";
  const origin = request.headers.origin;
  // our page's requests carry the Host it was loaded from; any other page (another local port, a file, a
  // sandboxed frame sending "null") is refused even with the token
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`.toLowerCase())
    return "Forbidden origin";
  if (request.headers["sec-fetch-site"] === "cross-site") return "Forbidden cross-site request";
  return null;
}

/** Raised by readBody when a request body is larger than allowed (answered with 413). */
export class BodyTooLargeError extends Error {
  override name = "BodyTooLarge";
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
  }
}

/**
 * Reads a request body of at most `limit` bytes. A larger one (by Content-Length, or while streaming) is
 * rejected with BodyTooLargeError and the rest is read and dropped, so the client finishes sending and
 * gets the 413 instead of a reset connection.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const drop = () => {
      request.removeAllListeners("data");
      request.resume();
      reject(new BodyTooLargeError(limit));
    };
    if (Number(request.headers["content-length"] ?? 0) > limit) return drop();
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) drop();
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
