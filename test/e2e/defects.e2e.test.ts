// Issue #18's defects found by using the app, each checked in Chromium against web mode on the demo dataset:
// the layout fits a laptop screen and its splitters work by keyboard (7), the waveform page follows a
// shrinking selection (2), and the grid's column filters and the selection follow one visible rule (4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import {
  type Browser,
  ensureBuilt,
  gridCell,
  openBrowser,
  SCREENSHOT_DIR,
  screenshot,
  type Served,
  startServe,
  waitForScanEnd,
} from "./helpers.ts";

async function liveCount(page: Page): Promise<number | null> {
  const count = page.getByTestId("live-count");
  if ((await count.getAttribute("data-state")) !== "done") return null;
  return Number((await count.innerText()).replace(/\D/g, ""));
}

/** Whether the live count has finished with a value other than `previous`. */
async function settledOtherThan(page: Page, previous: number): Promise<boolean> {
  const count = await liveCount(page);
  return count !== null && count !== previous;
}

/** The element's box, and whether it lies wholly inside the viewport. */
async function placement(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((element) => {
    const r = element.getBoundingClientRect();
    return {
      top: r.top,
      bottom: r.bottom,
      width: r.width,
      height: r.height,
      inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5,
    };
  });
}

/** The lines painted on the waveform canvas (as handed to it) and the count of finished draws. */
async function waveformLines(page: Page): Promise<{ draws: number; ys: number[][] }> {
  return page.evaluate(() => {
    const div = document.querySelector<HTMLElement>('[data-testid="waveform-plot"]')!;
    const lines = (div as unknown as { waveformLines?: { y: ArrayLike<number> }[] }).waveformLines ?? [];
    return { draws: Number(div.dataset.drawn ?? "0"), ys: lines.map((line) => Array.from(line.y)) };
  });
}

/** The x positions of the vertical marker lines Plotly was given. */
async function timeMarkerPositions(page: Page): Promise<number[]> {
  return page.getByTestId("waveform-plot").evaluate((div) => {
    const shapes = (div as unknown as { layout?: { shapes?: { x0: number; xref: string }[] } }).layout
      ?.shapes;
    return (shapes ?? []).filter((shape) => shape.xref === "x").map((shape) => shape.x0);
  });
}

const pageScrolls = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollHeight > innerHeight + 1);

