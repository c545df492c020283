import { describe, expect, it } from "vitest";
import type { Lgdo, LgdoArray, LgdoVectorOfVectors } from "../../../../../shared/lgdo/model.ts";
import { DEFAULT_TCM_COLUMNS } from "../../../../../electron/services/flow/loader/config.ts";
import {
  TcmFormatError,
  explodeCumulativeLength,
  tcmFromLgdo,
} from "../../../../../electron/services/flow/loader/tcm.ts";

const arr = (values: number[]): LgdoArray => ({
  kind: "array",
  form: "array",
  element: { kind: "real" },
  dtype: "int64",
  shape: [values.length],
  data: Float64Array.from(values),
  attrs: {},
});
const vov = (cl: number[], flat: number[]): LgdoVectorOfVectors => ({
  kind: "vov",
  cumulativeLength: Float64Array.from(cl),
  cumulativeLengthDtype: "int64",
  flattened: arr(flat),
  attrs: {},
});
const table = (columns: Record<string, Lgdo>, nRows: number): Lgdo => ({
  kind: "table",
  nRows,
  columns,
  columnOrder: Object.keys(columns),
  attrs: {},
});

// The first events of the cal TCM of flow-spec §3.1.
const CL = [1, 3, 4, 6];
const KEYS = [1084804, 1084803, 1121600, 1084804, 1084804, 1121600];
const ROWS = [0, 0, 0, 1, 2, 1];

describe("TCM", () => {
  it("reads the current format (table_key/row_in_table VoVs) and explodes events", () => {
    const tcm = tcmFromLgdo(
      table({ row_in_table: vov(CL, ROWS), table_key: vov(CL, KEYS) }, 4),
      DEFAULT_TCM_COLUMNS,
      "f.lh5:hardware_tcm_1",
    );
    expect(tcm.nEvents).toBe(4);
    expect(Array.from(tcm.eventOf)).toEqual([0, 1, 1, 2, 3, 3]);
    expect(Array.from(tcm.tableKey)).toEqual(KEYS);
    expect(Array.from(tcm.rowInTable)).toEqual(ROWS);
  });

  it("reads the old format (flat cumulative_length/array_id/array_idx struct) to the same result", () => {
    const old: Lgdo = {
      kind: "struct",
      fields: { cumulative_length: arr(CL), array_id: arr(KEYS), array_idx: arr(ROWS) },
      fieldOrder: ["cumulative_length", "array_id", "array_idx"],
      attrs: {},
    };
    const tcm = tcmFromLgdo(old, DEFAULT_TCM_COLUMNS, "old.lh5:tcm");
    expect(Array.from(tcm.eventOf)).toEqual([0, 1, 1, 2, 3, 3]);
    expect(Array.from(tcm.tableKey)).toEqual(KEYS);
    // and with a config naming the old columns explicitly
    const named = tcmFromLgdo(old, { parentTb: "array_id", parentIdx: "array_idx" }, "old.lh5:tcm");
    expect(Array.from(named.rowInTable)).toEqual(ROWS);
  });

  it("handles empty events", () => {
    expect(Array.from(explodeCumulativeLength(Float64Array.from([0, 2, 2, 3]), 3))).toEqual([1, 1, 3]);
  });

  it("rejects corrupt TCMs naming the object", () => {
    expect(() => explodeCumulativeLength(Float64Array.from([2, 1]), 2, "x:tcm")).toThrow(
      /x:tcm: cumulative_length\[1\]/,
    );
    expect(() => explodeCumulativeLength(Float64Array.from([1]), 2, "x:tcm")).toThrow(
      /ends at 1 but there are 2/,
    );
    expect(() =>
      tcmFromLgdo(
        table({ row_in_table: vov([1, 2], [0, 0]), table_key: vov([2, 2], [1, 2]) }, 2),
        DEFAULT_TCM_COLUMNS,
        "t",
      ),
    ).toThrow(/different events/);
    expect(() => tcmFromLgdo(table({ foo: arr([1]) }, 1), DEFAULT_TCM_COLUMNS, "f.lh5:tcm")).toThrow(
      TcmFormatError,
    );
    expect(() => tcmFromLgdo(arr([1]), DEFAULT_TCM_COLUMNS, "f.lh5:tcm")).toThrow(
      /must be a table or struct/,
    );
  });
});
