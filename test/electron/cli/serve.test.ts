// `lh5-browser serve`: options, the URL as the first stdout line, and a clean stop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseServeArgs, RENDERER_DIR, runServe } from "../../../electron/cli/commands/serve.ts";
import { main } from "../../../electron/cli/main.ts";
import { FILEDB_CONFIG, REPO_ROOT } from "../../fixtures/testdata.ts";

describe("serve options", () => {
  it("parses PATH, --port, --no-open and --workers like the other commands", () => {
    expect(parseServeArgs([], {})).toEqual({ path: null, port: 0, open: true, workers: null });
    expect(parseServeArgs([FILEDB_CONFIG, "--port", "5173", "--no-open", "--workers", "3"], {})).toEqual({
      path: FILEDB_CONFIG,
      port: 5173,
      open: false,
      workers: 3,
    });
    expect(parseServeArgs(["--port=8080"], {}).port).toBe(8080);
    expect(parseServeArgs(["--workers=2", FILEDB_CONFIG], {}).workers).toBe(2);
    // the environment is read by workerLimit(); serve only checks it is usable
    expect(parseServeArgs([], { LH5_BROWSER_WORKERS: "6" }).workers).toBeNull();
  });

  it("rejects bad options with usage errors (exit code 2)", async () => {
    expect(() => parseServeArgs(["--port", "http"], {})).toThrow(/--port needs a port number/);
    expect(() => parseServeArgs(["--port", "70000"], {})).toThrow(/--port needs a port number/);
    expect(() => parseServeArgs(["--verbose"], {})).toThrow(/unknown option '--verbose'/i);
    expect(() => parseServeArgs(["a", "b"], {})).toThrow(/only one PATH/);
    for (const bad of ["0", "-1", "2.5", "four", ""])
      expect(() => parseServeArgs([`--workers=${bad}`], {}), bad).toThrow(
        /--workers must be a positive whole number/,
      );
    expect(() => parseServeArgs([], { LH5_BROWSER_WORKERS: "lots" })).toThrow(
      /LH5_BROWSER_WORKERS must be a positive whole number of worker threads, got .lots./,
    );
    expect(() => parseServeArgs(["--workers", "2"], { LH5_BROWSER_COLUMN_CACHE_MB: "2GB" })).toThrow(
      /LH5_BROWSER_COLUMN_CACHE_MB must be a whole number of megabytes, got .2GB./,
    );
    expect(parseServeArgs([], { LH5_BROWSER_COLUMN_CACHE_MB: "100" }).workers).toBeNull();
    const err: string[] = [];
    const code = await main(["serve", "/no/such/config.json", "--no-open"], {
      stdout: () => {},
      stderr: (t) => err.push(t),
    });
    expect(code).toBe(2);
    expect(err.join("")).toMatch(/'\/no\/such\/config\.json' does not exist/);
    const unknown: string[] = [];
    expect(await main(["serve", "--bogus"], { stdout: () => {}, stderr: (t) => unknown.push(t) })).toBe(2);
    expect(unknown.join("")).toMatch(/--bogus[\s\S]*Usage: lh5-browser serve/);
  });

  it("answers --help with its usage and exit code 0, starting nothing", async () => {
    const out: string[] = [];
    expect(await main(["serve", "--help"], { stdout: (t) => out.push(t), stderr: () => {} })).toBe(0);
    expect(out.join("")).toContain("Usage: lh5-browser serve");
    expect(out.join("")).toContain("--workers N");
  });
});

describe("serve run", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-serve-"));
  beforeAll(() => {
    process.env.LH5_BROWSER_DATA_DIR = dataDir;
    if (!existsSync(join(RENDERER_DIR, "index.html")))
      spawnSync("npm", ["run", "--silent", "build:renderer"], { cwd: REPO_ROOT, stdio: "inherit" });
  });
  afterAll(() => {
    delete process.env.LH5_BROWSER_DATA_DIR;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the URL with its token first, serves the app, and stops cleanly on a signal", async () => {
    const out: string[] = [];
    const err: string[] = [];
    let stop!: (signal: string) => void;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    const running = runServe(
      [FILEDB_CONFIG, "--no-open"],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      stopped,
    );
    await expect.poll(() => out.length).toBe(1);
    const url = out[0]!.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    // the token is exchanged for the page's cookie and a redirect to the app's clean URL
    const entry = await fetch(url, { redirect: "manual" });
    expect(entry.status).toBe(303);
    const cookie = entry.headers.get("set-cookie")!.split(";")[0]!;
    const page = await fetch(new URL(entry.headers.get("location")!, url), { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    expect(html).toContain(`<meta name="lh5-token" content="${new URL(url).searchParams.get("token")}" />`);
    stop("SIGINT");
    expect(await running).toBe(0);
    expect(err.join("")).toContain("SIGINT: stopping LH5 Browser");
    await expect(fetch(url)).rejects.toThrow();
  });
});
