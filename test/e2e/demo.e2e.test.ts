// The whole inventory flow in Chromium against web mode on the built-in demo dataset, generated
// on first start into a fresh user data folder. Every step saves a screenshot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import {
  type Browser,
  columnTexts,
  ensureBuilt,
  gridCell,
  openBrowser,
  screenshot,
  waitForScanEnd,
  type Served,
  startServe,
} from "./helpers.ts";

describe("web mode on the demo dataset", () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    served = await startServe([]);
    browser = await openBrowser(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    const code = await served?.stop();
    expect(code).toBe(0); // Ctrl+C stops serve cleanly
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("generates and scans the demo, showing progress when it is slow enough to see", async () => {
    const { page } = browser;
    // waits for the listed rows (the end state); the progress screenshot is taken only if the bar shows
    await waitForScanEnd(page, { listed: "rows", progressShot: "demo-01-scan-progress" });
  });

  it("lists one row per cycle with tier statuses", async () => {
    const { page } = browser;
    await page.locator('[data-testid="inventory-grid"] .ag-row').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId("file-count").innerText()).toBe("12 of 12 cycles");
    await screenshot(page, "demo-02-rows");
    expect(await columnTexts(page, "raw_status")).toEqual(Array(12).fill("present"));
    const stamps = await columnTexts(page, "timestamp");
    expect(stamps[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect((await columnTexts(page, "raw_size"))[0]).toMatch(/^\d+(\.\d+)? [kMG]B$/);
  });

  it("filters with a query", async () => {
    const { page } = browser;
    await page.getByTestId("file-query").fill("type == 'cal'");
    await page.getByTestId("file-query").press("Enter");
    await expect
      .poll(() => page.getByTestId("file-count").innerText())
      .toMatch(/^([1-9]|1[01]) of 12 cycles$/);
    const count = Number((await page.getByTestId("file-count").innerText()).split(" ")[0]);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(12);
    await expect.poll(async () => new Set(await columnTexts(page, "type"))).toEqual(new Set(["cal"]));
    await screenshot(page, "demo-03-query");
  });

  it("shows a query error at its position and keeps the last good rows", async () => {
    const { page } = browser;
    await page.getByTestId("file-query").fill("type == 'cal' and tpye == 'phy'");
    await page.getByTestId("file-query").press("Enter");
    const error = page.getByTestId("file-query-error");
    await error.waitFor({ timeout: 10_000 });
    expect(await error.innerText()).toMatch(/tpye/);
    expect(await error.locator("mark").innerText()).toBe("tpye");
    expect(await error.innerText()).toMatch(/\b18\b/);
    await screenshot(page, "demo-04-query-error");
    await page.getByTestId("file-query").fill("");
    await page.getByTestId("file-query").press("Enter");
    await error.waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("file-count").innerText()).toBe("12 of 12 cycles");
  });

  it("selects rows and shows the details of the clicked cycle", async () => {
    const { page } = browser;
    // rows are ticked by their checkboxes; a click on a cell only shows the cycle's details
    for (const row of [1, 2])
      await page
        .locator(`[data-testid="inventory-grid"] .ag-row[row-index="${row}"] .ag-selection-checkbox input`)
        .first()
        .click();
    await gridCell(page, 2, "run").click();
    await expect
      .poll(() => page.locator('[data-testid="inventory-grid"] .ag-row-selected [col-id="run"]').count())
      .toBe(2);
    await screenshot(page, "demo-05-selection");
    const details = page.getByTestId("details-panel");
    await details.locator(".tier-block").first().waitFor({ timeout: 30_000 });
    const text = await details.innerText();
    expect(text).toMatch(/raw\s*present/);
    expect(text).toMatch(/ch\d{7}\/raw/);
    await details.locator("summary").first().click();
    await details.locator(".columns-table").first().waitFor();
    expect(await details.locator(".columns-table").first().innerText()).toMatch(/array<1>\{real\}/);
    await screenshot(page, "demo-06-details");
    expect(browser.problems).toEqual([]);
  });
});
