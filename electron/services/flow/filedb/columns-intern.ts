// One array per distinct column list: tables with the same columns (every HPGe channel of a tier)
// share it, so a batch result carries each list once and the numbering compares arrays, not names.
import type { FileTablesResult } from "./file-tables.ts";

export class ColumnListInterner {
  private readonly lists = new Map<string, string[]>();

  /** `result` with each column list replaced by the shared array of equal names (in place). */
  intern(result: FileTablesResult): FileTablesResult {
    if (!result.ok) return result;
    const columns = result.value.columns;
    for (let i = 0; i < columns.length; i++) {
      const list = columns[i] as string[];
      const key = list.join("\u0000");
      const shared = this.lists.get(key);
      if (shared === undefined) this.lists.set(key, list);
      else columns[i] = shared;
    }
    return result;
  }
}
