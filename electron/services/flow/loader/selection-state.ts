// What a DataLoader has selected: cycles, tables per level, cuts per level and output settings. One value,
// replaced (never patched) by the facade's setters, and passed whole to the parts that build and load, so a
// sub-task (load one detector, load in chunks) runs on a state of its own instead of saving and restoring
// the loader's fields.
import type { PreparedCut } from "./cuts.ts";
import type { TableId } from "./entry-list.ts";

export type OutputFormat = "lgdo.Table" | "pd.DataFrame";

/** A datastream: a table id, or a channel-map word (a name is required in the cycle; a system or string is not). */
export type DatastreamItem = { id: TableId } | { word: string; required: boolean };

export interface OutputSettings {
  columns: string[] | null;
  mergeFiles: boolean;
  fmt: OutputFormat;
}

export interface SelectionState {
  /** Selected FileDB rows, ascending; null before setFiles. */
  fileList: number[] | null;
  /** Selected tables per level: fixed ids, and channel-map words resolved per cycle (names strictly). */
  datastreams: ReadonlyMap<string, readonly DatastreamItem[]>;
  cuts: ReadonlyMap<string, PreparedCut>;
  output: Readonly<OutputSettings>;
}

export function defaultOutput(): OutputSettings {
  return { columns: null, mergeFiles: true, fmt: "lgdo.Table" };
}

export function emptySelection(): SelectionState {
  return { fileList: null, datastreams: new Map(), cuts: new Map(), output: defaultOutput() };
}

export class DataLoaderError extends Error {
  override name = "DataLoaderError";
}
