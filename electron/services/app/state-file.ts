// One JSON file of the app's own state (session, recent list) in the user data folder. Writes go to a
// temporary file that is flushed and then renamed over the old one, so a crash or a full disk leaves
// either the old or the new file, never half of one. A file that cannot be parsed is moved aside
// (kept for the curious, never read again) and the app starts fresh instead of failing.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname } from "node:path";
import { readTextFile } from "../fs/regular-file.ts";

export class StateFile {
  constructor(readonly path: string) {}

  /** The parsed file, or null when it is missing or damaged (a damaged file is renamed `*.corrupt-TIME-RANDOM`). */
  read(): unknown {
    if (!existsSync(this.path)) return null;
    try {
      return JSON.parse(readTextFile(this.path)) as unknown;
    } catch {
      this.setAside();
      return null;
    }
  }

  /** Replaces the file atomically with `value` as JSON. */
  write(value: unknown): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp-${process.pid}-${Date.now()}`;
    try {
      const fd = openSync(temp, "w", 0o600);
      try {
        writeSync(fd, JSON.stringify(value, null, 1));
        fsyncSync(fd); // the data is on disk before the rename makes it the file
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }

  /** Moves the file out of the way (it is damaged or not what it should be); the next read starts fresh. */
  setAside(): void {
    try {
      // a distinct name each time, so an older damaged file is never replaced by a newer one
      renameSync(this.path, `${this.path}.corrupt-${Date.now()}-${randomBytes(3).toString("hex")}`);
    } catch {
      // cannot move it (read-only folder): the next write replaces it anyway
    }
  }
}
