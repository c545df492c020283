import type { FileDB } from "../filedb.ts";

export function readFileDb(_path: string | string[]): Promise<FileDB> {
  return Promise.reject(new Error("FileDB.fromDisk: not available yet"));
}
