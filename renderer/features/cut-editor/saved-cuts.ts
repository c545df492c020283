// Saved, named cuts persist in localStorage (per browser profile / Electron session) and are
// read back on start; anything malformed there is ignored, never trusted.
import { useEffect } from "react";
import type { CutLevel, SavedCut } from "../../stores/cuts-slice.ts";
import { useAppStoreApi } from "../../stores/store.ts";

export const SAVED_CUTS_KEY = "lh5-browser.saved-cuts";

function isSavedCut(value: unknown): value is SavedCut {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.name === "string" &&
    typeof record.text === "string" &&
    (record.level === "hit" || record.level === ("evt" satisfies CutLevel))
  );
}

export function readSavedCuts(storage: Pick<Storage, "getItem">): SavedCut[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(SAVED_CUTS_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isSavedCut) : [];
  } catch {
    return [];
  }
}

export function writeSavedCuts(storage: Pick<Storage, "setItem">, cuts: readonly SavedCut[]): void {
  try {
    storage.setItem(SAVED_CUTS_KEY, JSON.stringify(cuts));
  } catch {
    // storage full or disabled: the cuts stay for this session only
  }
}

/** Loads the saved cuts once and writes them back whenever they change. */
export function useSavedCutsPersistence(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    store.getState().savedCutsLoaded(readSavedCuts(window.localStorage));
    return store.subscribe((state, previous) => {
      if (state.savedCuts !== previous.savedCuts) writeSavedCuts(window.localStorage, state.savedCuts);
    });
  }, [store]);
}
