// What ships is what is tested: the built app (out/) installed as a user installs it (package.json and
// lock file beside out/, `npm ci --omit=dev`: no TypeScript, no tsx, no build tools), then
// - its CLI and web mode run there;
// - its Electron main bundle runs under plain Node with a stand-in `electron` module
//   (test/fixtures/electron-stand-in) and is driven through the IPC handlers it registered: open a
//   500-file generated tree and the real prod-ref-l200 folder, count a cut, draw a histogram, show a
//   waveform page and export — with every worker started from the built out/main/worker.js.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../shared/api/jobs.ts";
import { ipcChannel } from "../../shared/api/channels.ts";
import type { ApiArgument, ApiMethod, ApiReturn } from "../../shared/api/contract.ts";
import { DROP_PATH_CHANNEL, MENU_CHANNEL, SAVE_DIALOG_CHANNEL } from "../../shared/api/bridge.ts";
import type { Result } from "../../shared/api/errors.ts";
import type { DataSelection } from "../../shared/api/types.ts";
import { P14_RAW_FILE, PROD_REF_DIR, REPO_ROOT } from "../fixtures/testdata.ts";

const work = mkdtempSync(join(tmpdir(), "lh5-shipped-"));
const install = join(work, "app");
const tree = join(work, "tree");
const CYCLES = 100; // × 5 tiers = 500 files: the table scan goes to the worker pool

function run(args: string[], opts: { timeout?: number } = {}) {
  return spawnSync(process.execPath, args, {
    cwd: install,
    encoding: "utf8",
    timeout: opts.timeout ?? 120_000,
    env: { ...process.env, LH5_BROWSER_DATA_DIR: join(work, "cli-data") },
  });
}

beforeAll(() => {
  mkdirSync(install, { recursive: true });
  for (const name of ["package.json", "package-lock.json"])
    cpSync(join(REPO_ROOT, name), join(install, name));
  cpSync(join(REPO_ROOT, "out"), join(install, "out"), { recursive: true });
  const npm = spawnSync(
    "npm",
    ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
    { cwd: install, encoding: "utf8", timeout: 300_000 },
  );
  if (npm.status !== 0) throw new Error(`npm ci --omit=dev failed: ${npm.stderr}`);
  // the stand-in takes the place of the (development-only) electron package
  const standIn = join(install, "node_modules/electron");
  mkdirSync(standIn, { recursive: true });
  cpSync(join(REPO_ROOT, "test/fixtures/electron-stand-in/index.js"), join(standIn, "index.js"));
  cpSync(join(REPO_ROOT, "test/fixtures/electron-stand-in/package.json"), join(standIn, "package.json"));
  const generated = run(
    ["out/main/cli.js", "generate", tree, "--cycles", String(CYCLES), "--channels", "2", "--events", "20"],
    { timeout: 300_000 },
  );
  if (generated.status !== 0) throw new Error(`generate failed: ${generated.stderr}`);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Files under `dir` whose name matches. */
function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (pattern.test(name)) found.push(path);
    }
  };
  visit(dir);
  return found;
}

