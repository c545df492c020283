// Exploration I in Chromium against web mode: channel picker, cut editors with live counts, and
// the histogram viewer, on the real prod-ref-l200 tree (numbers checked against the DataLoader's
// acceptance figure) and on the demo dataset. Screenshots of every step go to test-results/e2e.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync } from "node:fs";
import type { Page } from "playwright-core";
import type { LgdoArray, LgdoTable } from "../../shared/lgdo/model.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../electron/services/lh5/reader.ts";
import { FILEDB_CONFIG } from "../fixtures/testdata.ts";
import {
  type Browser,
  ensureBuilt,
  openBrowser,
  screenshot,
  waitForScanEnd,
  type Served,
  startServe,
} from "./helpers.ts";

const CHANNELS = [1084803, 1084804, 1121600];

async function liveCount(page: Page): Promise<string> {
  const count = page.getByTestId("live-count");
  return (await count.getAttribute("data-state")) === "done"
    ? (await count.innerText()).replace(/\s/g, "")
    : "";
}

/** Channels are listed only once the scan is over; a fast scan may finish before its progress bar is ever seen. */
const waitForScan = (page: Page) => waitForScanEnd(page, { listed: "channels" });

/** The number of drawn Plotly plots, and their finished draws. */
async function plotDraws(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="histogram-plot"]')].reduce(
      (sum, el) => sum + Number(el.dataset.drawn ?? "0"),
      0,
    ),
  );
}

