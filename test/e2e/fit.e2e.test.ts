// A peak fit in Chromium against web mode on the demo dataset (Th-228 calibration lines): the 2614.5 keV
// line of the calibrated energy is drawn, a range around it dragged on the plot and fitted with the HPGe
// peak shape; the FWHM the UI shows and exports equals that of the same bins, exported as CSV, fitted here
// and by scipy (test/fixtures/fits/scipy-fit.py).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Page } from "playwright-core";
import { fitPeak } from "../../shared/fit/fit.ts";
import { REPO_ROOT } from "../fixtures/testdata.ts";
import {
  type Browser,
  ensureBuilt,
  openBrowser,
  SCREENSHOT_DIR,
  screenshot,
  waitForScanEnd,
  type Served,
  startServe,
} from "./helpers.ts";

const LINE_KEV = 2614.5;
/** The scipy-only fit of an exported histogram CSV. */
const SCIPY_FIT = join(REPO_ROOT, "test", "fixtures", "fits", "scipy-fit.py");
const DRAGGED: [number, number] = [2600, 2630];

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8") };
}

/** Drags along x on the (single) histogram plot from one data value to another, as a user selects a range. */
async function dragX(page: Page, from: number, to: number): Promise<void> {
  const box = await page.evaluate(
    ([lo, hi]) => {
      const div = document.querySelector<HTMLElement>('[data-testid="histogram-plot"]')!;
      const layout = (
        div as unknown as {
          _fullLayout: {
            xaxis: { _offset: number; l2p(v: number): number };
            yaxis: { _offset: number; _length: number };
          };
        }
      )._fullLayout;
      const rect = div.getBoundingClientRect();
      return {
        x0: rect.left + layout.xaxis._offset + layout.xaxis.l2p(lo!),
        x1: rect.left + layout.xaxis._offset + layout.xaxis.l2p(hi!),
        y: rect.top + layout.yaxis._offset + layout.yaxis._length / 2,
      };
    },
    [from, to],
  );
  await page.mouse.move(box.x0, box.y);
  await page.mouse.down();
  await page.mouse.move((box.x0 + box.x1) / 2, box.y, { steps: 5 });
  await page.mouse.move(box.x1, box.y, { steps: 5 });
  await page.mouse.up();
}

describe("peak fit on the demo dataset", () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    served = await startServe([]);
    browser = await openBrowser(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("fits the 2614.5 keV line in a dragged range and exports the same FWHM as a fit of the exported bins", async () => {
    const { page } = browser;
    await waitForScanEnd(page, { listed: "channels" });
    const column = page.getByTestId("histogram-column-x");
    const energy = await column
      .locator("option")
      .evaluateAll((list) =>
        list.map((o) => (o as HTMLOptionElement).value).find((v) => v.endsWith(":cuspEmax_ctc_cal")),
      );
    expect(energy).toBeDefined();
    await column.selectOption(energy!);
    await page.getByTestId("histogram-bins-x").fill("200");
    await page.getByTestId("histogram-lo-x").fill("2590");
    await page.getByTestId("histogram-lo-x").blur();
    await page.getByTestId("histogram-hi-x").fill("2640");
    await page.getByTestId("histogram-hi-x").blur();
    await page.getByTestId("histogram-draw").click();
    const plot = page.getByTestId("histogram-plot");
    await expect.poll(() => plot.getAttribute("data-drawn"), { timeout: 120_000 }).not.toBeNull();

    await dragX(page, ...DRAGGED);
    await expect
      .poll(() => page.getByTestId("fit-next-range").innerText())
      .toMatch(/^on the selection 2\d{3}/);
    await page.getByTestId("fit-model").selectOption("hpge");
    await page.getByTestId("fit-run").click();
    await page.getByTestId("fit-table").waitFor();
    await expect.poll(() => page.getByTestId("fit-range").innerText()).toContain("the selected range");
    // the curve is drawn over the bins
    await expect.poll(() => plot.locator(".scatterlayer .trace").count()).toBe(2);
    await page.waitForTimeout(300);
    await screenshot(page, "fit-01-hpge-2614");
    await page.getByTestId("fit-table").scrollIntoViewIfNeeded();
    await page.getByTestId("histogram-view").screenshot({ path: join(SCREENSHOT_DIR, "fit-02-table.png") });
    // on a 1366×768 laptop screen the fit table is still reachable and readable
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId("fit-table").scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId("fit-table").isVisible()).toBe(true);
    await screenshot(page, "fit-03-table-1366x768");
    await page.setViewportSize({ width: 1400, height: 850 });

    const exported = await download(page, "fit-export-json");
    expect(exported.name).toBe("fit-cuspEmax_ctc_cal.json");
    const ui = JSON.parse(exported.text) as {
      range: [number, number];
      parameters: Record<string, { value: number; error: number }>;
      fwhm: { value: number; error: number };
    };
    expect(Math.abs(ui.parameters.mu!.value - LINE_KEV)).toBeLessThan(0.5);

    // the same bins, from the histogram's CSV export, fitted here over the same range
    const csvText = (await download(page, "histogram-export-csv")).text;
    const csv = csvText.trim().split("\n").slice(1);
    const edges = [...csv.map((line) => Number(line.split(",")[0])), Number(csv.at(-1)!.split(",")[1])];
    const counts = csv.map((line) => Number(line.split(",")[2]));
    const here = fitPeak({ edges, counts }, { model: "hpge", range: DRAGGED });
    expect(here.range).toEqual(ui.range);
    expect(Math.abs(here.fwhm.value / ui.fwhm.value - 1)).toBeLessThan(1e-6);
    expect(Math.abs(here.fwhm.error / ui.fwhm.error - 1)).toBeLessThan(1e-4);
    // and by scipy alone (/usr/bin/python3), from its own start: the same FWHM to 1e-4
    const csvPath = join(mkdtempSync(join(tmpdir(), "lh5-fit-")), "histogram.csv");
    writeFileSync(csvPath, csvText);
    const scipy = spawnSync(
      "/usr/bin/python3",
      [SCIPY_FIT, csvPath, String(ui.range[0]), String(ui.range[1]), "hpge"],
      { encoding: "utf8" },
    );
    expect(scipy.status, scipy.stderr).toBe(0);
    const reference = JSON.parse(scipy.stdout) as { range: [number, number]; fwhm: number };
    expect(reference.range).toEqual(ui.range);
    expect(Math.abs(ui.fwhm.value / reference.fwhm - 1)).toBeLessThan(1e-4);
    rmSync(dirname(csvPath), { recursive: true, force: true });
    // the table shows that FWHM, rounded to its error
    const fwhmCell = page.locator('[data-testid="fit-table"] tr[data-row="fwhm"] td').first();
    expect(Math.abs(Number(await fwhmCell.innerText()) - here.fwhm.value)).toBeLessThan(here.fwhm.error / 10);
    expect(browser.problems).toEqual([]);
  });
});
