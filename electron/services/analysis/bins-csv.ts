// CSV of histogram bins for "export bins": one line per bin, numbers in shortest round-trip form
// (String(x)), RFC 4180 quoting for labels, "\n" line ends and a header line.
import type { GroupedHistogram1DResult, Histogram1DResult } from "./histogram.ts";
import type { Histogram2DResult } from "./histogram2d.ts";
import { AnalysisError } from "./errors.ts";

export type BinsCsvInput = Histogram1DResult | GroupedHistogram1DResult | Histogram2DResult;

export interface BinsCsvOptions {
  /** Column header of the counts (1-D); default "count". */
  countLabel?: string;
  /** Header per group id (grouped); default "group <id>". */
  groupLabel?: (groupId: number) => string;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function binsToCsv(input: BinsCsvInput, opts: BinsCsvOptions = {}): string {
  const lines: string[] = [];
  if ("edgesX" in input) {
    lines.push("x_low,x_high,y_low,y_high,count");
    for (let ix = 0; ix < input.binsX; ix++)
      for (let iy = 0; iy < input.binsY; iy++)
        lines.push(
          [
            input.edgesX[ix],
            input.edgesX[ix + 1],
            input.edgesY[iy],
            input.edgesY[iy + 1],
            input.counts[ix * input.binsY + iy],
          ].join(","),
        );
  } else if ("groups" in input) {
    if (input.counts.length !== input.groups.length)
      throw new AnalysisError("grouped histogram has a different number of groups and count arrays");
    const label = opts.groupLabel ?? ((g: number) => `group ${g}`);
    lines.push(["bin_low", "bin_high", ...[...input.groups].map((g) => csvField(label(g)))].join(","));
    for (let k = 0; k < input.edges.length - 1; k++)
      lines.push([input.edges[k], input.edges[k + 1], ...input.counts.map((c) => c[k])].join(","));
  } else {
    lines.push(`bin_low,bin_high,${csvField(opts.countLabel ?? "count")}`);
    for (let k = 0; k < input.counts.length; k++)
      lines.push([input.edges[k], input.edges[k + 1], input.counts[k]].join(","));
  }
  return lines.join("\n") + "\n";
}
