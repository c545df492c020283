// The waveform browser's settings (columns, page, transforms, legend, markers, limits) and the
// linked view's entry filter; the samples themselves stay in the view, out of the store.
import type { StateCreator } from "zustand";
import type { WaveformValueRange } from "../../shared/api/types.ts";
import type { AppState } from "./store.ts";

/** A DSP step drawn instead of the raw trace (parameters in the waveform's time units). */
export type DerivedTrace =
  | { kind: "none" }
  | { kind: "moving-average"; window: number }
  | { kind: "trapezoid"; rise: number; flat: number }
  | { kind: "pole-zero"; tau: number };

/** What is drawn of each trace: its samples, their time derivative, or its power spectrum (frequency axis). */
export type WaveformView = "samples" | "derivative" | "spectrum";

export interface WaveformSettings {
  /** Waveform columns drawn together, e.g. `waveform_windowed`, `waveform_presummed`. */
  columns: readonly string[];
  perPage: number;
  /** A seeded random sample of the selection instead of pages; null = pages. */
  randomSeed: number | null;
  /** Also draw the mean (template) of the waveforms on screen. */
  showMean: boolean;
  /** Scalar columns shown per entry in the legend. */
  legendColumns: readonly string[];
  /** Baseline subtraction over the first n samples; 0 = off. */
  baselineSamples: number;
  derived: DerivedTrace;
  /** Applied after every other transform (a spectrum turns the time axis into frequency). */
  view: WaveformView;
  /** Divide each waveform by this column (WaveformBrowser `norm`); "" = off. */
  normalizeBy: string;
  /** Shift each time axis so this column's time is 0 (WaveformBrowser `align`); "" = off. */
  alignAt: string;
  /** Time-valued columns drawn as vertical lines, amplitude-valued ones as horizontal lines. */
  timeMarkers: readonly string[];
  amplitudeMarkers: readonly string[];
  timeUnit: "ns" | "us";
  xLimits: readonly [number | null, number | null];
  yLimits: readonly [number | null, number | null];
}

export interface WaveformsSlice {
  waveforms: WaveformSettings;
  /** First position of the page in the (possibly range-filtered) entry list. */
  waveformStart: number;
  /** Entries in the current list, once a page has answered. */
  waveformTotal: number | null;
  /** Linked view: only entries in this histogram bin, range or 2-D box; null = all. */
  selectedRange: WaveformValueRange | null;
  /** The waveform picked for the values table: its position in the entry list. */
  selectedEntry: number | null;
  waveformsChanged(settings: Partial<WaveformSettings>): void;
  waveformPaged(start: number): void;
  /** The entry list's length is known: a position past its end (the list shrank) goes to its last page. */
  waveformTotalKnown(total: number): void;
  /** A different selection: its pages start at the first entry. */
  waveformSelectionChanged(): void;
  waveformEntrySelected(position: number | null): void;
  /** Called by the histogram: page through exactly the entries in `range` (null = back to all). */
  showEntriesInRange(range: WaveformValueRange | null): void;
  /**
   * An entry picked elsewhere (a point of a 2-D histogram) becomes the current entry: the linked view shows
   * `range`, on the page holding `position` (in that range's entry list).
   */
  currentEntryPicked(range: WaveformValueRange | null, position: number): void;
}

export const DEFAULT_WAVEFORM_SETTINGS: WaveformSettings = {
  columns: ["waveform"],
  perPage: 10,
  randomSeed: null,
  showMean: false,
  legendColumns: [],
  baselineSamples: 0,
  derived: { kind: "none" },
  view: "samples",
  normalizeBy: "",
  alignAt: "",
  timeMarkers: [],
  amplitudeMarkers: [],
  timeUnit: "ns",
  xLimits: [null, null],
  yLimits: [null, null],
};

export const createWaveformsSlice: StateCreator<AppState, [], [], WaveformsSlice> = (set, get) => ({
  waveforms: DEFAULT_WAVEFORM_SETTINGS,
  waveformStart: 0,
  waveformTotal: null,
  selectedRange: null,
  selectedEntry: null,
  waveformsChanged: (settings) => {
    const current = get().waveforms;
    const perPage = Math.max(1, Math.min(1000, Math.round(settings.perPage ?? current.perPage)));
    set({ waveforms: { ...current, ...settings, perPage } });
  },
  waveformPaged: (start) => {
    const total = get().waveformTotal;
    const last = total === null ? Number.MAX_SAFE_INTEGER : Math.max(0, total - 1);
    set({ waveformStart: Math.max(0, Math.min(last, Math.floor(start))), selectedEntry: null });
  },
  waveformTotalKnown: (waveformTotal) => {
    const { waveformStart, waveforms } = get();
    const lastPage = Math.max(0, Math.floor((waveformTotal - 1) / waveforms.perPage) * waveforms.perPage);
    set(waveformStart >= waveformTotal ? { waveformTotal, waveformStart: lastPage } : { waveformTotal });
  },
  waveformSelectionChanged: () => set({ waveformStart: 0, waveformTotal: null, selectedEntry: null }),
  waveformEntrySelected: (selectedEntry) => set({ selectedEntry }),
  showEntriesInRange: (selectedRange) =>
    set({ selectedRange, waveformStart: 0, waveformTotal: null, selectedEntry: null }),
  currentEntryPicked: (selectedRange, position) => {
    const perPage = get().waveforms.perPage;
    set({
      selectedRange,
      waveformStart: Math.floor(position / perPage) * perPage,
      waveformTotal: null,
      selectedEntry: position,
    });
  },
});
