// Seeded fuzzing of the reader on real LEGEND files: bit flips anywhere and in the first 4 KB (superblock
// and metadata), truncations, and `datatype` attributes replaced by garbage. For every case, `ls` and a
// `dump` of each dataset (through the CLI's main() in a child process, under a time bound) must give either
// one clear LH5Error line naming the file, or exactly the values h5py reads from the same mutated file.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { h5pyPython } from "../../../fixtures/h5py.ts";
import { LineChild } from "../../../fixtures/line-child.ts";
import { rng } from "../../../fixtures/rng.ts";
import { P14_RAW_FILE, PROD_REF_TIER_DIR, REPO_ROOT } from "../../../fixtures/testdata.ts";

const SOURCES = [
  join(PROD_REF_TIER_DIR, "tcm/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_tcm.lh5"),
  join(PROD_REF_TIER_DIR, "hit/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_hit.lh5"),
  join(PROD_REF_TIER_DIR, "dsp/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_dsp.lh5"),
  P14_RAW_FILE,
];
const MUTATIONS = ["flip-anywhere", "flip-head", "truncate", "garble-datatype"] as const;
type Mutation = (typeof MUTATIONS)[number];
const CASES = 60;
/** Longest a case may take on our side before it counts as a hang. */
const CASE_TIMEOUT_MS = 20_000;

interface Run {
  code: number;
  out: string;
  err: string;
}
interface OurSide {
  ls: Run;
  dumps: Record<string, Run>;
  stray: string;
}
interface Reference {
  ok: boolean;
  error?: string;
  datasets?: Record<string, { ok: boolean; value?: unknown; error?: string }>;
}

let dir: string;
let reader: LineChild;
let python: LineChild;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lh5-fuzz-"));
  reader = new LineChild(process.execPath, ["test/electron/services/lh5/fuzz/reader-child.mjs"], REPO_ROOT);
  python = new LineChild(h5pyPython(), ["test/electron/services/lh5/fuzz/reference.py"], REPO_ROOT);
});
afterAll(() => {
  reader.stop();
  python.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes case `index`'s mutated copy of its source file; returns its path and what was done. */
function mutate(index: number): { path: string; mutation: Mutation; garble: number; seed: number } {
  const source = SOURCES[index % SOURCES.length]!;
  const mutation = MUTATIONS[Math.floor(index / SOURCES.length) % MUTATIONS.length]!;
  const seed = index + 1;
  const random = rng(Math.imul(seed, 2654435761) >>> 0);
  const path = join(dir, `case${index}-${mutation}-${basename(source)}`);
  const bytes = readFileSync(source);
  const flip = (lo: number, hi: number) => {
    const at = lo + Math.floor(random() * (hi - lo));
    bytes[at]! ^= 1 << Math.floor(random() * 8);
  };
  switch (mutation) {
    case "flip-anywhere":
      for (let k = 0; k < 8; k++) flip(8, bytes.length);
      writeFileSync(path, bytes);
      return { path, mutation, garble: 0, seed };
    case "flip-head":
      for (let k = 0; k < 8; k++) flip(8, Math.min(4096, bytes.length));
      writeFileSync(path, bytes);
      return { path, mutation, garble: 0, seed };
    case "truncate":
      writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * (0.3 + 0.7 * random()))));
      return { path, mutation, garble: 0, seed };
    case "garble-datatype":
      copyFileSync(source, path);
      return { path, mutation, garble: 1 + Math.floor(random() * 4), seed }; // done by h5py
  }
}

/** Booleans as 0/1 (h5py gives numbers for LGDO bool arrays stored as uint8). */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** A failure must be one line of the CLI naming the file: `lh5-browser CMD: LH5Error: FILE…: reason`. */
function expectCleanError(run: Run, command: string, file: string, what: string): void {
  const lines = run.err.split("\n").filter((l) => l !== "");
  expect(lines, what).toHaveLength(1);
  expect(lines[0]!.startsWith(`lh5-browser ${command}: LH5Error: ${file}`), `${what}: ${lines[0]}`).toBe(
    true,
  );
  expect(lines[0], what).not.toMatch(/RangeError|TypeError|Aborted\(|HDF5-DIAG|#\d{3}:/);
  expect(run.code, what).toBe(1);
}

describe("the reader on mutated LEGEND files", () => {
  it(`${CASES} seeded cases: a clear LH5Error or h5py's values, never a crash or a hang`, async () => {
    const tally = { lsFailed: 0, dumpFailed: 0, compared: 0, uncompared: 0 };
    for (let index = 0; index < CASES; index++) {
      const { path, mutation, garble, seed } = mutate(index);
      const what = `case ${index} (${mutation}, seed ${seed}) ${basename(path)}`;
      // h5py first: it also garbles the datatypes in place for that mutation
      const reference = (await python.ask<Reference>({ file: path, garble, seed }, 60_000)).answer;
      const { answer: ours } = await reader.ask<OurSide>({ file: path }, CASE_TIMEOUT_MS);
      expect(ours.stray, `${what}: nothing but the error line on stderr`).toBe("");
      if (ours.ls.code !== 0) {
        tally.lsFailed++;
        expectCleanError(ours.ls, "ls", path, `${what} ls`);
        continue;
      }
      for (const [objectPath, dump] of Object.entries(ours.dumps)) {
        if (dump.code !== 0) {
          tally.dumpFailed++;
          expectCleanError(dump, "dump", path, `${what} dump ${objectPath}`);
          continue;
        }
        const expected = reference.datasets?.[objectPath];
        if (expected?.ok !== true) {
          tally.uncompared++; // a group, or a dataset h5py could not read (e.g. zstd: no plugin there)
          continue;
        }
        tally.compared++;
        expect(normalise(JSON.parse(dump.out)), `${what} dump ${objectPath}`).toEqual(expected.value);
      }
    }
    // the cases must exercise both outcomes, else the mutations are too weak or too strong
    expect(tally.lsFailed + tally.dumpFailed).toBeGreaterThan(10);
    expect(tally.compared).toBeGreaterThan(100);
  }, 240_000);
});
