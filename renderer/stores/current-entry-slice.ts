// The current entry across a reload or restart. The entry is a position in the selection's (range-filtered)
// entry list, so it is saved with the key of the selection it belongs to and put back only once the restored
// selection is the same again (its channels resolve only after the channel list arrives): until then it waits.
import type { StateCreator } from "zustand";
import type { WaveformValueRange } from "../../shared/api/types.ts";
import type { AppState } from "./store.ts";

/** What the session keeps of the current entry. */
export interface SavedEntry {
  /** selectionKey() of the selection the positions are in. */
  selection: string;
  /** First position of the waveform page. */
  start: number;
  /** The current entry's position; null = none picked (only the page is kept). */
  position: number | null;
  /** The linked view (histogram bin, range or box) the positions count in; null = all entries. */
  range: WaveformValueRange | null;
}

export interface CurrentEntrySlice {
  /** Key of the selection the waveform panel pages through now (null before it showed one). */
  entrySelectionKey: string | null;
  /** A restored entry waiting for its selection to come back. */
  restoredEntry: SavedEntry | null;
  entrySelectionSeen(key: string): void;
  currentEntryRestored(saved: SavedEntry | null): void;
}

export const createCurrentEntrySlice: StateCreator<AppState, [], [], CurrentEntrySlice> = (set, get) => ({
  entrySelectionKey: null,
  restoredEntry: null,
  entrySelectionSeen: (key) => {
    const pending = get().restoredEntry;
    if (pending && pending.selection === key)
      set({
        entrySelectionKey: key,
        restoredEntry: null,
        selectedRange: pending.range,
        waveformStart: pending.start,
        waveformTotal: null,
        selectedEntry: pending.position,
      });
    else if (get().entrySelectionKey !== key) set({ entrySelectionKey: key });
  },
  currentEntryRestored: (restoredEntry) => set({ restoredEntry }),
});

/** The current entry as the session saves it; null before the waveform panel showed a selection. */
export function savedEntryOf(state: AppState): SavedEntry | null {
  // a restored entry not yet shown is kept as it came (a restart before the channels listed loses nothing)
  if (state.restoredEntry) return state.restoredEntry;
  if (state.entrySelectionKey === null) return null;
  return {
    selection: state.entrySelectionKey,
    start: state.waveformStart,
    position: state.selectedEntry,
    range: state.selectedRange,
  };
}
