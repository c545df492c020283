// The one block cache of the LH5 I/O layer. HDF5 reads a file's metadata (superblock, object headers, link
// heaps, B-trees) in many small preads: about 40 for one column of a small LH5 file, 50–100 for a listing,
// each a system call through Emscripten's NODERAWFS. Files opened read-only are served here from cached
// 16 KiB blocks per open stream: a small read inside them is a copy, a read outside loads the aligned
// block(s) around it. Writable streams, and reads as large as a block, go to the file as before.
//
// This module is the only code that replaces the FS's read, once per module (h5.ts installs it at load).
// Outside a scope a stream keeps its few most recently used blocks; inside keepBlocksWhile() it keeps every
// block it reads (a listing touches ~16 spread over the file: each is then read from disk once).

/** The part of an Emscripten FS stream this layer looks at. */
interface RawStream {
  nfd?: unknown;
  flags?: number;
  stream_ops?: unknown;
}

type ReadFn = (
  stream: RawStream,
  buffer: Int8Array | Uint8Array,
  offset: number,
  length: number,
  position?: number,
) => number;

/** The part of Emscripten's FS object this module wraps. */
export interface FsLike {
  read: ReadFn;
}

export const BLOCK_BYTES = 16 * 1024;
const O_ACCMODE = 3; // O_RDONLY = 0
/** Blocks a stream keeps outside a keepBlocksWhile() scope, least recently used replaced. */
export const BLOCKS_PER_STREAM = 4;

/** Counters (tests and profiling): reads served from blocks, blocks read from disk, reads passed through. */
export const blockReadStats = { served: 0, loaded: 0, passed: 0 };

/** Marks the wrapper (and holds the read it wraps): a wrapper is never wrapped again. */
const WRAPPED = Symbol("lh5 block reads: the wrapped read");
type Wrapper = ReadFn & { [WRAPPED]?: ReadFn };

/** Block index → bytes (shorter than a block at the end of the file); Map order = least recently used first. */
type StreamBlocks = Map<number, Uint8Array>;

let keepDepth = 0;
/** Streams that grew past BLOCKS_PER_STREAM inside a scope: trimmed when the outermost scope ends. */
const grown = new Set<StreamBlocks>();

/**
 * Runs `run` (synchronous) with every block read kept until it returns, then trims each stream back to its
 * few recent blocks. For one-pass metadata work over a file: a listing, a table's metadata.
 */
export function keepBlocksWhile<T>(run: () => T): T {
  keepDepth++;
  try {
    return run();
  } finally {
    keepDepth--;
    if (keepDepth === 0) {
      for (const blocks of grown) trim(blocks);
      grown.clear();
    }
  }
}

function trim(blocks: StreamBlocks): void {
  for (const index of blocks.keys()) {
    if (blocks.size <= BLOCKS_PER_STREAM) return;
    blocks.delete(index);
  }
}

/** How many block-read wrappers `fs.read` is (1 once installed; more would mean double patching). */
export function blockReadLayers(fs: FsLike): number {
  let layers = 0;
  for (let read: Wrapper | undefined = fs.read; read?.[WRAPPED] !== undefined; read = read[WRAPPED]) layers++;
  return layers;
}

/**
 * Wraps `fs.read` of an Emscripten FS (NODERAWFS) so that small positioned reads of read-only streams come
 * from cached blocks; a no-op when it is wrapped already. `readAt(fd, into, position)` reads the file
 * (node:fs readSync in production).
 */
export function installBlockReads(
  fs: FsLike,
  readAt: (fd: number, into: Uint8Array, position: number) => number,
): void {
  if (blockReadLayers(fs) > 0) return;
  const original = fs.read.bind(fs);
  const streams = new WeakMap<RawStream, StreamBlocks>();
  let heap: Uint8Array | null = null;

  /** The block `index` of the stream, from the cache or the disk (throws when the disk read fails). */
  const blockOf = (blocks: StreamBlocks, fd: number, index: number): Uint8Array => {
    const cached = blocks.get(index);
    if (cached !== undefined) {
      blocks.delete(index); // re-inserted: most recently used last
      blocks.set(index, cached);
      return cached;
    }
    let room: Uint8Array | undefined;
    if (keepDepth === 0 && blocks.size >= BLOCKS_PER_STREAM) {
      const [oldest, data] = blocks.entries().next().value as [number, Uint8Array];
      blocks.delete(oldest);
      if (data.buffer.byteLength === BLOCK_BYTES) room = new Uint8Array(data.buffer); // reuse its memory
    }
    room ??= new Uint8Array(BLOCK_BYTES);
    const got = readAt(fd, room, index * BLOCK_BYTES);
    const block = got === BLOCK_BYTES ? room : room.subarray(0, got);
    blocks.set(index, block);
    if (keepDepth > 0 && blocks.size > BLOCKS_PER_STREAM) grown.add(blocks);
    blockReadStats.loaded++;
    return block;
  };

  const read: Wrapper = (stream, buffer, offset, length, position) => {
    const fd = stream.nfd;
    if (
      typeof position !== "number" ||
      typeof fd !== "number" ||
      stream.stream_ops !== undefined ||
      ((stream.flags ?? 0) & O_ACCMODE) !== 0 ||
      length >= BLOCK_BYTES
    ) {
      blockReadStats.passed++;
      return original(stream, buffer, offset, length, position);
    }
    let blocks = streams.get(stream);
    if (blocks === undefined) streams.set(stream, (blocks = new Map<number, Uint8Array>()));
    // Emscripten passes HEAP8: a byte view of the same memory, made once per heap, copies without conversion
    if (
      heap === null ||
      heap.buffer !== buffer.buffer ||
      heap.byteOffset !== buffer.byteOffset ||
      heap.length !== buffer.byteLength
    ) {
      heap = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    let done = 0;
    try {
      // shorter than a block: from one block, or two when it crosses a block end
      while (done < length) {
        const at = position + done;
        const index = Math.floor(at / BLOCK_BYTES);
        const block = blockOf(blocks, fd, index);
        const from = at - index * BLOCK_BYTES;
        if (from >= block.length) break; // end of file
        const take = Math.min(length - done, block.length - from);
        heap.set(block.subarray(from, from + take), offset + done);
        done += take;
      }
    } catch {
      // the original read raises the error Emscripten expects (an FS.ErrnoError)
      return original(stream, buffer, offset, length, position);
    }
    blockReadStats.served++;
    return done;
  };
  read[WRAPPED] = original;
  fs.read = read;
}
