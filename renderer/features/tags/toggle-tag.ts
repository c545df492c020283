// The `t` key of the waveform browser: tags the selected entry (or untags it), from the page that shows it.
import type { WaveformPage } from "../../../shared/api/types.ts";
import type { AppStore } from "../../stores/store.ts";
import { matches } from "../../../shared/ui/shortcuts.ts";
import { tagOfEntry } from "./tag-entry.ts";

/** The tagging key (the registry's `waveforms.tag`: `t`, any case, no modifier, so copy etc. stay theirs). */
export function isTagKey(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): boolean {
  // fields named one by one: a DOM event's are prototype getters, which an object spread would not copy
  const { key, ctrlKey, metaKey, altKey } = event;
  return matches("waveforms.tag", { key, ctrlKey, metaKey, altKey, shiftKey: false });
}

/** Tags or untags the selected entry; false when no entry of this page is selected. */
export function toggleSelectedTag(store: AppStore, page: WaveformPage | null, selection: string): boolean {
  const position = store.getState().selectedEntry;
  const tag = position === null ? null : tagOfEntry(page, position, selection);
  if (!tag) return false;
  store.getState().tagToggled(tag);
  return true;
}
