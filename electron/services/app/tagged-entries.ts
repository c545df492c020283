// Tagged entries (issue #18): the entries a user marked while browsing, written as an entry list file in the layout
// saved selections use (hit_table, hit_idx, file), so the loader, `lh5-browser load --entry-list` and Copy as
// Python read them back as exactly those rows.
import { statSync } from "node:fs";
import type { LevelInfo, SavedEntryList, TaggedEntry } from "../../../shared/api/types.ts";
import { writeEntryList } from "../flow/loader/entry-file.ts";
import { EntryList, type TableId } from "../flow/loader/index.ts";
import type { FileDB } from "../flow/filedb/index.ts";
import { checkFits, EntryListFileError } from "./entry-lists.ts";
import { throwIfCancelled, type WorkSink } from "./exploration/work-sink.ts";

/** The tags as an entry list of `level`: sorted by cycle, then table (first seen order kept), then row; once each. */
export function taggedEntryList(tags: readonly TaggedEntry[], level: string): EntryList {
  const seen = new Set<string>();
  const unique = tags.filter((tag) => {
    const key = `${tag.cycle}\0${typeof tag.table}\0${String(tag.table)}\0${tag.row}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const tableIds: TableId[] = [];
  const codeOf = new Map<string, number>();
  const code = (id: TableId) => {
    const key = `${typeof id}\0${String(id)}`;
    let c = codeOf.get(key);
    if (c === undefined) codeOf.set(key, (c = tableIds.push(id) - 1));
    return c;
  };
  const sorted = unique
    .map((tag) => ({ ...tag, code: code(tag.table) }))
    .sort((a, b) => a.cycle - b.cycle || a.code - b.code || a.row - b.row);
  return new EntryList({
    parentLevel: level,
    file: Int32Array.from(sorted, (t) => t.cycle),
    tableCode: Int32Array.from(sorted, (t) => t.code),
    tableIds,
    idx: Int32Array.from(sorted, (t) => t.row),
  });
}

/** Checks the tags against the open dataset (level, cycles, tables) and writes them; `outputPath` was checked. */
export function saveTaggedEntries(
  tags: readonly TaggedEntry[],
  level: string,
  levels: readonly LevelInfo[],
  db: FileDB,
  outputPath: string,
  overwrite: boolean,
  sink: WorkSink,
): SavedEntryList {
  if (tags.length === 0) throw new EntryListFileError("no entries are tagged", outputPath);
  const entries = taggedEntryList(tags, level);
  checkFits(entries, levels, db, outputPath);
  throwIfCancelled(sink.signal, "Saving the tagged entries");
  sink.progress?.({ phase: "Writing the entry list", done: 0, total: 1, unit: "files", current: outputPath });
  writeEntryList(entries, outputPath, { overwrite });
  return { outputPath, entries: entries.length, bytes: statSync(outputPath).size };
}
