// Renders Plotly figures to image files at a chosen size and resolution and hands them to the browser's
// download (a save dialog in Electron): the same path for histograms and waveforms.
import type { Data, Layout } from "plotly.js-dist-min";
import { loadPlotly } from "../../components/PlotlyChart.tsx";
import { themedLayout } from "../../components/plot-theme.ts";
import { type ImageExportOptions, renderScale } from "./export-options.ts";

/** A figure to render off-screen (the waveform export) or a plot on screen (its zoom is kept). */
export type ExportSource = HTMLElement | { data: Data[]; layout: Partial<Layout> };

/** The image's data URL, rendered by Plotly at the options' size and scale. */
export async function renderImage(source: ExportSource, options: ImageExportOptions): Promise<string> {
  const Plotly = await loadPlotly();
  return Plotly.toImage(source, {
    format: options.format,
    width: options.width,
    height: options.height,
    scale: renderScale(options),
  });
}

/** The bytes of a data URL (base64, as Plotly gives PNGs, or percent-encoded, as it gives SVGs). */
export function dataUrlBlob(url: string): Blob {
  const comma = url.indexOf(",");
  const header = url.slice(5, comma); // after "data:"
  const body = url.slice(comma + 1);
  const type = header.split(";")[0] || "application/octet-stream";
  if (header.endsWith(";base64")) {
    const text = atob(body);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return new Blob([bytes], { type });
  }
  return new Blob([decodeURIComponent(body)], { type });
}

/** Saves a rendered image as a file through the browser's download (a blob, not a long data URL). */
export function downloadUrl(fileName: string, url: string): void {
  const objectUrl = URL.createObjectURL(dataUrlBlob(url));
  const link = document.createElement("a");
  link.href = objectUrl;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 1000);
}

/**
 * A plot on screen as a figure to export: its traces and its layout as drawn (the user's zoom kept), in
 * the light scheme's colours whatever the screen's.
 */
export function plotOnScreen(div: HTMLElement): { data: Data[]; layout: Partial<Layout> } {
  const drawn = div as HTMLElement & { data?: Data[]; layout?: Partial<Layout> };
  return { data: drawn.data ?? [], layout: themedLayout({ ...drawn.layout, autosize: false }, "light") };
}

/** A plot's size on screen, as an export's starting size (undefined before it is laid out). */
export function screenSize(
  div: HTMLElement | null | undefined,
): { width: number; height: number } | undefined {
  if (!div || div.clientWidth < 100 || div.clientHeight < 100) return undefined;
  return { width: div.clientWidth, height: div.clientHeight };
}
