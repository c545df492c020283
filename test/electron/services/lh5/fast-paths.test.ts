// The fast paths of column reads: readColumns() equals read() of the same columns; the per-thread metadata
// cache is reused for an unchanged file, dropped for a changed or freshly written one; small reads of
// read-only files come from cached blocks with the same bytes.
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  utimesSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { LgdoArray, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { BLOCK_BYTES, installBlockReads } from "../../../../electron/services/lh5/block-reads.ts";
import { LH5Error } from "../../../../electron/services/lh5/errors.ts";
import { getH5, initH5 } from "../../../../electron/services/lh5/h5.ts";
import { FileMetaCache, RACY_MS, fileMetaCache } from "../../../../electron/services/lh5/meta-cache.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { writeLh5 } from "../../../../electron/services/lh5/writer.ts";
import { PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";
import { toPlain } from "./lgdo-helpers.ts";

const DSP_P03 = join(PROD_REF_TIER_DIR, "dsp/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_dsp.lh5");
const TCM_P03 = join(PROD_REF_TIER_DIR, "tcm/phy/p03/r001/l200-p03-r001-phy-20230322T160139Z-tier_tcm.lh5");
const TABLE = "ch1084803/dsp";
let dir: string;

beforeAll(async () => {
  await initH5();
  dir = mkdtempSync(join(tmpdir(), "lh5-fast-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Counts the h5wasm calls that each look an object up by path. */
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

/** A file whose modification time is old enough for the metadata cache to trust it. */
function settled(path: string): string {
  const past = (Date.now() - 10 * RACY_MS) / 1000;
  utimesSync(path, past, past);
  return path;
}

const arr = (values: number[], units: string): LgdoArray => ({
  kind: "array",
  form: "array",
  element: { kind: "real" },
  dtype: "float64",
  shape: [values.length],
  data: Float64Array.from(values),
  attrs: { units },
});

function table(columns: Record<string, LgdoArray>): LgdoTable {
  const names = Object.keys(columns);
  return { kind: "table", nRows: columns[names[0]!]!.shape[0]!, columns, columnOrder: names, attrs: {} };
}

describe("readColumns", () => {
  it("equals read() of the same columns, whole and at sorted indices, in the order asked", () => {
    const file = Lh5File.open(DSP_P03);
    const columns = ["trapEmax", "timestamp", "A_max"];
    for (const sel of [{}, { indices: [0, 2, 3, 9] }, { rows: [4, 8] as [number, number] }]) {
      const slow = file.read(TABLE, { columns, ...sel }) as LgdoTable;
      const fast = file.readColumns(TABLE, columns, sel);
      expect(fast.columnOrder).toEqual(columns);
      expect(fast.nRows).toBe(slow.nRows);
      for (const c of columns) expect(toPlain(fast.columns[c]!)).toEqual(toPlain(slow.columns[c]!));
    }
    file.close();
  });

  it("reads VoV columns (a TCM) like read()", () => {
    const file = Lh5File.open(TCM_P03);
    const slow = file.read("hardware_tcm_1", { indices: [1, 5, 6] }) as LgdoTable;
    const fast = file.readColumns("hardware_tcm_1", slow.columnOrder, { indices: [1, 5, 6] });
    for (const c of slow.columnOrder) expect(toPlain(fast.columns[c]!)).toEqual(toPlain(slow.columns[c]!));
    file.close();
  });

  it("gives values only, without attribute calls, for columns named in valuesOnly", () => {
    fileMetaCache.clear();
    const file = Lh5File.open(DSP_P03);
    const { module } = getH5();
    const names = vi.spyOn(module, "get_attribute_names");
    const fast = file.readColumns(TABLE, ["trapEmax"], { valuesOnly: ["trapEmax"] });
    expect(names).not.toHaveBeenCalled();
    expect((fast.columns.trapEmax as LgdoArray).attrs).toEqual({});
    const full = file.readColumns(TABLE, ["trapEmax"]);
    expect((full.columns.trapEmax as LgdoArray).attrs).toEqual({ units: "ADC" });
    expect(Array.from((fast.columns.trapEmax as LgdoArray).data as Float32Array)).toEqual(
      Array.from((full.columns.trapEmax as LgdoArray).data as Float32Array),
    );
    file.close();
  });

  it("names a column the table lacks, and refuses a closed file", () => {
    const file = Lh5File.open(DSP_P03);
    expect(() => file.readColumns(TABLE, ["trapEmax", "nope"])).toThrow(/no column 'nope'/);
    file.close();
    expect(() => file.readColumns(TABLE, ["trapEmax"])).toThrow(LH5Error);
  });
});

describe("metadata cache", () => {
  it("serves a second open of an unchanged file without metadata calls, with equal results", () => {
    fileMetaCache.clear();
    const path = join(dir, "copy.lh5");
    copyFileSync(DSP_P03, path);
    settled(path);
    const first = Lh5File.open(path);
    const a = first.read(TABLE, { columns: ["trapEmax", "timestamp"], indices: [1, 4] });
    first.close();
    const calls = countHdf5Calls();
    const second = Lh5File.open(path);
    const b = second.read(TABLE, { columns: ["trapEmax", "timestamp"], indices: [1, 4] });
    second.close();
    expect(calls()).toBe(0);
    expect(toPlain(b)).toEqual(toPlain(a));
  });

  it("forgets a file that was rewritten (new shape, dtype and units), even with the same name", () => {
    fileMetaCache.clear();
    const path = join(dir, "rewritten.lh5");
    writeLh5(path, { t: table({ x: arr([1, 2, 3], "keV") }) }, { overwrite: true });
    settled(path);
    const before = Lh5File.open(path);
    expect((before.readColumns("t", ["x"]).columns.x as LgdoArray).attrs.units).toBe("keV");
    before.close();
    writeLh5(path, { t: table({ x: arr([5, 6, 7, 8, 9], "ns") }) }, { overwrite: true });
    settled(path);
    const after = Lh5File.open(path);
    const x = after.readColumns("t", ["x"]).columns.x as LgdoArray;
    after.close();
    expect(x.shape).toEqual([5]);
    expect(Array.from(x.data as Float64Array)).toEqual([5, 6, 7, 8, 9]);
    expect(x.attrs.units).toBe("ns");
  });

  it("does not trust an entry made right after the file changed (coarse file times)", () => {
    const cache = new FileMetaCache();
    const now = BigInt(Date.now()) * 1_000_000n;
    const identity = { dev: 1n, ino: 2n, size: 3n, mtimeNs: now, ctimeNs: now };
    const first = cache.forFile("/f", identity);
    expect(cache.forFile("/f", identity)).not.toBe(first); // racy: made within RACY_MS of the change
    const old = now - BigInt(10 * RACY_MS) * 1_000_000n;
    const settledIdentity = { ...identity, mtimeNs: old, ctimeNs: old };
    const kept = cache.forFile("/f", settledIdentity);
    expect(cache.forFile("/f", settledIdentity)).toBe(kept);
    expect(cache.forFile("/f", { ...settledIdentity, size: 4n })).not.toBe(kept);
    expect(cache.forFile("/f", { ...settledIdentity, ino: 9n })).not.toBe(kept);
  });

  it("keeps at most its number of files, least recently used dropped", () => {
    const cache = new FileMetaCache(2);
    const old = BigInt(Date.now() - 10 * RACY_MS) * 1_000_000n;
    const id = { dev: 1n, ino: 2n, size: 3n, mtimeNs: old, ctimeNs: old };
    const a = cache.forFile("/a", id);
    cache.forFile("/b", id);
    expect(cache.forFile("/a", id)).toBe(a);
    cache.forFile("/c", id); // drops /b
    expect(cache.size).toBe(2);
    expect(cache.forFile("/a", id)).toBe(a);
  });
});

describe("block reads", () => {
  /** A fake Emscripten FS whose own read counts its calls, wrapped by installBlockReads (disk reads counted). */
  function fakeFs(): {
    fs: { read: (s: never, b: Uint8Array, o: number, l: number, p?: number) => number };
    direct: () => number;
    disk: () => number;
  } {
    let direct = 0;
    let disk = 0;
    const fs = {
      read: (
        stream: { nfd: number },
        buffer: Uint8Array,
        offset: number,
        length: number,
        position?: number,
      ) => {
        direct++;
        return readSync(stream.nfd, buffer, offset, length, position ?? null);
      },
    };
    installBlockReads(fs as never, (fd, into, position) => {
      disk++;
      return readSync(fd, into, 0, into.length, position);
    });
    return { fs, direct: () => direct, disk: () => disk };
  }

  it("returns the file's bytes for small reads anywhere (across block ends and at the end of the file)", () => {
    const bytes = readFileSync(TCM_P03);
    const fd = openSync(TCM_P03, "r");
    const { fs, direct, disk } = fakeFs();
    const stream = { nfd: fd, flags: 0 } as never;
    const heap = new Uint8Array(4096);
    const positions = [0, 100, 8, BLOCK_BYTES - 10, BLOCK_BYTES + 3, 5, bytes.length - 20, bytes.length + 5];
    for (const position of positions) {
      const n = fs.read(stream, heap, 64, 40, position);
      const expected = bytes.subarray(
        Math.min(position, bytes.length),
        Math.min(position + 40, bytes.length),
      );
      expect(n).toBe(expected.length);
      expect(Array.from(heap.subarray(64, 64 + n))).toEqual(Array.from(expected));
    }
    expect(direct()).toBe(0);
    expect(disk()).toBeLessThan(positions.length);
    closeSync(fd);
  });

  it("leaves writable streams, unpositioned reads and large reads to the file", () => {
    const fd = openSync(TCM_P03, "r");
    const { fs, direct, disk } = fakeFs();
    const heap = new Uint8Array(2 * BLOCK_BYTES);
    fs.read({ nfd: fd, flags: 2 } as never, heap, 0, 10, 0); // O_RDWR
    fs.read({ nfd: fd, flags: 0 } as never, heap, 0, 10); // no position
    fs.read({ nfd: fd, flags: 0 } as never, heap, 0, BLOCK_BYTES, 0);
    expect(direct()).toBe(3);
    expect(disk()).toBe(0);
    closeSync(fd);
  });
});
