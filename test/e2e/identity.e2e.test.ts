// Entry identity and the event view in Chromium against web mode on prod-ref-l200 (its channel map found
// beside it): histogram → a bin's waveforms → a click on a line names the entry (cycle, file, detector,
// rawid, row, event), and the event view shows every channel of that TCM event with the values
// `lh5-browser dump` prints for those rows. Screenshots at 1366×768 and 1600×1000.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { FileDB } from "../../electron/services/flow/filedb/index.ts";
import { formatValue } from "../../renderer/features/waveforms/waveform-figure.ts";
import { BUILT_CLI } from "../fixtures/built.ts";
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

/** `lh5-browser dump FILE PATH --json`, parsed. */
function dump(file: string, path: string): unknown {
  const result = spawnSync(process.execPath, [BUILT_CLI, "dump", file, path, "--json"], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as unknown;
}

async function field(page: Page, key: string): Promise<string> {
  return (await page.getByTestId(`identity-${key}`).locator("dd").innerText()).trim();
}

async function shot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1366, 768],
    [1600, 1000],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId("event-view").evaluate((el) => el.scrollIntoView({ block: "end" }));
    await screenshot(page, `${name}-${width}x${height}`);
  }
  await page.setViewportSize({ width: 1400, height: 850 });
}

