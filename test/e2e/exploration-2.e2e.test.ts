// Exploration II in Chromium against web mode on prod-ref-l200: the waveform browser pages the
// selection, a histogram bin drives it (linked view), normalisation/alignment and a derived trace
// redraw it, the drawn samples equal `lh5-browser dump`, and exports are read back. Screenshots per step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { FileDB } from "../../electron/services/flow/filedb/index.ts";
import { Lh5File } from "../../electron/services/lh5/reader.ts";
import { FILEDB_CONFIG, REPO_ROOT } from "../fixtures/testdata.ts";
import {
  type Browser,
  ensureRendererBuilt,
  openBrowser,
  screenshot,
  type Served,
  startServe,
  waitForScanEnd,
} from "./helpers.ts";

interface DrawnLine {
  name: string;
  x: number[];
  y: number[];
}

/** The lines Plotly has drawn in the waveform view, and how many draws finished. */
async function drawnLines(page: Page): Promise<{ draws: number; lines: DrawnLine[] }> {
  return page.evaluate(() => {
    const div = document.querySelector<HTMLElement>('[data-testid="waveform-plot"]');
    const data = (div as unknown as { data?: { name: string; x: ArrayLike<number>; y: ArrayLike<number> }[] })
      ?.data;
    return {
      draws: Number(div?.dataset.drawn ?? "0"),
      lines: (data ?? []).map((d) => ({ name: d.name, x: Array.from(d.x), y: Array.from(d.y) })),
    };
  });
}

async function waitForRedraw(page: Page, before: number): Promise<DrawnLine[]> {
  await expect.poll(async () => (await drawnLines(page)).draws, { timeout: 60_000 }).toBeGreaterThan(before);
  await expect.poll(() => page.locator(".waveform-loading").count()).toBe(0);
  return (await drawnLines(page)).lines;
}

async function draws(page: Page): Promise<number> {
  return (await drawnLines(page)).draws;
}

const position = (page: Page) => page.getByTestId("waveform-position").innerText();

