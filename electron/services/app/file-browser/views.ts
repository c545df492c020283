// The one-click views of a single file, computed by the same analysis code as a dataset's panels:
// a column's histogram (analysis/histogram.ts) and a page of decoded waveforms (the exploration's
// waveform rows), shaped as the contract's Histogram1d and WaveformPage so the same figures draw them.
import type { Histogram1d, WaveformPage } from "../../../../shared/api/types.ts";
import type { NumericData } from "../../../../shared/lgdo/model.ts";
import { histogram1d } from "../../analysis/histogram.ts";
import { type Lh5File, normalizePath } from "../../lh5/reader.ts";
import { toWaveformRows } from "../exploration/waveform-blocks.ts";
import { FileBrowserError } from "./errors.ts";

export interface HistogramArgs {
  column: string;
  bins: number;
  range?: [number, number];
}

/** The histogram of a numeric 1-D array, read whole. */
export function columnHistogram(file: Lh5File, args: HistogramArgs): Histogram1d {
  const column = normalizePath(args.column);
  const obj = file.read(column);
  if (obj.kind !== "array" || obj.shape.length !== 1 || obj.dtype === "string")
    throw new FileBrowserError(file.path, column, "a histogram needs a numeric 1-D array (a table column)");
  const result = histogram1d(
    obj.data as NumericData,
    args.range ? { bins: args.bins, range: args.range } : { bins: args.bins },
  );
  const { entries, mean, std, underflow, overflow, nan } = result.stats;
  const units = obj.attrs.units;
  return {
    column,
    units: typeof units === "string" ? units : null,
    edges: result.edges,
    series: [
      {
        label: column.split("/").at(-1) ?? column,
        counts: result.counts,
        stats: { entries, mean, std, underflow, overflow, nan },
      },
    ],
  };
}

export interface WaveformArgs {
  waveform: string;
  start: number;
  count: number;
}

/** Waveforms [start, start + count) of a waveform table (or bare 2-D array / VoV), decoded. */
export function waveformPage(file: Lh5File, args: WaveformArgs): WaveformPage {
  const path = normalizePath(args.waveform);
  const total = file.nRows(path);
  const from = Math.min(args.start, total);
  const to = Math.min(total, from + args.count);
  const rows = toWaveformRows(file.read(path, { rows: [from, to], decode: true }), `${file.path}:/${path}`);
  const n = to - from;
  let nSamples = 0;
  for (let r = 0; r < n; r++) nSamples = Math.max(nSamples, rows.offsets[r + 1]! - rows.offsets[r]!);
  // rows of a vector of vectors may be shorter: the rest of their line is NaN (not drawn)
  const values = new Float32Array(n * nSamples).fill(Number.NaN);
  for (let r = 0; r < n; r++) {
    const begin = rows.offsets[r]!;
    const length = rows.offsets[r + 1]! - begin;
    for (let s = 0; s < length; s++) values[r * nSamples + s] = rows.samples[begin + s]!;
  }
  return {
    totalEntries: total,
    entries: Float64Array.from({ length: n }, (_, i) => from + i),
    traces: [
      {
        column: path.split("/").at(-1) ?? path,
        nSamples,
        values,
        t0: rows.t0,
        dt: rows.dt,
        timeUnits: rows.timeUnits,
      },
    ],
    legend: {},
  };
}
