// The session's feature sections: what each slice keeps across a reload, a restart, or a view file
// sent to a colleague. Reading trusts nothing: a section that is missing, foreign or partly wrong
// restores what is valid in it and leaves the rest at its default.
import { savedEntryOf, type SavedEntry } from "./current-entry-slice.ts";
import type { SavedCut } from "./cuts-slice.ts";
import type { HistogramAxisSettings, HistogramSettings } from "./histogram-slice.ts";
import type { WaveformValueRange } from "../../shared/api/types.ts";
import type { AppState, AppStore } from "./store.ts";
import { tagsFrom } from "../features/tags/tag-entry.ts";
import { DEFAULT_WAVEFORM_SETTINGS, type DerivedTrace, type WaveformSettings } from "./waveforms-slice.ts";

/** The names of the sections this build writes and restores. */
export const OWN_SECTIONS: readonly string[] = [
  "channels",
  "cuts",
  "savedCuts",
  "histogram",
  "waveforms",
  "panes",
  "tags",
  "currentEntry",
];

/** The sections written by this build; others (a newer build's, another helper's) are kept as they are. */
export function sectionsFromState(state: AppState): Record<string, unknown> {
  return {
    channels: [...state.selectedChannels],
    cuts: { drafts: { ...state.cutDrafts }, applied: { ...state.appliedCuts } },
    savedCuts: state.savedCuts.map((cut) => ({ ...cut })),
    histogram: { settings: state.histogram, drawn: state.histogramDrawRequest > 0 },
    waveforms: state.waveforms,
    panes: { ...state.paneSizes },
    tags: state.tags.map((tag) => ({ ...tag })),
    currentEntry: savedEntryOf(state),
  };
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);
const strings = (value: unknown, max = 10_000): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string").slice(0, max) : [];

function isSavedCut(value: unknown): value is SavedCut {
  return (
    isRecord(value) &&
    typeof value.name === "string" &&
    typeof value.text === "string" &&
    (value.level === "hit" || value.level === "evt")
  );
}

/** The valid saved cuts in `value` (from the session, a view, or the old localStorage entry). */
export function savedCutsFrom(value: unknown): SavedCut[] {
  return Array.isArray(value)
    ? value.filter(isSavedCut).map(({ name, level, text }) => ({ name, level, text }))
    : [];
}

/** Numbers stay numbers, text stays text, null may become either; anything else keeps the default. */
function mergeLike<T extends object>(defaults: T, value: unknown): T {
  if (!isRecord(value)) return defaults;
  const merged: Json = { ...(defaults as Json) };
  for (const [key, fallback] of Object.entries(defaults)) {
    const item = value[key];
    if (item === undefined) continue;
    const fits =
      fallback === null
        ? item === null || typeof item === "string" || isFiniteNumber(item)
        : Array.isArray(fallback)
          ? Array.isArray(item) && item.every((x) => x === null || typeof x === "string" || isFiniteNumber(x))
          : typeof fallback === "number"
            ? isFiniteNumber(item) || (key === "lo" || key === "hi" ? item === null : false)
            : typeof item === typeof fallback && !isRecord(fallback);
    if (fits) merged[key] = item;
  }
  return merged as T;
}

function derivedFrom(value: unknown, fallback: DerivedTrace): DerivedTrace {
  if (!isRecord(value)) return fallback;
  const n = (key: string) => (isFiniteNumber(value[key]) ? value[key] : null);
  switch (value.kind) {
    case "none":
      return { kind: "none" };
    case "moving-average":
      return n("window") !== null ? { kind: "moving-average", window: n("window")! } : fallback;
    case "trapezoid":
      return n("rise") !== null && n("flat") !== null
        ? { kind: "trapezoid", rise: n("rise")!, flat: n("flat")! }
        : fallback;
    case "pole-zero":
      return n("tau") !== null ? { kind: "pole-zero", tau: n("tau")! } : fallback;
    default:
      return fallback;
  }
}

const oneOf = <T extends string>(value: unknown, options: readonly T[], fallback: T): T =>
  options.includes(value as T) ? (value as T) : fallback;

function histogramFrom(value: unknown, current: HistogramSettings): HistogramSettings {
  if (!isRecord(value)) return current;
  const axis = (a: unknown, fallback: HistogramAxisSettings) => mergeLike(fallback, a);
  return {
    mode: oneOf(value.mode, ["1d", "2d"] as const, current.mode),
    x: axis(value.x, current.x),
    y: axis(value.y, current.y),
    splitBy: oneOf(value.splitBy, ["none", "channel", "file"] as const, current.splitBy),
    layout: oneOf(value.layout, ["overlay", "split"] as const, current.layout),
    logCounts: typeof value.logCounts === "boolean" ? value.logCounts : current.logCounts,
  };
}

