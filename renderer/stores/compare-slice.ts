// Comparison layers (issue #18): named snapshots of a selection (cycles, channels, cuts) drawn together on one
// histogram and one waveform plot, each in its own colour. Only the selections live here; bins and pages stay
// in the views.
import type { StateCreator } from "zustand";
import type { DataSelection } from "../../shared/api/types.ts";
import type { AppState } from "./store.ts";

export interface CompareLayer {
  /** Stable within the session (React keys, colours). */
  id: number;
  name: string;
  selection: DataSelection;
}

/** At most this many layers: more colours than that cannot be told apart on one plot. */
export const MAX_COMPARE_LAYERS = 8;

export interface CompareSlice {
  compareLayers: CompareLayer[];
  /** Each layer's histogram scaled to unit area (shapes compared, not counts). */
  compareNormalised: boolean;
  compareNextId: number;
  compareLayersAdded(layers: readonly { name: string; selection: DataSelection }[]): void;
  compareLayerRemoved(id: number): void;
  compareCleared(): void;
  compareNormalisedChanged(normalised: boolean): void;
}

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set, get) => ({
  compareLayers: [],
  compareNormalised: false,
  compareNextId: 1,
  compareLayersAdded: (layers) => {
    let next = get().compareNextId;
    const added = layers.map((layer) => ({ id: next++, name: layer.name, selection: layer.selection }));
    set({
      compareLayers: [...get().compareLayers, ...added].slice(-MAX_COMPARE_LAYERS),
      compareNextId: next,
    });
  },
  compareLayerRemoved: (id) => set({ compareLayers: get().compareLayers.filter((layer) => layer.id !== id) }),
  compareCleared: () => set({ compareLayers: [] }),
  compareNormalisedChanged: (compareNormalised) => set({ compareNormalised }),
});
