import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  BLOCK_BYTES,
  type ReadableFs,
  blockReadStats,
  withBlockReads,
} from "../../../../../electron/services/flow/filedb/block-reads.ts";
import { listFileTables } from "../../../../../electron/services/flow/filedb/file-tables.ts";
import { P14_RAW_FILE, PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";

/** A stand-in for emscripten's FS.read over NODERAWFS: positioned reads on the stream's Node fd. */
function fakeFs(): ReadableFs & { calls: number } {
  const fs = {
    calls: 0,
    read: (
      stream: { nfd?: unknown },
      buffer: Uint8Array | Int8Array,
      offset: number,
      length: number,
      position?: number,
    ): number => {
      fs.calls += 1;
      return readSync(stream.nfd as number, buffer, offset, length, position ?? null);
    },
  };
  return fs;
}

describe("withBlockReads (HDF5 metadata reads served from 16 KiB blocks)", () => {
  const fds: number[] = [];
  afterEach(() => {
    for (const fd of fds.splice(0)) closeSync(fd);
  });

  it("returns the file's bytes for scattered small reads, across block edges and at the end", () => {
    const bytes = readFileSync(P14_RAW_FILE);
    const fd = openSync(P14_RAW_FILE, "r");
    fds.push(fd);
    const fs = fakeFs();
    const original = fs.read;
    const heap = new Int8Array(4096);
    const reads: Array<[number, number]> = [
      [0, 8],
      [48, 48],
      [BLOCK_BYTES - 10, 40], // spans two blocks
      [5 * BLOCK_BYTES + 3, 700],
      [bytes.length - 20, 100], // short read at the end of the file
      [bytes.length + 5000, 10], // past the end
      [100, 1],
    ];
    const blocksBefore = blockReadStats.blocks;
    const got = withBlockReads(fs, () =>
      reads.map(([position, length]) => {
        const n = fs.read({ nfd: fd }, heap, 16, length, position);
        return { n, data: Buffer.from(heap.buffer, 16, n).toString("hex") };
      }),
    );
    reads.forEach(([position, length], i) => {
      const want = bytes.subarray(position, Math.min(bytes.length, position + length));
      expect(got[i], `read ${length} at ${position}`).toEqual({ n: want.length, data: want.toString("hex") });
    });
    expect(fs.calls).toBe(0); // every read came from a block
    // blocks 0, 1, 5 and the last (the one past the end reads nothing new but is counted once)
    expect(blockReadStats.blocks - blocksBefore).toBeLessThanOrEqual(6);
    expect(fs.read).toBe(original);
  });

  it("passes large, unpositioned and non-NODERAWFS reads through, and restores fs.read after a throw", () => {
    const fd = openSync(P14_RAW_FILE, "r");
    fds.push(fd);
    const fs = fakeFs();
    const original = fs.read;
    const heap = new Uint8Array(2 * BLOCK_BYTES);
    withBlockReads(fs, () => {
      fs.read({ nfd: fd }, heap, 0, BLOCK_BYTES, 0);
      fs.read({ nfd: fd }, heap, 0, 10);
      fs.read({ nfd: fd, stream_ops: {} }, heap, 0, 10, 0);
    });
    expect(fs.calls).toBe(3);
    expect(() =>
      withBlockReads(fs, () => {
        throw new Error("listing failed");
      }),
    ).toThrow("listing failed");
    expect(fs.read).toBe(original);
  });

  it("runs unchanged without an FS object to hook", () => {
    expect(withBlockReads(undefined, () => 42)).toBe(42);
  });

  it("falls back to the original read (and its error) when a block cannot be read", () => {
    const fs = fakeFs();
    const heap = new Uint8Array(64);
    // fd -1 is not open: the block read fails, the original read raises the error
    expect(() => withBlockReads(fs, () => fs.read({ nfd: -1 }, heap, 0, 8, 0))).toThrow();
    expect(fs.calls).toBe(1);
  });

  it("serves h5wasm's reads while a file's tables are listed (fewer disk reads than HDF5 asks for)", async () => {
    const before = { ...blockReadStats };
    const result = await listFileTables(
      `${PROD_REF_TIER_DIR}/dsp/phy/p03/r001/l200-p03-r001-phy-20230322T160139Z-tier_dsp.lh5`,
      "ch{ch:07d}/dsp",
    );
    expect(result.ok && result.value.tables).toEqual([1057600, 1059201, 1062405, 1084803, 1084804, 1121600]);
    const reads = blockReadStats.reads - before.reads;
    const blocks = blockReadStats.blocks - before.blocks;
    expect(reads).toBeGreaterThan(20);
    expect(blocks).toBeLessThan(reads / 2);
  });
});
