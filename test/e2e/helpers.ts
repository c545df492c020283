// e2e plumbing: build out/ when stale, start the built `lh5-browser serve --no-open` (out/main/cli.js, what
// ships) on a temp data folder, drive Debian's Chromium with playwright-core, save screenshots under test-results/.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { REPO_ROOT } from "../fixtures/testdata.ts";
import { appProcessEnv } from "../../build/scripts/start.mjs";
import { BUILT_CLI, ensureBuilt } from "../fixtures/built.ts";

export { ensureBuilt } from "../fixtures/built.ts";

export const SCREENSHOT_DIR = join(REPO_ROOT, "test-results", "e2e");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface Served {
  url: string;
  child: ChildProcess;
  dataDir: string;
  stderr: () => string;
  stop(): Promise<number | null>;
}

/** Starts web mode like a user would; resolves with the URL from the first stdout line. */
export async function startServe(
  args: string[],
  dataDir = mkdtempSync(join(tmpdir(), "lh5-e2e-data-")),
): Promise<Served> {
  const child = spawn(process.execPath, [BUILT_CLI, "serve", ...args, "--no-open"], {
    cwd: REPO_ROOT,
    env: { ...appProcessEnv(), LH5_BROWSER_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL in 60 s; stderr: ${errors}`)),
      60_000,
    );
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${errors}`)));
  });
  return {
    url,
    child,
    dataDir,
    stderr: () => errors,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGINT");
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(url: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "lh5-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 850 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(url);
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Texts of a grid column's visible cells, in row order. */
export async function columnTexts(page: Page, colId: string): Promise<string[]> {
  return page.evaluate((id) => {
    const cells = new Map<number, string>();
    for (const row of document.querySelectorAll<HTMLElement>(
      '[data-testid="inventory-grid"] .ag-row[row-index]',
    )) {
      const cell = row.querySelector<HTMLElement>(`[col-id="${id}"]`);
      if (cell) cells.set(Number(row.getAttribute("row-index")), cell.innerText.trim());
    }
    return [...cells.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  }, colId);
}

/** A cell of the inventory grid by row index and column id. */
export function gridCell(page: Page, rowIndex: number, colId: string) {
  return page.locator(`[data-testid="inventory-grid"] .ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`);
}

/**
 * Waits for a scan's end state (inventory rows or picker channels listed, the progress bar gone). On the way,
 * the progress bar is screenshotted as `progressShot` if it shows first; a fast scan may never show it, and
 * that is no failure. Resolves to whether the bar was seen.
 */
export async function waitForScanEnd(
  page: Page,
  opts: { listed?: "rows" | "channels"; progressShot?: string; timeout?: number } = {},
): Promise<boolean> {
  const timeout = opts.timeout ?? 170_000;
  const progress = page.getByTestId("scan-progress");
  const listed = page
    .locator(
      opts.listed === "channels"
        ? '[data-testid="channel-picker"] tbody tr'
        : '[data-testid="inventory-grid"] .ag-row',
    )
    .first();
  // the loser of the race keeps waiting until the end state or its timeout: never an unhandled rejection
  const first = await Promise.race([
    progress
      .waitFor({ state: "visible", timeout })
      .then(() => "progress" as const)
      .catch(() => "none" as const),
    listed
      .waitFor({ timeout })
      .then(() => "listed" as const)
      .catch(() => "none" as const),
  ]);
  const seen = first === "progress";
  if (seen && opts.progressShot) await screenshot(page, opts.progressShot);
  await listed.waitFor({ timeout });
  await progress.waitFor({ state: "detached", timeout: 60_000 });
  return seen;
}

/**
 * For one describe block: serves `args`, opens Chromium on it and waits until the channels are listed;
 * closes both and removes the server's data folder after the block. Read `app.browser` / `app.served` in tests.
 */
export function useServedApp(args: string[]): { readonly served: Served; readonly browser: Browser } {
  const app = {} as { served: Served; browser: Browser };
  beforeAll(async () => {
    ensureBuilt();
    app.served = await startServe(args);
    app.browser = await openBrowser(app.served.url);
    await waitForScanEnd(app.browser.page, { listed: "channels" });
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.served?.stop();
    if (app.served) rmSync(app.served.dataDir, { recursive: true, force: true });
  });
  return app;
}
