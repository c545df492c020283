// The entry list: which rows of which tables of which files a selection holds, as typed-array columns
// `{parent}_table`, `{parent}_idx`, `file` (FileDB row) and, through a TCM, `{child}_idx` (the event number
// within its file). Saved output columns (save_output_columns) ride along as LGDO columns.
import type { Lgdo } from "../../../../shared/lgdo/model.ts";
import { takeRows } from "./columns.ts";

/** A table id: a channel number for `ch{ch:07d}/raw`, a string for `{grp}/evt`, 0 for a brace-less format. */
export type TableId = number | string;

export interface EntryListInit {
  parentLevel: string;
  childLevel?: string;
  tcmLevel?: string;
  file: Int32Array;
  tableCode: Int32Array;
  tableIds: TableId[];
  idx: Int32Array;
  evtIdx?: Int32Array;
  saved?: Record<string, Lgdo>;
  merged?: boolean;
}

export class EntryList {
  readonly parentLevel: string;
  readonly childLevel: string | undefined;
  readonly tcmLevel: string | undefined;
  /** FileDB row of each entry. */
  readonly file: Int32Array;
  /** Index into `tableIds` of each entry (compact, and works for string ids). */
  readonly tableCode: Int32Array;
  readonly tableIds: readonly TableId[];
  /** Row within its table. */
  readonly idx: Int32Array;
  /** Event (TCM row) within its file, for entry lists built through a TCM. */
  readonly evtIdx: Int32Array | undefined;
  /** Saved output columns (cut columns kept with save_output_columns), one row per entry. */
  readonly saved: Readonly<Record<string, Lgdo>>;
  /** Whether the user asked for merged output (pygama's merge_files); the data are the same either way. */
  readonly merged: boolean;

  constructor(init: EntryListInit) {
    const n = init.file.length;
    if (init.tableCode.length !== n || init.idx.length !== n || (init.evtIdx && init.evtIdx.length !== n)) {
      throw new Error("entry list columns differ in length");
    }
    this.parentLevel = init.parentLevel;
    this.childLevel = init.childLevel;
    this.tcmLevel = init.tcmLevel;
    this.file = init.file;
    this.tableCode = init.tableCode;
    this.tableIds = init.tableIds;
    this.idx = init.idx;
    this.evtIdx = init.evtIdx;
    this.saved = init.saved ?? {};
    this.merged = init.merged ?? true;
  }

  get length(): number {
    return this.file.length;
  }

  get tableColumnName(): string {
    return `${this.parentLevel}_table`;
  }

  get idxColumnName(): string {
    return `${this.parentLevel}_idx`;
  }

  get evtIdxColumnName(): string | undefined {
    return this.childLevel === undefined ? undefined : `${this.childLevel}_idx`;
  }

  /** Column names in pygama's order: [evt_idx,] hit_table, hit_idx, saved columns, file. */
  columnNames(): string[] {
    const names: string[] = [];
    if (this.evtIdx && this.evtIdxColumnName) names.push(this.evtIdxColumnName);
    names.push(this.tableColumnName, this.idxColumnName, ...Object.keys(this.saved), "file");
    return names;
  }

  tableIdAt(entry: number): TableId {
    return this.tableIds[this.tableCode[entry]!]!;
  }

  /** The `{parent}_table` column: Float64Array when every id is a number, else strings. */
  tableColumn(): Float64Array | string[] {
    if (this.tableIds.every((id) => typeof id === "number")) {
      const out = new Float64Array(this.length);
      const ids = this.tableIds as number[];
      for (let i = 0; i < out.length; i++) out[i] = ids[this.tableCode[i]!]!;
      return out;
    }
    return Array.from(this.tableCode, (code) => String(this.tableIds[code]));
  }

  /** The distinct FileDB rows in order of first appearance. */
  files(): number[] {
    const seen = new Set<number>();
    for (const f of this.file) seen.add(f);
    return [...seen];
  }

  /** A new entry list holding the entries at `positions` (in that order). */
  take(positions: Int32Array): EntryList {
    const pick = (src: Int32Array): Int32Array => {
      const out = new Int32Array(positions.length);
      for (let i = 0; i < positions.length; i++) out[i] = src[positions[i]!]!;
      return out;
    };
    const saved: Record<string, Lgdo> = {};
    for (const [name, column] of Object.entries(this.saved)) saved[name] = takeRows(column, positions);
    const init: EntryListInit = {
      parentLevel: this.parentLevel,
      file: pick(this.file),
      tableCode: pick(this.tableCode),
      tableIds: [...this.tableIds],
      idx: pick(this.idx),
      saved,
      merged: this.merged,
    };
    if (this.childLevel !== undefined) init.childLevel = this.childLevel;
    if (this.tcmLevel !== undefined) init.tcmLevel = this.tcmLevel;
    if (this.evtIdx) init.evtIdx = pick(this.evtIdx);
    return new EntryList(init);
  }

  /** Entries [start, end). */
  slice(start: number, end: number): EntryList {
    const s = Math.max(0, Math.min(start, this.length));
    const e = Math.max(s, Math.min(end, this.length));
    const positions = new Int32Array(e - s);
    for (let i = 0; i < positions.length; i++) positions[i] = s + i;
    return this.take(positions);
  }

  /** Entries where `mask` is non-zero. */
  filter(mask: Uint8Array): EntryList {
    let n = 0;
    for (let i = 0; i < this.length; i++) if (mask[i]) n++;
    const positions = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < this.length; i++) if (mask[i]) positions[k++] = i;
    return this.take(positions);
  }

  /** One entry list per FileDB row, in order of first appearance (pygama's merge_files=False shape). */
  perFile(): Map<number, EntryList> {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < this.length; i++) {
      const f = this.file[i]!;
      let list = groups.get(f);
      if (!list) groups.set(f, (list = []));
      list.push(i);
    }
    const out = new Map<number, EntryList>();
    for (const [f, positions] of groups) out.set(f, this.take(Int32Array.from(positions)));
    return out;
  }

  /** Concatenates entry lists of the same shape (same levels and saved columns). */
  static concat(
    lists: EntryList[],
    template: Omit<EntryListInit, "file" | "tableCode" | "idx" | "tableIds">,
  ): EntryList {
    const n = lists.reduce((sum, l) => sum + l.length, 0);
    const tableIds: TableId[] = [];
    const codeOf = new Map<TableId, number>();
    const file = new Int32Array(n);
    const tableCode = new Int32Array(n);
    const idx = new Int32Array(n);
    const evtIdx = template.childLevel !== undefined ? new Int32Array(n) : undefined;
    let offset = 0;
    for (const list of lists) {
      const remap = list.tableIds.map((id) => {
        let code = codeOf.get(id);
        if (code === undefined) {
          code = tableIds.length;
          tableIds.push(id);
          codeOf.set(id, code);
        }
        return code;
      });
      file.set(list.file, offset);
      idx.set(list.idx, offset);
      for (let i = 0; i < list.length; i++) tableCode[offset + i] = remap[list.tableCode[i]!]!;
      if (evtIdx && list.evtIdx) evtIdx.set(list.evtIdx, offset);
      offset += list.length;
    }
    const init: EntryListInit = { ...template, file, tableCode, tableIds, idx };
    if (evtIdx) init.evtIdx = evtIdx;
    return new EntryList(init);
  }
}
