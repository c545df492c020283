// Tagged entries (issue #18): entries marked while browsing, kept in the session and exported as an entry list.
import type { StateCreator } from "zustand";
import type { AppState } from "./store.ts";

export interface Tag {
  /** `cycle/table/row`: one tag per entry. */
  key: string;
  /** FileDB row, cycle key (e.g. `l200-p03-r001-cal-20230318T012144Z`). */
  cycle: number;
  cycleKey: string;
  /** Table id (rawid, else the table's name) and the table's group name (`ch1084803`). */
  table: number | string;
  tableName: string;
  detector: string | null;
  /** Row within its table (hit_idx) and the level it counts in; the TCM event, -1 when none. */
  row: number;
  level: string;
  event: number;
  /** The selection it was tagged in (its key) and its position there, to jump back to it. */
  selection: string;
  position: number;
}

export interface TagsSlice {
  tags: readonly Tag[];
  /** Tags the entry, or untags it when it was tagged. */
  tagToggled(tag: Tag): void;
  tagRemoved(key: string): void;
  tagsCleared(): void;
  tagsRestored(tags: readonly Tag[]): void;
}

export const createTagsSlice: StateCreator<AppState, [], [], TagsSlice> = (set, get) => ({
  tags: [],
  tagToggled: (tag) => {
    const tags = get().tags;
    set({
      tags: tags.some((t) => t.key === tag.key) ? tags.filter((t) => t.key !== tag.key) : [...tags, tag],
    });
  },
  tagRemoved: (key) => set({ tags: get().tags.filter((t) => t.key !== key) }),
  tagsCleared: () => set({ tags: [] }),
  tagsRestored: (tags) => set({ tags: [...tags] }),
});
