// Saved, named cuts used to live in localStorage, which belongs to one browser profile (and, in web
// mode, to one random port), so a restart lost them. They are now a section of the session the service
// keeps (renderer/stores/session-sections.ts); this reads the old entry once, to carry it over.
import type { SavedCut } from "../../stores/cuts-slice.ts";
import { savedCutsFrom } from "../../stores/session-sections.ts";

export const SAVED_CUTS_KEY = "lh5-browser.saved-cuts";

/** The saved cuts a browser kept before they moved into the session (anything malformed is dropped). */
export function readLegacySavedCuts(storage: Pick<Storage, "getItem"> | undefined): SavedCut[] {
  try {
    return savedCutsFrom(JSON.parse(storage?.getItem(SAVED_CUTS_KEY) ?? "[]"));
  } catch {
    return [];
  }
}
