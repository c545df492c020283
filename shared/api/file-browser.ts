// Contract types of single-file browsing (any LH5 file, as h5web shows an HDF5 file): a lazily
// expanded tree, one group's children per request, pages of a table's columns as typed arrays, and
// the one-click views (a column's histogram, a waveform table's decoded waveforms).
import type { Attrs } from "../lgdo/model.ts";

/** The LGDO kind of a tree node: the datatype's kind, `group` for a plain group, `dataset` without a datatype. */
export type Lh5NodeType =
  "scalar" | "array" | "vov" | "encoded" | "struct" | "table" | "histogram" | "group" | "dataset" | "link";

/** One object of the file's tree, metadata only. */
export interface Lh5Node {
  /** Path without a leading '/', as `ls --json` gives it. */
  path: string;
  name: string;
  kind: "group" | "dataset" | "link";
  type: Lh5NodeType;
  /** The raw `datatype` attribute, null when absent. */
  datatype: string | null;
  /** Why `datatype` did not parse. */
  datatypeError?: string;
  shape: number[] | null;
  dtype: string | null;
  /** HDF5 filters of a dataset (e.g. shuffle, Zstandard). */
  filters: { id: number; name: string }[];
  /** Every attribute but `datatype`, as `ls --json` gives them. */
  attrs: Attrs;
  units: string | null;
  /** Rows of a table or array (first dimension), when known without reading data. */
  nRows: number | null;
  /** A group (table, struct, histogram, plain group) that is not a soft link: it can be expanded. */
  expandable: boolean;
  /** What one click can show. */
  views: { table: boolean; histogram: boolean; waveforms: boolean };
  aliases: string[];
  softLink?: string;
  brokenLink?: string;
}

export interface Lh5FileSummary {
  path: string;
  name: string;
  bytes: number;
  /** The root group's children. */
  children: Lh5Node[];
}

/** One column of a table page: numbers as a typed array, anything else (strings, vectors, waveforms) as short text. */
export interface Lh5ColumnPage {
  /** Nested tables are flattened: `waveform_windowed/t0`. */
  name: string;
  type: Lh5NodeType;
  dtype: string | null;
  units: string | null;
  numbers?:
    | Float64Array
    | Float32Array
    | Int32Array
    | Uint32Array
    | Int16Array
    | Uint16Array
    | Int8Array
    | Uint8Array;
  text?: string[];
}

/** Objects whose path contains the query (case-insensitive), in file order. */
export interface Lh5PathMatches {
  matches: Lh5Node[];
  /** More objects matched than were returned. */
  truncated: boolean;
}

export interface Lh5TablePage {
  table: string;
  nRows: number;
  offset: number;
  /** Rows in this page. */
  count: number;
  columns: Lh5ColumnPage[];
}

export interface Lh5TablePageRequest {
  path: string;
  table: string;
  offset: number;
  limit: number;
}

export interface Lh5HistogramRequest {
  path: string;
  /** A numeric 1-D array (a table column). */
  column: string;
  bins: number;
  range?: [number, number];
}

export interface Lh5WaveformPageRequest {
  path: string;
  /** A waveform table `{t0, dt, values}` (values plain or encoded), or a bare 2-D array / VoV. */
  waveform: string;
  start: number;
  count: number;
}
