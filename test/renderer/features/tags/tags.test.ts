import { describe, expect, it } from "vitest";
import type { WaveformPage } from "../../../../shared/api/types.ts";
import { tagOfEntry, taggedEntries, tagsFrom } from "../../../../renderer/features/tags/tag-entry.ts";
import { isTagKey, toggleSelectedTag } from "../../../../renderer/features/tags/toggle-tag.ts";
import { restoreDatasetSections, sectionsFromState } from "../../../../renderer/stores/session-sections.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";

/** A page of entries 10 and 11: cycle row 3, tables 1084803 (rawid) and ch_x (no rawid), rows 7 and 8. */
const PAGE: WaveformPage = {
  totalEntries: 20,
  entries: Float64Array.of(10, 11),
  traces: [],
  legend: {},
  identity: {
    cycles: [{ row: 3, key: "l200-p03-r001-cal-20230318T012144Z", timestamp: "20230318T012144Z", files: {} }],
    channels: [
      { table: "ch1084803", rawid: 1084803, name: "V00048A", system: "geds", string: 10, position: 9 },
      { table: "ch_x", rawid: null, name: null, system: null, string: null, position: null },
    ],
    cycle: Uint32Array.of(0, 0),
    channel: Uint32Array.of(0, 1),
    row: Float64Array.of(7, 8),
    event: Float64Array.of(2, -1),
    level: "hit",
  },
};

describe("tags", () => {
  it("names an entry of the page by its identity, and nothing off the page", () => {
    expect(tagOfEntry(PAGE, 10, "sel")).toEqual({
      key: "3/1084803/7",
      cycle: 3,
      cycleKey: "l200-p03-r001-cal-20230318T012144Z",
      table: 1084803,
      tableName: "ch1084803",
      detector: "V00048A",
      row: 7,
      level: "hit",
      event: 2,
      selection: "sel",
      position: 10,
    });
    expect(tagOfEntry(PAGE, 11, "sel")).toMatchObject({ table: "ch_x", detector: null, event: -1 });
    expect(tagOfEntry(PAGE, 12, "sel")).toBeNull();
    expect(tagOfEntry({ ...PAGE, identity: undefined }, 10, "sel")).toBeNull();
  });

  it("t toggles the selected entry's tag; nothing is tagged without a selected entry", () => {
    const store = createAppStore();
    expect(toggleSelectedTag(store, PAGE, "sel")).toBe(false);
    store.getState().waveformEntrySelected(10);
    expect(toggleSelectedTag(store, PAGE, "sel")).toBe(true);
    store.getState().waveformEntrySelected(11);
    toggleSelectedTag(store, PAGE, "sel");
    expect(taggedEntries(store.getState().tags)).toEqual([
      { cycle: 3, table: 1084803, row: 7 },
      { cycle: 3, table: "ch_x", row: 8 },
    ]);
    toggleSelectedTag(store, PAGE, "sel");
    expect(store.getState().tags.map((t) => t.key)).toEqual(["3/1084803/7"]);
    expect(isTagKey({ key: "t", ctrlKey: false, metaKey: false, altKey: false })).toBe(true);
    expect(isTagKey({ key: "t", ctrlKey: true, metaKey: false, altKey: false })).toBe(false);
    // a key event's fields are prototype getters (a spread of it copies none): the real thing must match
    class KeyPress {
      get key() {
        return "T";
      }
      get ctrlKey() {
        return false;
      }
      get metaKey() {
        return false;
      }
      get altKey() {
        return false;
      }
    }
    expect(isTagKey(new KeyPress())).toBe(true);
  });

  it("tags go into the session and come back; malformed ones are dropped", () => {
    const store = createAppStore();
    store.getState().tagToggled(tagOfEntry(PAGE, 10, "sel")!);
    const sections = JSON.parse(JSON.stringify(sectionsFromState(store.getState()))) as Record<
      string,
      unknown
    >;
    const restored = createAppStore();
    restoreDatasetSections(restored, {
      ...sections,
      tags: [...(sections.tags as unknown[]), { key: "x", cycle: "3" }, null],
    });
    expect(restored.getState().tags).toEqual(store.getState().tags);
    expect(tagsFrom("junk")).toEqual([]);
  });
});
