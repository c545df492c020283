import { ApiError } from "../../../../shared/api/errors.ts";

/** A request the object cannot answer (not a table, not numeric, …), naming the file and the object. */
export class FileBrowserError extends ApiError {
  constructor(file: string, object: string, why: string) {
    super({ name: "FileBrowserError", code: "bad-argument", message: `${file}: /${object}: ${why}`, file });
  }
}
