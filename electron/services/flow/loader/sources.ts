// Where the loader's data live: open LH5 files (kept open across a build and its loads, a bounded number
// at a time), and the FileDB's table/column inventory per (cycle, tier, table), looked up per file so that
// heterogeneous files never borrow another file's layout (pygama decides from the last file, §6 item 2).
import { Lh5File } from "../../lh5/reader.ts";
import type { FileDB } from "../filedb/index.ts";
import type { TableId } from "./entry-list.ts";

/** Open files by path, least recently used closed first. */
export class FileCache {
  private readonly open = new Map<string, Lh5File>();

  constructor(private readonly maxOpen = 64) {}

  get(path: string): Lh5File {
    const cached = this.open.get(path);
    if (cached) {
      this.open.delete(path); // re-insert: Map order is the LRU order
      this.open.set(path, cached);
      return cached;
    }
    const file = Lh5File.open(path);
    this.open.set(path, file);
    if (this.open.size > this.maxOpen) {
      const [oldestPath, oldest] = this.open.entries().next().value as [string, Lh5File];
      this.open.delete(oldestPath);
      oldest.close();
    }
    return file;
  }

  closeAll(): void {
    for (const file of this.open.values()) {
      try {
        file.close();
      } catch {
        // closing is best effort; the handle is dropped either way
      }
    }
    this.open.clear();
  }
}

/** The FileDB's tables and columns per (row, tier), with per-list column sets built once. */
export class TableCatalog {
  private readonly tablesByTier = new Map<string, (TableId[] | null)[]>();
  private readonly colIdxByTier = new Map<string, (number[] | null)[]>();
  private readonly columnSets: ReadonlySet<string>[];
  private timestamps: (string | number)[] | null = null;

  constructor(readonly db: FileDB) {
    this.columnSets = db.columns.map((list) => new Set(list));
  }

  private tierTables(tier: string): (TableId[] | null)[] {
    let tables = this.tablesByTier.get(tier);
    if (!tables) {
      tables = this.db.tiers.includes(tier) ? (this.db.column(`${tier}_tables`) as (TableId[] | null)[]) : [];
      this.tablesByTier.set(tier, tables);
    }
    return tables;
  }

  private tierColIdx(tier: string): (number[] | null)[] {
    let idx = this.colIdxByTier.get(tier);
    if (!idx) {
      idx = this.db.tiers.includes(tier) ? (this.db.column(`${tier}_col_idx`) as (number[] | null)[]) : [];
      this.colIdxByTier.set(tier, idx);
    }
    return idx;
  }

  /** "cycle 3 (20230322T160139Z)": how messages name a FileDB row. */
  cycleName(row: number): string {
    this.timestamps ??= this.db.keyNames.includes("timestamp")
      ? Array.from(this.db.column("timestamp") as ArrayLike<string | number>)
      : [];
    const timestamp = this.timestamps[row];
    return timestamp === undefined ? `cycle ${row}` : `cycle ${row} (${String(timestamp)})`;
  }

  /** Tables of a tier in a cycle, or null when the cycle has no file of that tier. */
  tables(row: number, tier: string): readonly TableId[] | null {
    return this.tierTables(tier)[row] ?? null;
  }

  /** Columns of table `tb` in a cycle's tier file, or null when that file or table is absent. */
  columnsOf(row: number, tier: string, tb: TableId): ReadonlySet<string> | null {
    const tables = this.tierTables(tier)[row];
    if (!tables) return null;
    const pos = tables.indexOf(tb);
    if (pos < 0) return null;
    const idx = this.tierColIdx(tier)[row]?.[pos];
    return idx === undefined ? null : (this.columnSets[idx] ?? null);
  }

  /** Every column name any table of these tiers has, sorted (for "unknown column" messages). */
  allColumns(tiers: readonly string[]): string[] {
    const names = new Set<string>();
    for (const tier of tiers) {
      for (const idxList of this.tierColIdx(tier)) {
        for (const idx of idxList ?? []) for (const name of this.columnSets[idx] ?? []) names.add(name);
      }
    }
    return [...names].sort();
  }

  /**
   * For each column, the tier of `tiers` whose table `tb` holds it in this cycle; later tiers win, as in
   * pygama (raw → dsp → hit). Columns found in no tier are absent from the map.
   */
  tierOfColumns(
    row: number,
    tiers: readonly string[],
    tb: TableId,
    columns: readonly string[],
  ): Map<string, string> {
    const out = new Map<string, string>();
    for (const tier of tiers) {
      const have = this.columnsOf(row, tier, tb);
      if (!have) continue;
      for (const column of columns) if (have.has(column)) out.set(column, tier);
    }
    return out;
  }
}
