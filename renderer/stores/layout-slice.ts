// UI layout that survives a restart: details panel, grid column state.
import type { StateCreator } from "zustand";
import type { AppState } from "./store.ts";

export interface LayoutSlice {
  detailsOpen: boolean;
  detailsWidth: number;
  /** ag-grid column state (order, widths, sort), opaque JSON. */
  gridColumnState: unknown[] | null;
  detailsToggled(open?: boolean): void;
  detailsResized(width: number): void;
  gridColumnStateChanged(state: unknown[]): void;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set) => ({
  detailsOpen: true,
  detailsWidth: 440,
  gridColumnState: null,
  detailsToggled: (open) => set((state) => ({ detailsOpen: open ?? !state.detailsOpen })),
  detailsResized: (width) => set({ detailsWidth: Math.max(240, Math.min(1200, Math.round(width))) }),
  gridColumnStateChanged: (gridColumnState) => set({ gridColumnState }),
});
