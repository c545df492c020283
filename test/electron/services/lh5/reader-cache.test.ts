// Lh5File's per-open-file caches: a second read asks HDF5 nothing it already knows, gives the same
// result, hands out copies (a caller's change never reaches the cache), and a closed file still fails.
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { LgdoArray, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { LH5Error } from "../../../../electron/services/lh5/errors.ts";
import { getH5, initH5 } from "../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";
import { toPlain } from "./lgdo-helpers.ts";

const HIT_P03 = join(PROD_REF_TIER_DIR, "hit/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_hit.lh5");
const TABLE = "ch1084803/hit";

beforeAll(async () => {
  await initH5();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Counts calls of the h5wasm module functions that each cost an HDF5 object look-up. */
function countHdf5Calls(): () => number {
  const { module } = getH5();
  const names = [
    "get_type",
    "get_attribute_names",
    "get_attribute_metadata",
    "get_dataset_metadata",
    "get_dataset_filters",
  ] as const;
  const spies = names.map((name) => vi.spyOn(module, name));
  return () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
}

describe("Lh5File caches", () => {
  it("reads a table's columns a second time without metadata or attribute calls, with equal results", () => {
    const file = Lh5File.open(HIT_P03);
    const columns = file.tableColumns(TABLE).slice(0, 3);
    const calls = countHdf5Calls();
    const first = file.read(TABLE, { columns, indices: [0, 2, 5] }) as LgdoTable;
    const afterFirst = calls();
    expect(afterFirst).toBeGreaterThan(0);
    const second = file.read(TABLE, { columns, indices: [0, 2, 5] }) as LgdoTable;
    expect(calls()).toBe(afterFirst);
    expect(toPlain(second)).toEqual(toPlain(first));
    expect(file.nRows(TABLE)).toBeGreaterThanOrEqual(6);
    expect(calls()).toBe(afterFirst);
    file.close();
  });

  it("gives the same result as a fresh file for every object it reads twice", () => {
    const cached = Lh5File.open(HIT_P03);
    cached.read(TABLE, { rows: [0, 4] });
    const again = cached.read(TABLE, { rows: [3, 9] });
    const fresh = Lh5File.open(HIT_P03);
    expect(toPlain(again)).toEqual(toPlain(fresh.read(TABLE, { rows: [3, 9] })));
    cached.close();
    fresh.close();
  });

  it("hands out copies: changing a returned type, key list, column list or attrs changes nothing", () => {
    const file = Lh5File.open(HIT_P03);
    const type = file.typeOf(TABLE);
    if (type.kind !== "table") throw new Error("expected a table");
    const expectedFields = [...type.fields];
    type.fields.length = 0;
    expect(file.typeOf(TABLE)).toEqual({ ...type, fields: expectedFields });
    expect(file.tableColumns(TABLE)).toEqual(expectedFields);

    const keys = file.keys();
    const expectedKeys = [...keys];
    keys.push("not-there");
    expect(file.keys()).toEqual(expectedKeys);

    const column = expectedFields[0]!;
    const first = (file.read(TABLE, { columns: [column] }) as LgdoTable).columns[column] as LgdoArray;
    const expectedAttrs = { ...first.attrs };
    first.attrs.units = "changed";
    const expectedElement = { ...first.element };
    (first.element as { kind: string }).kind = "changed";
    const second = (file.read(TABLE, { columns: [column] }) as LgdoTable).columns[column] as LgdoArray;
    expect(second.attrs).toEqual(expectedAttrs);
    expect(second.element).toEqual(expectedElement);

    const whole = file.read(TABLE, { rows: [0, 1] }) as LgdoTable;
    whole.columnOrder.length = 0;
    expect((file.read(TABLE, { rows: [0, 1] }) as LgdoTable).columnOrder).toEqual(expectedFields);
    file.close();
  });

  it("still refuses reads and answers 'absent' once the file is closed, for paths it had cached", () => {
    const file = Lh5File.open(HIT_P03);
    const column = file.tableColumns(TABLE)[0]!;
    file.read(TABLE, { columns: [column] });
    expect(file.has(TABLE)).toBe(true);
    file.close();
    expect(file.has(TABLE)).toBe(false);
    expect(() => file.read(TABLE, { columns: [column] })).toThrow(LH5Error);
    expect(() => file.typeOf(TABLE)).toThrow(LH5Error);
    expect(() => file.keys()).toThrow(LH5Error);
    expect(() => file.nRows(TABLE)).toThrow(LH5Error);
  });
});
