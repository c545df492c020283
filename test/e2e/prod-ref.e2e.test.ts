// The inventory flow on the real LEGEND production tree with pygama's test FileDB config: the grid
// shows exactly the cycles, tier statuses and channel counts that FileDB computes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { FileDB } from "../../electron/services/flow/filedb/index.ts";
import { FILEDB_CONFIG } from "../fixtures/testdata.ts";
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

function utc(key: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(key)!;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} UTC`;
}

describe("web mode on prod-ref-l200", () => {
  let served: Served;
  let browser: Browser;
  let reference: FileDB;

  beforeAll(async () => {
    ensureBuilt();
    reference = await FileDB.create(FILEDB_CONFIG);
    await reference.scanTablesColumns();
    served = await startServe([FILEDB_CONFIG]);
    browser = await openBrowser(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("scans (progress shown when slow enough to see) and lists exactly FileDB's cycles and tier statuses", async () => {
    const { page } = browser;
    await waitForScanEnd(page, { listed: "rows", progressShot: "prod-ref-01-scan-progress" });
    const n = reference.nRows;
    await expect
      .poll(() => page.getByTestId("file-count").innerText(), { timeout: 30_000 })
      .toBe(`${n} of ${n} cycles`);
    await screenshot(page, "prod-ref-02-rows");
    const timestamps = Array.from(reference.column("timestamp") as string[]);
    expect(await columnTexts(page, "timestamp")).toEqual(timestamps.map(utc));
    expect(await columnTexts(page, "run")).toEqual(Array.from(reference.column("run") as string[]));
    expect(await columnTexts(page, "type")).toEqual(Array.from(reference.column("type") as string[]));
    const status = reference.column("file_status") as Float64Array;
    for (const [t, tier] of reference.tiers.entries()) {
      const bit = 2 ** (reference.tiers.length - 1 - t);
      expect(await columnTexts(page, `${tier}_status`), tier).toEqual(
        Array.from(status, (s) => (Math.floor(s / bit) % 2 ? "present" : "missing")),
      );
      const tables = reference.column(`${tier}_tables`) as (unknown[] | null)[];
      expect(await columnTexts(page, `${tier}_channels`), tier).toEqual(
        tables.map((l) => (l ? String(l.length) : "")),
      );
    }
    // The p14 file whose folder and name disagree is reported, not mixed in.
    await page.getByRole("button", { name: /scan problem/ }).click();
    expect(await page.locator(".problems-list").innerText()).toMatch(/l200-p14-r004-cal.*'run' is 'r005'/s);
    await screenshot(page, "prod-ref-03-problems");
    await page.getByRole("button", { name: /scan problem/ }).click();
  });

  it("filters with a query and shows a query error", async () => {
    const { page } = browser;
    await page.getByTestId("file-query").fill("type == 'phy' and run in ['r001']");
    await page.getByTestId("file-query").press("Enter");
    await expect
      .poll(() => page.getByTestId("file-count").innerText())
      .toBe(`2 of ${reference.nRows} cycles`);
    expect(await columnTexts(page, "type")).toEqual(["phy", "phy"]);
    await screenshot(page, "prod-ref-04-query");
    await page.getByTestId("file-query").fill("type == 'phy' and (run == 'r001'");
    await page.getByTestId("file-query").press("Enter");
    await page.getByTestId("file-query-error").waitFor();
    await screenshot(page, "prod-ref-05-query-error");
    await page.getByTestId("file-query").fill("type == 'phy' and run in ['r001']");
    await page.getByTestId("file-query").press("Enter");
    await page.getByTestId("file-query-error").waitFor({ state: "detached" });
  });

  it("selects a cycle and shows its files, tables and columns", async () => {
    const { page } = browser;
    await gridCell(page, 0, "run").click();
    const details = page.getByTestId("details-panel");
    await details.locator(".tier-block").first().waitFor({ timeout: 60_000 });
    const text = await details.innerText();
    for (const name of ["ch1057600/raw", "ch1084803/dsp", "ch1121600/hit", "hardware_tcm_1"])
      expect(text).toContain(name);
    expect(text).toMatch(/evt\s*missing/);
    const dspTable = details.locator(".table-block", {
      has: page.locator("summary", { hasText: "ch1084803/dsp" }),
    });
    await dspTable.locator("summary").click();
    const dspColumns = await dspTable.locator(".columns-table").innerText();
    expect(dspColumns).toMatch(/trapEmax\s+array<1>\{real\}/);
    await screenshot(page, "prod-ref-06-details");
    expect(browser.problems).toEqual([]);
  });
});
