// Web-mode security: the token, the Host and Origin checks, static files confined to the
// renderer folder, and file paths confined to the roots the user opened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODEC_CONTENT_TYPE, TOKEN_HEADER } from "../../../shared/api/channels.ts";
import { decodeValue, encodeValue } from "../../../shared/api/codec.ts";
import type { Result } from "../../../shared/api/errors.ts";
import type { DatasetBackend } from "../../../electron/services/app/backend.ts";
import { AppService } from "../../../electron/services/app/service.ts";
import { startWebServer, type WebServer } from "../../../electron/server/web-server.ts";
import { createHttpClient } from "../../../renderer/bridge/client.ts";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(
  server: WebServer,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: server.port,
        method: opts.method ?? "GET",
        path: opts.path,
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** POSTs `chunks` chunks of `size` bytes with chunked transfer encoding; resolves with the status. */
function sendChunked(
  server: WebServer,
  path: string,
  host: string,
  chunks: number,
  size: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        path,
        headers: { Host: host, [TOKEN_HEADER]: server.token, "Transfer-Encoding": "chunked" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    const chunk = new Uint8Array(size);
    let sent = 0;
    const pump = () => {
      while (sent < chunks) {
        sent += 1;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("web-mode server", () => {
  const base = mkdtempSync(join(tmpdir(), "lh5-server-"));
  const rendererDir = join(base, "renderer");
  const allowed = join(base, "allowed");
  const outside = join(base, "outside");
  let server: WebServer;
  let service: AppService;
  const host = () => `127.0.0.1:${server.port}`;
  const api = (method: string, argument: unknown, headers: Record<string, string> = {}) =>
    send(server, {
      method: "POST",
      path: `/api/${method}`,
      headers: { Host: host(), [TOKEN_HEADER]: server.token, "Content-Type": CODEC_CONTENT_TYPE, ...headers },
      body: encodeValue(argument),
    });

  beforeAll(async () => {
    mkdirSync(join(rendererDir, "assets"), { recursive: true });
    writeFileSync(join(rendererDir, "index.html"), "<!doctype html><title>LH5 Browser</title>");
    writeFileSync(join(rendererDir, "assets", "app.js"), "console.log(1)");
    writeFileSync(join(base, "secret.txt"), "not for the web");
    const config = {
      data_dir: "$_",
      tier_dirs: { raw: "/raw" },
      file_format: { raw: "/{x}.lh5" },
      table_format: { raw: "t" },
    };
    for (const dir of [allowed, outside]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "filedb.json"), JSON.stringify(config));
    }
    const backend = new Proxy({} as DatasetBackend, { get: () => () => Promise.reject(new Error("unused")) });
    service = new AppService({
      mode: "web",
      version: "0.0.0",
      dataDir: join(base, "data"),
      backend,
      roots: [allowed],
    });
    server = await startWebServer({ service, rendererDir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("prints a URL on 127.0.0.1 with a long random token", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  describe("the token", () => {
    it("refuses API calls without it or with a wrong one", async () => {
      const without = await send(server, {
        method: "POST",
        path: "/api/getAppInfo",
        headers: { Host: host() },
      });
      expect(without.status).toBe(401);
      const wrong = await api("getAppInfo", null, { [TOKEN_HEADER]: "0".repeat(64) });
      expect(wrong.status).toBe(401);
      // The page cookie is not enough for the API (no cross-site request forgery through cookies).
      const cookieOnly = await send(server, {
        method: "POST",
        path: "/api/getAppInfo",
        headers: { Host: host(), Cookie: `lh5_token=${server.token}` },
      });
      expect(cookieOnly.status).toBe(401);
    });

    it("refuses the page and assets without it", async () => {
      expect((await send(server, { path: "/", headers: { Host: host() } })).status).toBe(401);
      expect((await send(server, { path: "/assets/app.js", headers: { Host: host() } })).status).toBe(401);
    });

    it("exchanges the token for a per-server cookie scoped to the app's path, then serves a clean URL", async () => {
      const entry = await send(server, { path: `/?token=${server.token}`, headers: { Host: host() } });
      expect(entry.status).toBe(303);
      const appPath = String(entry.headers.location);
      expect(appPath).toMatch(/^\/app-[0-9a-f]{16}\/$/);
      const cookie = String(entry.headers["set-cookie"]);
      expect(cookie).toMatch(
        new RegExp(`^lh5_token_[0-9a-f]{16}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=${appPath}$`),
      );
      // the cookie is no API token, and the port-blind cookie jar never sends it to other paths
      expect(cookie).not.toContain(server.token);
      const jar = cookie.split(";")[0]!;
      const page = await send(server, { path: appPath, headers: { Host: host(), Cookie: jar } });
      expect(page.status).toBe(200);
      expect(page.body.toString()).toContain("LH5 Browser");
      // the renderer reads the API token from the page, not from its URL
      expect(page.body.toString()).toContain(`<meta name="lh5-token" content="${server.token}" />`);
      expect(page.headers["cache-control"]).toBe("no-store");
      expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(page.headers["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
      const asset = await send(server, {
        path: `${appPath}assets/app.js`,
        headers: { Host: host(), Cookie: jar },
      });
      expect(asset.status).toBe(200);
      expect(asset.headers["content-type"]).toContain("javascript");
      expect(asset.body.toString()).toBe("console.log(1)");
      // without the cookie, or with the token itself as a cookie, the app's path answers 401
      expect((await send(server, { path: appPath, headers: { Host: host() } })).status).toBe(401);
      const tokenCookie = `${jar.split("=")[0]!}=${server.token}`;
      const withToken = await send(server, { path: appPath, headers: { Host: host(), Cookie: tokenCookie } });
      expect(withToken.status).toBe(401);
    });

    it("gives two servers in one browser different cookie names and paths", async () => {
      const other = await startWebServer({ service, rendererDir });
      try {
        const mine = await send(server, { path: `/?token=${server.token}`, headers: { Host: host() } });
        const theirs = await send(other, {
          path: `/?token=${other.token}`,
          headers: { Host: `127.0.0.1:${other.port}` },
        });
        const name = (reply: Reply) => String(reply.headers["set-cookie"]).split("=")[0];
        expect(name(mine)).not.toBe(name(theirs));
        expect(mine.headers.location).not.toBe(theirs.headers.location);
        // both cookies in one jar (cookies ignore ports): each server still serves its page
        const jar = [mine, theirs].map((r) => String(r.headers["set-cookie"]).split(";")[0]).join("; ");
        const page = await send(server, {
          path: String(mine.headers.location),
          headers: { Host: host(), Cookie: jar },
        });
        expect(page.status).toBe(200);
        const otherPage = await send(other, {
          path: String(theirs.headers.location),
          headers: { Host: `127.0.0.1:${other.port}`, Cookie: jar },
        });
        expect(otherPage.status).toBe(200);
      } finally {
        await other.close();
      }
    });

    it("opens the app window with a one-time code instead of the token", async () => {
      const windowUrl = new URL(server.oneTimeUrl());
      expect(windowUrl.search).not.toContain(server.token);
      expect(windowUrl.searchParams.get("code")).toMatch(/^[0-9a-f]{48}$/);
      const path = `${windowUrl.pathname}${windowUrl.search}`;
      const first = await send(server, { path, headers: { Host: host() } });
      expect(first.status).toBe(303);
      expect(String(first.headers["set-cookie"])).toMatch(/^lh5_token_[0-9a-f]{16}=/);
      // used once: someone who read it in `ps` afterwards gets nothing
      expect((await send(server, { path, headers: { Host: host() } })).status).toBe(401);
      expect(
        (await send(server, { path: "/?code=" + "0".repeat(48), headers: { Host: host() } })).status,
      ).toBe(401);
    });

    it("answers API calls that carry it", async () => {
      const reply = await api("getAppInfo", null);
      expect(reply.status).toBe(200);
      const result = decodeValue(reply.body) as Result<{ mode: string }>;
      expect(result).toMatchObject({ ok: true, value: { mode: "web" } });
    });
  });

  describe("Host and Origin", () => {
    it("refuses other Host headers (DNS rebinding), even with the token", async () => {
      for (const badHost of [
        "evil.example",
        `evil.example:${server.port}`,
        `127.0.0.1.evil.example:${server.port}`,
        `localhost.:${server.port}`,
        "127.0.0.2:8080",
        "127.0.0.1:99999",
      ]) {
        const reply = await api("getAppInfo", null, { Host: badHost });
        expect(reply.status, badHost).toBe(403);
      }
      const page = await send(server, { path: `/?token=${server.token}`, headers: { Host: "evil.example" } });
      expect(page.status).toBe(403);
    });

    it("accepts localhost and 127.0.0.1 on any port (an SSH tunnel from another local port)", async () => {
      for (const goodHost of [`localhost:${server.port}`, "localhost:8080", "127.0.0.1:8080", "[::1]:8080"]) {
        expect((await api("getAppInfo", null, { Host: goodHost })).status, goodHost).toBe(200);
        const origin = `http://${goodHost}`;
        expect((await api("getAppInfo", null, { Host: goodHost, Origin: origin })).status, origin).toBe(200);
      }
      // still only with the token
      expect((await api("getAppInfo", null, { Host: "localhost:8080", [TOKEN_HEADER]: "x" })).status).toBe(
        401,
      );
      const entry = await send(server, {
        path: `/?token=${server.token}`,
        headers: { Host: "localhost:8080" },
      });
      expect(entry.status).toBe(303);
    });

    it("refuses requests from other origins, even with the token", async () => {
      for (const origin of [
        "http://evil.example",
        "null",
        `http://127.0.0.1:${server.port + 1}`,
        `http://localhost:${server.port}`,
        "https://127.0.0.1",
        `https://127.0.0.1:${server.port}`,
      ]) {
        const reply = await api("getAppInfo", null, { Origin: origin });
        expect(reply.status, origin).toBe(403);
      }
      // through a tunnel the page's origin is the tunnel's, and must match the Host it sends
      expect(
        (await api("getAppInfo", null, { Host: "localhost:8080", Origin: "http://localhost:8081" })).status,
      ).toBe(403);
      expect((await api("getAppInfo", null, { Origin: server.origin })).status).toBe(200);
      expect((await api("getAppInfo", null, { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    });
  });

  describe("files", () => {
    it("never serves a file outside the renderer folder", async () => {
      const entry = await send(server, { path: `/?token=${server.token}`, headers: { Host: host() } });
      const cookie = String(entry.headers["set-cookie"]).split(";")[0]!;
      const app = String(entry.headers.location);
      for (const path of [
        `${app}../secret.txt`,
        `${app}%2e%2e/secret.txt`,
        `${app}%2e%2e/%2e%2e/secret.txt`,
        `${app}assets/%2e%2e/%2e%2e/%2e%2e/secret.txt`,
        `${app}..%2fsecret.txt`,
        `${app}..%2f..%2fsecret.txt`,
      ]) {
        const reply = await send(server, { path, headers: { Host: host(), Cookie: cookie } });
        // 404 inside the app's path; a path that normalises out of it is no page (401)
        expect([401, 404], path).toContain(reply.status);
        expect(reply.body.toString()).not.toContain("not for the web");
      }
    });

    it("refuses dataset paths outside the roots the user opened, and accepts those inside", async () => {
      const client = createHttpClient({ origin: server.origin, token: server.token });
      await expect(client.inspectSource({ path: join(outside, "filedb.json") })).rejects.toMatchObject({
        name: "ForbiddenPath",
        code: "forbidden-path",
      });
      await expect(client.openDataset({ path: join(outside, "filedb.json") })).rejects.toMatchObject({
        name: "ForbiddenPath",
      });
      await expect(client.inspectSource({ path: "/etc/passwd" })).rejects.toMatchObject({
        name: "ForbiddenPath",
      });
      await expect(
        client.inspectSource({ path: join(allowed, "..", "outside", "filedb.json") }),
      ).rejects.toMatchObject({
        name: "ForbiddenPath",
      });
      await expect(client.inspectSource({ path: "relative/filedb.json" })).rejects.toMatchObject({
        name: "ForbiddenPath",
      });
      const inside = await client.inspectSource({ path: join(allowed, "filedb.json") });
      expect(inside.kind).toBe("filedb-config");
    });
  });

  describe("API requests", () => {
    it("refuses GET on the API, malformed bodies and unknown methods", async () => {
      const get = await send(server, {
        path: "/api/getAppInfo",
        headers: { Host: host(), [TOKEN_HEADER]: server.token },
      });
      expect(get.status).toBe(405);
      const garbage = await send(server, {
        method: "POST",
        path: "/api/getAppInfo",
        headers: { Host: host(), [TOKEN_HEADER]: server.token },
        body: new TextEncoder().encode("{not json"),
      });
      expect(garbage.status).toBe(400);
      const unknown = decodeValue((await api("deleteEverything", null)).body) as Result<unknown>;
      expect(unknown).toMatchObject({ ok: false, error: { name: "BadArgument" } });
    });

    it("answers a body over 16 MB with 413, not a reset connection", async () => {
      const big = new Uint8Array(16 * 1024 * 1024 + 1);
      const reply = await send(server, {
        method: "POST",
        path: "/api/getAppInfo",
        headers: { Host: host(), [TOKEN_HEADER]: server.token, "Content-Type": CODEC_CONTENT_TYPE },
        body: big,
      });
      expect(reply.status).toBe(413);
      expect(reply.body.toString()).toMatch(/larger than 16777216 bytes/);
      // a chunked body (no Content-Length) that grows past the limit too
      const chunked = await sendChunked(server, "/api/getAppInfo", host(), 17, 1024 * 1024);
      expect(chunked).toBe(413);
      expect((await api("getAppInfo", null)).status).toBe(200);
    });

    it("returns guard failures as data naming the key", async () => {
      const reply = decodeValue((await api("getCycleDetails", { row: "zero" })).body) as Result<unknown>;
      expect(reply).toMatchObject({ ok: false, error: { name: "BadArgument" } });
      expect(!reply.ok && reply.error.message).toMatch(/argument\.row must be a number/);
    });
  });
});
