// Issue #18: 2-D axes carry units, split-by-channel series are named by detector, and a legend of many
// series stays a compact, scrolling column instead of a row over the plot.
import { describe, expect, it } from "vitest";
import type { ChannelList, Histogram1d, Histogram2d } from "../../../../shared/api/types.ts";
import {
  COMPACT_LEGEND_SERIES,
  histogram1dFigures,
  histogram2dFigure,
} from "../../../../renderer/features/histogram/figure.ts";
import { seriesNamer } from "../../../../renderer/features/histogram/series-names.ts";

const stats = { entries: 1, mean: 1, std: 0, underflow: 0, overflow: 0, nan: 0 };
const OPTIONS = { logX: false, logY: false, logCounts: false, layout: "overlay" as const };

function split(n: number): Histogram1d {
  return {
    column: "trapEmax",
    units: "ADC",
    edges: Float64Array.of(0, 1),
    series: Array.from({ length: n }, (_, k) => ({
      label: `ch${1084800 + k}`,
      counts: Float64Array.of(k),
      stats,
    })),
  };
}

const CHANNELS: ChannelList = {
  datasetId: "d",
  channels: [
    { table: "ch1084800", rawid: 1084800, name: "V02160A" },
    { table: "ch1084801", rawid: 1084801, name: null },
  ].map((c) => ({ ...c, system: "geds", string: 1, position: 1, usability: "on" })),
  entries: Float64Array.of(1, 1),
  metadataFound: true,
};

describe("histogram figure labels", () => {
  it("titles 2-D axes with the columns' units", () => {
    const h: Histogram2d = {
      xEdges: Float64Array.of(0, 1),
      yEdges: Float64Array.of(0, 1),
      counts: Float64Array.of(1),
      stats: { x: stats, y: stats },
      units: { x: "keV", y: null },
    };
    const figure = histogram2dFigure(h, "cuspEmax_ctc_cal", "AoE", { logCounts: false });
    expect(figure.layout.xaxis?.title).toMatchObject({ text: "cuspEmax_ctc_cal [keV]" });
    expect(figure.layout.yaxis?.title).toMatchObject({ text: "AoE" });
  });

  it("names split-by-channel series by detector, falling back to the table", () => {
    const name = seriesNamer("channel", CHANNELS);
    expect(name("ch1084800")).toBe("V02160A");
    expect(name("ch1084801")).toBe("ch1084801");
    expect(seriesNamer("file", CHANNELS)("ch1084800")).toBe("ch1084800");
    const [overlay] = histogram1dFigures(split(2), { ...OPTIONS, seriesName: name });
    expect(overlay!.data.map((d) => d.name)).toEqual(["V02160A", "ch1084801"]);
    const plots = histogram1dFigures(split(2), { ...OPTIONS, layout: "split", seriesName: name });
    expect(plots.map((p) => p.key)).toEqual(["ch1084800", "ch1084801"]); // keys stay the service's labels
    expect(plots[0]!.layout.title).toMatchObject({ text: "trapEmax · V02160A" });
  });

  it("keeps a few series in a row above the plot and many in a compact column", () => {
    const [few] = histogram1dFigures(split(COMPACT_LEGEND_SERIES), OPTIONS);
    expect(few!.layout.legend).toMatchObject({ orientation: "h" });
    const [many] = histogram1dFigures(split(60), OPTIONS);
    expect(many!.layout.legend).toMatchObject({ orientation: "v", xanchor: "left", font: { size: 10 } });
    expect(many!.layout.showlegend).toBe(true);
  });
});
