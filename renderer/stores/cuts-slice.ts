// The cut editors (hit and evt level): what is typed, what is applied, validation errors, the
// live count of passing entries and the saved, named cuts.
import type { StateCreator } from "zustand";
import type { SerializedError } from "../../shared/api/errors.ts";
import type { EntryCount, LoadedEntryList, SkippedCycle } from "../../shared/api/types.ts";
import type { AppState } from "./store.ts";

export type CutLevel = "hit" | "evt";

export interface SavedCut {
  name: string;
  level: CutLevel;
  text: string;
}

export interface LiveCount {
  state: "idle" | "counting" | "done" | "failed" | "cancelled";
  jobId: string | null;
  total: number | null;
  /** Fraction done while counting, when known. */
  progress: number | null;
  error: SerializedError | null;
  /** Passing entries per channel id (rawid or table name, as text) of the last finished count. */
  perChannel: Readonly<Record<string, number>>;
  /** selectionKey of the selection the newest count was asked for (work for it may follow: see countAskedFor). */
  selectionKey: string | null;
  /** Cycles the last finished count left out for a missing tier file, with the reason. */
  skipped: readonly SkippedCycle[];
}

/** A saved entry list opened as the selection (of the dataset `datasetId`). */
export interface OpenEntryList extends LoadedEntryList {
  datasetId: string;
}

export interface CutsSlice {
  cutDrafts: Readonly<Record<CutLevel, string>>;
  appliedCuts: Readonly<Record<CutLevel, string>>;
  cutErrors: Readonly<Record<CutLevel, SerializedError | null>>;
  liveCount: LiveCount;
  savedCuts: readonly SavedCut[];
  /** When set (and of the open dataset), the selection is exactly this list's entries. */
  entryList: OpenEntryList | null;
  cutTyped(level: CutLevel, text: string): void;
  cutApplied(level: CutLevel, text: string): void;
  cutRejected(level: CutLevel, error: SerializedError): void;
  countStarted(jobId: string, selectionKey: string): void;
  countProgressed(jobId: string, fraction: number | null): void;
  countFinished(jobId: string, count: EntryCount): void;
  countFailed(jobId: string, error: SerializedError): void;
  countCancelled(jobId: string): void;
  savedCutsLoaded(cuts: readonly SavedCut[]): void;
  cutSaved(cut: SavedCut): void;
  cutDeleted(name: string, level: CutLevel): void;
  entryListOpened(list: OpenEntryList): void;
  entryListClosed(): void;
}

const IDLE_COUNT: LiveCount = {
  state: "idle",
  jobId: null,
  total: null,
  progress: null,
  error: null,
  perChannel: {},
  selectionKey: null,
  skipped: [],
};

export const createCutsSlice: StateCreator<AppState, [], [], CutsSlice> = (set, get) => {
  // Only the newest count job may change the live count.
  const ifCurrent = (jobId: string, next: Partial<LiveCount>) => {
    const current = get().liveCount;
    if (current.jobId === jobId) set({ liveCount: { ...current, ...next } });
  };
  return {
    cutDrafts: { hit: "", evt: "" },
    appliedCuts: { hit: "", evt: "" },
    cutErrors: { hit: null, evt: null },
    liveCount: IDLE_COUNT,
    savedCuts: [],
    entryList: null,
    // an edit clears the old error (its position no longer fits); validation follows the pause in typing
    cutTyped: (level, text) =>
      set({
        cutDrafts: { ...get().cutDrafts, [level]: text },
        cutErrors: { ...get().cutErrors, [level]: null },
      }),
    cutApplied: (level, text) =>
      set({
        cutDrafts: { ...get().cutDrafts, [level]: text },
        appliedCuts: { ...get().appliedCuts, [level]: text.trim() },
        cutErrors: { ...get().cutErrors, [level]: null },
      }),
    cutRejected: (level, error) => set({ cutErrors: { ...get().cutErrors, [level]: error } }),
    countStarted: (jobId, selectionKey) =>
      set({
        liveCount: {
          ...get().liveCount,
          state: "counting",
          jobId,
          progress: null,
          error: null,
          selectionKey,
        },
      }),
    countProgressed: (jobId, progress) => ifCurrent(jobId, { progress }),
    countFinished: (jobId, count) => {
      const perChannel: Record<string, number> = {};
      count.channelIds.forEach((id, i) => (perChannel[String(id)] = count.channelCounts[i]!));
      const skipped = count.skipped ?? [];
      ifCurrent(jobId, { state: "done", total: count.total, progress: null, perChannel, skipped });
    },
    countFailed: (jobId, error) =>
      ifCurrent(jobId, { state: "failed", error, total: null, progress: null, perChannel: {}, skipped: [] }),
    countCancelled: (jobId) => ifCurrent(jobId, { state: "cancelled", progress: null }),
    savedCutsLoaded: (savedCuts) => set({ savedCuts: [...savedCuts] }),
    cutSaved: (cut) =>
      set({
        savedCuts: [
          ...get().savedCuts.filter((c) => !(c.name === cut.name && c.level === cut.level)),
          cut,
        ].sort((a, b) => a.name.localeCompare(b.name)),
      }),
    cutDeleted: (name, level) =>
      set({ savedCuts: get().savedCuts.filter((c) => !(c.name === name && c.level === level)) }),
    entryListOpened: (entryList) => set({ entryList }),
    entryListClosed: () => set({ entryList: null }),
  };
};
