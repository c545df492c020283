// FileDB.toDisk in pure LH5 (flow-spec.md §6 item 23), readable by our reader and legend-pydataobj:
//   config      string scalar: the config as given (unexpanded data_dir), as pygama stores it
//   data_dir    string scalar: the absolute data root, used when the config's own path does not resolve
//   columns     VectorOfVectors of strings: the de-duplicated column lists (only after a table scan)
//   rows        Table: key columns, {tier}_file, {tier}_size, {tier}_mtime (rescan), file_status,
//               and after a table scan {tier}_tables, {tier}_col_idx (VoVs) and {tier}_listed (bool)
//   problems    Table of file, tier, reason (only when there are problems)
import type {
  Lgdo,
  LgdoArray,
  LgdoScalar,
  LgdoTable,
  LgdoVectorOfVectors,
} from "../../../../../shared/lgdo/model.ts";
import { initH5 } from "../../../lh5/h5.ts";
import { writeLh5 } from "../../../lh5/writer.ts";
import { boolColumn, realColumn, table, vovColumn } from "../../../generator/lgdo.ts";
import type { TableId } from "../config.ts";
import type { FileDB } from "../filedb.ts";

function stringScalar(value: string): LgdoScalar {
  return { kind: "scalar", element: { kind: "string" }, dtype: "string", value, attrs: {} };
}

function stringArray(values: string[]): LgdoArray {
  return {
    kind: "array",
    form: "array",
    element: { kind: "string" },
    dtype: "string",
    shape: [values.length],
    data: values,
    attrs: {},
  };
}

function numberArray(values: ArrayLike<number>, dtype: "int64" | "float64"): LgdoArray {
  return realColumn(Float64Array.from(values), dtype);
}

function vov(rows: ReadonlyArray<readonly TableId[]>): LgdoVectorOfVectors {
  const flat = rows.flat();
  const numeric = flat.every((v) => typeof v === "number" && Number.isSafeInteger(v));
  const ends = new Float64Array(rows.length);
  let total = 0;
  rows.forEach((r, i) => {
    total += r.length;
    ends[i] = total;
  });
  return vovColumn(ends, numeric ? numberArray(flat as number[], "int64") : stringArray(flat.map(String)));
}

function rowsTable(db: FileDB): LgdoTable {
  const columns: Record<string, Lgdo> = {};
  for (const name of db.keyNames) {
    const values = db.rows.keys[name] ?? [];
    columns[name] =
      values.every((v) => typeof v === "number") && values.length > 0
        ? numberArray(values, values.every(Number.isSafeInteger) ? "int64" : "float64")
        : stringArray(values.map(String));
  }
  for (const tier of db.tiers)
    columns[`${tier}_file`] = stringArray(db.rows.cells(tier).file.map((f) => f ?? ""));
  for (const tier of db.tiers) columns[`${tier}_size`] = numberArray(db.rows.cells(tier).size, "int64");
  for (const tier of db.tiers) columns[`${tier}_mtime`] = numberArray(db.rows.cells(tier).mtime, "float64");
  columns.file_status = numberArray(db.rows.status, "int64");
  if (db.tablesScanned) {
    for (const tier of db.tiers) {
      const cells = db.rows.cells(tier);
      columns[`${tier}_tables`] = vov(cells.tables.map((t) => t ?? []));
      columns[`${tier}_col_idx`] = vov(cells.colIdx.map((c) => c ?? []));
      columns[`${tier}_listed`] = boolColumn(Uint8Array.from(cells.tables, (t) => (t === null ? 0 : 1)));
    }
  }
  return table(db.nRows, Object.entries(columns));
}

function problemsTable(db: FileDB): LgdoTable {
  const p = db.problems;
  return table(p.length, [
    ["file", stringArray(p.map((x) => x.file))],
    ["tier", stringArray(p.map((x) => x.tier ?? ""))],
    ["reason", stringArray(p.map((x) => x.reason))],
  ]);
}

export async function writeFileDb(db: FileDB, path: string, opts: { overwrite?: boolean }): Promise<void> {
  await initH5();
  const objects: Record<string, Lgdo> = {
    config: stringScalar(JSON.stringify(db.sourceConfig)),
    data_dir: stringScalar(db.config.dataDir),
  };
  if (db.tablesScanned) objects.columns = vov(db.columns);
  objects.rows = rowsTable(db);
  if (db.problems.length > 0) objects.problems = problemsTable(db);
  writeLh5(path, objects, { overwrite: opts.overwrite ?? false });
}
