// Exploration II in Chromium against web mode on prod-ref-l200: the waveform browser pages the
// selection, a histogram bin drives it (linked view), normalisation/alignment and a derived trace
// redraw it, the drawn samples equal `lh5-browser dump` (zoomed out: each pixel column's min/max;
// zoomed in: every sample) and the canvas shows them, and exports are read back. Then the p14 raw file's radware-encoded
// waveforms, opened through a FileDB config that accepts its name. Screenshots per step.
import { BUILT_CLI } from "../fixtures/built.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { FileDB } from "../../electron/services/flow/filedb/index.ts";
import { Lh5File } from "../../electron/services/lh5/reader.ts";
import { envelopeIndices } from "../../renderer/features/waveforms/decimate.ts";
import { FILEDB_CONFIG, P14_RAW_FILE, writeP14FileDbConfig } from "../fixtures/testdata.ts";
import {
  type Browser,
  ensureBuilt,
  openBrowser,
  SCREENSHOT_DIR,
  screenshot,
  type Served,
  startServe,
  waitForScanEnd,
} from "./helpers.ts";

interface DrawnLine {
  name: string;
  color: string;
  x: number[];
  y: number[];
}

/** The lines painted on the waveform view's canvas (as handed to it), and how many draws finished. */
async function drawnLines(page: Page): Promise<{ draws: number; lines: DrawnLine[] }> {
  return page.evaluate(() => {
    const div = document.querySelector<HTMLElement>('[data-testid="waveform-plot"]');
    const data = (
      div as unknown as {
        waveformLines?: {
          name: string;
          line: { color?: string };
          x: ArrayLike<number>;
          y: ArrayLike<number>;
        }[];
      }
    )?.waveformLines;
    return {
      draws: Number(div?.dataset.drawn ?? "0"),
      lines: (data ?? []).map((d) => ({
        name: d.name,
        color: d.line.color ?? "#000000",
        x: Array.from(d.x),
        y: Array.from(d.y),
      })),
    };
  });
}

/**
 * The canvas's pixels around where sample (x, y) of the data lands (Plotly's axes map it): true when
 * one of them has `color` (the canvas is transparent where nothing was painted).
 */
async function paintedAt(page: Page, x: number, y: number, color: string): Promise<boolean> {
  return page.evaluate(
    ([x, y, color]) => {
      const div = document.querySelector<HTMLElement>('[data-testid="waveform-plot"]')!;
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="waveform-lines"]')!;
      const fl = (div as unknown as { _fullLayout: Record<"xaxis" | "yaxis", { l2p(v: number): number }> })
        ._fullLayout;
      const ratio = canvas.width / canvas.clientWidth;
      const px = Math.round(fl.xaxis.l2p(x) * ratio);
      const py = Math.round(fl.yaxis.l2p(y) * ratio);
      const want = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
      const pixels = canvas.getContext("2d")!.getImageData(px - 2, py - 2, 5, 5).data;
      for (let i = 0; i < pixels.length; i += 4)
        if (pixels[i + 3]! > 60 && want.every((c, j) => Math.abs(pixels[i + j]! - c) < 40)) return true;
      return false;
    },
    [x, y, color] as const,
  );
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

interface Dumped {
  t0: number[];
  dt: number[];
  values: number[][];
}

