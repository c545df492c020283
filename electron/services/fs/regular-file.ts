// The one way the services read a small file a user pointed at (configs, metadata, parameter files,
// key lists): only a regular file, only up to a size limit. A FIFO named `config.json` would block
// the thread in open() or read() until a writer comes, and a symbolic link to /dev/zero would read
// forever; either would hang the server, the app and the CLI with it. So the file is opened with
// O_NONBLOCK (an open that cannot wait for a writer), checked with fstat on the open descriptor (the
// very file that will be read, not whatever the path named a moment before), and read to its size.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** The size limit of a config or metadata file: far above any real one (legend-metadata's are < 1 MB). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** A path that is not a regular file, or one over the size limit; `code` tells which. */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
  constructor(
    readonly path: string,
    readonly code: "ENOTREG" | "EFBIG",
    message: string,
  ) {
    super(message);
  }
}

/** O_NONBLOCK where the platform has it (not on Windows, which has no FIFOs to fear at a path). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a non-regular file is, for the error message. */
function kindOf(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Opens `path` for reading when it is a regular file (after following symbolic links) of at most
 * `maxBytes`; else throws UnreadableFileError. Errors of open itself (ENOENT, EACCES) pass through.
 * The caller closes the descriptor.
 */
export function openRegularFile(path: string, maxBytes = MAX_CONFIG_BYTES): { fd: number; size: number } {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new UnreadableFileError(path, "ENOTREG", `${path} is ${kindOf(stat)}, not a regular file`);
    }
    if (stat.size > maxBytes) throw tooBig(path, maxBytes, `${stat.size} bytes`);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function tooBig(path: string, maxBytes: number, size: string): UnreadableFileError {
  const limit = `${Math.round(maxBytes / (1024 * 1024))} MB`;
  return new UnreadableFileError(path, "EFBIG", `${path} is larger than ${limit} (${size}); refused`);
}

/** The bytes of a regular file of at most `maxBytes` (see openRegularFile). */
export function readRegularFile(path: string, maxBytes = MAX_CONFIG_BYTES): Buffer {
  const { fd, size } = openRegularFile(path, maxBytes);
  try {
    // Read to the end, not just `size` bytes: the file may grow between fstat and read; the limit holds.
    let buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooBig(path, maxBytes, "growing while read");
        const bigger = Buffer.alloc(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw tooBig(path, maxBytes, "growing while read");
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The UTF-8 text of a regular file of at most `maxBytes` (see openRegularFile). */
export function readTextFile(path: string, maxBytes = MAX_CONFIG_BYTES): string {
  return readRegularFile(path, maxBytes).toString("utf8");
}
