// The inventory's file query: what is typed, what is applied to the grid, and the last error.
import type { StateCreator } from "zustand";
import type { SerializedError } from "../../shared/api/errors.ts";
import type { AppState } from "./store.ts";

export interface FileQuerySlice {
  queryDraft: string;
  appliedQuery: string;
  queryError: SerializedError | null;
  /** Rows passing the applied query and filters, and rows in the dataset (null until known). */
  matchedRows: number | null;
  totalRows: number | null;
  /**
   * FileDB rows passing the query and the grid's column filters while any column filter is set (null: none
   * set). With no ticked rows, these rows are the selection: what the grid shows is what the views use.
   */
  filteredRows: readonly number[] | null;
  queryTyped(text: string): void;
  queryApplied(text: string): void;
  queryRejected(error: SerializedError): void;
  inventoryCounted(matched: number, total: number): void;
  columnFiltersApplied(rows: readonly number[] | null): void;
}

export const createFileQuerySlice: StateCreator<AppState, [], [], FileQuerySlice> = (set) => ({
  queryDraft: "",
  appliedQuery: "",
  queryError: null,
  matchedRows: null,
  totalRows: null,
  filteredRows: null,
  queryTyped: (queryDraft) => set({ queryDraft }),
  queryApplied: (appliedQuery) => set({ appliedQuery, queryDraft: appliedQuery, queryError: null }),
  queryRejected: (queryError) => set({ queryError }),
  inventoryCounted: (matchedRows, totalRows) => set({ matchedRows, totalRows }),
  columnFiltersApplied: (filteredRows) => set({ filteredRows }),
});
