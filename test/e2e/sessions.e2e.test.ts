// Work that survives, in Chromium against web mode: channels, a cut, a saved cut, a drawn histogram, a
// resized pane and the current entry (a clicked waveform line) are all back after the server process restarts (with a fresh browser profile, so
// nothing comes from the browser's storage). And web mode's file chooser opens a dataset and takes an
// export in folders that were never opened before. Screenshots go to test-results/e2e.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { generateDataset, type GeneratedDataset } from "../../electron/services/generator/index.ts";
import { FILEDB_CONFIG } from "../fixtures/testdata.ts";
import {
  type Browser,
  ensureBuilt,
  openBrowser,
  screenshot,
  type Served,
  startServe,
  waitForScanEnd,
} from "./helpers.ts";
import { clickLine, drawnLines } from "./waveform-lines.ts";

const CHANNELS = ["ch1084803", "ch1084804"];

const plotDraws = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="histogram-plot"]')].reduce(
      (sum, el) => sum + Number(el.dataset.drawn ?? "0"),
      0,
    ),
  );

/** The left column's width as laid out (dragged with its splitter). */
const sidebarWidth = (page: Page) =>
  page.evaluate(() =>
    Math.round(document.querySelector<HTMLElement>(".sidebar")?.getBoundingClientRect().width ?? 0),
  );