describe("exploration on prod-ref-l200", () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    served = await startServe([FILEDB_CONFIG]);
    browser = await openBrowser(served.url);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
  });

  it("lists channels with the channel map and picks them by name", async () => {
    const { page } = browser;
    await waitForScan(page);
    const picker = page.getByTestId("channel-picker");
    // the whole dataset is counted by default (all files, all channels)
    await expect.poll(() => liveCount(page), { timeout: 60_000 }).toMatch(/^\d+$/);
    await screenshot(page, "exploration-01-channels");
    const names: string[] = [];
    for (const rawid of CHANNELS) {
      const row = picker.locator(`tr[data-table="ch${rawid}"]`);
      names.push((await row.locator("td").first().innerText()).trim());
    }
    // detector names from the channel map, not table names
    for (const name of names) expect(name).not.toMatch(/^ch\d+$/);
    await page.getByTestId("channel-search").fill(names[0]!);
    await picker.locator(`tr[data-table="ch${CHANNELS[0]}"]`).click();
    for (const [i, name] of names.entries()) {
      if (i === 0) continue;
      await page.getByTestId("channel-search").fill(name);
      await picker.locator(`tr[data-table="ch${CHANNELS[i]}"]`).click({ modifiers: ["Control"] });
    }
    await page.getByTestId("channel-search").fill("");
    await expect.poll(() => page.getByTestId("channel-summary").innerText()).toMatch(/^3 of \d+ selected/);
    expect(
      await picker
        .locator('tbody tr[aria-selected="true"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-table"))),
    ).toEqual(CHANNELS.map((c) => `ch${c}`));
    await screenshot(page, "exploration-02-channels-picked");
  });

  it("shows a cut's error at its position, and the live count once fixed", async () => {
    const { page } = browser;
    const editor = page.getByTestId("cut-editor-hit");
    await editor.click();
    await editor.pressSequentially("trapEmx > 5000");
    await editor.press("Enter");
    const error = page.getByTestId("cut-error");
    await error.waitFor({ timeout: 10_000 });
    expect(await error.innerText()).toMatch(/Unknown column 'trapEmx'.*did you mean 'trapEmax'/s);
    expect(await error.getAttribute("data-position")).toBe("0");
    await screenshot(page, "exploration-03-cut-typo");
    await editor.fill("");
    await editor.pressSequentially("trapEma");
    await page.getByTestId("cut-completions-hit").waitFor();
    await screenshot(page, "exploration-04-completion");
    await editor.press("Tab");
    await editor.pressSequentially(" > 5000");
    await editor.press("Enter");
    expect(await editor.inputValue()).toBe("trapEmax > 5000");
    await error.waitFor({ state: "detached" });
    // the acceptance figure: build_entry_list on these channels with this cut
    await expect.poll(() => liveCount(page), { timeout: 60_000 }).toBe("14");
    await screenshot(page, "exploration-05-live-count");
  });

  it("draws a 1D histogram of the cut selection, changes bins and log axis", async () => {
    const { page } = browser;
    await page.getByTestId("histogram-column-x").selectOption("dsp:trapEmax");
    await page.getByTestId("histogram-bins-x").fill("50");
    await page.getByTestId("histogram-draw").click();
    await expect.poll(() => plotDraws(page), { timeout: 60_000 }).toBeGreaterThan(0);
    const entries = page.locator('[data-testid="histogram-stats"] td[data-stat="entries"]');
    expect(await entries.innerText()).toBe("14");
    await screenshot(page, "exploration-06-histogram-1d");
    const before = await plotDraws(page);
    await page.getByTestId("histogram-bins-x").fill("10");
    await page.getByTestId("histogram-draw").click();
    await expect.poll(() => plotDraws(page), { timeout: 60_000 }).toBeGreaterThan(before);
    await page.getByTestId("histogram-log-counts").check();
    await expect.poll(() => page.locator(".histogram-plots .ytick").count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await screenshot(page, "exploration-07-histogram-bins-log");
  });

  it("exports the plot as PNG and the bins as CSV", async () => {
    const { page } = browser;
    await page.getByTestId("histogram-export-image").click();
    await page.getByTestId("image-export-png").check();
    const [png] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("image-export-save").click(),
    ]);
    expect(png.suggestedFilename()).toBe("histogram-trapEmax.png");
    const path = await png.path();
    expect(readFileSync(path).subarray(1, 4).toString()).toBe("PNG");
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("histogram-export-csv").click(),
    ]);
    const lines = readFileSync(await csv.path(), "utf8")
      .trim()
      .split("\n");
    expect(lines[0]).toBe("lo,hi,trapEmax");
    expect(lines).toHaveLength(11);
    expect(lines.slice(1).reduce((sum, line) => sum + Number(line.split(",")[2]), 0)).toBe(14);
  });

  it("draws a 2D histogram (column vs column)", async () => {
    const { page } = browser;
    await page.getByTestId("histogram-mode-2d").check();
    await page.getByTestId("histogram-column-y").selectOption("dsp:tp_0_est");
    await page.getByTestId("histogram-bins-y").fill("20");
    await page.getByTestId("histogram-draw").click();
    await page.locator(".histogram-plots .hm image").first().waitFor({ timeout: 60_000 });
    const entries = page.locator('[data-testid="histogram-stats"] td[data-stat="entries"]');
    expect(await entries.first().innerText()).toBe("14");
    await screenshot(page, "exploration-08-histogram-2d");
    expect(browser.problems).toEqual([]);
  });

  it("shows the passing entries per channel on hover and in the picker", async () => {
    const { page } = browser;
    await page.getByTestId("live-count-by-channel-toggle").hover();
    const list = page.getByTestId("live-count-by-channel");
    await list.waitFor();
    const perChannel = await list.locator("tr td.num").allInnerTexts();
    expect(perChannel).toHaveLength(3);
    expect(perChannel.reduce((sum, text) => sum + Number(text), 0)).toBe(14);
    await screenshot(page, "exploration-09-live-count-per-channel");
    await page.mouse.move(0, 0);
    await list.waitFor({ state: "detached" });
    const pass = await page
      .locator('[data-testid="channel-picker"] tbody tr[aria-selected="true"] td[data-col="pass"]')
      .allInnerTexts();
    expect(pass.reduce((sum, text) => sum + Number(text), 0)).toBe(14);
  });

  it("saves the cut's entry list to LH5 and opens it again as the selection", async () => {
    const { page } = browser;
    await page.getByTestId("entry-list-save").click();
    const pathInput = page.getByTestId("entry-list-path");
    await expect.poll(() => pathInput.inputValue()).toMatch(/entries-\d{8}-\d{6}\.lh5$/);
    const path = await pathInput.inputValue();
    await page.getByTestId("entry-list-save-start").click();
    const done = page.getByTestId("entry-list-done");
    await done.waitFor({ timeout: 60_000 });
    expect(await done.innerText()).toMatch(/Wrote 14 entries/);
    await screenshot(page, "exploration-10-entry-list-saved");
    // read back in pygama's entry-list layout: hit_table, hit_idx, file and no saved columns
    await initH5();
    const file = Lh5File.open(path);
    const table = file.read("entries") as LgdoTable;
    file.close();
    expect(table.nRows).toBe(14);
    expect([...table.columnOrder].sort()).toEqual(["file", "hit_idx", "hit_table"]);
    const tables = new Set(Array.from((table.columns.hit_table as LgdoArray).data as ArrayLike<number>));
    expect([...tables].sort()).toEqual(CHANNELS);
    // no overwrite without asking
    await page.getByTestId("entry-list-save-start").click();
    await page.getByTestId("entry-list-confirm").waitFor({ timeout: 10_000 });
    await screenshot(page, "exploration-11-entry-list-overwrite");
    await page
      .getByRole("dialog", { name: "Save entry list" })
      .getByRole("button", { name: "Close" })
      .click();

    // back to everything (no cut, all channels), then the saved list becomes the selection
    // one change at a time, each count awaited (r000's archived raw: its dsp entries pass the cut too, so
    // the cut over all channels is already far above 14)
    await page.getByTestId("channel-clear").click();
    let cutAll = 0;
    await expect
      .poll(async () => (cutAll = Number(await liveCount(page))), { timeout: 60_000 })
      .toBeGreaterThan(14);
    const editor = page.getByTestId("cut-editor-hit");
    await editor.fill("");
    await editor.press("Enter");
    let all = "";
    await expect
      .poll(async () => Number((all = await liveCount(page))), { timeout: 60_000 })
      .toBeGreaterThan(cutAll);
    await page.getByTestId("entry-list-open").click();
    await page.getByTestId("entry-list-load-path").fill(path);
    await page.getByTestId("entry-list-load-start").click();
    const active = page.getByTestId("entry-list-active");
    await active.waitFor({ timeout: 10_000 });
    expect(await active.innerText()).toMatch(/14 entries in 4 cycles/);
    await expect.poll(() => liveCount(page), { timeout: 60_000 }).toBe("14");
    await page.getByTestId("histogram-mode-1d").check();
    await page.getByTestId("histogram-column-x").selectOption("dsp:trapEmax");
    await page.getByTestId("histogram-draw").click();
    // the 1D plot replaces the 2D one (its draw counter starts again): wait for one stats row of 14 entries, drawn
    const entries = page.locator('[data-testid="histogram-stats"] td[data-stat="entries"]');
    await expect
      .poll(async () => `${await entries.count()}:${await entries.first().innerText()}`, { timeout: 60_000 })
      .toBe("1:14");
    await expect.poll(() => plotDraws(page), { timeout: 60_000 }).toBeGreaterThan(0);
    await screenshot(page, "exploration-12-entry-list-as-selection");
    await page.getByTestId("entry-list-clear").click();
    await expect.poll(() => liveCount(page), { timeout: 60_000 }).toBe(all);
    expect(browser.problems).toEqual([]);
  });
});