describe("waveform browser, linked view and export on prod-ref-l200", () => {
  let served: Served;
  let browser: Browser;
  let reference: FileDB;

  beforeAll(async () => {
    ensureRendererBuilt();
    reference = await FileDB.create(FILEDB_CONFIG);
    await reference.scanTablesColumns();
    served = await startServe([FILEDB_CONFIG]);
    browser = await openBrowser(served.url);
    const { page } = browser;
    await waitForScanEnd(page, { listed: "channels" }); // end state, not a progress bar a fast scan may never show
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("pages through the waveforms of one channel, and draws exactly what lh5-browser dump decodes", async () => {
    const { page } = browser;
    const table = "ch1084803";
    await page.getByTestId("channel-search").fill("V00048A");
    await page.locator(`[data-testid="channel-picker"] tr[data-table="${table}"]`).click();
    await page.getByTestId("channel-search").fill("");
    await expect.poll(() => position(page), { timeout: 60_000 }).toMatch(/^1–10 of \d+$/);
    const first = await waitForRedraw(page, 0);
    await screenshot(page, "exploration-2-01-first-page");
    expect(first).toHaveLength(10);
    const total = Number((await position(page)).split(" of ")[1]);

    // entry 0 of the list is row 0 of the channel's table in the first cycle that has it
    const tables = reference.column("raw_tables") as unknown as (readonly (number | string)[] | null)[];
    const row = tables.findIndex((t) => t?.includes(1084803) ?? false);
    const file = reference.filePath(row, "raw")!;
    const dump = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, "electron/cli/lh5-browser.mjs"),
        "dump",
        file,
        `${table}/raw/waveform`,
        "--rows",
        "0:2",
        "--json",
      ],
      { encoding: "utf8" },
    );
    expect(dump.status, dump.stderr).toBe(0);
    const dumped = JSON.parse(dump.stdout) as { t0: number[]; dt: number[]; values: number[][] };
    for (const k of [0, 1]) {
      expect(first[k]!.y).toEqual(dumped.values[k]);
      expect(first[k]!.x[1]! - first[k]!.x[0]!).toBeCloseTo(dumped.dt[k]!, 6);
      expect(first[k]!.x[0]).toBeCloseTo(dumped.t0[k]!, 6);
    }

    let before = await draws(page);
    await page.getByTestId("waveform-next").click();
    await expect.poll(() => position(page)).toBe(`11–20 of ${total}`);
    const second = await waitForRedraw(page, before);
    await screenshot(page, "exploration-2-02-next-page");
    expect(second[0]!.y).not.toEqual(first[0]!.y);
    before = await draws(page);
    await page.getByTestId("waveform-prev").click();
    await expect.poll(() => position(page)).toBe(`1–10 of ${total}`);
    expect((await waitForRedraw(page, before))[0]!.y).toEqual(first[0]!.y);
    before = await draws(page);
    await page.getByTestId("waveform-view").focus();
    await page.keyboard.press("End");
    await expect.poll(() => position(page)).toMatch(new RegExp(`–${total} of ${total}$`));
    await waitForRedraw(page, before);
    await page.keyboard.press("Home");
    await expect.poll(() => position(page)).toBe(`1–10 of ${total}`);
  });

  it("draws a histogram, clicks a bin and pages through exactly its entries", async () => {
    const { page } = browser;
    await page.getByTestId("waveform-legend").fill("trapEmax, tp_0_est");
    await page.getByTestId("waveform-legend").press("Enter");
    await page.getByTestId("histogram-column-x").selectOption("dsp:trapEmax");
    await page.getByTestId("histogram-bins-x").fill("10");
    await page.getByTestId("histogram-draw").click();
    const plot = page.getByTestId("histogram-plot").first();
    await expect.poll(() => plot.getAttribute("data-drawn"), { timeout: 60_000 }).not.toBeNull();
    await screenshot(page, "exploration-2-03-histogram");
    // the fullest bin's centre, in page pixels, from Plotly's own axes
    const target = await plot.evaluate((div) => {
      const d = div as unknown as {
        data: { x: ArrayLike<number>; y: ArrayLike<number> }[];
        _fullLayout: {
          xaxis: { l2p(v: number): number; _offset: number };
          yaxis: { l2p(v: number): number; _offset: number };
        };
      };
      const x = Array.from(d.data[0]!.x);
      const y = Array.from(d.data[0]!.y).slice(0, x.length - 1);
      // a filled bin below the tallest (the tallest's top edge may sit on the plot's border)
      const max = Math.max(...y);
      const lower = y.filter((c) => c > 0 && c < max);
      const k = y.indexOf(lower.length > 0 ? Math.max(...lower) : max);
      const rect = div.getBoundingClientRect();
      const fl = d._fullLayout;
      return {
        count: y[k]!,
        lo: x[k]!,
        hi: x[k + 1]!,
        px: rect.left + fl.xaxis._offset + fl.xaxis.l2p(x[k]!),
        py: rect.top + fl.yaxis._offset + fl.yaxis.l2p(y[k]!),
      };
    });
    const before = await draws(page);
    await page.mouse.move(target.px + 2, target.py);
    await page.mouse.click(target.px + 2, target.py);
    await page.getByTestId("waveform-range").waitFor({ timeout: 10_000 });
    await expect.poll(() => position(page), { timeout: 60_000 }).toMatch(new RegExp(` of ${target.count}$`));
    const lines = await waitForRedraw(page, before);
    await screenshot(page, "exploration-2-04-bin-waveforms");
    for (const line of lines) {
      const energy = Number(/trapEmax = ([-\d.e+]+)/.exec(line.name)![1]);
      expect(energy).toBeGreaterThanOrEqual(Number(target.lo.toPrecision(4)) - 1);
      expect(energy).toBeLessThanOrEqual(Number(target.hi.toPrecision(4)) + 1);
    }
    if (target.count > 10) {
      const b = await draws(page);
      await page.getByTestId("waveform-next").click();
      await expect.poll(() => position(page)).toMatch(/^11–/);
      await waitForRedraw(page, b);
      await page.getByTestId("waveform-prev").click();
      await expect.poll(() => position(page)).toMatch(/^1–/);
    }
  });

  it("switches normalisation and alignment, and shows a derived trace", async () => {
    const { page } = browser;
    let before = await draws(page);
    await page.getByTestId("waveform-baseline").fill("100");
    await page.getByTestId("waveform-normalize").fill("trapEmax");
    await page.getByTestId("waveform-normalize").press("Enter");
    await page.getByTestId("waveform-align").fill("tp_0_est");
    await page.getByTestId("waveform-align").press("Enter");
    await page.getByTestId("waveform-time-markers").fill("tp_0_est");
    await page.getByTestId("waveform-time-markers").press("Tab");
    await page.getByTestId("waveform-view").focus();
    let lines = await waitForRedraw(page, before);
    await expect
      .poll(async () => page.locator(".waveform-plot .xtitle").textContent())
      .toBe("time − tp_0_est (ns)");
    await screenshot(page, "exploration-2-05-normalised-aligned");
    const peak = Math.max(...lines[0]!.y.filter(Number.isFinite));
    expect(peak).toBeGreaterThan(0.2); // a baseline-subtracted pulse over its energy estimate is O(1)
    expect(peak).toBeLessThan(5);
    before = await draws(page);
    await page.getByTestId("waveform-derived").selectOption("trapezoid");
    lines = await waitForRedraw(page, before);
    await screenshot(page, "exploration-2-06-trapezoid");
    expect(lines).toHaveLength(
      Number((await position(page)).match(/–(\d+)/)![1]) -
        Number((await position(page)).match(/^(\d+)/)![1]) +
        1,
    );
    before = await draws(page);
    await page.getByTestId("waveform-mean").check();
    lines = await waitForRedraw(page, before);
    expect(lines.at(-1)!.name).toMatch(/^mean of \d+ \(waveform\)$/);
    await screenshot(page, "exploration-2-07-mean");
  });

  it("exports the selection to LH5 and CSV and reads them back", async () => {
    const { page } = browser;
    await page.getByText("Show all entries").click();
    await expect.poll(() => position(page), { timeout: 60_000 }).toMatch(/^1–10 of \d+$/);
    const total = Number((await position(page)).split(" of ")[1]);
    for (const format of ["lh5", "csv"] as const) {
      const path = join(served.dataDir, `selection.${format}`);
      await page.getByTestId("export-button").click();
      await page.getByTestId("export-path").fill(path);
      await page.getByTestId("export-format").selectOption(format);
      await page.getByTestId("export-columns").fill("trapEmax, tp_0_est");
      await page.getByTestId("export-start").click();
      await page.getByTestId("export-done").waitFor({ timeout: 60_000 });
      await screenshot(page, `exploration-2-08-export-${format}`);
      expect(await page.getByTestId("export-done").innerText()).toContain(path);
      expect(existsSync(path)).toBe(true);
      if (format === "csv") {
        const lines = readFileSync(path, "utf8").trim().split("\n");
        expect(lines).toHaveLength(total + 1);
        expect(lines[0]).toMatch(/trapEmax/);
      } else {
        const file = Lh5File.open(path);
        try {
          const names = file.keys();
          const tablePath = names[0]!;
          expect(file.tableColumns(tablePath)).toEqual(expect.arrayContaining(["trapEmax", "tp_0_est"]));
          expect(file.nRows(`${tablePath}/trapEmax`)).toBe(total);
        } finally {
          file.close();
        }
      }
      // a second export to the same file asks first
      await page.getByTestId("export-start").click();
      await page.getByTestId("export-confirm").waitFor({ timeout: 10_000 });
      await screenshot(page, `exploration-2-09-overwrite-${format}`);
      await page.getByRole("button", { name: "Close" }).click();
    }
  });

  it("puts Python for the selection on the clipboard (or shows it)", async () => {
    const { page } = browser;
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("copy-python").click();
    await page.getByTestId("copy-python-copied").or(page.getByTestId("copy-python-dialog")).waitFor();
    const text = (await page.getByTestId("copy-python-dialog").isVisible())
      ? await page.getByTestId("copy-python-text").inputValue()
      : await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain(`FileDB(${JSON.stringify(FILEDB_CONFIG)})`);
    expect(text).toContain("1084803");
    await screenshot(page, "exploration-2-10-copy-python");
    expect(browser.problems).toEqual([]);
  });
});
