// The file selection (FileDB rows) that every view works on, and the cycle shown in details.
import type { StateCreator } from "zustand";
import type { AppState } from "./store.ts";

export interface SelectionSlice {
  /** Selected FileDB rows, ascending. */
  selectedRows: readonly number[];
  /** The cycle the details panel shows. */
  focusedRow: number | null;
  rowsSelected(rows: readonly number[]): void;
  rowFocused(row: number | null): void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set) => ({
  selectedRows: [],
  focusedRow: null,
  rowsSelected: (rows) => set({ selectedRows: [...rows].sort((a, b) => a - b) }),
  rowFocused: (focusedRow) => set({ focusedRow }),
});
