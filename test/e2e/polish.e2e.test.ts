// Issue #18 in Chromium against web mode, on a generated tree of 60 detectors with a channel map: a histogram
// split by all 60 stays readable at 1366x768 (a compact legend column that scrolls, detector names); `?` opens
// the shortcut sheet, which lists exactly the registry the handlers use; every button, select and input has
// an accessible name or tooltip; the app and its plots follow a dark system scheme. Screenshots per step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { generateDataset } from "../../electron/services/generator/index.ts";
import { SHORTCUTS } from "../../shared/ui/shortcuts.ts";
import {
  type Browser,
  ensureBuilt,
  openBrowser,
  screenshot,
  type Served,
  startServe,
  waitForScanEnd,
} from "./helpers.ts";

const CHANNELS = 60;

async function plotDraws(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="histogram-plot"]')].reduce(
      (n, div) => n + Number(div.dataset.drawn ?? "0"),
      0,
    ),
  );
}

/** Visible buttons, selects and inputs with neither an accessible name (label, aria-label, text) nor a title. */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (element: HTMLElement): boolean => {
      if (element.title.trim() !== "") return true;
      if ((element.getAttribute("aria-label") ?? "").trim() !== "") return true;
      const labelledBy = element.getAttribute("aria-labelledby");
      if (labelledBy && document.getElementById(labelledBy)?.textContent?.trim()) return true;
      if (element.tagName === "BUTTON" && (element.textContent ?? "").trim() !== "") return true;
      const labels = (element as HTMLInputElement).labels;
      return !!labels && [...labels].some((label) => (label.textContent ?? "").trim() !== "");
    };
    const describe = (element: HTMLElement) =>
      `${element.tagName.toLowerCase()}${element.dataset.testid ? `[data-testid=${element.dataset.testid}]` : ""}${
        element.className && typeof element.className === "string"
          ? `.${element.className.split(" ")[0]}`
          : ""
      } in ${element.closest("section,[data-testid],header")?.getAttribute("data-testid") ?? element.closest("section,header")?.className ?? "page"}`;
    return (
      [...document.querySelectorAll<HTMLElement>("button, select, input, textarea")]
        // ag-grid's own widgets (its filter inputs and checkboxes) are ag-grid's; ours are checked
        .filter((element) => element.closest(".ag-root-wrapper") === null)
        .filter(
          (element) => element.getClientRects().length > 0 && (element as HTMLInputElement).type !== "hidden",
        )
        .filter((element) => !named(element))
        .map(describe)
    );
  });
}

