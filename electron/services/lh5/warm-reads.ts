// V8 compiles h5wasm's wasm functions with its fast baseline compiler first and optimises the hot ones
// while they run, and JavaScript runs interpreted until it is hot: a worker's first read of a compressed
// column costs about twice a later one. Workers that serve clicks run their read path once when they
// start, over a throwaway file written here, so the user's first read runs optimised code.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LgdoTable } from "../../../shared/lgdo/model.ts";
import { writeLh5 } from "./writer.ts";

/** The throwaway file's table, its columns and its number of rows (one 64k-value chunk: quick to write). */
export const WARM_UP_TABLE = {
  name: "ch0/hit",
  channel: 0,
  columns: ["energy", "flag"],
  rows: 1 << 16,
} as const;

function warmUpTable(): LgdoTable {
  const n = WARM_UP_TABLE.rows;
  // values with few significant bits, like calibrated energies: they compress, so inflate does real work
  const energy = new Float64Array(n);
  const flag = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    energy[i] = Math.round((x / 2 ** 32) * 3000 * 16) / 16;
    flag[i] = energy[i]! > 1000 ? 1 : 0;
  }
  const column = (dtype: "float64" | "uint8", data: Float64Array | Uint8Array, kind: "real" | "bool") => ({
    kind: "array" as const,
    form: "array" as const,
    element: { kind },
    dtype,
    shape: [n],
    data,
    attrs: {},
  });
  return {
    kind: "table",
    nRows: n,
    columns: { energy: column("float64", energy, "real"), flag: column("uint8", flag, "bool") },
    columnOrder: [...WARM_UP_TABLE.columns],
    attrs: {},
  };
}

/** Writes the throwaway file (one gzip'd table, WARM_UP_TABLE) in `dir`; returns its path (throws when it cannot). */
export function writeWarmUpFile(dir = tmpdir()): string {
  const path = join(dir, `lh5-browser-warm-${process.pid}-${randomBytes(6).toString("hex")}.lh5`);
  try {
    writeLh5(path, { [WARM_UP_TABLE.name]: warmUpTable() }, { compression: "gzip" });
  } catch (error) {
    removeWarmUpFile(path);
    throw error;
  }
  return path;
}

export function removeWarmUpFile(path: string): void {
  rmSync(path, { force: true });
}
