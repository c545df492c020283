// describeTable(): every column's type and HDF5 layout of a table in one pass, equal to what h5py reports,
// kept for the open file and the next open of the unchanged file (no HDF5 call), re-read once it changed.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getH5, initH5 } from "../../../../electron/services/lh5/h5.ts";
import { fileMetaCache } from "../../../../electron/services/lh5/meta-cache.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";

const DSP = join(PROD_REF_TIER_DIR, "dsp/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_dsp.lh5");
const HIT = join(PROD_REF_TIER_DIR, "hit/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_hit.lh5");
const TABLE = "ch1084803/dsp";
let dir: string;

beforeAll(async () => {
  await initH5();
  dir = mkdtempSync(join(tmpdir(), "lh5-table-meta-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** h5py's view of the datasets directly under `group`: dtype, shape, chunks, filter ids. */
function h5pyLayout(file: string, group: string): Record<string, unknown> {
  const script = `
import h5py, sys, json
f = h5py.File(sys.argv[1], "r"); out = {}
for name, obj in f[sys.argv[2]].items():
    if isinstance(obj, h5py.Dataset):
        plist = obj.id.get_create_plist()
        out[name] = {"dtype": obj.dtype.name, "shape": list(obj.shape),
                     "chunks": list(obj.chunks) if obj.chunks else None,
                     "filters": [plist.get_filter(i)[0] for i in range(plist.get_nfilters())],
                     "datatype": obj.attrs.get("datatype")}
print(json.dumps(out))`;
  const run = spawnSync("/usr/bin/python3", ["-c", script, file, group], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** Counts h5wasm's metadata calls by path while `fn` runs. */
function hdf5Calls(fn: () => void): number {
  const module = getH5().module as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ["get_type", "get_attribute_metadata", "get_dataset_metadata", "get_dataset_filters"];
  const saved = names.map((n) => module[n]!);
  let calls = 0;
  names.forEach((n, i) => {
    module[n] = (...args: unknown[]) => {
      calls++;
      return saved[i]!.apply(getH5().module, args);
    };
  });
  try {
    fn();
  } finally {
    names.forEach((n, i) => (module[n] = saved[i]!));
  }
  return calls;
}

function describeOnce(path: string, table: string) {
  const file = Lh5File.open(path);
  try {
    return file.describeTable(table);
  } finally {
    file.close();
  }
}

describe("describeTable", () => {
  it("gives each column's type, dtype, shape, chunks and filters as h5py sees them", () => {
    fileMetaCache.clear();
    const columns = describeOnce(DSP, TABLE);
    const theirs = h5pyLayout(DSP, TABLE) as Record<
      string,
      { dtype: string; shape: number[]; chunks: number[] | null; filters: number[]; datatype: string }
    >;
    expect(columns.map((c) => c.name).sort()).toEqual(Object.keys(theirs).sort());
    for (const column of columns) {
      const want = theirs[column.name]!;
      expect(column.type.kind, column.name).toBe("array");
      expect(column.dataset, column.name).toEqual({
        dtype: want.dtype,
        shape: want.shape,
        chunks: want.chunks,
        filters: want.filters.map((id) => ({ id, name: expect.any(String) as unknown })),
      });
    }
  });

  it("asks HDF5 nothing for a table it described, in the same open or the next open of the unchanged file", () => {
    fileMetaCache.clear();
    const first = describeOnce(DSP, TABLE);
    expect(hdf5Calls(() => expect(describeOnce(DSP, TABLE)).toEqual(first))).toBe(0);
    // what it hands out is a copy: changing it changes nothing cached
    first[0]!.dataset!.shape[0] = -1;
    expect(describeOnce(DSP, TABLE)[0]!.dataset!.shape[0]).not.toBe(-1);
  });

  it("re-reads a file that changed since", () => {
    fileMetaCache.clear();
    const path = join(dir, "changing.lh5");
    const old = new Date(Date.now() - 3600_000);
    copyFileSync(DSP, path);
    utimesSync(path, old, old); // settled: its metadata is kept
    const before = describeOnce(path, TABLE);
    expect(before.some((c) => c.name === "trapEmax")).toBe(true);
    // another tier's file in its place, with the same table name: new columns
    copyFileSync(HIT, path);
    const later = new Date(old.getTime() + 60_000);
    utimesSync(path, later, later);
    const after = describeOnce(path, "ch1084803/hit");
    expect(after.map((c) => c.name).sort()).toEqual(Object.keys(h5pyLayout(HIT, "ch1084803/hit")).sort());
    expect(hdf5Calls(() => describeOnce(path, "ch1084803/hit"))).toBe(0);
  });

  it("refuses what is not a table", () => {
    const file = Lh5File.open(DSP);
    try {
      expect(() => file.describeTable(`${TABLE}/trapEmax`)).toThrow(/not a table/);
    } finally {
      file.close();
    }
  });
});