describe(`a generated tree of ${CHANNELS} detectors`, () => {
  const base = mkdtempSync(join(tmpdir(), "lh5-e2e-polish-"));
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    const tree = await generateDataset(join(base, "tree"), {
      cycles: 1,
      channels: CHANNELS,
      events: 400,
      seed: 7,
    });
    served = await startServe([tree.dataloaderConfigPath]);
    browser = await openBrowser(served.url);
    await browser.page.setViewportSize({ width: 1366, height: 768 });
    await waitForScanEnd(browser.page, { listed: "channels" });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (served) rmSync(served.dataDir, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true });
  });

  it("keeps a histogram split by 60 detectors readable: a compact legend column of detector names", async () => {
    const { page } = browser;
    await page.getByTestId("histogram-column-x").selectOption({ index: 1 });
    await page.getByTestId("histogram-split").selectOption("channel");
    await page.getByTestId("histogram-draw").click();
    await expect.poll(() => plotDraws(page), { timeout: 120_000 }).toBeGreaterThan(0);
    const plot = page.getByTestId("histogram-plot");
    const legend = await plot
      .locator(".legendtext")
      .evaluateAll((texts) => texts.map((t) => t.textContent ?? ""));
    // every detector with hits (the map also lists SiPMs and others, which record nothing here)
    const withHits = await page.getByTestId("channel-picker").locator("tbody tr").count();
    expect(withHits).toBeGreaterThanOrEqual(50);
    expect(legend.length).toBe(withHits);
    for (const name of legend) expect(name).not.toMatch(/^ch\d+$/);
    // the plot area keeps most of the figure: the legend is a column beside it, not rows over it
    const sizes = await plot.evaluate((div) => {
      const size = (div as unknown as { _fullLayout: { _size: { w: number; h: number } } })._fullLayout._size;
      const legendBox = div.querySelector(".legend .bg")!.getBoundingClientRect(); // the visible box
      return {
        plotW: size.w,
        plotH: size.h,
        width: div.clientWidth,
        height: div.clientHeight,
        legendH: legendBox.height,
      };
    });
    expect(sizes.plotH).toBeGreaterThan(0.5 * sizes.height);
    expect(sizes.plotW).toBeGreaterThan(0.5 * sizes.width);
    // taller than the plot would be: Plotly scrolls it
    expect(sizes.legendH).toBeLessThanOrEqual(sizes.height);
    expect(await plot.locator(".legend .scrollbar").count()).toBe(1);
    await screenshot(page, "polish-01-legend-60-detectors-1366x768");
  });

  it("opens the shortcut sheet with ?, listing every shortcut of the registry, and closes it with Esc", async () => {
    const { page } = browser;
    await page.locator("body").click({ position: { x: 5, y: 400 } });
    await page.keyboard.press("?");
    const sheet = page.getByTestId("shortcut-sheet");
    await sheet.waitFor();
    const listed = await sheet
      .locator("tr[data-shortcut]")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-shortcut")));
    expect(listed).toEqual(SHORTCUTS.map((s) => s.id));
    expect(await sheet.innerText()).toMatch(/Ctrl\/⌘ F/);
    await screenshot(page, "polish-02-shortcut-sheet");
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "detached" });
    // typing ? into a field types it
    await page.getByTestId("file-query").fill("");
    await page.getByTestId("file-query").press("?");
    expect(await page.getByTestId("file-query").inputValue()).toBe("?");
    expect(await sheet.count()).toBe(0);
    await page.getByTestId("file-query").fill("");
  });

  it("gives every button, select and input an accessible name or a tooltip", async () => {
    const { page } = browser;
    await page.getByTestId("waveform-plot").waitFor({ timeout: 120_000 });
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByTestId("histogram-mode-2d").check();
    await page.getByTestId("histogram-export-image").click();
    await page.getByTestId("image-export-dialog").waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await page.getByTestId("histogram-mode-1d").check();
  });

  it("follows a dark system scheme: page, grid and plots", async () => {
    const { page } = browser;
    await page.emulateMedia({ colorScheme: "dark" });
    await page.locator("body").click({ position: { x: 5, y: 400 } }); // out of any text field, so ? is a shortcut
    const colours = () =>
      page.evaluate(() => {
        const rgb = (text: string) => (text.match(/\d+/g) ?? []).slice(0, 3).map(Number);
        const body = rgb(getComputedStyle(document.querySelector(".app")!.parentElement!).backgroundColor);
        const root = rgb(getComputedStyle(document.documentElement).backgroundColor);
        const paper = rgb(
          document
            .querySelector('[data-testid="histogram-plot"] .main-svg')
            ?.getAttribute("style")
            ?.match(/background: ([^;]+)/)?.[1] ?? "",
        );
        const grid = rgb(getComputedStyle(document.querySelector(".ag-root-wrapper")!).backgroundColor);
        return { body, root, paper, grid };
      });
    await expect.poll(async () => Math.max(...(await colours()).paper)).toBeLessThan(60);
    const dark = await colours();
    for (const [part, rgb] of Object.entries(dark)) expect(Math.max(...rgb), part).toBeLessThan(60);
    await page.waitForTimeout(300);
    await screenshot(page, "polish-03-dark-mode");
    await page.keyboard.press("?");
    await page.getByTestId("shortcut-sheet").waitFor();
    await screenshot(page, "polish-04-dark-shortcut-sheet");
    await page.keyboard.press("Escape");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(async () => Math.min(...(await colours()).paper)).toBeGreaterThan(200);
  });
});