describe("entry identity and the event view on prod-ref-l200", () => {
  let served: Served;
  let browser: Browser;
  let reference: FileDB;

  beforeAll(async () => {
    ensureBuilt();
    reference = await FileDB.create(FILEDB_CONFIG);
    served = await startServe([FILEDB_CONFIG]);
    browser = await openBrowser(served.url);
    await waitForScanEnd(browser.page, { listed: "channels" });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("histogram → waveforms → a clicked line names its entry; the event view shows its TCM event as dump does", async () => {
    const { page } = browser;
    // r000 has only its dsp file (its raw file is archived): its entries count but have no waveforms to click
    await page.getByTestId("file-query").fill("run != 'r000'");
    await page.getByTestId("file-query").press("Enter");
    await page.getByTestId("waveform-legend").fill("trapEmax");
    await page.getByTestId("waveform-legend").press("Enter");
    await page.getByTestId("histogram-column-x").selectOption("dsp:trapEmax");
    await page.getByTestId("histogram-bins-x").fill("10");
    await page.getByTestId("histogram-draw").click();
    const histogram = page.getByTestId("histogram-plot").first();
    await expect.poll(() => histogram.getAttribute("data-drawn"), { timeout: 90_000 }).not.toBeNull();
    // a filled bin below the tallest (the tallest's top edge may sit on the plot's border), at its top edge
    const bin = await histogram.evaluate((div) => {
      const d = div as unknown as {
        data: { x: ArrayLike<number>; y: ArrayLike<number> }[];
        _fullLayout: Record<"xaxis" | "yaxis", { l2p(v: number): number; _offset: number }>;
      };
      const x = Array.from(d.data[0]!.x);
      const y = Array.from(d.data[0]!.y).slice(0, x.length - 1);
      const max = Math.max(...y);
      const lower = y.filter((c) => c > 0 && c < max);
      const k = y.indexOf(lower.length > 0 ? Math.max(...lower) : max);
      const rect = div.getBoundingClientRect();
      const fl = d._fullLayout;
      return {
        px: rect.left + fl.xaxis._offset + fl.xaxis.l2p(x[k]!) + 2,
        py: rect.top + fl.yaxis._offset + fl.yaxis.l2p(y[k]!),
      };
    });
    await page.mouse.move(bin.px, bin.py);
    await page.mouse.click(bin.px, bin.py);
    await page.getByTestId("waveform-range").waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => (await drawnLines(page)).lines.length, { timeout: 90_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.locator(".waveform-loading").count(), { timeout: 60_000 }).toBe(0);
    const { lines } = await drawnLines(page);
    // the legend names each line by detector, rawid, row and event instead of a bare entry number
    expect(lines[0]!.name).toMatch(/^#\d+ V\d{5}[A-Z] \(\d{7}\) · row \d+ · (event \d+ · )?trapEmax = /);

    // click the topmost line at its maximum (the waveform view sits below the inventory: scroll to it)
    const picked = lines.at(-1)!;
    await clickLine(page, picked);
    const entry = /^#(\d+)/.exec(picked.name)![1];
    await expect
      .poll(() => page.getByTestId("values-table").locator("h3").textContent(), { timeout: 30_000 })
      .toBe(`Entry #${entry}`);
    await page.getByTestId("entry-identity").waitFor({ timeout: 30_000 });

    // the identity names a real hit: its cycle's files, the channel map's detector, and the TCM's event
    const cycle = await field(page, "cycle");
    const row = Number(await field(page, "row"));
    const rawid = Number(await field(page, "rawid"));
    const event = Number(await field(page, "event"));
    expect(await field(page, "table")).toBe(`ch${rawid}`);
    expect(await field(page, "detector")).toMatch(/^V\d{5}[A-Z]$/);
    expect(picked.name).toContain(`${await field(page, "detector")} (${rawid}) · row ${row}`);
    expect(await field(page, "file")).toBe(`${cycle}-tier_raw.lh5`);
    const stamp = cycle.split("-").at(-1)!;
    expect(await field(page, "timestamp")).toBe(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)} ${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)} UTC`,
    );
    const dbRow = (reference.column("timestamp") as string[]).indexOf(stamp);
    const tierFile = (tier: string) => reference.filePath(dbRow, tier)!;
    const tcm = dump(tierFile("tcm"), "hardware_tcm_1") as {
      table_key: number[][];
      row_in_table: number[][];
    };
    const found = tcm.table_key.findIndex((keys, e) =>
      keys.some((k, h) => k === rawid && tcm.row_in_table[e]![h] === row),
    );
    expect(event).toBe(found);
    const trapEmax = dump(tierFile("dsp"), `ch${rawid}/dsp/trapEmax`) as number[];
    const number = (text: string) => text.split(" ")[0]; // the units (ADC) aside
    expect(number(await page.getByTestId("value-trapEmax").innerText())).toBe(
      formatValue(trapEmax[row]!, null),
    );

    // the event view: every hit of that TCM event, with dump's trapEmax for its row
    const eventView = page.getByTestId("event-view");
    await expect
      .poll(() => eventView.getByTestId("event-title").innerText(), { timeout: 60_000 })
      .toContain(`Event ${event} of ${cycle}`);
    const hits = eventView.getByTestId("event-hit");
    const shown: string[] = [];
    for (let i = 0; i < (await hits.count()); i++) {
      const hit = hits.nth(i);
      const table = (await hit.getAttribute("data-table"))!;
      const hitRow = Number(await hit.getAttribute("data-row"));
      shown.push(`${table}/${hitRow}`);
      const values = dump(tierFile("dsp"), `${table}/dsp/trapEmax`) as number[];
      expect(
        number(await hit.getByTestId("event-value-trapEmax").innerText()),
        `${table} row ${hitRow}`,
      ).toBe(formatValue(values[hitRow]!, null));
    }
    const expected = tcm.table_key[event]!.map((k, h) => `ch${k}/${tcm.row_in_table[event]![h]}`);
    expect([...shown].sort()).toEqual([...expected].sort());
    expect(await eventView.locator(".event-hit.current").getAttribute("data-table")).toBe(`ch${rawid}`);
    await shot(page, "identity-01-event-view");

    // next event: another entry of the selection becomes the current one everywhere
    await page.getByTestId("event-next").click();
    await expect
      .poll(() => page.getByTestId("values-table").locator("h3").textContent(), { timeout: 30_000 })
      .not.toBe(`Entry #${entry}`);
    await expect
      .poll(() => eventView.getByTestId("event-title").innerText(), { timeout: 60_000 })
      .not.toContain(`Event ${event} of ${cycle} `);
    await shot(page, "identity-02-next-event");
    expect(browser.problems).toEqual([]);
  });

  it("a click on a 2-D histogram makes the nearest entry of that bin the current one everywhere", async () => {
    const { page } = browser;
    await page.getByTestId("histogram-mode-2d").click();
    await page.getByTestId("histogram-column-x").selectOption("dsp:trapEmax");
    await page.getByTestId("histogram-bins-x").fill("8");
    await page.getByTestId("histogram-column-y").selectOption("dsp:A_max");
    await page.getByTestId("histogram-bins-y").fill("8");
    await page.getByTestId("histogram-draw").click();
    const histogram = page.getByTestId("histogram-plot").first();
    await expect
      .poll(
        () => histogram.evaluate((div) => (div as unknown as { data?: { type: string }[] }).data?.[0]?.type),
        {
          timeout: 90_000,
        },
      )
      .toBe("heatmap");
    await histogram.scrollIntoViewIfNeeded();
    // the fullest cell, clicked a third of the way into it: the pick is by the point, not the cell's centre
    const cell = await histogram.evaluate((div) => {
      const d = div as unknown as {
        data: { x: ArrayLike<number>; y: ArrayLike<number>; z: (number | null)[][] }[];
        _fullLayout: Record<"xaxis" | "yaxis", { l2p(v: number): number; _offset: number }>;
      };
      const { x, y, z } = d.data[0]!;
      let best = { row: 0, col: 0, count: -1 };
      z.forEach((line, row) =>
        line.forEach((count, col) => {
          if (count !== null && count > best.count) best = { row, col, count };
        }),
      );
      const [xlo, xhi, ylo, yhi] = [x[best.col]!, x[best.col + 1]!, y[best.row]!, y[best.row + 1]!];
      const at = [xlo + (xhi - xlo) / 3, ylo + (yhi - ylo) / 3];
      const rect = div.getBoundingClientRect();
      const fl = d._fullLayout;
      return {
        bin: [xlo, xhi, ylo, yhi],
        px: rect.left + fl.xaxis._offset + fl.xaxis.l2p(at[0]!),
        py: rect.top + fl.yaxis._offset + fl.yaxis.l2p(at[1]!),
      };
    });
    await page.mouse.move(cell.px, cell.py);
    await page.mouse.click(cell.px, cell.py);
    await page.getByTestId("waveform-range").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("waveform-range").innerText()).toContain("A_max");
    const values = page.getByTestId("values-table");
    await expect.poll(() => values.locator("h3").textContent(), { timeout: 60_000 }).toMatch(/^Entry #\d+$/);
    await page.getByTestId("entry-identity").waitFor({ timeout: 30_000 });
    const number = (text: string) => Number(text.split(" ")[0]);
    await expect.poll(() => page.getByTestId("value-trapEmax").count(), { timeout: 30_000 }).toBe(1);
    const [xlo, xhi, ylo, yhi] = cell.bin as [number, number, number, number];
    const energy = number(await page.getByTestId("value-trapEmax").innerText());
    const amplitude = number(await page.getByTestId("value-A_max").innerText());
    // the entry lies in the clicked cell (values as shown, to their printed digits)
    expect(energy).toBeGreaterThanOrEqual(xlo - 0.01 * Math.abs(xlo));
    expect(energy).toBeLessThanOrEqual(xhi + 0.01 * Math.abs(xhi));
    expect(amplitude).toBeGreaterThanOrEqual(ylo - 0.01 * Math.abs(ylo));
    expect(amplitude).toBeLessThanOrEqual(yhi + 0.01 * Math.abs(yhi));
    // the event view follows the current entry
    await expect
      .poll(() => page.getByTestId("event-view").getByTestId("event-title").innerText(), { timeout: 60_000 })
      .toMatch(/^Event \d+ of /);
    await page.getByTestId("values-table").scrollIntoViewIfNeeded();
    await screenshot(page, "identity-03-picked-from-2d");
    expect(browser.problems).toEqual([]);
  });

  it("the event view of a physics event shows its germanium and SiPM channels together", async () => {
    const { page } = browser;
    const drawsBefore = (await drawnLines(page)).draws;
    await page.getByTestId("file-query").fill("type == 'phy'");
    await page.getByTestId("file-query").press("Enter");
    await expect
      .poll(() => page.getByTestId("file-count").innerText(), { timeout: 30_000 })
      .toMatch(/^2 of 5/);
    const range = page.getByTestId("waveform-range");
    if (await range.count()) await range.getByRole("button").click();
    await expect
      .poll(async () => (await drawnLines(page)).draws, { timeout: 90_000 })
      .toBeGreaterThan(drawsBefore);
    await expect.poll(() => page.locator(".waveform-loading").count(), { timeout: 60_000 }).toBe(0);
    const { lines } = await drawnLines(page);
    // every p03 phy event holds both kinds: any entry's event will do
    await clickLine(page, lines.at(-1)!);
    const eventView = page.getByTestId("event-view");
    await expect
      .poll(() => eventView.getByTestId("event-title").innerText(), { timeout: 60_000 })
      .toMatch(/phy/);
    const tables = await eventView
      .getByTestId("event-hit")
      .evaluateAll((hits) => hits.map((h) => h.getAttribute("data-table")));
    // p03 phy events: the SiPMs (S012, S024, S036) beside the germanium detectors
    expect(tables.some((t) => ["ch1057600", "ch1059201", "ch1062405"].includes(t!))).toBe(true);
    expect(tables.some((t) => ["ch1084803", "ch1084804", "ch1104000", "ch1121600"].includes(t!))).toBe(true);
    await shot(page, "identity-04-geds-and-sipms");
    expect(browser.problems).toEqual([]);
  });
});
