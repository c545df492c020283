// A built selection pages from its per-cycle entry lists: take() gives exactly what the concatenated list's
// take() gives (table codes merged across cycles), without building that list.
import { describe, expect, it } from "vitest";
import { BuiltSelection } from "../../../../../electron/services/app/exploration/selection.ts";
import { EntryList, type TableId } from "../../../../../electron/services/flow/loader/index.ts";

function cycle(row: number, tables: TableId[], rowsPerTable: number[]): EntryList {
  const n = rowsPerTable.reduce((a, b) => a + b, 0);
  const tableCode = new Int32Array(n);
  const idx = new Int32Array(n);
  let k = 0;
  rowsPerTable.forEach((count, code) => {
    for (let i = 0; i < count; i++, k++) {
      tableCode[k] = code;
      idx[k] = i * 3;
    }
  });
  return new EntryList({
    parentLevel: "hit",
    file: new Int32Array(n).fill(row),
    tableCode,
    tableIds: tables,
    idx,
  });
}

const empty = new EntryList({
  parentLevel: "hit",
  file: new Int32Array(0),
  tableCode: new Int32Array(0),
  tableIds: [],
  idx: new Int32Array(0),
});

function plain(list: EntryList) {
  return {
    file: Array.from(list.file),
    idx: Array.from(list.idx),
    tables: Array.from(list.tableCode, (code) => list.tableIds[code]),
  };
}

describe("BuiltSelection.take", () => {
  const perFile = new Map([
    [2, cycle(2, [1104000, 1104001], [3, 2])],
    [5, cycle(5, [1104001], [4])],
    [9, cycle(9, ["ch7", 1104000], [1, 5])],
  ]);

  it("equals the concatenated list's take for pages across cycle boundaries", () => {
    const built = new BuiltSelection(perFile, empty);
    const reference = new BuiltSelection(perFile, empty).all;
    expect(built.length).toBe(reference.length);
    for (const positions of [
      [0, 1, 2],
      [4, 5, 6, 7, 8, 9],
      [8, 9, 10],
      [0, 14],
      [],
      [3, 7, 11, 12, 13, 14],
    ]) {
      const wanted = Int32Array.from(positions);
      expect(plain(built.take(wanted))).toEqual(plain(reference.take(wanted)));
    }
    expect(built.parentLevel).toBe("hit");
  });

  it("refuses positions beyond its entries", () => {
    expect(() => new BuiltSelection(perFile, empty).take(Int32Array.from([3, 15]))).toThrow(RangeError);
  });

  it("an empty selection has no entries and pages to the empty list", () => {
    const built = new BuiltSelection(new Map(), empty);
    expect(built.length).toBe(0);
    expect(built.take(new Int32Array(0)).length).toBe(0);
  });
});
