// V8 compiles h5wasm's wasm functions with its fast baseline compiler first and optimises the hot ones
// while they run: a worker's first read of a gzip-compressed column inflates about twice as slowly as
// later ones. A worker that will serve clicks runs this once when it starts: it writes a small gzip'd
// dataset to a temporary file and reads it back, so the first real read runs optimised code.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Lh5File } from "./reader.ts";
import { writeLh5 } from "./writer.ts";

/** 2^18 float64 values: four 64k-value chunks, like a column of a hit table, inflated a few times. */
const WARM_VALUES = 1 << 18;
const WARM_READS = 4;

/** Runs the decompressing read path once over throwaway data; returns false when it could not (only speed is lost). */
export function warmDecompression(dir = tmpdir()): boolean {
  const path = join(dir, `lh5-browser-warm-${process.pid}-${randomBytes(6).toString("hex")}.lh5`);
  try {
    // values with a few significant bits, like calibrated energies: they compress, so inflate does real work
    const data = new Float64Array(WARM_VALUES);
    let x = 12345;
    for (let i = 0; i < data.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      data[i] = Math.round((x / 2 ** 32) * 3000 * 16) / 16;
    }
    writeLh5(
      path,
      {
        values: {
          kind: "array",
          form: "array",
          element: { kind: "real" },
          dtype: "float64",
          shape: [data.length],
          data,
          attrs: {},
        },
      },
      { compression: "gzip" },
    );
    const file = Lh5File.open(path);
    try {
      for (let k = 0; k < WARM_READS; k++) file.read("values");
    } finally {
      file.close();
    }
    return true;
  } catch {
    return false;
  } finally {
    rmSync(path, { force: true });
  }
}
