// Small constructors for the LGDO objects the generator writes (typed-array columns in, model objects out).
import type {
  Attrs,
  Lgdo,
  LgdoArray,
  LgdoTable,
  LgdoVectorOfVectors,
  NumericData,
  NumericDtype,
} from "../../../shared/lgdo/model.ts";

/** A 1-d numeric column (`array<1>{real}`). */
export function realColumn(data: NumericData, dtype: NumericDtype, attrs: Attrs = {}): LgdoArray {
  return {
    kind: "array",
    form: "array",
    element: { kind: "real" },
    dtype,
    shape: [data.length],
    data,
    attrs,
  };
}

/** A 1-d bool column, stored as uint8 0/1 (`array<1>{bool}`). */
export function boolColumn(data: Uint8Array, attrs: Attrs = {}): LgdoArray {
  return {
    kind: "array",
    form: "array",
    element: { kind: "bool" },
    dtype: "uint8",
    shape: [data.length],
    data,
    attrs,
  };
}

/** A rows × width matrix (`array_of_equalsized_arrays<1,1>{real}`). */
export function matrixColumn(
  data: NumericData,
  dtype: NumericDtype,
  rows: number,
  width: number,
  attrs: Attrs = {},
): LgdoArray {
  return {
    kind: "array",
    form: "array_of_equalsized_arrays",
    element: { kind: "real" },
    dtype,
    shape: [rows, width],
    data,
    attrs,
  };
}

/** A vector of vectors from exclusive end offsets and a flat numeric column. */
export function vovColumn(
  cumulativeLength: Float64Array,
  flattened: LgdoArray,
  cumulativeLengthDtype: NumericDtype = "int64",
  attrs: Attrs = {},
): LgdoVectorOfVectors {
  return { kind: "vov", cumulativeLength, cumulativeLengthDtype, flattened, attrs };
}

/** A table from named columns in the given order; all columns must have `nRows` rows. */
export function table(nRows: number, columns: Array<[string, Lgdo]>, attrs: Attrs = {}): LgdoTable {
  return {
    kind: "table",
    nRows,
    columns: Object.fromEntries(columns),
    columnOrder: columns.map(([name]) => name),
    attrs,
  };
}
