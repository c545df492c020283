// The sizes of the app's resizable panes, by name, in CSS pixels. A pane not in the map keeps its CSS
// default (a share of the window), so a first start fits any screen. This hook is the one place that
// holds them: persistence plugs in here (read the saved map, report `paneResized`).
import { useCallback, useState } from "react";

/** sidebar: the left column's width; inventory, details: their heights in it; analysis: cuts + histogram. */
export type PaneName = "sidebar" | "inventory" | "details" | "analysis";
export type PaneSizeMap = Partial<Record<PaneName, number>>;

export interface PaneSizes {
  sizes: PaneSizeMap;
  paneResized: (name: PaneName, size: number) => void;
}

export function usePaneSizes(initial: PaneSizeMap = {}): PaneSizes {
  const [sizes, setSizes] = useState<PaneSizeMap>(initial);
  const paneResized = useCallback(
    (name: PaneName, size: number) => setSizes((last) => ({ ...last, [name]: size })),
    [],
  );
  return { sizes, paneResized };
}
