// Files a finished job leaves open in its thread (sources.ts keptFiles): the next job over the same
// unchanged files gets the same handles; a rewritten or just-written file is opened afresh; the pool is
// bounded and closes its files when idle.
import { copyFileSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FileCache, KeptFiles, keptFiles } from "../../../../../electron/services/flow/loader/sources.ts";
import { LH5Error } from "../../../../../electron/services/lh5/errors.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";
import { PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";

const HIT = join(PROD_REF_TIER_DIR, "hit/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_hit.lh5");
const OTHER_HIT = join(PROD_REF_TIER_DIR, "hit/phy/p03/r001/l200-p03-r001-phy-20230322T160139Z-tier_hit.lh5");
const TABLE = "ch1084803/hit";
let dir: string;

/** A copy of `source` at `name`, dated an hour ago (settled: the metadata cache trusts its identity). */
function settledCopy(source: string, name: string): string {
  const path = join(dir, name);
  copyFileSync(source, path);
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(path, hourAgo, hourAgo);
  return path;
}

beforeAll(async () => {
  await initH5();
  dir = mkdtempSync(join(tmpdir(), "kept-files-"));
});

afterEach(() => {
  keptFiles.closeAll();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("FileCache with keep", () => {
  it("hands a released file to the next cache of the thread, still open", () => {
    const path = settledCopy(HIT, "same.lh5");
    const first = new FileCache(64, true);
    const file = first.get(path);
    const rows = file.nRows(TABLE);
    first.closeAll();
    expect(keptFiles.size).toBe(1);
    const second = new FileCache(64, true);
    expect(second.get(path)).toBe(file);
    expect(keptFiles.size).toBe(0);
    expect(file.nRows(TABLE)).toBe(rows);
    second.closeAll();
  });

  it("without keep, closes files and keeps none", () => {
    const path = settledCopy(HIT, "plain.lh5");
    const cache = new FileCache();
    const file = cache.get(path);
    cache.closeAll();
    expect(keptFiles.size).toBe(0);
    expect(() => file.nRows(TABLE)).toThrow(LH5Error);
  });

  it("opens a rewritten file afresh and reads the new content", () => {
    const path = settledCopy(HIT, "rewritten.lh5");
    const first = new FileCache(64, true);
    const old = first.get(path);
    first.closeAll();
    settledCopy(OTHER_HIT, "rewritten.lh5");
    const expected = Lh5File.open(path);
    const wanted = expected.nRows(TABLE);
    expected.close();
    const fresh = new FileCache(64, true).get(path);
    expect(fresh).not.toBe(old);
    expect(fresh.nRows(TABLE)).toBe(wanted);
    expect(() => old.nRows(TABLE)).toThrow(LH5Error); // the stale handle was closed
    fresh.close();
  });

  it("does not reuse a handle of a file written just now (its times are too coarse to trust)", () => {
    const path = join(dir, "racy.lh5");
    copyFileSync(HIT, path);
    const first = new FileCache(64, true);
    const file = first.get(path);
    first.closeAll();
    const next = new FileCache(64, true).get(path);
    expect(next).not.toBe(file);
    next.close();
  });
});

describe("KeptFiles", () => {
  it("keeps at most maxFiles, closing the least recently kept", () => {
    const pool = new KeptFiles(2, 60_000);
    const files = ["a.lh5", "b.lh5", "c.lh5"].map((name) => Lh5File.open(settledCopy(HIT, name)));
    for (const file of files) pool.keep(file);
    expect(pool.size).toBe(2);
    expect(() => files[0]!.nRows(TABLE)).toThrow(LH5Error);
    expect(pool.take(files[2]!.path)).toBe(files[2]);
    expect(pool.take(files[0]!.path)).toBeUndefined();
    pool.closeAll();
    expect(() => files[1]!.nRows(TABLE)).toThrow(LH5Error);
    files[2]!.close();
  });

  it("closes everything once idle", async () => {
    const pool = new KeptFiles(4, 20);
    const file = Lh5File.open(settledCopy(HIT, "idle.lh5"));
    pool.keep(file);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(pool.size).toBe(0);
    expect(() => file.nRows(TABLE)).toThrow(LH5Error);
  });
});
