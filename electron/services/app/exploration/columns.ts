// listColumns: the columns of the selected cycles' tiers with LGDO type, dtype and units. Only metadata
// is read: one table per distinct column set of the FileDB (tables sharing a layout are read once).
import type { ColumnInfo } from "../../../../shared/api/types.ts";
import type { TableId } from "../../flow/loader/index.ts";
import { Lh5File } from "../../lh5/reader.ts";
import { type ExplorationContext, ExplorationError } from "./context.ts";

type Cells<T> = readonly (readonly T[] | null | undefined)[];

/** Tiers of the dataset in level order, restricted to `tiers` when given. */
function tiersToList(ctx: ExplorationContext, tiers: readonly string[] | undefined): string[] {
  const all = ctx.fileDb.tiers;
  if (!tiers || tiers.length === 0) return [...all];
  const unknown = tiers.filter((t) => !all.includes(t));
  if (unknown.length > 0)
    throw new ExplorationError(
      `no tier ${unknown.map((t) => `'${t}'`).join(", ")}; the tiers are ${all.join(", ")}`,
    );
  return all.filter((t) => tiers.includes(t));
}

/** Columns of one table read from its file's metadata. */
function describeTable(path: string, tablePath: string, tier: string, level: string): ColumnInfo[] {
  const file = Lh5File.open(path);
  try {
    const members = file.list(tablePath, { depth: 1 }).filter((entry) => entry.kind !== "link"); // broken links hold no column
    return members.map((entry) => {
      const units = entry.attrs.units;
      return {
        name: entry.path.slice(tablePath.length + 1),
        tier,
        level,
        lgdoType: entry.datatype,
        dtype: entry.dtype,
        units: typeof units === "string" && units !== "" ? units : null,
      };
    });
  } finally {
    file.close();
  }
}

export function listColumns(ctx: ExplorationContext, rows: number[], tiers?: string[]): ColumnInfo[] {
  const db = ctx.fileDb;
  const selected = ctx.rowsOf({ rows });
  const levelOf = (tier: string) => ctx.info.levels.find((l) => l.tiers.includes(tier))?.name ?? tier;
  const out: ColumnInfo[] = [];
  for (const tier of tiersToList(ctx, tiers)) {
    const tables = db.column(`${tier}_tables`) as unknown as Cells<TableId>;
    const colIdx = db.column(`${tier}_col_idx`) as unknown as Cells<number>;
    const seenSets = new Set<number>();
    const seenNames = new Set<string>();
    for (const row of selected) {
      const rowTables = tables[row];
      const path = db.filePath(row, tier);
      if (!rowTables || !path) continue;
      rowTables.forEach((table, k) => {
        const set = colIdx[row]?.[k];
        if (set === undefined || seenSets.has(set)) return;
        seenSets.add(set);
        let described: ColumnInfo[];
        try {
          described = describeTable(path, db.getTableName(tier, table), tier, levelOf(tier));
        } catch {
          // an unreadable file still lists the FileDB's column names, without types
          described = db.getTableColumns(table, tier, row).map((name) => ({
            name,
            tier,
            level: levelOf(tier),
            lgdoType: null,
            dtype: null,
            units: null,
          }));
        }
        for (const info of described) {
          if (seenNames.has(info.name)) continue;
          seenNames.add(info.name);
          out.push(info);
        }
      });
    }
  }
  return out;
}
