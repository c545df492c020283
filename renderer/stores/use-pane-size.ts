// The size of a named resizable pane, kept in the layout slice and so in the saved session: a splitter
// reads and writes its size here and comes back at that size after a reload or restart.
import { useCallback } from "react";
import { useAppStore, useAppStoreApi } from "./store.ts";

/** `[size, setSize]` of the pane `name`; `fallback` until the user resized it. */
export function usePaneSize(name: string, fallback: number): [number, (size: number) => void] {
  const store = useAppStoreApi();
  const size = useAppStore((state) => state.paneSizes[name] ?? fallback);
  const setSize = useCallback((next: number) => store.getState().paneResized(name, next), [store, name]);
  return [size, setSize];
}