describe("the production install", () => {
  it("holds JavaScript only: no TypeScript file in out/, no TypeScript loader or build tool installed", () => {
    expect(filesUnder(join(install, "out"), /\.(ts|tsx|mts|cts)$/)).toEqual([]);
    for (const tool of ["tsx", "typescript", "esbuild", "vite", "vitest"])
      expect(existsSync(join(install, "node_modules", tool)), tool).toBe(false);
    expect(existsSync(join(install, "node_modules/h5wasm"))).toBe(true);
  });

  it("runs the CLI: --version, ls of a real file, and argument errors with exit 2", () => {
    expect(run(["out/main/cli.js", "--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const ls = run(["out/main/cli.js", "ls", P14_RAW_FILE, "--json"]);
    expect(ls.status, ls.stderr).toBe(0);
    const entries = JSON.parse(ls.stdout) as { path: string }[];
    expect(entries.some((e) => e.path === "ch1105600/raw/waveform_windowed/values")).toBe(true);
    expect(run(["out/main/cli.js", "ls"]).status).toBe(2);
  });

  it("serves web mode: the printed URL answers the app's page", async () => {
    const child = spawn(process.execPath, ["out/main/cli.js", "serve", "--no-open"], {
      cwd: install,
      env: { ...process.env, LH5_BROWSER_DATA_DIR: join(work, "serve-data") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once("line", (line) => resolve(line.trim()));
        child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
      });
      // the printed URL trades its token for this server's cookie and sends the browser to the app's page
      const first = await fetch(url, { redirect: "manual" });
      expect(first.status).toBe(303);
      const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
      const page = await fetch(new URL(first.headers.get("location")!, url), { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"');
    } finally {
      child.kill("SIGINT");
    }
  });
});

/** The built main bundle under Node, driven over the stand-in's IPC channel. */
class DrivenMain {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly ready: Promise<string[]>;
  stderr = "";

  constructor(readonly child: ChildProcess) {
    child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.ready = new Promise((resolve, reject) => {
      child.on(
        "message",
        (message: { type?: string; channels?: string[]; id?: number; result?: unknown; error?: string }) => {
          if (message.type === "ready") return resolve(message.channels ?? []);
          const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
          if (!waiting) return;
          this.pending.delete(message.id!);
          if (message.error !== undefined) waiting.reject(new Error(message.error));
          else waiting.resolve(message.result);
        },
      );
      child.once("exit", (code) => reject(new Error(`main bundle exited with ${code}: ${this.stderr}`)));
    });
  }

  static start(startPath: string, dataDir: string): DrivenMain {
    const child = spawn(process.execPath, ["out/main/index.js", startPath], {
      cwd: install,
      env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir, LH5_STAND_IN_USER_DATA: dataDir },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
    });
    return new DrivenMain(child);
  }

  private send(message: object): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, ...message });
    });
  }

  /** Calls a contract method through the handler the app registered on its IPC channel. */
  async call<M extends ApiMethod>(method: M, arg?: ApiArgument<M>): Promise<ApiReturn<M>> {
    const result = (await this.send({ channel: ipcChannel(method), arg })) as Result<ApiReturn<M>>;
    if (!result.ok) throw new Error(`${method}: ${result.error.name}: ${result.error.message}`);
    return result.value;
  }

  /** The service as the renderer sees it (getJob for awaitJob). */
  get api() {
    return { getJob: (req: { jobId: string; waitMs?: number }) => this.call("getJob", req) };
  }

  async saveDialog(answer: string): Promise<string | null> {
    await this.send({ saveDialogAnswer: answer });
    return (await this.send({
      channel: SAVE_DIALOG_CHANNEL,
      arg: { title: "Export", defaultPath: answer, filters: [{ name: "CSV", extensions: ["csv"] }] },
    })) as string | null;
  }

  /** A one-way message to main (ipcMain.on), from the app's window or, untrusted, from another frame. */
  emit(channel: string, arg: unknown, untrusted = false): Promise<number> {
    return this.send({ emit: channel, arg, untrusted }) as Promise<number>;
  }

  /** Calls a contract method and answers its error name instead of throwing. */
  async errorOf<M extends ApiMethod>(method: M, arg: ApiArgument<M>): Promise<string | null> {
    const result = (await this.send({ channel: ipcChannel(method), arg })) as Result<ApiReturn<M>>;
    return result.ok ? null : result.error.name;
  }

  inspect(): Promise<{
    workerEntries: string[];
    loadedUrl: string;
    appCalls: { name: string; args: unknown[] }[];
  }> {
    return this.send({ inspect: true }) as Promise<{
      workerEntries: string[];
      loadedUrl: string;
      appCalls: { name: string; args: unknown[] }[];
    }>;
  }

  stop(): void {
    this.child.disconnect();
    this.child.kill();
  }
}

