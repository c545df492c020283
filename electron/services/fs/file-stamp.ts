// Which version of a file is on disk, from one cheap stat: caches of values read from a file key them by
// this, so a file rewritten (regenerated, copied over, replaced by a rename) is read again instead of
// being served from a cache filled from its former content.
import { createHash } from "node:crypto";
import { statSync } from "node:fs";

/**
 * The version of the file at `path`: inode, size, mtime and ctime (ns), or "-" when there is no file.
 * Copying another file over it changes size or times; a rename over it changes the inode.
 */
export function fileStamp(path: string): string {
  try {
    const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
    return stat === undefined ? "-" : `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return "-"; // cannot be looked at: the read that follows reports why
  }
}

/**
 * One short text for the versions of many files (a selection's cycles): a digest of their stamps, so a
 * cache key stays small whatever the number of files.
 */
export function filesStamp(paths: Iterable<string>): string {
  const digest = createHash("sha1");
  for (const path of paths) digest.update(`${path}\u0000${fileStamp(path)}\u0001`);
  return digest.digest("base64url");
}
