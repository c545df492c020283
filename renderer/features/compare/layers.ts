// Pure helpers of the comparison layers: the "cut vs. not cut" pair, layer names and colours, one binning for
// every layer, and unit-area scaling.
import type { DataSelection, Histogram1d } from "../../../shared/api/types.ts";

/** Distinct colours, one per layer (Plotly's default cycle: what physicists already read as "series"). */
export const LAYER_COLOURS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
] as const;

/** A layer's colour, by its place in the list (so the legend, histogram and waveforms agree). */
export function layerColour(index: number): string {
  return LAYER_COLOURS[index % LAYER_COLOURS.length]!;
}

/** A short default name of a selection: its cuts, else "all entries", and its channel and cycle counts. */
export function selectionName(selection: DataSelection): string {
  const cuts = [selection.cuts.hit, selection.cuts.evt].filter((c): c is string => !!c && c.trim() !== "");
  const parts = [cuts.length > 0 ? cuts.join(" & ") : "all entries"];
  if (selection.channels.length > 0)
    parts.push(`${selection.channels.length} channel${selection.channels.length === 1 ? "" : "s"}`);
  if (selection.rows.length > 0)
    parts.push(`${selection.rows.length} cycle${selection.rows.length === 1 ? "" : "s"}`);
  else if (selection.fileQuery) parts.push(selection.fileQuery);
  return parts.join(" · ");
}

/**
 * The selection split by its cut: the entries passing it and those failing it (`not (cut)`; a value that is NaN
 * fails a comparison, so its negation passes, and the two together are the uncut selection). The hit cut is the
 * one split when there is one, else the event cut; null without a cut.
 */
export function cutVsNotCut(
  selection: DataSelection,
): [{ name: string; selection: DataSelection }, { name: string; selection: DataSelection }] | null {
  const level = selection.cuts.hit?.trim() ? "hit" : selection.cuts.evt?.trim() ? "evt" : null;
  if (level === null || selection.entryList !== undefined) return null;
  const cut = selection.cuts[level]!.trim();
  const negated = { ...selection.cuts, [level]: `not (${cut})` };
  return [
    { name: `cut: ${cut}`, selection: { ...selection, cuts: { ...selection.cuts } } },
    { name: `not cut: not (${cut})`, selection: { ...selection, cuts: negated } },
  ];
}

/** The range covering every layer's automatic binning (the union of their extents); null when none has data. */
export function unionRange(histograms: readonly Histogram1d[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of histograms) {
    const entries = h.series.reduce((sum, s) => sum + s.stats.entries, 0);
    if (entries === 0 || h.edges.length < 2) continue;
    lo = Math.min(lo, h.edges[0]!);
    hi = Math.max(hi, h.edges[h.edges.length - 1]!);
  }
  return Number.isFinite(lo) && Number.isFinite(hi) && hi > lo ? [lo, hi] : null;
}

/** Whether a histogram's bins already span exactly `range`. */
export function spans(histogram: Histogram1d, range: readonly [number, number]): boolean {
  return histogram.edges[0] === range[0] && histogram.edges[histogram.edges.length - 1] === range[1];
}

/** Counts scaled so that their area (sum of count × bin width) is 1; all zeros stay zeros. */
export function unitArea(counts: Float64Array, edges: Float64Array): Float64Array {
  let area = 0;
  for (let i = 0; i < counts.length; i++) area += counts[i]! * (edges[i + 1]! - edges[i]!);
  return area > 0 ? counts.map((c) => c / area) : counts.slice();
}
