// The sizes of the app's resizable panes, by name, in CSS pixels. A pane not in the map keeps its CSS
// default (a share of the window), so a first start fits any screen. The sizes live in the layout slice
// (`paneSizes`), which the saved session keeps (session-sections.ts), so a dragged splitter comes back
// after a reload or a restart.
import { useCallback } from "react";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";

/** sidebar: the left column's width; inventory, details: their heights in it; analysis: cuts + histogram. */
export type PaneName = "sidebar" | "inventory" | "details" | "analysis";
export type PaneSizeMap = Partial<Record<PaneName, number>>;

export interface PaneSizes {
  sizes: PaneSizeMap;
  paneResized: (name: PaneName, size: number) => void;
}

export function usePaneSizes(): PaneSizes {
  const store = useAppStoreApi();
  const sizes = useAppStore((state) => state.paneSizes) as PaneSizeMap;
  const paneResized = useCallback(
    (name: PaneName, size: number) => store.getState().paneResized(name, Math.round(size)),
    [store],
  );
  return { sizes, paneResized };
}
