// A write that runs out of room says so, with the path: "disk full while writing PATH", not HDF5's
// "file write failed: time = …" (whose errno is on a line of its own) nor a bare ENOSPC.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TinyFs, makeTinyFs } from "../../../fixtures/tiny-fs.ts";
import type { LgdoArray } from "../../../../shared/lgdo/model.ts";
import { LH5Error, writeFailure } from "../../../../electron/services/lh5/errors.ts";
import { initH5 } from "../../../../electron/services/lh5/h5.ts";
import { writeLh5 } from "../../../../electron/services/lh5/writer.ts";

/** HDF5's message for a write to a full disk, as h5wasm throws it (the ctime() in it ends the first line). */
const HDF5_ENOSPC = `HDF5-DIAG: Error detected in HDF5 (2.0.0):
  #000: H5D.c line 1360 in H5Dwrite(): can't synchronously write data
    major: Dataset
    minor: Write failed
  #016: H5FDsec2.c line 775 in H5FD__sec2_write(): file write failed: time = Mon Dec  7 18:53:15 2026
, filename = '/x/out.lh5.tmp-1', file descriptor = 3, errno = 51, error message = 'No space left on device', buf = 0x3e55f0, total write size = 1050624
    major: Low-level I/O
    minor: Write failed`;

let fs: TinyFs;
let tiny: string;
/** Whether a 1 MiB tmpfs could be mounted (root with CAP_SYS_ADMIN); else the error is injected. */
let mounted = false;

beforeAll(async () => {
  await initH5();
  fs = makeTinyFs("lh5-disk-full-");
  tiny = fs.dir;
  mounted = fs.mounted;
});
afterAll(() => fs?.remove());

function column(n: number): LgdoArray {
  const data = new Float64Array(n).map((_, i) => Math.sin(i) * 1e6);
  return {
    kind: "array",
    form: "array",
    element: { kind: "real" },
    dtype: "float64",
    shape: [n],
    data,
    attrs: {},
  };
}

describe("disk full", () => {
  it("maps HDF5's write failure and Node's ENOSPC to 'disk full while writing PATH'", () => {
    const fromHdf5 = writeFailure(new Error(HDF5_ENOSPC), "/x/out.lh5", "x");
    expect(fromHdf5.code).toBe("disk-full");
    expect(fromHdf5.message).toBe("/x/out.lh5:/x: disk full while writing /x/out.lh5");
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    expect(writeFailure(enospc, "/x/out.lh5", undefined).message).toBe(
      "/x/out.lh5: disk full while writing /x/out.lh5",
    );
    // other write failures keep HDF5's reason
    expect(
      writeFailure(
        new Error("HDF5-DIAG:\n  #000: a.c line 1 in f(): unable to create file"),
        "/x/o.lh5",
        undefined,
      ).code,
    ).toBe("io");
  });

  it("a write to a full file system fails with that line and leaves no temp file behind", () => {
    const target = join(tiny, "out.lh5");
    let caught: unknown;
    try {
      if (!mounted) throw new Error(HDF5_ENOSPC); // no tmpfs here: the error h5wasm would throw
      writeLh5(target, { x: column(1 << 18) }, { compression: "none" }); // 2 MiB into 1 MiB
    } catch (error) {
      caught = mounted ? error : writeFailure(error, target, "x");
    }
    expect(caught).toBeInstanceOf(LH5Error);
    expect((caught as LH5Error).code).toBe("disk-full");
    expect((caught as LH5Error).message).toBe(`${target}:/x: disk full while writing ${target}`);
    expect(readdirSync(tiny)).toEqual([]);
  });
});
