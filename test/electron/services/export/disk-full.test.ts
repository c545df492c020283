// An export that runs out of room says so with its path, in every format: "disk full while writing PATH",
// never Node's bare ENOSPC or HDF5's "file write failed: time = …"; nothing is left at the target.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TinyFs, makeTinyFs } from "../../../fixtures/tiny-fs.ts";
import type { LgdoTable } from "../../../../shared/lgdo/model.ts";
import { ExportError, createSink, namingFullDisk } from "../../../../electron/services/export/index.ts";
import type { TableSink } from "../../../../electron/services/export/sink.ts";
import { initH5 } from "../../../../electron/services/lh5/h5.ts";
import { arr } from "../../../fixtures/lgdo.ts";

let fs: TinyFs;
let tiny: string;
/** Whether a 1 MiB tmpfs could be mounted (root with CAP_SYS_ADMIN); else the error is injected. */
let mounted = false;

beforeAll(async () => {
  await initH5();
  fs = makeTinyFs("lh5-export-full-");
  tiny = fs.dir;
  mounted = fs.mounted;
});
afterAll(() => fs?.remove());

/** 2^18 float64 values: 2 MiB loaded, more as text. */
function bigChunk(): LgdoTable {
  const data = Float64Array.from({ length: 1 << 18 }, (_, i) => Math.sin(i) * 1e6);
  return {
    kind: "table",
    nRows: data.length,
    columns: { x: arr("float64", data, [data.length]) },
    columnOrder: ["x"],
    attrs: {},
  };
}

/** A real sink whose second write fails with Node's ENOSPC (used where no tmpfs can be mounted). */
function failingAfterOneChunk(target: string, format: "csv" | "arrow" | "parquet" | "lh5"): TableSink {
  const real = createSink(target, format);
  let writes = 0;
  return {
    chunkBytes: real.chunkBytes,
    write: (chunk) =>
      ++writes > 1
        ? Promise.reject(
            Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }),
          )
        : real.write(chunk),
    commit: () => real.commit(),
    abort: () => real.abort(),
  };
}

describe("exports onto a full disk", () => {
  it("name the path instead of a bare ENOSPC (stub sink)", async () => {
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const failing: TableSink = {
      chunkBytes: 1,
      write: () => {
        throw enospc; // a sink may fail synchronously inside write()
      },
      commit: () => Promise.reject(enospc),
      abort: () => undefined,
    };
    const sink = namingFullDisk(failing, "/x/out.csv");
    await expect(sink.write(bigChunk())).rejects.toThrow(
      new ExportError("disk full while writing /x/out.csv", "/x/out.csv", "io"),
    );
    await expect(sink.commit()).rejects.toThrow("disk full while writing /x/out.csv");
    const other = namingFullDisk({ ...failing, write: () => Promise.reject(new Error("EIO")) }, "/x/out.csv");
    await expect(other.write(bigChunk())).rejects.toThrow("EIO");
  });

  for (const format of ["csv", "arrow", "parquet", "lh5"] as const) {
    it(`${format}: one line naming the file on a full file system, nothing left behind`, async () => {
      const target = join(tiny, `out.${format}`);
      let sink: TableSink | null = null;
      let caught: unknown;
      try {
        // without a tmpfs (no CAP_SYS_ADMIN), the real sink's second write fails as a full disk would
        sink = mounted
          ? createSink(target, format)
          : namingFullDisk(failingAfterOneChunk(target, format), target);
        await sink.write(bigChunk());
        await sink.write(bigChunk());
        await sink.commit();
      } catch (error) {
        caught = error;
        sink?.abort();
      }
      expect(caught).toBeInstanceOf(Error);
      expect((caught as Error).message).toMatch(
        new RegExp(`disk full while writing ${target.replace(/[.]/g, "\\.")}`),
      );
      expect(existsSync(target)).toBe(false);
      expect(readdirSync(tiny)).toEqual([]);
    });
  }
});