function waveformsFrom(value: unknown): WaveformSettings {
  const merged = mergeLike(DEFAULT_WAVEFORM_SETTINGS, value);
  return {
    ...merged,
    timeUnit: oneOf(merged.timeUnit, ["ns", "us"] as const, "ns"),
    derived: derivedFrom(isRecord(value) ? value.derived : undefined, DEFAULT_WAVEFORM_SETTINGS.derived),
    xLimits: limits(merged.xLimits),
    yLimits: limits(merged.yLimits),
  };
}

function limits(value: readonly unknown[]): readonly [number | null, number | null] {
  const bound = (item: unknown) => (isFiniteNumber(item) ? item : null);
  return [bound(value[0]), bound(value[1])];
}

const isPosition = (value: unknown): value is number =>
  isFiniteNumber(value) && Number.isInteger(value) && value >= 0;

/** A linked view's range as saved: its columns and finite bounds, or null. */
function valueRangeFrom(value: unknown): WaveformValueRange | null {
  if (!isRecord(value) || typeof value.column !== "string") return null;
  if (!isFiniteNumber(value.lo) || !isFiniteNumber(value.hi)) return null;
  const range: WaveformValueRange = { column: value.column, lo: value.lo, hi: value.hi };
  if (typeof value.tier === "string") range.tier = value.tier;
  if (typeof value.closedHigh === "boolean") range.closedHigh = value.closedHigh;
  if (typeof value.column2 === "string") {
    if (!isFiniteNumber(value.lo2) || !isFiniteNumber(value.hi2)) return null;
    Object.assign(range, { column2: value.column2, lo2: value.lo2, hi2: value.hi2 });
    if (typeof value.tier2 === "string") range.tier2 = value.tier2;
    if (typeof value.closedHigh2 === "boolean") range.closedHigh2 = value.closedHigh2;
  }
  return range;
}

/** The saved current entry, or null when the section is missing or damaged. */
export function savedEntryFrom(value: unknown): SavedEntry | null {
  if (!isRecord(value) || typeof value.selection !== "string" || !isPosition(value.start)) return null;
  return {
    selection: value.selection,
    start: value.start,
    position: isPosition(value.position) ? value.position : null,
    range: valueRangeFrom(value.range),
  };
}

/** Restores what does not depend on the dataset (saved cuts, pane sizes); before the dataset opens. */
export function restoreGlobalSections(
  store: AppStore,
  sections: Json | undefined,
  legacySavedCuts: SavedCut[] = [],
): void {
  const actions = store.getState();
  // sessions from before saved cuts moved into the service: take the browser's copy once
  actions.savedCutsLoaded(
    sections && "savedCuts" in sections ? savedCutsFrom(sections.savedCuts) : legacySavedCuts,
  );
  if (sections && isRecord(sections.panes)) {
    const panes = Object.fromEntries(
      Object.entries(sections.panes).filter((entry): entry is [string, number] => isFiniteNumber(entry[1])),
    );
    actions.paneSizesRestored(panes);
  }
}

/** Restores what belongs to the open dataset (channels, cuts, plot settings); after it opened. */
export function restoreDatasetSections(store: AppStore, sections: Json | undefined): void {
  if (!sections) return;
  const actions = store.getState();
  if ("channels" in sections) actions.channelsSelected(strings(sections.channels));
  if (isRecord(sections.cuts)) {
    const drafts = isRecord(sections.cuts.drafts) ? sections.cuts.drafts : {};
    const applied = isRecord(sections.cuts.applied) ? sections.cuts.applied : {};
    for (const level of ["hit", "evt"] as const) {
      if (typeof applied[level] === "string") actions.cutApplied(level, applied[level]);
      if (typeof drafts[level] === "string") actions.cutTyped(level, drafts[level]);
    }
  }
  if ("waveforms" in sections) actions.waveformsChanged(waveformsFrom(sections.waveforms));
  if ("tags" in sections) actions.tagsRestored(tagsFrom(sections.tags));
  // waits for its selection to come back (channels resolve after the channel list arrives)
  actions.currentEntryRestored(savedEntryFrom(sections.currentEntry));
  if (isRecord(sections.histogram)) {
    const settings = histogramFrom(sections.histogram.settings, store.getState().histogram);
    actions.histogramChanged(settings);
    actions.histogramAxisChanged("x", settings.x);
    actions.histogramAxisChanged("y", settings.y);
    if (sections.histogram.drawn === true && settings.x.column !== "") actions.histogramRequested();
  }
}
