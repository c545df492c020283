// The image export's options (size, DPI → Plotly's scale) and the waveform export figure, whose lines
// are Plotly traces (on screen they are painted on a canvas Plotly's image does not see).
import { describe, expect, it } from "vitest";
import {
  DEFAULT_EXPORT,
  exportProblem,
  imageFileName,
  pixelSize,
  renderScale,
} from "../../../../renderer/features/figure-export/export-options.ts";
import { dataUrlBlob } from "../../../../renderer/features/figure-export/download-image.ts";
import {
  EXPORT_LEGEND_LINES,
  waveformExportFigure,
} from "../../../../renderer/features/waveforms/waveform-export.ts";
import type { PlotLine, WaveformFigure } from "../../../../renderer/features/waveforms/waveform-figure.ts";

function line(k: number, n: number): PlotLine {
  return {
    type: "scatter",
    mode: "lines",
    name: `#${k}`,
    x: Float64Array.from({ length: n }, (_, i) => i),
    y: Float32Array.from({ length: n }, (_, i) => Math.sin(i / 10) + k),
    line: { width: 1, color: "#1f77b4" },
    customdata: [k],
  };
}

function figure(lines: number, samples: number): WaveformFigure {
  return {
    data: Array.from({ length: lines }, (_, k) => line(k, samples)),
    layout: {
      xaxis: { title: { text: "time (ns)" }, autorange: true },
      yaxis: { title: { text: "amplitude (ADC)" }, autorange: true },
      shapes: [
        {
          type: "line",
          xref: "x",
          yref: "paper",
          x0: 5,
          x1: 5,
          y0: 0,
          y1: 1,
          line: { color: "#d62728", width: 1, dash: "dash" },
        },
      ],
      showlegend: false,
      margin: { l: 60, r: 10, t: 10, b: 45 },
    },
  };
}

describe("image export options", () => {
  it("turns a DPI into Plotly's scale and the PNG's pixel size", () => {
    const png = { format: "png" as const, width: 960, height: 480, dpi: 300 };
    expect(renderScale(png)).toBe(300 / 96);
    expect(pixelSize(png)).toEqual({ width: 3000, height: 1500 });
    expect(renderScale({ ...png, format: "svg" })).toBe(1);
    expect(pixelSize({ ...png, format: "svg" })).toEqual({ width: 960, height: 480 });
  });

  it("refuses sizes it cannot render, naming the field", () => {
    expect(exportProblem(DEFAULT_EXPORT)).toBeNull();
    expect(exportProblem({ ...DEFAULT_EXPORT, width: 50 })).toMatch(/width/);
    expect(exportProblem({ ...DEFAULT_EXPORT, height: 12.5 })).toMatch(/height/);
    expect(exportProblem({ ...DEFAULT_EXPORT, width: 4000, dpi: 600 })).toMatch(/too large/);
    // an SVG has no pixels: any DPI will do
    expect(exportProblem({ ...DEFAULT_EXPORT, format: "svg", width: 4000, dpi: 600 })).toBeNull();
  });

  it("names files safely with the format's extension", () => {
    expect(imageFileName("histogram-trapEmax", DEFAULT_EXPORT)).toBe("histogram-trapEmax.png");
    expect(imageFileName("a/b: c", { ...DEFAULT_EXPORT, format: "svg" })).toBe("a_b_c.svg");
  });

  it("decodes Plotly's data URLs to the file's bytes", async () => {
    const png = dataUrlBlob("data:image/png;base64,iVBORw0K");
    expect(png.type).toBe("image/png");
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    const svg = dataUrlBlob(`data:image/svg+xml,${encodeURIComponent('<svg a="1">é</svg>')}`);
    expect(await svg.text()).toBe('<svg a="1">é</svg>');
  });
});

describe("waveform export figure", () => {
  it("draws every line as a trace within the ranges on screen, reduced to the image's columns", () => {
    const exported = waveformExportFigure(figure(3, 10_000), { x: [1000, 3000], y: [-2, 5] }, 500);
    expect(exported.data).toHaveLength(3);
    const first = exported.data[0] as { type: string; x: Float64Array; y: Float32Array; name: string };
    expect(first.type).toBe("scatter");
    expect(first.name).toBe("#0");
    expect(first.x.length).toBeLessThanOrEqual(2 * 500 + 4);
    expect(first.x[0]).toBeLessThanOrEqual(1000);
    expect(first.x.at(-1)).toBeGreaterThanOrEqual(3000);
    expect(exported.layout.xaxis).toMatchObject({
      range: [1000, 3000],
      autorange: false,
      title: { text: "time (ns)" },
    });
    expect(exported.layout.yaxis).toMatchObject({ range: [-2, 5], autorange: false });
    expect(exported.layout.shapes).toHaveLength(1);
    expect(exported.layout.showlegend).toBe(true);
  });

  it("leaves the legend out when there are too many lines for it", () => {
    const exported = waveformExportFigure(
      figure(EXPORT_LEGEND_LINES + 1, 100),
      { x: [0, 99], y: [0, 20] },
      500,
    );
    expect(exported.layout.showlegend).toBe(false);
  });
});