/** Open → inventory → count → histogram → waveform page → export, as the renderer asks for them. */
async function exploreAsTheRendererDoes(
  main: DrivenMain,
  opts: { path: string; cut: string; column: string; waveform: string; cycles: number },
) {
  const channels = await main.ready;
  expect(channels).toContain(ipcChannel("openDataset"));
  const info = await awaitJob(main.api, await main.call("openDataset", { path: opts.path }));
  expect(info.nCycles).toBe(opts.cycles);
  const page = await main.call("queryInventory", { offset: 0, limit: 1000 });
  expect(page.total).toBe(opts.cycles);

  const selection: DataSelection = { rows: [], channels: [], cuts: { hit: opts.cut } };
  const count = await awaitJob(main.api, await main.call("countEntries", { selection }));
  expect(count.total).toBeGreaterThan(0);

  const histogram = await awaitJob(
    main.api,
    await main.call("histogram1d", { selection, column: opts.column, bins: 100 }),
  );
  const stats = histogram.series[0]!.stats;
  expect(stats.entries + stats.underflow + stats.overflow + stats.nan).toBe(count.total);

  const waveforms = await main.call("waveformPage", {
    selection,
    columns: [opts.waveform],
    // the last entries: prod-ref's first cycle (r000) has its raw file archived, so no waveforms to decode
    start: Math.max(0, count.total - 3),
    count: 3,
  });
  expect(waveforms.totalEntries).toBe(count.total);
  const trace = waveforms.traces[0]!;
  expect(trace.nSamples).toBeGreaterThan(0);
  expect(trace.values.length).toBe(Math.min(3, count.total) * trace.nSamples);

  const target = join(work, `export-${opts.cycles}.csv`);
  expect(await main.saveDialog(target)).toBe(target);
  const exported = await awaitJob(
    main.api,
    await main.call("exportSelection", {
      selection,
      columns: [opts.column],
      format: "csv",
      outputPath: target,
    }),
  );
  expect(exported.rows).toBe(count.total);
  const lines = readFileSync(target, "utf8").trim().split("\n");
  expect(lines.length).toBeGreaterThanOrEqual(count.total + 1); // header (and units) + one line per entry

  const seen = await main.inspect();
  expect(seen.loadedUrl).toMatch(/\/out\/renderer\/index\.html$/);
  expect(seen.workerEntries.length).toBeGreaterThan(0);
  for (const entry of seen.workerEntries)
    expect(entry).toBe(new URL("out/main/worker.js", `file://${install}/`).href);
  return seen;
}

describe("the built Electron main bundle under Node with a stand-in electron", () => {
  it(`opens a ${CYCLES * 5}-file tree and explores it, all in built workers`, async () => {
    const main = DrivenMain.start(join(tree, "filedb-config.json"), join(work, "main-data-1"));
    try {
      const seen = await exploreAsTheRendererDoes(main, {
        path: join(tree, "filedb-config.json"),
        cut: "cuspEmax_ctc_cal > 100",
        column: "cuspEmax_ctc_cal",
        waveform: "waveform",
        cycles: CYCLES,
      });
      // the scan's table pass and the exploration each started workers
      expect(seen.workerEntries.length).toBeGreaterThanOrEqual(2);
    } finally {
      main.stop();
    }
  }, 300_000);

  it("opens the real prod-ref-l200 production folder and explores it", async () => {
    const main = DrivenMain.start(PROD_REF_DIR, join(work, "main-data-2"));
    try {
      await exploreAsTheRendererDoes(main, {
        path: PROD_REF_DIR,
        cut: "trapEmax > 5000",
        column: "trapEmax",
        waveform: "waveform",
        cycles: 5, // the folder's config: the p03 cal and phy cycles with a hit file (the p14 file is raw only)
      });
    } finally {
      main.stop();
    }
  }, 300_000);

  it("opens a path dropped onto the window as one the user chose; refuses drops from elsewhere", async () => {
    // started on the generated tree: the real test files lie outside every opened folder
    const main = DrivenMain.start(join(tree, "filedb-config.json"), join(work, "main-data-drop"));
    try {
      await main.ready;
      const opened = async () =>
        (await main.inspect()).appCalls
          .filter((c) => c.name === "webContents.send" && c.args[0] === MENU_CHANNEL)
          .map((c) => c.args[1]);
      // a file outside every opened folder: refused until dropped
      expect(await main.errorOf("openLh5File", { path: P14_RAW_FILE })).toBe("ForbiddenPath");
      // from another frame, or not an absolute path: ignored
      expect(await main.emit(DROP_PATH_CHANNEL, P14_RAW_FILE, true)).toBe(1);
      expect(await main.emit(DROP_PATH_CHANNEL, "relative/raw.lh5")).toBe(1);
      expect(await opened()).toEqual([]);
      expect(await main.errorOf("openLh5File", { path: P14_RAW_FILE })).toBe("ForbiddenPath");
      // dropped in the app's window: the renderer is told to open it, and the service allows it
      await main.emit(DROP_PATH_CHANNEL, P14_RAW_FILE);
      expect(await opened()).toEqual([{ command: "open-path", path: P14_RAW_FILE }]);
      expect(await main.errorOf("openLh5File", { path: P14_RAW_FILE })).toBeNull();
      // the usual rules still hold: a drop does not open up its neighbours
      expect(await main.errorOf("openLh5File", { path: join(P14_RAW_FILE, "..", "other.lh5") })).toBe(
        "ForbiddenPath",
      );
    } finally {
      main.stop();
    }
  }, 120_000);
});
