import { describe, expect, it } from "vitest";
import type {
  Lgdo,
  LgdoArray,
  LgdoTable,
  LgdoVectorOfVectors,
  NumericDtype,
} from "../../../../../shared/lgdo/model.ts";
import {
  ColumnAssembler,
  ColumnShapeError,
  takeRows,
} from "../../../../../electron/services/flow/loader/columns.ts";

const i32 = (v: number[]): Int32Array => Int32Array.from(v);
function arr(dtype: NumericDtype, values: number[], shape = [values.length], attrs = {}): LgdoArray {
  const data =
    dtype === "float32"
      ? Float32Array.from(values)
      : dtype === "uint16"
        ? Uint16Array.from(values)
        : Float64Array.from(values);
  return {
    kind: "array",
    form: shape.length > 1 ? "array_of_equalsized_arrays" : "array",
    element: { kind: "real" },
    dtype,
    shape,
    data,
    attrs,
  };
}
const vov = (cl: number[], flat: number[]): LgdoVectorOfVectors => ({
  kind: "vov",
  cumulativeLength: Float64Array.from(cl),
  cumulativeLengthDtype: "int64",
  flattened: arr("float64", flat),
  attrs: {},
});

describe("ColumnAssembler", () => {
  it("scatters pieces and keeps the dtype when every row is covered", () => {
    const a = new ColumnAssembler("daqenergy", 4);
    a.add(i32([0, 2]), arr("uint16", [10, 20, 30]), i32([2, 0]), "f0");
    a.add(i32([1, 3]), arr("uint16", [7, 8]), i32([1, 0]), "f1");
    const out = a.build() as LgdoArray;
    expect(out.dtype).toBe("uint16");
    expect(Array.from(out.data as Uint16Array)).toEqual([30, 8, 10, 7]);
  });

  it("fills uncovered rows with NaN, widening integers to float64 (never garbage)", () => {
    const a = new ColumnAssembler("trapEmax", 3);
    a.add(i32([1]), arr("uint16", [5]), i32([0]), "f0");
    const out = a.build() as LgdoArray;
    expect(out.dtype).toBe("float64");
    expect(Array.from(out.data as Float64Array)).toEqual([NaN, 5, NaN]);
    const f = new ColumnAssembler("x", 2);
    f.add(i32([0]), arr("float32", [1.5]), i32([0]), "f0");
    const outF = f.build() as LgdoArray;
    expect(outF.dtype).toBe("float32");
    expect(Array.from(outF.data as Float32Array)).toEqual([1.5, NaN]);
  });

  it("widens mixed dtypes to float64", () => {
    const a = new ColumnAssembler("x", 2);
    a.add(i32([0]), arr("float32", [1.5]), i32([0]), "f0");
    a.add(i32([1]), arr("uint16", [3]), i32([0]), "f1");
    expect((a.build() as LgdoArray).dtype).toBe("float64");
  });

  it("assembles 2-d arrays of one width, and VoV when widths differ", () => {
    const same = new ColumnAssembler("energies", 2);
    same.add(i32([1, 0]), arr("float32", [1, 2, 3, 4], [2, 2]), i32([0, 1]), "f0");
    const out = same.build() as LgdoArray;
    expect(out.shape).toEqual([2, 2]);
    expect(Array.from(out.data as Float32Array)).toEqual([3, 4, 1, 2]);
    const mixed = new ColumnAssembler("energies", 3);
    mixed.add(i32([0]), arr("float64", [1, 2], [1, 2]), i32([0]), "f0");
    mixed.add(i32([2]), arr("float64", [5, 6, 7], [1, 3]), i32([0]), "f1");
    const v = mixed.build() as LgdoVectorOfVectors;
    expect(v.kind).toBe("vov");
    expect(Array.from(v.cumulativeLength)).toEqual([2, 2, 5]);
    expect(Array.from((v.flattened as LgdoArray).data as Float64Array)).toEqual([1, 2, 5, 6, 7]);
  });

  it("assembles VoVs (missing rows are empty vectors) and nested VoVs", () => {
    const a = new ColumnAssembler("energy_in_pe", 3);
    a.add(i32([2, 0]), vov([1, 3], [9, 8, 7]), i32([1, 0]), "f0");
    const v = a.build() as LgdoVectorOfVectors;
    expect(Array.from(v.cumulativeLength)).toEqual([1, 1, 3]);
    expect(Array.from((v.flattened as LgdoArray).data as Float64Array)).toEqual([9, 8, 7]);
    const nested: LgdoVectorOfVectors = {
      kind: "vov",
      cumulativeLength: Float64Array.from([1, 3]),
      cumulativeLengthDtype: "int64",
      flattened: vov([2, 3, 5], [1, 2, 3, 4, 5]),
      attrs: {},
    };
    const b = new ColumnAssembler("deep", 2);
    b.add(i32([0, 1]), nested, i32([1, 0]), "f");
    const d = b.build() as LgdoVectorOfVectors;
    expect(Array.from(d.cumulativeLength)).toEqual([2, 3]);
    const inner = d.flattened as LgdoVectorOfVectors;
    expect(Array.from(inner.cumulativeLength)).toEqual([1, 3, 5]);
    expect(Array.from((inner.flattened as LgdoArray).data as Float64Array)).toEqual([3, 4, 5, 1, 2]);
  });

  it("assembles nested tables column by column (waveform tables)", () => {
    const wf = (t0: number[], values: number[]): LgdoTable => ({
      kind: "table",
      nRows: t0.length,
      columns: {
        t0: arr("float64", t0, [t0.length], { units: "ns" }),
        values: arr("uint16", values, [t0.length, 2]),
      },
      columnOrder: ["t0", "values"],
      attrs: {},
    });
    const a = new ColumnAssembler("waveform", 2);
    a.add(i32([1]), wf([1, 2], [1, 2, 3, 4]), i32([1]), "f0");
    a.add(i32([0]), wf([5], [9, 9]), i32([0]), "f1");
    const t = a.build() as LgdoTable;
    expect(t.columnOrder).toEqual(["t0", "values"]);
    expect(Array.from((t.columns.t0 as LgdoArray).data as Float64Array)).toEqual([5, 2]);
    expect((t.columns.t0 as LgdoArray).attrs.units).toBe("ns");
    expect(Array.from((t.columns.values as LgdoArray).data as Uint16Array)).toEqual([9, 9, 3, 4]);
  });

  it("rejects inconsistent shapes and units with the tables named", () => {
    const a = new ColumnAssembler("x", 2);
    a.add(i32([0]), arr("float64", [1]), i32([0]), "file0:ch1");
    a.add(i32([1]), vov([1], [2]), i32([0]), "file1:ch2");
    expect(() => a.build()).toThrow(ColumnShapeError);
    const u = new ColumnAssembler("e", 2);
    u.add(i32([0]), arr("float64", [1], [1], { units: "keV" }), i32([0]), "a");
    u.add(i32([1]), arr("float64", [1], [1], { units: "ADC" }), i32([0]), "b");
    expect(() => u.build()).toThrow(/units 'keV' in a but units 'ADC' in b/);
  });

  it("names a column without units as having none, not units 'undefined'", () => {
    const u = new ColumnAssembler("e", 2);
    u.add(i32([0]), arr("float64", [1]), i32([0]), "a");
    u.add(i32([1]), arr("float64", [1], [1], { units: "keV" }), i32([0]), "b");
    expect(() => u.build()).toThrow("column 'e' has no units in a but units 'keV' in b");
  });
});

describe("takeRows", () => {
  it("takes rows of any column kind, including none", () => {
    const col: Lgdo = arr("float64", [1, 2, 3]);
    expect(Array.from((takeRows(col, i32([2, 0])) as LgdoArray).data as Float64Array)).toEqual([3, 1]);
    expect((takeRows(col, i32([])) as LgdoArray).shape).toEqual([0]);
  });
});