describe("exploration on the demo dataset", () => {
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

  it("picks a channel, fixes a cut, counts and draws 1D and 2D histograms", async () => {
    const { page } = browser;
    await waitForScan(page);
    await expect.poll(() => liveCount(page), { timeout: 60_000 }).toMatch(/^\d+$/);
    const all = Number(await liveCount(page));
    const first = page.locator('[data-testid="channel-picker"] tbody tr').first();
    const name = (await first.locator("td").first().innerText()).trim();
    await page.getByTestId("channel-search").fill(name);
    await page.locator('[data-testid="channel-picker"] tbody tr').first().click();
    await expect.poll(() => page.getByTestId("channel-summary").innerText()).toMatch(/^1 of/);
    const options = await page
      .getByTestId("histogram-column-x")
      .locator("option")
      .evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ""));
    const [x, y] = options.map((v) => v.slice(v.indexOf(":") + 1));
    const editor = page.getByTestId("cut-editor-hit");
    await editor.fill(`${x}Q > 0`);
    await editor.press("Enter");
    await page.getByTestId("cut-error").waitFor();
    await screenshot(page, "exploration-demo-01-cut-error");
    await editor.fill(`${x} > 0`);
    await editor.press("Enter");
    await page.getByTestId("cut-error").waitFor({ state: "detached" });
    await expect.poll(() => liveCount(page), { timeout: 60_000 }).toMatch(/^\d+$/);
    expect(Number(await liveCount(page))).toBeLessThanOrEqual(all);
    await page.getByTestId("histogram-column-x").selectOption(options[0]!);
    await page.getByTestId("histogram-draw").click();
    await expect.poll(() => plotDraws(page), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="histogram-stats"] td[data-stat="entries"]').innerText()).toBe(
      await page
        .getByTestId("live-count")
        .innerText()
        .then((t) => Number(t).toLocaleString("en-US").replace(/,/g, "\u202f")),
    );
    await screenshot(page, "exploration-demo-02-histogram-1d");
    await page.getByTestId("histogram-mode-2d").check();
    await page.getByTestId("histogram-column-y").selectOption(options[1]!);
    await page.getByTestId("histogram-draw").click();
    await page.locator(".histogram-plots .hm image").first().waitFor({ timeout: 60_000 });
    await screenshot(page, "exploration-demo-03-histogram-2d");
    expect(y).toBeDefined();
    expect(browser.problems).toEqual([]);
  });
});