/** `lh5-browser dump FILE PATH --rows A:B --json` of a waveform table (decoded). */
function dump(file: string, path: string, rows: string): Dumped {
  const result = spawnSync(process.execPath, [BUILT_CLI, "dump", file, path, "--rows", rows, "--json"], {
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Dumped;
}

/** Screenshot with the waveform view scrolled into sight (the exploration views sit below the inventory). */
async function waveformShot(page: Page, name: string): Promise<void> {
  await page.getByTestId("waveform-view").evaluate((el) => el.scrollIntoView({ block: "end" }));
  await screenshot(page, name);
}

/** Pixel columns the plot decimated for (the plot area's width). */
async function plotColumns(page: Page): Promise<number> {
  return Number(await page.getByTestId("waveform-plot").getAttribute("data-columns"));
}

/**
 * A drawn line against row k of a dump: exactly the samples each pixel column's min/max picks (all of
 * them when they fit), at t0 + i·dt; and, independently, the same overall minimum and maximum.
 */
function expectDrawnEqualsDump(line: DrawnLine, dumped: Dumped, k: number, columns: number): void {
  const samples = dumped.values[k]!;
  const picked = [...envelopeIndices(samples, 0, samples.length, columns)];
  expect(line.y).toEqual(picked.map((i) => samples[i]));
  line.x.forEach((x, j) => expect(x).toBeCloseTo(dumped.t0[k]! + picked[j]! * dumped.dt[k]!, 6));
  expect(Math.min(...line.y)).toBe(Math.min(...samples));
  expect(Math.max(...line.y)).toBe(Math.max(...samples));
}

describe("waveform browser, linked view and export on prod-ref-l200", () => {
  let served: Served;
  let browser: Browser;
  let reference: FileDB;

  beforeAll(async () => {
    ensureBuilt();
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
    await waveformShot(page, "exploration-2-01-first-page");
    expect(first).toHaveLength(10);
    const total = Number((await position(page)).split(" of ")[1]);

    // entry 0 of the list is row 0 of the channel's table in the first cycle that has it
    const tables = reference.column("raw_tables") as unknown as (readonly (number | string)[] | null)[];
    const row = tables.findIndex((t) => t?.includes(1084803) ?? false);
    const file = reference.filePath(row, "raw")!;
    const dumped = dump(file, `${table}/raw/waveform`, "0:2");
    const columns = await plotColumns(page);
    expect(columns).toBeGreaterThan(100);
    expect(first[0]!.y.length).toBeLessThan(dumped.values[0]!.length); // 8192 samples, decimated
    for (const k of [0, 1]) expectDrawnEqualsDump(first[k]!, dumped, k, columns);
    // the canvas shows them: the last-drawn (topmost) line's colour where its maximum lands on Plotly's axes
    const top = first.at(-1)!;
    const peak = top.y.indexOf(Math.max(...top.y));
    expect(await paintedAt(page, top.x[peak]!, top.y[peak]!, top.color)).toBe(true);

    // zoom in (drag along x) to ~300 samples: every sample of the visible range is drawn, as dumped
    const t0 = dumped.t0[0]!;
    const dt = dumped.dt[0]!;
    const plot = page.getByTestId("waveform-plot");
    await plot.scrollIntoViewIfNeeded();
    const [x0, x1, y] = await plot.evaluate(
      (div, xs) => {
        const fl = (
          div as unknown as {
            _fullLayout: {
              xaxis: { l2p(v: number): number; _offset: number };
              yaxis: { _offset: number; _length: number };
            };
          }
        )._fullLayout;
        const rect = div.getBoundingClientRect();
        return [
          rect.left + fl.xaxis._offset + fl.xaxis.l2p(xs[0]!),
          rect.left + fl.xaxis._offset + fl.xaxis.l2p(xs[1]!),
          rect.top + fl.yaxis._offset + fl.yaxis._length / 2,
        ];
      },
      [t0 + 3000 * dt, t0 + 3300 * dt],
    );
    let before = await draws(page);
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x1, y + 2, { steps: 8 });
    await page.mouse.up();
    const zoomed = await waitForRedraw(page, before);
    await waveformShot(page, "exploration-2-01b-zoomed-in");
    const range = await plot.evaluate(
      (div) => (div as unknown as { layout: { xaxis: { range: number[] } } }).layout.xaxis.range,
    );
    for (const k of [0, 1]) {
      const line = zoomed[k]!;
      const from = Math.round((line.x[0]! - dumped.t0[k]!) / dumped.dt[k]!);
      expect(line.y).toEqual(dumped.values[k]!.slice(from, from + line.y.length));
      line.x.forEach((x, j) => expect(x).toBeCloseTo(dumped.t0[k]! + (from + j) * dumped.dt[k]!, 6));
      expect(line.x[0]).toBeLessThanOrEqual(range[0]!);
      expect(line.x.at(-1)).toBeGreaterThanOrEqual(range[1]!);
      expect(line.y.length).toBeGreaterThan(250);
      expect(line.y.length).toBeLessThan(400);
    }
    // double-click: back to the whole waveform, decimated again
    await plot.locator(".nsewdrag").first().dblclick();
    await expect
      .poll(async () => (await drawnLines(page)).lines[0]?.y.length, { timeout: 30_000 })
      .toBe(first[0]!.y.length);
    expectDrawnEqualsDump((await drawnLines(page)).lines[0]!, dumped, 0, columns);

    before = await draws(page);
    await page.getByTestId("waveform-next").click();
    await expect.poll(() => position(page)).toBe(`11–20 of ${total}`);
    const second = await waitForRedraw(page, before);
    await waveformShot(page, "exploration-2-02-next-page");
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
    before = await draws(page);
    await page.keyboard.press("Home");
    await expect.poll(() => position(page)).toBe(`1–10 of ${total}`);
    const home = await waitForRedraw(page, before);

    // a click on a line (the topmost, at its maximum) selects its entry, as its legend entry does
    const picked = home.at(-1)!;
    const at = picked.y.indexOf(Math.max(...picked.y));
    const [px, py] = await plot.evaluate(
      (div, [x, y]) => {
        const fl = (
          div as unknown as {
            _fullLayout: Record<"xaxis" | "yaxis", { l2p(v: number): number; _offset: number }>;
          }
        )._fullLayout;
        const rect = div.getBoundingClientRect();
        return [
          rect.left + fl.xaxis._offset + fl.xaxis.l2p(x!),
          rect.top + fl.yaxis._offset + fl.yaxis.l2p(y!),
        ];
      },
      [picked.x[at]!, picked.y[at]!],
    );
    await page.mouse.click(px, py);
    const entry = /#(\d+)/.exec(picked.name)![1];
    await expect
      .poll(() => page.getByTestId("values-table").locator("h3").textContent(), { timeout: 30_000 })
      .toBe(`Entry #${entry}`);
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
    await waveformShot(page, "exploration-2-04-bin-waveforms");
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
    await waveformShot(page, "exploration-2-05-normalised-aligned");
    const peak = Math.max(...lines[0]!.y.filter(Number.isFinite));
    expect(peak).toBeGreaterThan(0.2); // a baseline-subtracted pulse over its energy estimate is O(1)
    expect(peak).toBeLessThan(5);
    before = await draws(page);
    await page.getByTestId("waveform-derived").selectOption("trapezoid");
    lines = await waitForRedraw(page, before);
    await waveformShot(page, "exploration-2-06-trapezoid");
    expect(lines).toHaveLength(
      Number((await position(page)).match(/–(\d+)/)![1]) -
        Number((await position(page)).match(/^(\d+)/)![1]) +
        1,
    );
    before = await draws(page);
    await page.getByTestId("waveform-mean").check();
    lines = await waitForRedraw(page, before);
    expect(lines.at(-1)!.name).toMatch(/^mean of \d+ \(waveform\)$/);
    await waveformShot(page, "exploration-2-07-mean");
  });

  it("exports the selection to LH5 and CSV and reads them back", async () => {
    const { page } = browser;
    await page.getByText("Show all entries").click();
    await expect.poll(() => position(page), { timeout: 60_000 }).toMatch(/^1–10 of \d+$/);
    const total = Number((await position(page)).split(" of ")[1]);
    for (const format of ["lh5", "csv"] as const) {
      // the app's data folder takes exports only in its exports folder
      const path = join(served.dataDir, "exports", `selection.${format}`);
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

describe("encoded (radware) waveforms of the p14 raw file", () => {
  let served: Served;
  let browser: Browser;
  let configDir: string;

  beforeAll(async () => {
    ensureBuilt();
    // The prod-ref config lists this file as a problem (its folder says r005, its name r004); a user
    // browses it with a FileDB config whose file_format accepts it, as this one written for the test.
    configDir = mkdtempSync(join(tmpdir(), "lh5-e2e-p14-"));
    const config = writeP14FileDbConfig(configDir);
    served = await startServe([config]);
    browser = await openBrowser(served.url);
    await waitForScanEnd(browser.page, { listed: "channels" });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it("draws windowed and presummed waveforms, pages them, and draws what lh5-browser dump decodes", async () => {
    const { page } = browser;
    const table = "ch1107202"; // the channel with two records in this file
    await page.locator(`[data-testid="channel-picker"] tr[data-table="${table}"]`).click();
    await page.getByTestId("waveform-columns").fill("waveform_windowed, waveform_presummed");
    await page.getByTestId("waveform-columns").press("Enter");
    await page.getByTestId("waveform-per-page").fill("1");
    await expect.poll(() => position(page), { timeout: 60_000 }).toBe("1–1 of 2");
    const dumped = {
      waveform_windowed: dump(P14_RAW_FILE, `${table}/raw/waveform_windowed`, "0:2"),
      waveform_presummed: dump(P14_RAW_FILE, `${table}/raw/waveform_presummed`, "0:2"),
    };
    const check = async (k: number, lines: DrawnLine[]) => {
      expect(lines.map((l) => l.name.split(" #")[0])).toEqual(["waveform_windowed", "waveform_presummed"]);
      const columns = await plotColumns(page);
      expectDrawnEqualsDump(lines[0]!, dumped.waveform_windowed, k, columns);
      expectDrawnEqualsDump(lines[1]!, dumped.waveform_presummed, k, columns);
    };
    await expect.poll(async () => (await drawnLines(page)).lines.length, { timeout: 60_000 }).toBe(2);
    await check(0, (await drawnLines(page)).lines);
    await waveformShot(page, "exploration-2-11-p14-encoded-first");
    let before = await draws(page);
    await page.getByTestId("waveform-next").click();
    await expect.poll(() => position(page)).toBe("2–2 of 2");
    await check(1, await waitForRedraw(page, before));
    await waveformShot(page, "exploration-2-12-p14-encoded-next");
    before = await draws(page);
    await page.getByTestId("waveform-prev").click();
    await expect.poll(() => position(page)).toBe("1–1 of 2");
    await check(0, await waitForRedraw(page, before));
    // the legend entry selects its waveform: the values table shows the entry's raw values
    await page.getByTestId("waveform-legend-list").getByRole("button").first().click();
    const daqenergy = dump(P14_RAW_FILE, `${table}/raw/daqenergy`, "0:1") as unknown as number[];
    await expect
      .poll(() => page.getByTestId("value-daqenergy").textContent(), { timeout: 30_000 })
      .toBe(String(Number(daqenergy[0]!.toPrecision(4))));
    // the table sits below the plot in the panel's own scroll area: shot as an element
    await page
      .getByTestId("values-table")
      .screenshot({ path: join(SCREENSHOT_DIR, "exploration-2-13-p14-values-table.png") });
    expect(browser.problems).toEqual([]);
  });
});
