// Figures in Chromium against web mode on prod-ref-l200 (issue #18): a split histogram's legend names
// detectors from the channel map, 2-D axes carry units, and the export dialog writes a histogram PNG at the
// chosen size and DPI and the waveforms as PNG (with their lines, which are painted on a canvas on screen)
// and SVG (with a path per line). Screenshots per step.
import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { FILEDB_CONFIG } from "../fixtures/testdata.ts";
import { SCREENSHOT_DIR, screenshot, useServedApp } from "./helpers.ts";

/** A PNG's pixel size from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function plotDraws(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="histogram-plot"]')].reduce(
      (n, div) => n + Number(div.dataset.drawn ?? "0"),
      0,
    ),
  );
}

/** Fills the image export dialog and saves; resolves with the downloaded file's name and bytes. */
async function exportImage(
  page: Page,
  opener: string,
  options: { format: "png" | "svg"; width: number; height: number; dpi?: number },
): Promise<{ name: string; bytes: Buffer }> {
  await page.getByTestId(opener).click();
  const dialog = page.getByTestId("image-export-dialog");
  await dialog.waitFor();
  await page.getByTestId(`image-export-${options.format}`).check();
  await page.getByTestId("image-export-width").fill(String(options.width));
  await page.getByTestId("image-export-height").fill(String(options.height));
  if (options.dpi) await page.getByTestId("image-export-dpi").selectOption(String(options.dpi));
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 60_000 }),
    page.getByTestId("image-export-save").click(),
  ]);
  await dialog.waitFor({ state: "detached" });
  const bytes = readFileSync(await download.path());
  // kept beside the screenshots, to be looked at
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(join(SCREENSHOT_DIR, `figures-export-${download.suggestedFilename()}`), bytes);
  return { name: download.suggestedFilename(), bytes };
}

/**
 * Pixels of a PNG that are saturated colour (the traces' palette), not white, black or the grey of axes,
 * grid and text: the PNG is decoded by the page's own image decoder.
 */
async function colouredPixels(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    return coloured;
  }, png.toString("base64"));
}

describe("figures on prod-ref-l200", () => {
  const app = useServedApp([FILEDB_CONFIG]);

  it("names a split histogram's series by detector, as the channel picker does", async () => {
    const { page } = app.browser;
    const picker = page.getByTestId("channel-picker");
    const names = new Map<string, string>();
    for (const row of await picker.locator("tbody tr").all()) {
      const table = (await row.getAttribute("data-table"))!;
      names.set(table, (await row.locator("td").first().innerText()).trim());
    }
    const detectors = [...names.values()].filter((name) => !/^ch\d+$/.test(name));
    expect(detectors.length).toBeGreaterThan(1);
    await page.getByTestId("histogram-column-x").selectOption("dsp:trapEmax");
    await page.getByTestId("histogram-split").selectOption("channel");
    await page.getByTestId("histogram-draw").click();
    await expect.poll(() => plotDraws(page), { timeout: 90_000 }).toBeGreaterThan(0);
    const legend = await page
      .locator('[data-testid="histogram-plot"] .legendtext')
      .evaluateAll((texts) => texts.map((t) => t.textContent));
    expect(legend.length).toBeGreaterThan(1);
    // every entry is a detector name from the map (a table the map does not name keeps its table name)
    for (const text of legend) expect([...names.values()]).toContain(text);
    expect(legend.filter((text) => detectors.includes(text)).length).toBe(
      legend.filter((text) => !/^ch\d+$/.test(text)).length,
    );
    expect(legend.some((text) => detectors.includes(text))).toBe(true);
    await screenshot(page, "figures-01-split-by-detector");
  });

  it("exports the histogram as a PNG of the chosen size and DPI, and as SVG", async () => {
    const { page } = app.browser;
    const png = await exportImage(page, "histogram-export-image", {
      format: "png",
      width: 768,
      height: 480,
      dpi: 150,
    });
    expect(png.name).toBe("histogram-trapEmax.png");
    // 150 DPI is 150/96 of the screen's pixels
    expect(pngSize(png.bytes)).toEqual({ width: 1200, height: 750 });
    expect(await colouredPixels(page, png.bytes)).toBeGreaterThan(500);
    const svg = await exportImage(page, "histogram-export-image", { format: "svg", width: 900, height: 500 });
    expect(svg.name).toBe("histogram-trapEmax.svg");
    const text = svg.bytes.toString("utf8");
    expect(text).toMatch(/^<svg[^>]* width="900" height="500"/);
    expect(text).toContain('class="legendtext"');
  });

  it("titles the 2-D histogram's axes with the columns' units", async () => {
    const { page } = app.browser;
    await page.getByTestId("histogram-mode-2d").check();
    await page.getByTestId("histogram-column-y").selectOption("dsp:tp_0_est");
    await page.getByTestId("histogram-draw").click();
    await page.locator(".histogram-plots .hm image").first().waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.locator('[data-testid="histogram-plot"] .xtitle').textContent())
      .toBe("trapEmax [ADC]");
    expect(await page.locator('[data-testid="histogram-plot"] .ytitle').textContent()).toBe("tp_0_est [ns]");
    await screenshot(page, "figures-02-2d-units");
    await page.getByTestId("histogram-mode-1d").check();
  });

  it("exports the waveforms as PNG with their lines, and as SVG with a path per line", async () => {
    const { page } = app.browser;
    await page.getByTestId("channel-search").fill("V00048A");
    await page.locator('[data-testid="channel-picker"] tr[data-table="ch1084803"]').click();
    await page.getByTestId("channel-search").fill("");
    const plot = page.getByTestId("waveform-plot");
    await expect.poll(() => plot.getAttribute("data-lines"), { timeout: 90_000 }).toBe("10");
    await plot.scrollIntoViewIfNeeded();
    await page.getByTestId("waveform-export").click();
    await page.getByTestId("image-export-dialog").waitFor();
    await screenshot(page, "figures-03-export-dialog");
    await page.getByRole("button", { name: "Cancel" }).click();

    const png = await exportImage(page, "waveform-export", {
      format: "png",
      width: 960,
      height: 480,
      dpi: 300,
    });
    expect(png.name).toBe("waveforms.png");
    expect(pngSize(png.bytes)).toEqual({ width: 3000, height: 1500 });
    // the lines are in the image (Plotly's own image of the on-screen plot has axes only)
    expect(await colouredPixels(page, png.bytes)).toBeGreaterThan(5000);

    const svg = await exportImage(page, "waveform-export", { format: "svg", width: 1000, height: 500 });
    expect(svg.name).toBe("waveforms.svg");
    const text = svg.bytes.toString("utf8");
    const lines = text.match(/<path class="js-line"[^>]* d="M[^"]{100,}"/g) ?? [];
    expect(lines).toHaveLength(10);
    await screenshot(page, "figures-04-waveforms-exported");
  });
});
