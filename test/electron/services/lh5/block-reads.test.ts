// The one block cache of the LH5 layer (lh5/block-reads.ts): the file's bytes for any small read, large and
// writable reads passed through, every block kept inside keepBlocksWhile(), and FS.read wrapped exactly once,
// also while a FileDB scan lists a file's tables (it used to wrap it a second time).
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BLOCKS_PER_STREAM,
  BLOCK_BYTES,
  type FsLike,
  blockReadLayers,
  blockReadStats,
  installBlockReads,
  keepBlocksWhile,
} from "../../../../electron/services/lh5/block-reads.ts";
import { getH5, initH5 } from "../../../../electron/services/lh5/h5.ts";
import { listFileTablesNow } from "../../../../electron/services/flow/filedb/file-tables.ts";
import { P14_RAW_FILE, PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";

const DSP_PHY = `${PROD_REF_TIER_DIR}/dsp/phy/p03/r001/l200-p03-r001-phy-20230322T160139Z-tier_dsp.lh5`;

/** A stand-in for Emscripten's FS over NODERAWFS, wrapped by installBlockReads; counts direct and disk reads. */
function fakeFs(): { fs: FsLike; direct: () => number; disk: () => number } {
  let direct = 0;
  let disk = 0;
  const fs: FsLike = {
    read: (stream, buffer, offset, length, position) => {
      direct++;
      return readSync(stream.nfd as number, buffer, offset, length, position ?? null);
    },
  };
  installBlockReads(fs, (fd, into, position) => {
    disk++;
    return readSync(fd, into, 0, into.length, position);
  });
  return { fs, direct: () => direct, disk: () => disk };
}

const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
});
function open(path: string): number {
  const fd = openSync(path, "r");
  fds.push(fd);
  return fd;
}

beforeAll(async () => {
  await initH5();
});

describe("block reads", () => {
  it("returns the file's bytes for scattered small reads, across block ends and at the end of the file", () => {
    const bytes = readFileSync(P14_RAW_FILE);
    const fd = open(P14_RAW_FILE);
    const { fs, direct, disk } = fakeFs();
    const heap = new Int8Array(4096);
    const stream = { nfd: fd, flags: 0 }; // one open stream: its blocks are kept between reads
    const reads: Array<[number, number]> = [
      [0, 8],
      [48, 48],
      [BLOCK_BYTES - 10, 40], // spans two blocks
      [5 * BLOCK_BYTES + 3, 700],
      [bytes.length - 20, 100], // short read at the end of the file
      [bytes.length + 5000, 10], // past the end
      [100, 1],
    ];
    for (const [position, length] of reads) {
      const n = fs.read(stream, heap, 16, length, position);
      const want = bytes.subarray(
        Math.min(position, bytes.length),
        Math.min(bytes.length, position + length),
      );
      expect(n, `read ${length} at ${position}`).toBe(want.length);
      expect(Buffer.from(heap.buffer, 16, n).equals(want)).toBe(true);
    }
    expect(direct()).toBe(0);
    expect(disk()).toBeLessThanOrEqual(reads.length);
  });

  it("leaves writable streams, unpositioned reads, other file systems and large reads to the file", () => {
    const fd = open(P14_RAW_FILE);
    const { fs, direct, disk } = fakeFs();
    const heap = new Uint8Array(2 * BLOCK_BYTES);
    fs.read({ nfd: fd, flags: 2 }, heap, 0, 10, 0); // O_RDWR
    fs.read({ nfd: fd, flags: 0 }, heap, 0, 10); // no position
    fs.read({ nfd: fd, flags: 0, stream_ops: {} }, heap, 0, 10, 0); // not NODERAWFS
    fs.read({ nfd: fd, flags: 0 }, heap, 0, BLOCK_BYTES, 0);
    expect(direct()).toBe(4);
    expect(disk()).toBe(0);
  });

  it("falls back to the original read (and its error) when a block cannot be read", () => {
    const { fs, direct } = fakeFs();
    // fd -1 is not open: the block read fails, the original read raises the error
    expect(() => fs.read({ nfd: -1, flags: 0 }, new Uint8Array(64), 0, 8, 0)).toThrow();
    expect(direct()).toBe(1);
  });

  it("keeps a few blocks per stream, and every block inside keepBlocksWhile()", () => {
    const fd = open(P14_RAW_FILE);
    const heap = new Uint8Array(64);
    const blocks = 3 * BLOCKS_PER_STREAM;
    const stream = { nfd: fd, flags: 0 };
    const sweep = (fs: FsLike) => {
      for (let round = 0; round < 2; round++)
        for (let b = 0; b < blocks; b++) fs.read(stream, heap, 0, 8, b * BLOCK_BYTES + 1);
    };
    const outside = fakeFs();
    sweep(outside.fs);
    expect(outside.disk()).toBe(2 * blocks); // each block replaced before its second read
    const inside = fakeFs();
    keepBlocksWhile(() => sweep(inside.fs));
    expect(inside.disk()).toBe(blocks); // each block read from disk once
    // after the scope the stream is back to its few recent blocks
    sweep(inside.fs);
    expect(inside.disk()).toBe(3 * blocks);
  });

  it("wraps a read only once, however often it is installed", () => {
    const { fs } = fakeFs();
    const wrapped = fs.read;
    installBlockReads(fs, () => 0);
    expect(fs.read).toBe(wrapped);
    expect(blockReadLayers(fs)).toBe(1);
  });

  it("h5wasm's FS.read is wrapped once, also while a FileDB scan lists a file's tables", () => {
    const { module } = getH5();
    const fs = (module as unknown as { FS: FsLike }).FS;
    expect(blockReadLayers(fs)).toBe(1);
    // what FS.read is while HDF5 reads: the scan's listing asks h5wasm for group names
    const layersSeen: number[] = [];
    const getNames = module.get_names.bind(module);
    module.get_names = (...args: Parameters<typeof getNames>) => {
      layersSeen.push(blockReadLayers(fs));
      return getNames(...args);
    };
    const before = { ...blockReadStats };
    try {
      const result = listFileTablesNow(DSP_PHY, "ch{ch:07d}/dsp");
      expect(result.ok && result.value.tables).toEqual([
        1057600, 1059201, 1062405, 1084803, 1084804, 1121600,
      ]);
    } finally {
      module.get_names = getNames;
    }
    expect(layersSeen.length).toBeGreaterThan(0);
    expect(new Set(layersSeen)).toEqual(new Set([1]));
    expect(blockReadLayers(fs)).toBe(1);
    // the listing was served from blocks: far fewer disk reads than HDF5 asked for
    const served = blockReadStats.served - before.served;
    const loaded = blockReadStats.loaded - before.loaded;
    expect(served).toBeGreaterThan(20);
    expect(loaded).toBeLessThan(served / 2);
  });
});
