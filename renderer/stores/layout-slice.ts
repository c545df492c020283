// UI layout that survives a restart: details panel, grid column state, and named pane sizes (any
// splitter keeps its size under its own name, see use-pane-size.ts).
import type { StateCreator } from "zustand";
import type { AppState } from "./store.ts";

export interface LayoutSlice {
  detailsOpen: boolean;
  detailsWidth: number;
  /** ag-grid column state (order, widths, sort), opaque JSON. */
  gridColumnState: unknown[] | null;
  /** Sizes (pixels or fractions, as the pane chooses) of resizable panes by name. */
  paneSizes: Readonly<Record<string, number>>;
  /** Session sections this build does not know (a newer build's): saved back unchanged. */
  foreignSections: Readonly<Record<string, unknown>>;
  detailsToggled(open?: boolean): void;
  detailsResized(width: number): void;
  gridColumnStateChanged(state: unknown[]): void;
  paneResized(name: string, size: number): void;
  paneSizesRestored(sizes: Readonly<Record<string, number>>): void;
  foreignSectionsKept(sections: Readonly<Record<string, unknown>>): void;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set, get) => ({
  detailsOpen: true,
  detailsWidth: 440,
  gridColumnState: null,
  paneSizes: {},
  foreignSections: {},
  detailsToggled: (open) => set((state) => ({ detailsOpen: open ?? !state.detailsOpen })),
  detailsResized: (width) => set({ detailsWidth: Math.max(240, Math.min(1200, Math.round(width))) }),
  gridColumnStateChanged: (gridColumnState) => set({ gridColumnState }),
  paneResized: (name, size) => {
    if (Number.isFinite(size) && get().paneSizes[name] !== size)
      set({ paneSizes: { ...get().paneSizes, [name]: size } });
  },
  paneSizesRestored: (paneSizes) => set({ paneSizes: { ...paneSizes } }),
  foreignSectionsKept: (foreignSections) => set({ foreignSections }),
});
