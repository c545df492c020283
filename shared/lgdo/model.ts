// The in-memory LGDO data model: what the LH5 reader returns, the writer accepts, and
// the loader, generator and exporters pass around. Columns are typed arrays, never
// arrays of per-row objects. See ../shared/lh5-format.md §1 for the on-disk forms.

/** HDF5 element types that LH5 uses. `int64`/`uint64` are held as Float64Array (see NumericData). */
export type NumericDtype =
  "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "float32" | "float64";

export type Dtype = NumericDtype | "string";

/**
 * Numeric column storage. 64-bit integers are held as Float64Array: every 64-bit column in
 * LEGEND data (lengths, indices, channel ids, event numbers) is far below 2^53, and the reader
 * refuses (LH5Error) a value that is not, rather than rounding it silently. The `dtype` beside
 * the data keeps "int64" so that a writer restores the on-disk type.
 */
export type NumericData =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** The element kind named inside a datatype string, e.g. `real` in `array<1>{real}`. */
export type ElementType =
  | { kind: "real" }
  | { kind: "bool" }
  | { kind: "string" }
  | { kind: "complex" }
  | { kind: "blob" }
  | { kind: "detectorid" }
  | { kind: "enum"; members: ReadonlyArray<{ name: string; value: number }> };

/** Attributes kept on every object (`units`, `description`, codec settings, …), minus `datatype`. */
export type Attrs = Record<string, string | number | boolean>;

export interface LgdoScalar {
  kind: "scalar";
  element: ElementType;
  dtype: Dtype;
  value: number | string | boolean;
  attrs: Attrs;
}

/**
 * Array, FixedSizeArray and ArrayOfEqualSizedArrays: an N-d dataset, row-major, axis 0 = rows.
 * Strings are a JS string per element; bools are Uint8Array 0/1 with element kind `bool`.
 */
export interface LgdoArray {
  kind: "array";
  form: "array" | "fixedsize_array" | "array_of_equalsized_arrays";
  element: ElementType;
  dtype: Dtype;
  shape: number[];
  data: NumericData | string[];
  attrs: Attrs;
}

/**
 * VectorOfVectors: row i is flattened[cumulativeLength[i-1] : cumulativeLength[i]]
 * (exclusive end offsets, no leading 0, as on disk). `flattened` may itself be a VoV.
 * `cumulativeLengthDtype` remembers the on-disk integer type (uint32 in older files, int64 in newer).
 */
export interface LgdoVectorOfVectors {
  kind: "vov";
  cumulativeLength: Float64Array;
  cumulativeLengthDtype: NumericDtype;
  flattened: LgdoArray | LgdoVectorOfVectors;
  attrs: Attrs;
}

/** The two waveform codecs of lh5-format.md §2. */
export type WaveformCodec = { name: "radware_sigcompress"; shift: number } | { name: "uleb128_zigzag_diff" };

/**
 * ArrayOfEncodedEqualSizedArrays (`decodedSize` a number) or VectorOfEncodedVectors
 * (`decodedSize` one length per row). `encoded` is a VoV of uint8, one byte string per row.
 */
export interface LgdoEncodedArray {
  kind: "encoded";
  form: "array_of_encoded_equalsized_arrays" | "vector_of_encoded_vectors";
  element: ElementType;
  codec: WaveformCodec;
  encoded: LgdoVectorOfVectors;
  decodedSize: number | Float64Array;
  attrs: Attrs;
}

/** Struct: named fields of unrelated lengths. `fieldOrder` keeps the datatype's order (may be unsorted). */
export interface LgdoStruct {
  kind: "struct";
  fields: Record<string, Lgdo>;
  fieldOrder: string[];
  attrs: Attrs;
}

/** Table: columns with the same number of rows. A column may itself be a table (e.g. a waveform table). */
export interface LgdoTable {
  kind: "table";
  nRows: number;
  columns: Record<string, Lgdo>;
  columnOrder: string[];
  attrs: Attrs;
}

export interface HistogramAxis {
  /** Either explicit edges or a regular binning. */
  edges: Float64Array | { first: number; last: number; step: number };
  closedLeft: boolean;
  attrs: Attrs;
}

export interface LgdoHistogram {
  kind: "histogram";
  weights: LgdoArray;
  axes: HistogramAxis[];
  isDensity: boolean;
  attrs: Attrs;
}

export type Lgdo =
  LgdoScalar | LgdoArray | LgdoVectorOfVectors | LgdoEncodedArray | LgdoStruct | LgdoTable | LgdoHistogram;
