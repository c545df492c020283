// Histogram settings (columns, bins, ranges, log axes, split) and draw requests; the bins
// themselves stay out of the store, in the histogram view.
import type { StateCreator } from "zustand";
import type { AppState } from "./store.ts";

export type HistogramMode = "1d" | "2d";
export type SplitBy = "none" | "channel" | "file";

export interface HistogramAxisSettings {
  column: string;
  tier: string | null;
  bins: number;
  /** Range bounds as typed; null = the data range. */
  lo: number | null;
  hi: number | null;
  log: boolean;
}

export interface HistogramSettings {
  mode: HistogramMode;
  x: HistogramAxisSettings;
  y: HistogramAxisSettings;
  splitBy: SplitBy;
  /** 1D: overlay the split series in one plot, or one plot each. */
  layout: "overlay" | "split";
  logCounts: boolean;
}

export interface HistogramSlice {
  histogram: HistogramSettings;
  /** Increments on every draw request; the view draws when it changes. */
  histogramDrawRequest: number;
  histogramJobId: string | null;
  histogramChanged(settings: Partial<Omit<HistogramSettings, "x" | "y">>): void;
  histogramAxisChanged(axis: "x" | "y", settings: Partial<HistogramAxisSettings>): void;
  histogramRequested(): void;
  /** Double-click on a column (details panel): a 1D histogram of it, drawn now. */
  histogramOfColumn(column: string, tier: string | null): void;
  histogramJobChanged(jobId: string | null): void;
}

const axis = (bins: number): HistogramAxisSettings => ({
  column: "",
  tier: null,
  bins,
  lo: null,
  hi: null,
  log: false,
});

export const createHistogramSlice: StateCreator<AppState, [], [], HistogramSlice> = (set, get) => ({
  histogram: { mode: "1d", x: axis(200), y: axis(100), splitBy: "none", layout: "overlay", logCounts: false },
  histogramDrawRequest: 0,
  histogramJobId: null,
  histogramChanged: (settings) => set({ histogram: { ...get().histogram, ...settings } }),
  histogramAxisChanged: (name, settings) => {
    const current = get().histogram;
    set({ histogram: { ...current, [name]: { ...current[name], ...settings } } });
  },
  histogramRequested: () => set({ histogramDrawRequest: get().histogramDrawRequest + 1 }),
  histogramOfColumn: (column, tier) => {
    const current = get().histogram;
    set({
      histogram: { ...current, mode: "1d", x: { ...current.x, column, tier, lo: null, hi: null } },
      histogramDrawRequest: get().histogramDrawRequest + 1,
    });
  },
  histogramJobChanged: (histogramJobId) => set({ histogramJobId }),
});
