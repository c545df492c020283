// Histograms as the contract gives them: 1-D binned here from loader columns (the loader path, filled file
// by file with progress and cancellation; entries are exactly the rows `load` returns) or merged from the
// workers' partial histograms, and 2-D binned from aligned columns. The SelectionEngine picks the path.
import type {
  Histogram1d,
  Histogram1dRequest,
  Histogram2d,
  Histogram2dRequest,
  HistogramStats,
} from "../../../../shared/api/types.ts";
import type { NumericData } from "../../../../shared/lgdo/model.ts";
import { MinMaxAccumulator, niceRange } from "../../analysis/binning.ts";
import {
  GroupedHistogram1D,
  type GroupedHistogram1DResult,
  type Histogram1DStats,
} from "../../analysis/histogram.ts";
import { Histogram2D, type Histogram2DStats } from "../../analysis/histogram2d.ts";
import type { EntryList } from "../../flow/loader/index.ts";
import type { ExplorationContext } from "./context.ts";
import { type ColumnValueCache, forEachFileColumns } from "./column-cache.ts";
import type { EntryListCache } from "./selection.ts";
import type { Selection } from "./selection-value.ts";
import type { WorkSink } from "./work-sink.ts";

function toStats(s: Histogram1DStats): HistogramStats {
  return {
    entries: s.entries,
    mean: s.mean,
    std: s.std,
    underflow: s.underflow,
    overflow: s.overflow,
    nan: s.nan,
  };
}

/** Per-file column pieces kept when the range comes from the data (binning needs the extent first). */
interface Piece {
  values: NumericData[];
  groups: Int32Array;
}

/** Group id per entry: the channel (table code mapped to a stable id) or the FileDB row. */
function groupIds(
  entries: EntryList,
  splitBy: Histogram1dRequest["splitBy"],
  codeToGroup: Map<string, number>,
): Int32Array {
  const out = new Int32Array(entries.length);
  if (splitBy === "file") {
    out.set(entries.file);
    return out;
  }
  if (splitBy !== "channel") return out;
  const local = entries.tableIds.map((id) => {
    const key = String(id);
    let group = codeToGroup.get(key);
    if (group === undefined) codeToGroup.set(key, (group = codeToGroup.size));
    return group;
  });
  for (let i = 0; i < entries.length; i++) out[i] = local[entries.tableCode[i]!]!;
  return out;
}

/** The nicely rounded extent of the finite values of every piece; [0, 1] when there are none. */
function rangeOf(pieces: NumericData[], bins: number): [number, number] {
  const extent = new MinMaxAccumulator();
  for (const values of pieces) extent.add(values);
  const found = extent.result();
  return found ? niceRange(found.min, found.max, bins, false) : [0, 1];
}

/** The general path: the loader's entry list and `load`, binned here file by file. */
export async function histogram1dOnLoader(
  ctx: ExplorationContext,
  cache: EntryListCache,
  values: ColumnValueCache,
  selection: Selection,
  req: Histogram1dRequest,
  sink: WorkSink,
): Promise<Histogram1d> {
  const splitBy = req.splitBy ?? "none";
  const codeToGroup = new Map<string, number>();
  let units: string | null = null;
  let hist: GroupedHistogram1D | null = req.range
    ? new GroupedHistogram1D({ bins: req.bins, range: req.range })
    : null;
  const pieces: Piece[] = [];
  await forEachFileColumns(
    ctx,
    cache,
    values,
    selection,
    [{ column: req.column, tier: req.tier }],
    sink,
    (values, entries, u) => {
      units ??= u[0] ?? null;
      const groups = groupIds(entries, splitBy, codeToGroup);
      if (hist) hist.fill(values[0]!, groups);
      else pieces.push({ values, groups });
    },
  );
  if (!hist) {
    hist = new GroupedHistogram1D({
      bins: req.bins,
      range: rangeOf(
        pieces.map((p) => p.values[0]!),
        req.bins,
      ),
    });
    for (const piece of pieces) hist.fill(piece.values[0]!, piece.groups);
  }
  const keyOf = new Map([...codeToGroup].map(([key, group]) => [group, key]));
  return toHistogram1d(ctx, req, hist.result(), units, (group) => keyOf.get(group) ?? String(group));
}

/** The contract's histogram: one labelled series per group (one empty series when nothing was filled). */
export function toHistogram1d(
  ctx: ExplorationContext,
  req: Histogram1dRequest,
  result: GroupedHistogram1DResult,
  units: string | null,
  channelOf: (group: number) => string,
): Histogram1d {
  const splitBy = req.splitBy ?? "none";
  const labelOf = (group: number): string => {
    if (splitBy === "none") return req.column;
    if (splitBy === "file") return fileLabel(ctx, group);
    return channelLabel(ctx, channelOf(group));
  };
  const series = [...result.groups].map((group, k) => ({
    label: labelOf(group),
    counts: result.counts[k]!,
    stats: toStats(result.stats[k]!),
  }));
  if (series.length === 0)
    series.push({
      label: req.column,
      counts: new Float64Array(req.bins),
      stats: { entries: 0, mean: Number.NaN, std: Number.NaN, underflow: 0, overflow: 0, nan: 0 },
    });
  return { column: req.column, units, edges: result.edges, series };
}

/** A cycle's label: its timestamp key, else its FileDB row. */
function fileLabel(ctx: ExplorationContext, row: number): string {
  const timestamp = ctx.key("timestamp", row);
  if (timestamp === undefined) return `row ${row}`;
  const type = ctx.key("type", row);
  return type === undefined ? timestamp : `${type} ${timestamp}`;
}

/** A channel's label: its hit-level table name (e.g. `ch1084803`). */
function channelLabel(ctx: ExplorationContext, tableId: string): string {
  const tier = ctx.fileDb.tiers[0]!;
  const numeric = /^\d+$/.test(tableId) ? Number(tableId) : tableId;
  try {
    return ctx.fileDb.getTableName(tier, numeric).split("/")[0]!;
  } catch {
    return tableId;
  }
}

function axisStats(s: Histogram2DStats, axis: "x" | "y"): HistogramStats {
  return axis === "x"
    ? {
        entries: s.entries,
        mean: s.meanX,
        std: s.stdX,
        underflow: s.underflowX,
        overflow: s.overflowX,
        nan: s.nan,
      }
    : {
        entries: s.entries,
        mean: s.meanY,
        std: s.stdY,
        underflow: s.underflowY,
        overflow: s.overflowY,
        nan: s.nan,
      };
}

/** The 2-D histogram of two columns aligned over a selection's entries (automatic ranges from their extents). */
export function histogram2dOf(x: Float64Array, y: Float64Array, req: Histogram2dRequest): Histogram2d {
  const hist = new Histogram2D({
    binsX: req.x.bins,
    binsY: req.y.bins,
    rangeX: req.x.range ?? rangeOf([x], req.x.bins),
    rangeY: req.y.range ?? rangeOf([y], req.y.bins),
  });
  hist.fill(x, y);
  const result = hist.result();
  // The analysis layer stores counts[ix * binsY + iy]; the contract wants rows of y (yBins × xBins).
  const counts = new Float64Array(result.binsX * result.binsY);
  for (let ix = 0; ix < result.binsX; ix++)
    for (let iy = 0; iy < result.binsY; iy++)
      counts[iy * result.binsX + ix] = result.counts[ix * result.binsY + iy]!;
  return {
    xEdges: result.edgesX,
    yEdges: result.edgesY,
    counts,
    stats: { x: axisStats(result.stats, "x"), y: axisStats(result.stats, "y") },
  };
}
