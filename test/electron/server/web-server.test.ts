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

    it("serves the page with the token and sets an HttpOnly SameSite cookie for the assets", async () => {
      const page = await send(server, { path: `/?token=${server.token}`, headers: { Host: host() } });
      expect(page.status).toBe(200);
      expect(page.body.toString()).toContain("LH5 Browser");
      expect(String(page.headers["set-cookie"])).toMatch(/lh5_token=[0-9a-f]{64}; HttpOnly; SameSite=Strict/);
      expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(page.headers["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
      const asset = await send(server, {
        path: "/assets/app.js",
        headers: { Host: host(), Cookie: `lh5_token=${server.token}` },
      });
      expect(asset.status).toBe(200);
      expect(asset.headers["content-type"]).toContain("javascript");
    });

    it("answers API calls that carry it", async () => {
      const reply = await api("getAppInfo", null);
      expect(reply.status).toBe(200);
      const result = decodeValue(reply.body) as Result<{ mode: string }>;
      expect(result).toMatchObject({ ok: true, value: { mode: "web" } });
    });
  });

  describe("Host and Origin", () => {
    it("refuses other Host headers (DNS rebinding)", async () => {
      for (const badHost of ["evil.example", `evil.example:${server.port}`, "127.0.0.1:1"]) {
        const reply = await api("getAppInfo", null, { Host: badHost });
        expect(reply.status, badHost).toBe(403);
      }
      const page = await send(server, { path: `/?token=${server.token}`, headers: { Host: "evil.example" } });
      expect(page.status).toBe(403);
    });

    it("accepts localhost with the right port", async () => {
      expect((await api("getAppInfo", null, { Host: `localhost:${server.port}` })).status).toBe(200);
    });

    it("refuses requests from other origins, even with the token", async () => {
      for (const origin of [
        "http://evil.example",
        "null",
        `http://127.0.0.1:${server.port + 1}`,
        "https://127.0.0.1",
      ]) {
        const reply = await api("getAppInfo", null, { Origin: origin });
        expect(reply.status, origin).toBe(403);
      }
      expect((await api("getAppInfo", null, { Origin: server.origin })).status).toBe(200);
      expect((await api("getAppInfo", null, { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    });
  });

  describe("files", () => {
    it("never serves a file outside the renderer folder", async () => {
      const cookie = `lh5_token=${server.token}`;
      for (const path of [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
      ]) {
        const reply = await send(server, { path, headers: { Host: host(), Cookie: cookie } });
        expect(reply.status, path).toBe(404);
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

    it("returns guard failures as data naming the key", async () => {
      const reply = decodeValue((await api("getCycleDetails", { row: "zero" })).body) as Result<unknown>;
      expect(reply).toMatchObject({ ok: false, error: { name: "BadArgument" } });
      expect(!reply.ok && reply.error.message).toMatch(/argument\.row must be a number/);
    });
  });
});
