// Our pure-LH5 FileDB form (see write.ts): config, data_dir, columns, a `rows` table and `problems`.
import type { Lgdo, LgdoArray, LgdoTable } from "../../../../../shared/lgdo/model.ts";
import type { TemplateValue } from "../../../../../shared/format/index.ts";
import type { Lh5File } from "../../../lh5/reader.ts";
import type { TableId } from "../config.ts";
import type { ScanProblem } from "../scanner.ts";
import { FileDbReadError, type StoredFileDb, type StoredRow } from "./stored.ts";

export function readOurRows(file: Lh5File, path: string): StoredFileDb {
  const config = JSON.parse(scalarText(file.read("config"), "config", path)) as Record<string, unknown>;
  const dataDir = file.has("data_dir") ? scalarText(file.read("data_dir"), "data_dir", path) : undefined;
  const columns = file.has("columns")
    ? vovRows(file.read("columns"), "columns", path).map((r) => r.map(String))
    : null;
  const table = asTable(file.read("rows"), "rows", path);
  const problems = file.has("problems")
    ? readProblems(asTable(file.read("problems"), "problems", path), path)
    : [];
  const tiers = Object.keys(config.tier_dirs ?? {});
  const keyNames = table.columnOrder.filter(
    (name) => !tiers.some((t) => name.startsWith(`${t}_`)) && name !== "file_status",
  );
  const col = (name: string): Lgdo | undefined => table.columns[name];
  const flat = (name: string): ArrayLike<number> | string[] | undefined => {
    const c = col(name);
    return c?.kind === "array" ? c.data : undefined;
  };
  const lists = (name: string): TableId[][] | undefined => {
    const c = col(name);
    return c === undefined ? undefined : vovRows(c, `rows/${name}`, path);
  };
  const keyCols = keyNames.map((n) => [n, flat(n)] as const);
  const status = flat("file_status");
  const perTier = tiers.map((t) => ({
    tier: t,
    file: flat(`${t}_file`),
    size: flat(`${t}_size`),
    mtime: flat(`${t}_mtime`),
    listed: flat(`${t}_listed`),
    tables: lists(`${t}_tables`),
    colIdx: lists(`${t}_col_idx`),
  }));
  const rows: StoredRow[] = [];
  for (let r = 0; r < table.nRows; r++) {
    const keys = Object.create(null) as Record<string, TemplateValue>;
    for (const [name, values] of keyCols) keys[name] = values?.[r] as TemplateValue;
    const row: StoredRow = { keys, tiers: {}, status: Number(status?.[r] ?? 0) };
    for (const c of perTier) {
      const listed = c.listed !== undefined && Number(c.listed[r]) === 1;
      const name = c.file?.[r];
      row.tiers[c.tier] = {
        file: typeof name === "string" && name !== "" ? name : null,
        size: Number(c.size?.[r] ?? 0),
        mtime: Number(c.mtime?.[r] ?? NaN),
        tables: listed ? (c.tables?.[r] ?? []) : null,
        colIdx: listed ? ((c.colIdx?.[r] ?? []) as number[]) : null,
      };
    }
    rows.push(row);
  }
  return { config, dataDir, columns, rows, problems };
}

function scalarText(obj: Lgdo, name: string, path: string): string {
  if (obj.kind !== "scalar" || typeof obj.value !== "string")
    throw new FileDbReadError(`${path}: '${name}' is not a string scalar`);
  return obj.value;
}

function asTable(obj: Lgdo, name: string, path: string): LgdoTable {
  if (obj.kind !== "table") throw new FileDbReadError(`${path}: '${name}' is not a table`);
  return obj;
}

function vovRows(obj: Lgdo, name: string, path: string): TableId[][] {
  if (obj.kind !== "vov" || obj.flattened.kind !== "array") {
    throw new FileDbReadError(`${path}: '${name}' is not a vector of vectors`);
  }
  const vov = obj;
  const flat = (vov.flattened as LgdoArray).data;
  const out: TableId[][] = [];
  let start = 0;
  for (const end of vov.cumulativeLength) {
    out.push(Array.from({ length: end - start }, (_, i) => flat[start + i] as TableId));
    start = end;
  }
  return out;
}

function readProblems(table: LgdoTable, path: string): ScanProblem[] {
  const text = (name: string): string[] => {
    const c = table.columns[name];
    if (c?.kind !== "array" || !Array.isArray(c.data))
      throw new FileDbReadError(`${path}: problems/${name} is not a string array`);
    return c.data;
  };
  const [file, tier, reason] = [text("file"), text("tier"), text("reason")];
  return file.map((f, i) =>
    tier[i] ? { file: f, tier: tier[i], reason: reason[i] ?? "" } : { file: f, reason: reason[i] ?? "" },
  );
}
