// Entry lists on disk: one LH5 table `entries` with the entry-list columns ([evt_idx,] hit_table, hit_idx,
// saved…, file), written atomically; level names travel in the table's attributes so it reads back whole.
import type { Lgdo, LgdoArray, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { Lh5File } from "../../lh5/reader.ts";
import { writeLh5 } from "../../lh5/writer.ts";
import { EntryList, type EntryListInit, type TableId } from "./entry-list.ts";
import { entryColumns } from "./load.ts";

export function writeEntryList(entries: EntryList, path: string, opts: { overwrite?: boolean } = {}): void {
  const { names, columns } = entryColumns(entries, true);
  const attrs: Record<string, string> = { parent_level: entries.parentLevel };
  if (entries.childLevel !== undefined) attrs.child_level = entries.childLevel;
  if (entries.tcmLevel !== undefined) attrs.tcm_level = entries.tcmLevel;
  const table: LgdoTable = { kind: "table", nRows: entries.length, columns, columnOrder: names, attrs };
  writeLh5(path, { entries: table }, { overwrite: opts.overwrite ?? false });
}

function toInt32(column: Lgdo | undefined, name: string, path: string): Int32Array {
  if (!column || column.kind !== "array" || Array.isArray(column.data)) {
    throw new Error(`${path}: entry list column '${name}' is missing or not numeric`);
  }
  return Int32Array.from(column.data);
}

export function readEntryList(path: string): EntryList {
  const file = Lh5File.open(path);
  try {
    const table = file.read("entries") as LgdoTable;
    const parentLevel = String(table.attrs.parent_level ?? "hit");
    const childLevel = table.attrs.child_level === undefined ? undefined : String(table.attrs.child_level);
    const tableColumn = table.columns[`${parentLevel}_table`] as LgdoArray | undefined;
    if (!tableColumn) throw new Error(`${path}: entry list has no '${parentLevel}_table' column`);
    const ids: TableId[] = Array.from(tableColumn.data as ArrayLike<TableId>);
    const tableIds: TableId[] = [];
    const codeOf = new Map<TableId, number>();
    const tableCode = Int32Array.from(ids, (id) => {
      let code = codeOf.get(id);
      if (code === undefined) {
        codeOf.set(id, (code = tableIds.length));
        tableIds.push(id);
      }
      return code;
    });
    const reserved = new Set([`${parentLevel}_table`, `${parentLevel}_idx`, "file", `${childLevel}_idx`]);
    const saved: Record<string, Lgdo> = {};
    for (const name of table.columnOrder) if (!reserved.has(name)) saved[name] = table.columns[name]!;
    const init: EntryListInit = {
      parentLevel,
      file: toInt32(table.columns.file, "file", path),
      tableCode,
      tableIds,
      idx: toInt32(table.columns[`${parentLevel}_idx`], `${parentLevel}_idx`, path),
      saved,
    };
    if (childLevel !== undefined) {
      init.childLevel = childLevel;
      init.evtIdx = toInt32(table.columns[`${childLevel}_idx`], `${childLevel}_idx`, path);
    }
    if (table.attrs.tcm_level !== undefined) init.tcmLevel = String(table.attrs.tcm_level);
    return new EntryList(init);
  } finally {
    file.close();
  }
}