describe("the session survives a server restart", () => {
  let served: Served | undefined;
  let browser: Browser | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-e2e-session-"));

  beforeAll(() => ensureBuilt());
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("brings back channels, cut, saved cut, histogram, pane size and the current entry", async () => {
    served = await startServe([FILEDB_CONFIG], dataDir);
    browser = await openBrowser(served.url);
    let page = browser.page;
    await waitForScanEnd(page, { listed: "channels" });
    const picker = page.getByTestId("channel-picker");
    await picker.locator(`tr[data-table="${CHANNELS[0]}"]`).click();
    await picker.locator(`tr[data-table="${CHANNELS[1]}"]`).click({ modifiers: ["Control"] });
    await expect.poll(() => page.getByTestId("channel-summary").innerText()).toMatch(/^2 of \d+ selected/);
    const editor = page.getByTestId("cut-editor-hit");
    await editor.fill("trapEmax > 5000");
    await editor.press("Enter");
    await page.getByTestId("cut-save-hit").click();
    await page.getByTestId("cut-save-name-hit").fill("high energy");
    await page.getByTestId("cut-save-name-hit").press("Enter");
    await page.getByTestId("histogram-column-x").selectOption("dsp:trapEmax");
    await page.getByTestId("histogram-bins-x").fill("50");
    await page.getByTestId("histogram-draw").click();
    await expect.poll(() => plotDraws(page), { timeout: 60_000 }).toBeGreaterThan(0);
    // the current entry: a clicked waveform line
    await expect
      .poll(async () => (await drawnLines(page)).lines.length, { timeout: 90_000 })
      .toBeGreaterThan(1);
    await expect.poll(() => page.locator(".waveform-loading").count(), { timeout: 60_000 }).toBe(0);
    const picked = (await drawnLines(page)).lines.at(-1)!;
    await clickLine(page, picked);
    const entry = /^#(\d+)/.exec(picked.name)![1]!;
    await expect
      .poll(() => page.getByTestId("values-table").locator("h3").textContent(), { timeout: 30_000 })
      .toBe(`Entry #${entry}`);
    const detector = await page.getByTestId("identity-detector").locator("dd").innerText();
    const handle = page.getByTestId("splitter-sidebar");
    const box = (await handle.boundingBox())!;
    const before = await sidebarWidth(page);
    await page.mouse.move(box.x + box.width / 2, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 150, box.y + 40, { steps: 5 });
    await page.mouse.up();
    const resized = await sidebarWidth(page);
    expect(resized).toBeGreaterThan(before + 100);
    await screenshot(page, "session-01-before-restart");
    // the service has it on disk (the page saves a moment after the last change)
    const sessionFile = join(dataDir, "session.json");
    await expect
      .poll(() => (existsSync(sessionFile) ? readFileSync(sessionFile, "utf8") : ""), { timeout: 10_000 })
      .toMatch(/high energy[\s\S]*/);
    await expect.poll(() => readFileSync(sessionFile, "utf8"), { timeout: 10_000 }).toMatch(/"sidebar": \d+/);

    await browser.close();
    browser = undefined;
    await served.stop();
    // a restart without a path: the saved session decides what opens; a fresh browser profile
    served = await startServe([], dataDir);
    browser = await openBrowser(served.url);
    page = browser.page;
    await waitForScanEnd(page, { listed: "channels" });
    await expect.poll(() => page.getByTestId("channel-summary").innerText()).toMatch(/^2 of \d+ selected/);
    expect(
      await page
        .getByTestId("channel-picker")
        .locator('tbody tr[aria-selected="true"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-table"))),
    ).toEqual(CHANNELS);
    expect(await page.getByTestId("cut-editor-hit").inputValue()).toBe("trapEmax > 5000");
    expect(await page.getByTestId("cut-saved-hit").locator("option").allInnerTexts()).toContain(
      "high energy",
    );
    // the histogram's column is back, with its tier: the restored cycles' columns are listed
    await expect
      .poll(() => page.getByTestId("histogram-column-x").inputValue(), { timeout: 15_000 })
      .toBe("dsp:trapEmax");
    expect(await page.getByTestId("histogram-bins-x").inputValue()).toBe("50");
    await expect.poll(() => plotDraws(page), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await sidebarWidth(page)).toBe(resized);
    // the current entry is back: the values table and the event view show it
    await expect
      .poll(() => page.getByTestId("values-table").locator("h3").textContent(), { timeout: 60_000 })
      .toBe(`Entry #${entry}`);
    await expect
      .poll(() => page.getByTestId("identity-detector").locator("dd").innerText(), { timeout: 30_000 })
      .toBe(detector);
    await page.getByTestId("event-view").getByTestId("event-title").waitFor({ timeout: 60_000 });
    await page.waitForTimeout(300); // let Plotly finish its transition before the picture
    await screenshot(page, "session-02-after-restart");
    expect(browser.problems).toEqual([]);
  });
});

describe("web mode's file chooser", () => {
  let served: Served;
  let browser: Browser;
  let dataset: GeneratedDataset;
  const root = mkdtempSync(join(tmpdir(), "lh5-e2e-chooser-"));
  const outFolder = join(root, "new-exports");

  beforeAll(async () => {
    ensureBuilt();
    dataset = await generateDataset(join(root, "data"), { cycles: 2, channels: 2, events: 20, seed: 11 });
    served = await startServe([FILEDB_CONFIG]);
    browser = await openBrowser(served.url);
    await waitForScanEnd(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  it("opens a typed path outside the opened folders once it is confirmed in the chooser", async () => {
    const { page } = browser;
    await page.getByLabel("Dataset path").fill(dataset.filedbConfigPath);
    await page.getByRole("button", { name: "Open", exact: true }).click();
    const chooser = page.getByTestId("file-chooser");
    await chooser.waitFor();
    expect(await page.getByTestId("file-chooser-path").inputValue()).toBe(dataset.filedbConfigPath);
    await page.getByTestId("file-chooser-entry-filedb-config.json").waitFor();
    await screenshot(page, "chooser-01-confirm-typed-path");
    await page.getByTestId("file-chooser-confirm").click();
    // the config reads its data folder: the usual confirmation of that folder follows
    await page.getByTestId("confirm-folder-allow").click();
    await expect
      .poll(() => page.getByTestId("file-count").innerText(), { timeout: 60_000 })
      .toBe("2 of 2 cycles");
  });

  it("exports through the chooser into a folder that was never opened", async () => {
    const { page } = browser;
    const { mkdirSync } = await import("node:fs");
    mkdirSync(outFolder);
    await page.getByTestId("export-button").click();
    await page.getByTestId("export-format").selectOption("csv");
    await page.getByTestId("export-columns").fill("cuspEmax_ctc_cal");
    await page.getByTestId("export-choose").click();
    const box = page.getByTestId("file-chooser-path");
    await box.fill(root);
    await page.getByTestId("file-chooser-go").click();
    await page.getByTestId("file-chooser-entry-new-exports").click();
    await expect.poll(() => box.inputValue()).toBe(outFolder);
    await box.fill(join(outFolder, "sel.csv"));
    await screenshot(page, "chooser-02-export-target");
    await page.getByTestId("file-chooser-confirm").click();
    // the chooser asks the service for the one-time permission first, then fills the path in
    await expect.poll(() => page.getByTestId("export-path").inputValue()).toBe(join(outFolder, "sel.csv"));
    await page.getByTestId("export-start").click();
    await page.getByTestId("export-done").waitFor({ timeout: 60_000 });
    expect(readFileSync(join(outFolder, "sel.csv"), "utf8")).toContain("cuspEmax_ctc_cal");
    await screenshot(page, "chooser-03-exported");
    expect(browser.problems).toEqual([]);
  });
});
