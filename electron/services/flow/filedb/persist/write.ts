import type { FileDB } from "../filedb.ts";

export function writeFileDb(_db: FileDB, _path: string, _opts: { overwrite?: boolean }): Promise<void> {
  return Promise.reject(new Error("FileDB.toDisk: not available yet"));
}
