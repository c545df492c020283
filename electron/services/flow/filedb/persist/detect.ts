// Tells a saved FileDB (an HDF5 file) from a config (JSON/YAML) by the HDF5 signature at byte 0.
import { closeSync, readSync } from "node:fs";
import { UnreadableFileError, openRegularFile } from "../../../fs/regular-file.ts";

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when `path` (a `[a/b]` selection suffix ignored) is a regular file starting with the HDF5 signature. */
export function isHdf5File(path: string): boolean {
  const plain = path.replace(/\[[^\]]*\]$/u, "");
  let fd: number;
  try {
    // Opened as a regular file only: a FIFO named like a FileDB would block a plain open for a writer.
    fd = openRegularFile(plain, Number.POSITIVE_INFINITY).fd;
  } catch (error) {
    if (error instanceof UnreadableFileError) return false;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  try {
    const head = Buffer.alloc(HDF5_SIGNATURE.length);
    readSync(fd, head, 0, head.length, 0);
    return head.equals(HDF5_SIGNATURE);
  } finally {
    closeSync(fd);
  }
}

/** What an HDF5 file's root holds: a saved FileDB (ours: `config` + `rows`; pygama's: `config` + `dataframe`) or other data. */
export function fileDbLayoutOf(rootNames: readonly string[]): "filedb" | "data" {
  const names = new Set(rootNames);
  return names.has("config") && (names.has("rows") || names.has("dataframe")) ? "filedb" : "data";
}

/**
 * Whether the HDF5 file at `path` is a saved FileDB, by the names at its root (h5wasm loaded on first
 * use). Throws an LH5Error when the file cannot be read.
 */
export async function holdsFileDb(path: string): Promise<boolean> {
  const [{ initH5 }, { Lh5File }] = await Promise.all([
    import("../../../lh5/h5.ts"),
    import("../../../lh5/reader.ts"),
  ]);
  await initH5();
  const file = Lh5File.open(path);
  try {
    return fileDbLayoutOf(file.keys()) === "filedb";
  } finally {
    file.close();
  }
}
