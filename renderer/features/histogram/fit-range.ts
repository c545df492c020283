// Which bins a fit takes: the range dragged on the plot; around a clicked bin when only one was picked;
// else the x range the plot shows (zoomed), else every bin.

export type FitRangeSource = "selection" | "clicked bin" | "visible" | "all bins";

/** Bins either side of a clicked bin that a fit around it takes. */
export const BINS_AROUND_CLICK = 15;

export function fitRangeFor(
  edges: ArrayLike<number>,
  selected: { lo: number; hi: number } | null,
  visible: readonly [number, number] | null,
): { range: [number, number]; source: FitRangeSource } {
  const bins = edges.length - 1;
  const first = edges[0]!;
  const last = edges[bins]!;
  const binWidth = (last - first) / bins;
  if (selected && selected.hi > selected.lo) {
    if (selected.hi - selected.lo > 1.5 * binWidth)
      return { range: [selected.lo, selected.hi], source: "selection" };
    const centre = (selected.lo + selected.hi) / 2;
    const half = (BINS_AROUND_CLICK + 0.5) * binWidth;
    return { range: [Math.max(first, centre - half), Math.min(last, centre + half)], source: "clicked bin" };
  }
  if (visible && visible[1] > visible[0] && (visible[0] > first || visible[1] < last))
    return { range: [Math.max(first, visible[0]), Math.min(last, visible[1])], source: "visible" };
  return { range: [first, last], source: "all bins" };
}

/** The x range a drawn Plotly plot shows when zoomed; null when it shows everything (autorange). */
export function visibleXRange(element: HTMLElement | undefined): [number, number] | null {
  const layout = (element as { layout?: { xaxis?: { range?: unknown; autorange?: unknown } } } | undefined)
    ?.layout;
  const range = layout?.xaxis?.range;
  if (layout?.xaxis?.autorange === true || !Array.isArray(range) || range.length !== 2) return null;
  const [lo, hi] = range.map(Number) as [number, number];
  return Number.isFinite(lo) && Number.isFinite(hi) ? [Math.min(lo, hi), Math.max(lo, hi)] : null;
}
