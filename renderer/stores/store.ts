// One zustand store made of slices (zustand's slices pattern); each feature owns one slice.
// Big data (inventory pages, histograms, waveforms) stays out of the store.
import { createContext, useContext } from "react";
import { createStore, type StoreApi, useStore } from "zustand";
import { type ChannelsSlice, createChannelsSlice } from "./channels-slice.ts";
import { type CompareSlice, createCompareSlice } from "./compare-slice.ts";
import { createCurrentEntrySlice, type CurrentEntrySlice } from "./current-entry-slice.ts";
import { createCutsSlice, type CutsSlice } from "./cuts-slice.ts";
import { createDatasetSlice, type DatasetSlice } from "./dataset-slice.ts";
import { createHistogramSlice, type HistogramSlice } from "./histogram-slice.ts";
import { createExportSlice, type ExportSlice } from "./export-slice.ts";
import { createFileBrowserSlice, type FileBrowserSlice } from "./file-browser-slice.ts";
import { createFileQuerySlice, type FileQuerySlice } from "./file-query-slice.ts";
import { createLayoutSlice, type LayoutSlice } from "./layout-slice.ts";
import { createSelectionSlice, type SelectionSlice } from "./selection-slice.ts";
import { createTagsSlice, type TagsSlice } from "./tags-slice.ts";
import { createWaveformsSlice, type WaveformsSlice } from "./waveforms-slice.ts";

export type AppState = DatasetSlice &
  SelectionSlice &
  FileQuerySlice &
  LayoutSlice &
  ChannelsSlice &
  CutsSlice &
  HistogramSlice &
  WaveformsSlice &
  CurrentEntrySlice &
  ExportSlice &
  FileBrowserSlice &
  CompareSlice &
  TagsSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createDatasetSlice(...args),
    ...createSelectionSlice(...args),
    ...createFileQuerySlice(...args),
    ...createLayoutSlice(...args),
    ...createChannelsSlice(...args),
    ...createCutsSlice(...args),
    ...createHistogramSlice(...args),
    ...createWaveformsSlice(...args),
    ...createCurrentEntrySlice(...args),
    ...createExportSlice(...args),
    ...createFileBrowserSlice(...args),
    ...createCompareSlice(...args),
    ...createTagsSlice(...args),
  }));
}

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useAppStore outside <StoreContext.Provider>");
  return store;
}

/** Selects from the app store (use `useShallow` for derived collections). */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
