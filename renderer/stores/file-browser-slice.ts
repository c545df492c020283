// The LH5 file being browsed on its own (no dataset): its tree as far as it was expanded (metadata
// only: one group's children per request), the focused object and the view shown. Pages, histograms
// and waveforms stay out of the store.
import type { StateCreator } from "zustand";
import type { Lh5FileSummary, Lh5Node } from "../../shared/api/file-browser.ts";
import type { AppState } from "./store.ts";

export type FileViewKind = "table" | "histogram" | "waveforms";

export interface FileView {
  kind: FileViewKind;
  path: string;
}

export interface FileBrowserSlice {
  browsedFile: Lh5FileSummary | null;
  /** Children of each group loaded so far, by group path ("" = root). */
  fileGroups: Readonly<Record<string, readonly Lh5Node[]>>;
  expandedGroups: readonly string[];
  focusedNode: string | null;
  fileView: FileView | null;
  fileOpened(summary: Lh5FileSummary): void;
  fileClosed(): void;
  fileGroupLoaded(group: string, children: readonly Lh5Node[]): void;
  fileGroupToggled(group: string, expanded: boolean): void;
  fileNodeFocused(path: string | null): void;
  fileViewOpened(view: FileView | null): void;
}

export const createFileBrowserSlice: StateCreator<AppState, [], [], FileBrowserSlice> = (set) => ({
  browsedFile: null,
  fileGroups: {},
  expandedGroups: [],
  focusedNode: null,
  fileView: null,
  fileOpened: (summary) =>
    set({
      browsedFile: summary,
      fileGroups: { "": summary.children },
      expandedGroups: [],
      focusedNode: summary.children[0]?.path ?? null,
      fileView: null,
    }),
  fileClosed: () =>
    set({ browsedFile: null, fileGroups: {}, expandedGroups: [], focusedNode: null, fileView: null }),
  fileGroupLoaded: (group, children) =>
    set((state) => ({ fileGroups: { ...state.fileGroups, [group]: children } })),
  fileGroupToggled: (group, expanded) =>
    set((state) => {
      const others = state.expandedGroups.filter((g) => g !== group);
      return { expandedGroups: expanded ? [...others, group] : others };
    }),
  fileNodeFocused: (focusedNode) => set({ focusedNode }),
  fileViewOpened: (fileView) => set({ fileView }),
});
