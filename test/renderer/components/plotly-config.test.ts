// No data leaves the machine through Plotly: every figure's config comes from plotlyConfig, which keeps
// send-to-cloud, Chart Studio and Plotly's server URL off whatever a caller asks for.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "plotly.js-dist-min";
import { LOCAL_ONLY_CONFIG, plotlyConfig } from "../../../renderer/components/plotly-config.ts";

// under jsdom import.meta.url is no file URL; vitest runs from the repository root
const REPO_ROOT = process.cwd();
const RENDERER = join(REPO_ROOT, "renderer");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("plotlyConfig", () => {
  it("switches off sending to the cloud, Chart Studio and Plotly's server", () => {
    expect(plotlyConfig()).toMatchObject({
      showSendToCloud: false,
      showEditInChartStudio: false,
      plotlyServerURL: "",
    });
  });

  it("keeps the caller's settings, but never lets them switch those back on", () => {
    const asked = {
      responsive: true,
      showSendToCloud: true,
      showEditInChartStudio: true,
      plotlyServerURL: "https://chart-studio.plotly.com",
      showLink: true,
    } as Partial<Config>;
    expect(plotlyConfig(asked)).toEqual({ responsive: true, ...LOCAL_ONLY_CONFIG });
  });

  it("is where every Plotly config in the renderer comes from", () => {
    const files = sources(RENDERER);
    const configuring = files.filter((file) => /\bplotlyConfig\(/.test(readFileSync(file, "utf8")));
    // PlotlyChart, the waveform plot and the warm-up draws
    expect(configuring.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const name = relative(REPO_ROOT, file);
      if (name.endsWith("plotly-config.ts")) continue;
      // a config written by hand (these keys) instead of through plotlyConfig
      expect(text, name).not.toMatch(
        /\b(?:displaylogo|showSendToCloud|showEditInChartStudio|plotlyServerURL|showLink)\b/,
      );
      // a file that hands Plotly a config (newPlot/react with four arguments) builds it with plotlyConfig
      if (/\.(?:newPlot|react)\(/.test(text) && /\.(?:newPlot|react)\([^;]*,[^;]*,[^;]*,/s.test(text))
        expect(text, name).toMatch(/\bplotlyConfig\(/);
    }
  });
});
