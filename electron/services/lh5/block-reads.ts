// HDF5 reads a file's metadata (superblock, object headers, link heaps, B-trees) in many small preads:
// about 40 for one column of a small LH5 file, each a system call through Emscripten's NODERAWFS.
// Files opened read-only are served here from a few cached 16 KiB blocks per open stream: a small read
// inside one is a copy, a read outside them loads the block around it (about 4× fewer system calls).
// Writable streams, and reads as large as a block, go to the file as before.

/** The part of an Emscripten FS stream this layer looks at. */
interface RawStream {
  nfd?: number;
  flags: number;
  stream_ops?: unknown;
}

type ReadFn = (
  stream: RawStream,
  buffer: Int8Array | Uint8Array,
  offset: number,
  length: number,
  position?: number,
) => number;

interface FsLike {
  read: ReadFn;
}

export const BLOCK_BYTES = 16 * 1024;
const O_ACCMODE = 3; // O_RDONLY = 0
/** Blocks kept per stream, least recently used replaced (metadata sits in a few places of a file). */
const BLOCKS_PER_STREAM = 4;

interface Block {
  start: number;
  length: number;
  data: Uint8Array;
}

/** Counters (tests and profiling). */
export const blockReadStats = { served: 0, loaded: 0, passed: 0 };

const installed = new WeakSet<object>();

/**
 * Wraps `fs.read` of an Emscripten FS (NODERAWFS) so that small positioned reads of read-only streams come
 * from a per-stream block. `readAt(fd, into, position)` reads the file (node:fs readSync in production).
 */
export function installBlockReads(
  fs: FsLike,
  readAt: (fd: number, into: Uint8Array, position: number) => number,
): void {
  if (installed.has(fs)) return;
  installed.add(fs);
  const original = fs.read.bind(fs);
  const blocks = new WeakMap<RawStream, Block[]>();
  let heap: Uint8Array | null = null;
  fs.read = (stream, buffer, offset, length, position) => {
    const fd = stream.nfd;
    if (
      typeof position !== "number" ||
      fd === undefined ||
      stream.stream_ops !== undefined ||
      (stream.flags & O_ACCMODE) !== 0 ||
      length >= BLOCK_BYTES
    ) {
      blockReadStats.passed++;
      return original(stream, buffer, offset, length, position);
    }
    let list = blocks.get(stream);
    if (list === undefined) blocks.set(stream, (list = []));
    const at = list.findIndex((b) => position >= b.start && position + length <= b.start + b.length);
    if (at < 0) {
      // the aligned block holding `position`, or one starting there when the read crosses a boundary
      const aligned = position - (position % BLOCK_BYTES);
      const start = position + length <= aligned + BLOCK_BYTES ? aligned : position;
      const data = list.length >= BLOCKS_PER_STREAM ? list.pop()!.data : new Uint8Array(BLOCK_BYTES);
      let got: number;
      try {
        got = readAt(fd, data, start);
      } catch {
        // the original read raises the error Emscripten expects (an FS.ErrnoError)
        return original(stream, buffer, offset, length, position);
      }
      list.unshift({ start, length: got, data });
      blockReadStats.loaded++;
    } else if (at > 0) list.unshift(...list.splice(at, 1)); // most recently used first
    const block = list[0]!;
    blockReadStats.served++;
    const from = position - block.start;
    const available = Math.max(0, Math.min(length, block.length - from));
    // Emscripten passes HEAP8: a byte view of the same memory, made once per heap, copies without conversion
    if (
      heap === null ||
      heap.buffer !== buffer.buffer ||
      heap.byteOffset !== buffer.byteOffset ||
      heap.length !== buffer.byteLength
    ) {
      heap = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    heap.set(block.data.subarray(from, from + available), offset);
    return available;
  };
}
