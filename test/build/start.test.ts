// npm start's decisions: rebuild when stale, find an Electron binary without requiring the package,
// and fall back to web mode in one line when there is none.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../fixtures/testdata.ts";

/** The helpers start.mjs exports (plain JS run by node, so typed here). */
interface StartModule {
  isStale(output: string, sources: string[]): boolean;
  findElectronBinary(base?: string, env?: Record<string, string | undefined>): string | null;
  appProcessEnv(env?: Record<string, string | undefined>): Record<string, string | undefined>;
  MALLOC_TUNABLES: string;
}
const startUrl = pathToFileURL(join(REPO_ROOT, "build/scripts/start.mjs")).href;
const { findElectronBinary, isStale, appProcessEnv, MALLOC_TUNABLES } = (await import(
  startUrl
)) as StartModule;

const base = mkdtempSync(join(tmpdir(), "lh5-start-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("npm start", () => {
  it("finds Electron through path.txt and dist/, or ELECTRON_OVERRIDE_DIST_PATH, and nothing otherwise", () => {
    const repo = join(base, "repo");
    mkdirSync(join(repo, "node_modules/electron/dist"), { recursive: true });
    expect(findElectronBinary(repo, {})).toBeNull();
    writeFileSync(join(repo, "node_modules/electron/path.txt"), "electron");
    expect(findElectronBinary(repo, {})).toBeNull(); // path.txt without the binary
    writeFileSync(join(repo, "node_modules/electron/dist/electron"), "");
    expect(findElectronBinary(repo, {})).toBe(join(repo, "node_modules/electron/dist/electron"));
    const override = join(base, "override");
    mkdirSync(override);
    writeFileSync(join(override, "electron"), "");
    expect(findElectronBinary(repo, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(
      join(override, "electron"),
    );
  });

  it("rebuilds only when an output is missing or older than a source", () => {
    const src = join(base, "src");
    mkdirSync(src);
    writeFileSync(join(src, "a.ts"), "");
    const out = join(base, "index.html");
    expect(isStale(out, [src])).toBe(true);
    writeFileSync(out, "");
    utimesSync(join(src, "a.ts"), new Date(1000), new Date(1000));
    expect(isStale(out, [src])).toBe(false);
    utimesSync(join(src, "a.ts"), new Date(), new Date(Date.now() + 60_000));
    expect(isStale(out, [src])).toBe(true);
  });

  it("has no Electron binary on this machine: says so in one line and starts web mode", () => {
    expect(findElectronBinary(REPO_ROOT, {})).toBeNull();
    const data = join(base, "data");
    // Options go on to serve; an unknown one makes serve stop before listening.
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, "build/scripts/start.mjs"), "--no-such-flag"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, LH5_BROWSER_DATA_DIR: data },
        timeout: 120_000,
      },
    );
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^No Electron binary here .*starting web mode instead\.$/);
    // The unknown flag is passed to serve, which refuses it: proof that web mode was started.
    expect(result.stderr).toMatch(/unknown option '--no-such-flag'/i);
    expect(result.status).toBe(2);
  });

  it("starts the app's process with the malloc tunables, unless the user set GLIBC_TUNABLES", () => {
    const env = appProcessEnv({ PATH: "/usr/bin" });
    expect(env).toEqual({ PATH: "/usr/bin", GLIBC_TUNABLES: MALLOC_TUNABLES });
    expect(MALLOC_TUNABLES).toContain("glibc.malloc.hugetlb=1");
    expect(appProcessEnv({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" }).GLIBC_TUNABLES).toBe(
      "glibc.malloc.arena_max=2",
    );
  });
});
