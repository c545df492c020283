// Issue 18's waveform tools on the real prod-ref-l200 files: the template of every waveform of the
// selection (band, median, mean; the persistence view) from the service's streamed job, and the power
// spectrum view with its frequency axis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("waveform templates and spectra", () => {
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
  });

  it("averages every waveform of the selection and draws band, median and mean, then the persistence view", async () => {
    const { page } = browser;
    await waitForScanEnd(page, { listed: "channels" });
    const position = page.getByTestId("waveform-position");
    await expect.poll(() => position.innerText(), { timeout: 60_000 }).toMatch(/of [\d\s\u202f]+$/);
    const total = Number((await position.innerText()).replace(/^.* of /, "").replace(/\D/g, ""));
    expect(total).toBeGreaterThan(10);

    await page.getByTestId("waveform-template-run").click();
    const summary = page.getByTestId("waveform-template-summary");
    await summary.waitFor({ timeout: 60_000 });
    const text = await summary.innerText();
    // every entry of the selection, not only the page on screen; the r000 cycle has no raw file, so its
    // entries have no waveform and are counted apart
    const traces = Number(text.replace(/ traces.*$/s, "").replace(/\D/g, ""));
    const leftOut = /; ([\d\s\u202f,]+) entries without a waveform left out \(.*r000.* has no raw/s.exec(
      text,
    );
    expect(leftOut).not.toBeNull();
    expect(traces).toBeGreaterThan(10);
    expect(traces + Number(leftOut![1]!.replace(/\D/g, ""))).toBe(total);
    expect(text).toMatch(/median and band within ±[\d.]+ ADC/);
    const plot = page.getByTestId("waveform-template-plot");
    await expect
      .poll(async () => (await plot.locator(".legendtext").allTextContents()).sort())
      .toEqual(["16–84 %", "mean", "median"]);
    await plot.scrollIntoViewIfNeeded();
    await screenshot(page, "templates-01-band");

    await page.getByTestId("waveform-template-persistence").check();
    await expect.poll(() => plot.locator(".hm, .heatmaplayer image").count()).toBeGreaterThan(0);
    await screenshot(page, "templates-02-persistence");
    expect(browser.problems).toEqual([]);
  });

  it("draws the power spectrum over frequency in MHz", async () => {
    const { page } = browser;
    // the last page: the first ones are of the r000 cycle, whose entries have no waveform (no raw file)
    await page.getByTestId("waveform-end").click();
    await page.getByTestId("waveform-missing").waitFor({ state: "detached", timeout: 30_000 });
    await page.getByTestId("waveform-view-kind").selectOption("spectrum");
    const xTitle = page.getByTestId("waveform-plot").locator(".xtitle");
    await expect.poll(() => xTitle.textContent(), { timeout: 30_000 }).toBe("frequency (MHz)");
    expect(await page.getByTestId("waveform-plot").locator(".ytitle").textContent()).toMatch(
      /^log₁₀ PSD \(ADC² \/ MHz\)$/,
    );
    await page.getByTestId("waveform-plot").scrollIntoViewIfNeeded();
    await screenshot(page, "templates-03-spectrum");
    await page.getByTestId("waveform-view-kind").selectOption("samples");
    await expect.poll(() => xTitle.textContent()).toMatch(/^time/);
    expect(browser.problems).toEqual([]);
  });
});
