// @vitest-environment node
// Web mode pushes job statuses: `GET /api/events` streams them to the page (same token, Host and Origin rules
// as API calls), and the HTTP client's awaitJob takes them from there instead of polling getJob.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TOKEN_HEADER } from "../../../shared/api/channels.ts";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { awaitJob } from "../../../shared/api/jobs.ts";
import { JOB_EVENTS_CONTENT_TYPE, JOB_EVENTS_ROUTE } from "../../../shared/api/job-events.ts";
import { JobManager } from "../../../electron/services/app/jobs.ts";
import { startWebServer, type WebServer } from "../../../electron/server/web-server.ts";
import { createHttpClient } from "../../../renderer/bridge/client.ts";

/** Status and content type of a GET of the events route (the stream is dropped once its head is in). */
function head(
  server: WebServer,
  headers: Record<string, string>,
): Promise<{ status: number; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path: JOB_EVENTS_ROUTE, headers }, (res) => {
      resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] });
      res.destroy();
    });
    req.on("error", reject);
    req.end();
  });
}

describe("web mode's job event stream", () => {
  const base = mkdtempSync(join(tmpdir(), "lh5-events-"));
  const jobs = new JobManager();
  let getJobCalls = 0;
  let server: WebServer;
  // only getJob is reached through the API here: the jobs are started on the service side directly
  const service = new Proxy({} as Lh5BrowserApi, {
    get: (_target, name) =>
      name === "getJob"
        ? (req: { jobId: string; waitMs?: number }) => {
            getJobCalls++;
            return jobs.status(req.jobId, req.waitMs ?? 0);
          }
        : () => Promise.reject(new Error("unused")),
  });
  const host = () => `127.0.0.1:${server.port}`;

  beforeAll(async () => {
    mkdirSync(join(base, "renderer"), { recursive: true });
    writeFileSync(join(base, "renderer", "index.html"), "<!doctype html>");
    server = await startWebServer({
      service,
      rendererDir: join(base, "renderer"),
      jobEvents: (listener, opts) => jobs.onEvent(listener, opts),
    });
  });
  afterAll(async () => {
    jobs.cancelAll();
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("answers only requests with the token, a loopback Host and no foreign Origin", async () => {
    expect(await head(server, { Host: host(), [TOKEN_HEADER]: server.token })).toEqual({
      status: 200,
      type: JOB_EVENTS_CONTENT_TYPE,
    });
    expect((await head(server, { Host: host() })).status).toBe(401);
    expect((await head(server, { Host: host(), [TOKEN_HEADER]: "0".repeat(64) })).status).toBe(401);
    expect((await head(server, { Host: "evil.example", [TOKEN_HEADER]: server.token })).status).toBe(403);
    expect(
      (await head(server, { Host: host(), Origin: "http://evil.example", [TOKEN_HEADER]: server.token }))
        .status,
    ).toBe(403);
  });

  it("delivers progress and results (typed arrays intact) with no getJob call", async () => {
    const client = createHttpClient({ origin: server.origin, token: server.token });
    expect(await client.jobEvents.ready()).toBe(true);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handle = jobs.start("histogram", async (ctx) => {
      ctx.progress({ phase: "Binning", done: 1, total: 2, unit: "files" });
      await gate;
      return { counts: new Float64Array([3, 1.5, Number.NaN]) };
    });
    const progress: number[] = [];
    const waiting = awaitJob(client, handle, {
      onProgress: (p) => {
        progress.push(p.done);
        release();
      },
    });
    const result = (await waiting) as { counts: Float64Array };
    expect(result.counts).toBeInstanceOf(Float64Array);
    expect([...result.counts]).toEqual([3, 1.5, Number.NaN]);
    expect(progress).toEqual([1]);
    expect(getJobCalls).toBe(0);
  });

  it("replays a job that ended before the page's stream connected", async () => {
    const handle = jobs.start("count", () => Promise.resolve({ total: 12 }));
    await jobs.status(handle.jobId, 1000);
    const client = createHttpClient({ origin: server.origin, token: server.token });
    await expect(awaitJob(client, handle)).resolves.toEqual({ total: 12 });
    expect(getJobCalls).toBe(0);
  });

  it("falls back to getJob when the server pushes nothing (no job events wired)", async () => {
    const plain = await startWebServer({ service, rendererDir: join(base, "renderer") });
    try {
      const client = createHttpClient({ origin: plain.origin, token: plain.token });
      expect(await client.jobEvents.ready()).toBe(false);
      const handle = jobs.start("count", () => Promise.resolve({ total: 7 }));
      await expect(awaitJob(client, handle)).resolves.toEqual({ total: 7 });
      expect(getJobCalls).toBeGreaterThan(0);
    } finally {
      await plain.close();
    }
  });
});