describe("issue #18 defects on the demo dataset", () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    served = await startServe([]);
    browser = await openBrowser(served.url);
    await waitForScanEnd(browser.page, { listed: "channels" });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("7: fits 1366x768 and 1600x1000 with every view on the first screen; splitters move by keyboard", async () => {
    const { page } = browser;
    await page.getByTestId("waveform-plot").waitFor({ timeout: 120_000 });
    for (const [width, height] of [
      [1366, 768],
      [1600, 1000],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(400);
      expect(await pageScrolls(page)).toBe(false);
      for (const view of ["inventory-grid", "channel-picker", "histogram-view", "waveform-view"])
        expect((await placement(page, view)).inside, `${view} at ${width}x${height}`).toBe(true);
      const plot = await placement(page, "waveform-plot");
      expect(plot.inside, `waveform plot at ${width}x${height}`).toBe(true);
      expect(plot.height).toBeGreaterThanOrEqual(150);
      await screenshot(page, `defects-01-layout-${width}x${height}`);
    }

    // the left column's splitter: arrows move it by 20 px (Shift: 100), Home/End to its limits
    const splitter = page.getByTestId("splitter-sidebar");
    const sidebarWidth = () =>
      page.locator(".sidebar").evaluate((element) => element.getBoundingClientRect().width);
    const before = await sidebarWidth();
    await splitter.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect.poll(sidebarWidth).toBeCloseTo(before + 40, 0);
    await page.keyboard.press("Shift+ArrowLeft");
    await expect.poll(sidebarWidth).toBeCloseTo(before - 60, 0);
    await page.keyboard.press("Home");
    await expect.poll(sidebarWidth).toBe(320);
    expect(await splitter.getAttribute("aria-valuenow")).toBe("320");
    // the histogram / waveform splitter, by mouse
    const analysis = page.locator(".pane-analysis");
    const analysisHeight = () => analysis.evaluate((element) => element.getBoundingClientRect().height);
    const rows = page.getByTestId("splitter-analysis");
    const box = (await rows.boundingBox())!;
    const start = await analysisHeight();
    await page.mouse.move(box.x + box.width / 2, box.y + 3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 3 - 80, { steps: 4 });
    await page.mouse.up();
    await expect.poll(analysisHeight).toBeCloseTo(start - 80, 0);
    expect(await pageScrolls(page)).toBe(false);
    await screenshot(page, "defects-02-layout-resized");
    expect(browser.problems).toEqual([]);
  });

  it("2: the waveform page goes back to the first entries when the selection shrinks", async () => {
    const { page } = browser;
    const position = page.getByTestId("waveform-position");
    await expect.poll(() => position.innerText(), { timeout: 60_000 }).toMatch(/^1–10 of /);
    const all = Number((await position.innerText()).split(" of ")[1]!.replace(/\D/g, ""));
    await page.getByTestId("waveform-end").click();
    await expect.poll(() => position.innerText()).not.toMatch(/^1–/);
    // a cut keeps a few percent of the entries: fewer than the position paged to
    await page.getByTestId("cut-editor-hit").fill("cuspEmax_ctc_cal > 2600");
    await page.getByTestId("cut-editor-hit").press("Enter");
    await expect.poll(() => position.innerText(), { timeout: 60_000 }).toMatch(/^1–\d+ of \d+$/);
    const shown = Number((await position.innerText()).split(" of ")[1]!.replace(/\D/g, ""));
    expect(shown).toBeLessThan(all);
    await expect.poll(() => page.getByTestId("waveform-plot").getAttribute("data-lines")).not.toBe("0");
    await screenshot(page, "defects-03-page-reset");
    await page.getByTestId("cut-editor-hit").fill("");
    await page.getByTestId("cut-editor-hit").press("Enter");
    await expect.poll(() => liveCount(page), { timeout: 60_000 }).toBe(all);
    expect(browser.problems).toEqual([]);
  });

  it("4: a column filter narrows the selection; a row click shows details without ticking", async () => {
    const { page } = browser;
    const rule = page.getByTestId("selection-rule");
    await expect.poll(() => rule.innerText()).toBe("selection: all 12 cycles shown");
    await expect.poll(() => liveCount(page), { timeout: 60_000 }).not.toBeNull();
    const everything = (await liveCount(page))!;

    // filter the type column to the calibration cycles through ag-grid's own filter popup
    await page
      .locator('[data-testid="inventory-grid"] .ag-header-cell[col-id="type"] .ag-header-cell-filter-button')
      .click();
    await page.locator(".ag-filter-wrapper input").first().fill("cal");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("file-count").innerText()).toBe("6 of 12 cycles");
    await expect.poll(() => rule.innerText()).toBe("selection: all 6 cycles shown");
    await expect.poll(() => settledOtherThan(page, everything), { timeout: 60_000 }).toBe(true);
    const calibration = (await liveCount(page))!;
    expect(calibration).toBeGreaterThan(0);
    expect(calibration).toBeLessThan(everything);
    await screenshot(page, "defects-04-column-filter");

    // a click shows the cycle's details and leaves the selection alone
    await gridCell(page, 1, "run").click();
    await page.getByTestId("details-panel").locator(".tier-block").first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="inventory-grid"] .ag-row-selected').count()).toBe(0);
    expect(await rule.innerText()).toBe("selection: all 6 cycles shown");
    // its checkbox ticks it: the selection is that one cycle, and saying so
    await page
      .locator('[data-testid="inventory-grid"] .ag-row[row-index="1"] .ag-selection-checkbox input')
      .first()
      .click();
    await expect.poll(() => rule.innerText()).toMatch(/^selection: 1 cycle ticked/);
    await expect.poll(() => settledOtherThan(page, calibration), { timeout: 60_000 }).toBe(true);
    await screenshot(page, "defects-05-ticked");
    await page.getByTestId("selection-clear").click();
    await expect.poll(() => rule.innerText()).toBe("selection: all 6 cycles shown");
    expect(await page.locator('[data-testid="inventory-grid"] .ag-row-selected').count()).toBe(0);
    expect(browser.problems).toEqual([]);
  });

  it("3: time markers are aligned with their traces", async () => {
    const { page } = browser;
    const before = (await waveformLines(page)).draws;
    await page.getByTestId("waveform-align").fill("tp_0_est");
    await page.getByTestId("waveform-align").press("Enter");
    await page.getByTestId("waveform-time-markers").fill("tp_0_est");
    await page.getByTestId("waveform-time-markers").press("Tab");
    await expect
      .poll(async () => (await waveformLines(page)).draws, { timeout: 60_000 })
      .toBeGreaterThan(before);
    // the marker at the alignment column's own time lies at 0 on the aligned axis, for every entry
    await expect.poll(async () => (await timeMarkerPositions(page)).length, { timeout: 60_000 }).toBe(10);
    for (const x of await timeMarkerPositions(page)) expect(Math.abs(x)).toBeLessThan(1e-6);
    await screenshot(page, "defects-06-aligned-markers");
    await page.getByTestId("waveform-align").fill("");
    await page.getByTestId("waveform-align").press("Enter");
    await page.getByTestId("waveform-time-markers").fill("");
    await page.getByTestId("waveform-time-markers").press("Tab");
    await expect.poll(async () => (await timeMarkerPositions(page)).length).toBe(0);
    expect(browser.problems).toEqual([]);
  });

  it("5: the trapezoid with its default parameters has no artefact at t = 0", async () => {
    const { page } = browser;
    const before = (await waveformLines(page)).draws;
    await page.getByTestId("waveform-derived").selectOption("trapezoid");
    await expect
      .poll(async () => (await waveformLines(page)).draws, { timeout: 60_000 })
      .toBeGreaterThan(before);
    const { ys } = await waveformLines(page);
    expect(ys.length).toBe(10);
    for (const y of ys) {
      // the demo's pulses start near the middle of the trace: its first quarter is baseline only, on
      // which the filter reads noise (without padding by the baseline, a step of ~15k ADC sat there)
      const start = y.slice(0, Math.floor(y.length / 4)).filter(Number.isFinite);
      expect(Math.max(...start.map(Math.abs))).toBeLessThan(100);
      expect(Math.max(...y.filter(Number.isFinite))).toBeGreaterThan(100);
    }
    await screenshot(page, "defects-07-trapezoid");
    await page.getByTestId("waveform-derived").selectOption("none");
    expect(browser.problems).toEqual([]);
  });

  it("6: Copy as Python works on the demo, with columns and the lgdo reads, and compiles", async () => {
    const { page, context } = browser;
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("copy-python").click();
    await page.getByTestId("copy-python-copied").waitFor({ timeout: 60_000 });
    const text = await page.evaluate(() => navigator.clipboard.readText());
    writeFileSync(join(SCREENSHOT_DIR, "defects-08-copy-python.py"), text);
    expect(text).toMatch(/filedb = FileDB\(".*\/demo\/filedb-config\.json"\)/);
    expect(text).toMatch(/loader = DataLoader\(".*\/demo\/dataloader-config\.json", filedb=filedb\)/);
    expect(text).not.toContain("columns=[]");
    expect(text).toMatch(/columns=\["cuspEmax_ctc_cal"\]/);
    // the lgdo flavour lists the files of every cycle the grid shows and channel (4 in the demo)
    expect(text).not.toContain("No files were resolved");
    const cycles = Number((await page.getByTestId("selection-rule").innerText()).replace(/\D/g, ""));
    expect(text.match(/^ {4}\[\(".*ch\d+\/raw"\), /gm)).toHaveLength(cycles * 4);
    const script = join(served.dataDir, "selection.py");
    writeFileSync(script, text);
    const compiled = spawnSync("/usr/bin/python3", ["-m", "py_compile", script], { encoding: "utf8" });
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(browser.problems).toEqual([]);
  });
});
