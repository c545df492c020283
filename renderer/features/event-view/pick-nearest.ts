// A click on a 2-D histogram makes the entry nearest to the clicked point the current entry: the waveform
// panel pages to it (within the clicked bin, its linked view), and the values table and event view follow.
// The service finds the entry (nearestEntry); the renderer never holds the points.
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import type { WaveformValueRange } from "../../../shared/api/types.ts";
import type { AppStore } from "../../stores/store.ts";
import { currentSelection } from "../cut-editor/data-selection.ts";

/** Asks for the entry nearest to `at` inside the 2-D bin `range` and makes it current (bin shown if none). */
export async function pickNearestEntry(
  api: Lh5BrowserApi,
  store: AppStore,
  range: WaveformValueRange,
  at: readonly [number, number],
): Promise<void> {
  if (range.column2 === undefined || range.lo2 === undefined || range.hi2 === undefined) return;
  const state = store.getState();
  const found = await api
    .nearestEntry({
      selection: currentSelection(state),
      x: range.tier ? { column: range.column, tier: range.tier } : { column: range.column },
      y: range.tier2 ? { column: range.column2, tier: range.tier2 } : { column: range.column2 },
      at: [at[0], at[1]],
      // one bin counts as one unit on both axes, so the pick does not favour the axis with bigger numbers
      scale: [range.hi - range.lo, range.hi2 - range.lo2],
      valueRange: range,
    })
    .catch(() => null); // the bin is still shown; the waveform panel reports what is wrong with it
  if (found) store.getState().currentEntryPicked(range, found.position);
  else store.getState().showEntriesInRange(range);
}
