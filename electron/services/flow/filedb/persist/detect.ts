// Tells a saved FileDB (an HDF5 file) from a config (JSON/YAML) by the HDF5 signature at byte 0.
import { closeSync, openSync, readSync, statSync } from "node:fs";

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when `path` (a `[a/b]` selection suffix ignored) is a regular file starting with the HDF5 signature. */
export function isHdf5File(path: string): boolean {
  const plain = path.replace(/\[[^\]]*\]$/u, "");
  if (!(statSync(plain, { throwIfNoEntry: false })?.isFile() ?? false)) return false;
  const fd = openSync(plain, "r");
  try {
    const head = Buffer.alloc(HDF5_SIGNATURE.length);
    readSync(fd, head, 0, head.length, 0);
    return head.equals(HDF5_SIGNATURE);
  } finally {
    closeSync(fd);
  }
}
