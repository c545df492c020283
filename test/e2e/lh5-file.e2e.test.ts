// One LH5 data file opened on its own (the p14 raw file of prod-ref-l200, zstd columns and encoded
// waveforms): the tree and attributes match `ls --json`, a table page and a decoded waveform page match
// `dump`, a column is histogrammed; screenshots at 1366x768 and 1600x1000.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveformPlotElement } from "../../renderer/features/waveforms/WaveformPlot.tsx";
import { BUILT_CLI } from "../fixtures/built.ts";
import { P14_RAW_FILE } from "../fixtures/testdata.ts";
import { type Browser, ensureBuilt, openBrowser, screenshot, type Served, startServe } from "./helpers.ts";

function cli(...args: string[]): unknown {
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args, "--json"], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

interface Listed {
  path: string;
  datatype: string | null;
  attrs: Record<string, unknown>;
}

describe("web mode on a single LH5 file", () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    served = await startServe([P14_RAW_FILE]);
    browser = await openBrowser(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("shows the file's top level as `ls` does, and expands a group with the keys", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    const tree = page.getByRole("tree", { name: "Objects of the file" });
    await expect.poll(() => tree.getByRole("treeitem").count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const top = (cli("ls", P14_RAW_FILE, "--depth", "1") as Listed[]).map((e) => e.path);
    expect(
      await tree.getByRole("treeitem").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-path"))),
    ).toEqual(top);
    await tree.locator('[data-path="ch1105600"]').click();
    await tree.focus();
    await page.keyboard.press("ArrowRight");
    await tree.locator('[data-path="ch1105600/raw"]').waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    await tree.locator('[data-path="ch1105600/raw/baseline"]').waitFor();
    // the table's attributes and every column's, as `ls --json` lists them
    const listed = cli("ls", P14_RAW_FILE, "ch1105600/raw", "--depth", "1") as Listed[];
    await page.keyboard.press("ArrowDown"); // abs_delta_mu_usec
    await page.keyboard.press("ArrowDown"); // baseline
    const details = page.getByRole("region", { name: "Object details" });
    await expect.poll(() => details.innerText()).toContain("/ch1105600/raw/baseline");
    const baseline = listed.find((e) => e.path === "ch1105600/raw/baseline")!;
    const attrRows = await details
      .getByRole("table", { name: "Attributes" })
      .locator("tr")
      .evaluateAll((rows) =>
        rows.map((r) => [r.querySelector("th")!.textContent, r.querySelector("td")!.textContent]),
      );
    expect(Object.fromEntries(attrRows)).toEqual(baseline.attrs);
    expect(await details.innerText()).toMatch(/shuffle.*Zstandard/s);
    expect(await details.innerText()).toContain(baseline.datatype!);
    await screenshot(page, "lh5-file-01-tree-attributes-1366");
    expect(browser.problems).toEqual([]);
  });

  it("a table page and a decoded waveform page equal `dump`", async () => {
    const { page } = browser;
    const tree = page.getByRole("tree", { name: "Objects of the file" });
    await tree.locator('[data-path="ch1105600/raw"]').click();
    await page.getByRole("button", { name: "Table", exact: true }).click();
    const table = page.getByTestId("file-table-view");
    const dumped = cli("dump", P14_RAW_FILE, "ch1105600/raw") as Record<string, unknown>;
    const cell = table.locator('.ag-row[row-index="0"] [col-id="baseline"]');
    await expect
      .poll(() => cell.innerText(), { timeout: 30_000 })
      .toBe(String((dumped.baseline as number[])[0]));
    expect(await table.locator('.ag-row[row-index="0"] [col-id="board_id"]').innerText()).toBe(
      String((dumped.board_id as number[])[0]),
    );

    await tree.locator('[data-path="ch1105600/raw/waveform_windowed"]').click();
    await page.getByRole("button", { name: "Waveforms" }).click();
    const view = page.getByTestId("file-waveform-view");
    await expect
      .poll(() => view.getByTestId("file-waveform-range").innerText(), { timeout: 30_000 })
      .toBe("1–1 of 1");
    const plot = view.getByTestId("waveform-plot");
    await expect
      .poll(() => plot.evaluate((div: WaveformPlotElement) => div.waveformLines?.length ?? 0))
      .toBe(1);
    const line = await plot.evaluate((div: WaveformPlotElement) => {
      const drawn = div.waveformLines![0]!;
      return { x: Array.from(drawn.x), y: Array.from(drawn.y) };
    });
    const waveform = cli("dump", P14_RAW_FILE, "ch1105600/raw/waveform_windowed") as {
      values: number[][];
      t0: number[];
      dt: number[];
    };
    // every drawn point is an original sample (the plot draws an envelope): time and value equal dump's
    expect(line.x.length).toBeGreaterThan(100);
    for (let k = 0; k < line.x.length; k++) {
      const sample = Math.round((line.x[k]! - waveform.t0[0]!) / waveform.dt[0]!);
      expect(line.x[k]).toBeCloseTo(waveform.t0[0]! + sample * waveform.dt[0]!, 6);
      expect(line.y[k], `sample ${sample}`).toBe(waveform.values[0]![sample]);
    }
    expect(line.x[line.x.length - 1]).toBeCloseTo(
      waveform.t0[0]! + (waveform.values[0]!.length - 1) * waveform.dt[0]!,
      6,
    );
    await screenshot(page, "lh5-file-02-waveforms-1366");
    expect(browser.problems).toEqual([]);
  });

  it("searches a path, and one click draws a column's histogram", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1600, height: 1000 });
    const search = page.getByRole("searchbox", { name: "Search paths" });
    await search.fill("ch1115200/raw/daqenergy");
    const hits = page.getByRole("listbox", { name: "Matching paths" });
    await expect.poll(() => hits.getByRole("option").count(), { timeout: 30_000 }).toBe(1);
    await search.press("Enter");
    const tree = page.getByRole("tree", { name: "Objects of the file" });
    const row = tree.locator('[data-path="ch1115200/raw/daqenergy"]');
    await expect.poll(() => row.getAttribute("aria-selected")).toBe("true");
    await page.getByRole("button", { name: "Histogram" }).click();
    const view = page.getByTestId("file-histogram-view");
    await view.getByTestId("histogram-plot").waitFor({ timeout: 30_000 });
    const daqenergy = cli("dump", P14_RAW_FILE, "ch1115200/raw/daqenergy") as number[];
    await expect
      .poll(() => view.getByTestId("histogram-stats").innerText())
      .toContain(String(daqenergy.length));
    await screenshot(page, "lh5-file-03-histogram-1600");
    expect(browser.problems).toEqual([]);
  });
});
