// Comparing selections in Chromium against web mode on prod-ref-l200 (issue #18): "cut vs. not cut" and the uncut
// selection as three layers on one histogram (same bins, a colour each, a legend) whose cut and not-cut counts add
// up bin by bin to the uncut ones; the normalise toggle gives unit area; the waveform plot draws each layer's first
// page in its colour. Screenshots at 1366×768.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { layerColour } from "../../renderer/features/compare/layers.ts";
import { FILEDB_CONFIG } from "../fixtures/testdata.ts";
import { screenshot, useServedApp } from "./helpers.ts";

interface Trace {
  name: string;
  x: number[];
  y: number[];
  colour: string;
}

/** The compare plot's traces as Plotly holds them, and how many draws finished. */
async function comparePlot(page: Page): Promise<{ draws: number; traces: Trace[]; yTitle: string }> {
  return page.evaluate(() => {
    const div = document.querySelector<HTMLElement>('[data-testid="compare-plot"]');
    const plot = div as unknown as {
      data?: { name: string; x: ArrayLike<number>; y: ArrayLike<number>; line: { color: string } }[];
      layout?: { yaxis: { title: { text: string } } };
    } | null;
    return {
      draws: Number(div?.dataset.drawn ?? "0"),
      traces: (plot?.data ?? []).map((d) => ({
        name: d.name,
        x: Array.from(d.x),
        y: Array.from(d.y),
        colour: d.line.color,
      })),
      yTitle: plot?.layout?.yaxis.title.text ?? "",
    };
  });
}

describe("compare selections on prod-ref-l200", () => {
  const app = useServedApp([FILEDB_CONFIG]);

  it("cut vs. not cut and the uncut selection on one histogram and one waveform plot", async () => {
    const { page } = app.browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    // r000 has only its dsp file (its raw file is archived): its entries count but have no waveforms
    await page.getByTestId("file-query").fill("run != 'r000'");
    await page.getByTestId("file-query").press("Enter");
    await page.getByTestId("histogram-column-x").selectOption("dsp:trapEmax");
    await page.getByTestId("histogram-bins-x").fill("40");
    await page.getByTestId("histogram-draw").click();
    await expect
      .poll(() => page.getByTestId("histogram-plot").first().getAttribute("data-drawn"), {
        timeout: 90_000,
      })
      .not.toBeNull();
    // "cut vs. not cut" needs a cut
    expect(await page.getByTestId("compare-cut-vs-not").isEnabled()).toBe(false);
    await page.getByTestId("cut-editor-hit").fill("trapEmax > 5000");
    await page.getByTestId("cut-editor-hit").press("Enter");
    await expect.poll(() => page.getByTestId("compare-cut-vs-not").isEnabled()).toBe(true);
    await page.getByTestId("compare-cut-vs-not").click();
    // the uncut selection as a third, named layer
    await page.getByTestId("cut-editor-hit").fill("");
    await page.getByTestId("cut-editor-hit").press("Enter");
    await expect.poll(() => page.getByTestId("compare-cut-vs-not").isEnabled()).toBe(false);
    await page.getByTestId("compare-name").fill("uncut");
    await page.getByTestId("compare-add").click();
    await expect.poll(() => page.getByTestId("compare-layer").count()).toBe(3);

    await expect
      .poll(async () => (await comparePlot(page)).traces.map((t) => t.name.replace(/ \(\d+\)$/, "")), {
        timeout: 90_000,
      })
      .toEqual(["cut: trapEmax > 5000", "not cut: not (trapEmax > 5000)", "uncut"]);
    await expect.poll(() => page.getByText("filling 3 layers…").count(), { timeout: 60_000 }).toBe(0);
    const { traces } = await comparePlot(page);
    const [cut, notCut, uncut] = traces as [Trace, Trace, Trace];
    // one binning for all, a colour each, the entry counts in the legend: cut + not cut = uncut, bin by bin
    expect(notCut.x).toEqual(cut.x);
    expect(uncut.x).toEqual(cut.x);
    expect(traces.map((t) => t.colour)).toEqual([layerColour(0), layerColour(1), layerColour(2)]);
    const entries = traces.map((t) => Number(/\((\d+)\)$/.exec(t.name)![1]));
    expect(entries[0]).toBe(14);
    expect(entries[0]! + entries[1]!).toBe(entries[2]);
    expect(cut.y.map((c, i) => c + notCut.y[i]!)).toEqual(uncut.y);
    await screenshot(page, "compare-01-histogram");

    // normalised: every layer has unit area
    await page.getByTestId("compare-normalise").check();
    await expect.poll(async () => (await comparePlot(page)).yTitle).toContain("bin width");
    for (const trace of (await comparePlot(page)).traces) {
      let area = 0;
      for (let i = 0; i + 1 < trace.x.length; i++) area += trace.y[i]! * (trace.x[i + 1]! - trace.x[i]!);
      expect(area).toBeCloseTo(1, 9);
    }
    await screenshot(page, "compare-02-normalised");

    // the waveform plot: each layer's first page in its colour
    const compared = page.getByTestId("compare-waveforms");
    await compared.scrollIntoViewIfNeeded();
    await expect
      .poll(
        () =>
          compared.getByTestId("waveform-plot").evaluate((div) => {
            const lines = (div as unknown as { waveformLines?: { name: string; line: { color: string } }[] })
              .waveformLines;
            return [...new Set((lines ?? []).map((l) => `${l.name.split(" · ")[0]}|${l.line.color}`))];
          }),
        { timeout: 90_000 },
      )
      .toEqual([
        `cut: trapEmax > 5000|${layerColour(0)}`,
        `not cut: not (trapEmax > 5000)|${layerColour(1)}`,
        `uncut|${layerColour(2)}`,
      ]);
    await screenshot(page, "compare-03-waveforms");

    // layers are removed one by one, and the comparison goes away with the last
    await page.getByTestId("compare-clear").click();
    await expect.poll(() => page.getByTestId("compare-histogram").count()).toBe(0);
    await expect.poll(() => page.getByTestId("compare-waveforms").count()).toBe(0);
  });
});
