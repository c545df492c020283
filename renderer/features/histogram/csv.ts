// Bins as CSV (one row per bin, full precision) and a Blob download in the renderer.
import type { Histogram1d, Histogram2d } from "../../../shared/api/types.ts";

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `lo,hi,<series…>`: one row per bin. */
export function histogram1dCsv(histogram: Histogram1d): string {
  const header = ["lo", "hi", ...histogram.series.map((s) => s.label)].map(csvField).join(",");
  const lines = [header];
  for (let bin = 0; bin < histogram.edges.length - 1; bin++) {
    const cells = [String(histogram.edges[bin]), String(histogram.edges[bin + 1])];
    for (const series of histogram.series) cells.push(String(series.counts[bin]));
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** `x_lo,x_hi,y_lo,y_hi,count`: one row per bin, x fastest. */
export function histogram2dCsv(histogram: Histogram2d): string {
  const nx = histogram.xEdges.length - 1;
  const ny = histogram.yEdges.length - 1;
  const lines = ["x_lo,x_hi,y_lo,y_hi,count"];
  for (let row = 0; row < ny; row++)
    for (let col = 0; col < nx; col++)
      lines.push(
        [
          histogram.xEdges[col],
          histogram.xEdges[col + 1],
          histogram.yEdges[row],
          histogram.yEdges[row + 1],
          histogram.counts[row * nx + col],
        ].join(","),
      );
  return `${lines.join("\n")}\n`;
}

/** Saves text as a file through the browser's download. */
export function downloadText(fileName: string, text: string, type = "text/csv"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
