// Shared set-up of the DataLoader acceptance tests: the FileDB of pygama's tests (the two p03/r001 folders),
// pygama's outputs from ../shared/acceptance, and converters from our LGDO columns to plain JSON values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Lgdo, LgdoArray } from "../../../../../shared/lgdo/model.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG } from "../../../../fixtures/testdata.ts";

let shared: Promise<FileDB> | null = null;

/** pygama's test FileDB: scan_files(["cal/p03/r001", "phy/p03/r001"]) + scan_tables_columns(), built once. */
export function testFileDb(): Promise<FileDB> {
  shared ??= (async () => {
    await initH5();
    const db = await FileDB.create(FILEDB_CONFIG, { scan: false });
    await db.scanFiles(["cal/p03/r001", "phy/p03/r001"]);
    await db.scanTablesColumns();
    return db;
  })();
  return shared;
}

export interface PygamaField {
  dtype: string;
  data: unknown[];
}

export interface PygamaFrame {
  type: "DataFrame";
  n_rows: number;
  columns: string[];
  fields: Record<string, PygamaField>;
}

export interface PygamaOutput {
  spec: Record<string, unknown>;
  error: { step: string; type: string; message: string } | null;
  file_list: number[];
  entry_list: PygamaFrame | { type: "dict"; items: Record<string, PygamaFrame> } | null;
  data: unknown;
}

export function pygamaOutput(name: string): PygamaOutput {
  return JSON.parse(readFileSync(join(ACCEPTANCE_DIR, `${name}.json`), "utf8")) as PygamaOutput;
}

/** pygama's JSON writes NaN as the string "NaN". */
function fromJsonValue(value: unknown): unknown {
  if (value === "NaN") return NaN;
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  if (Array.isArray(value)) return value.map(fromJsonValue);
  return value;
}

export function pygamaValues(field: { data: unknown[] }): unknown[] {
  return field.data.map(fromJsonValue);
}

/** Our column as plain per-row values: numbers, strings, or arrays for 2-d/VoV columns. */
export function plainValues(column: Lgdo): unknown[] {
  if (column.kind === "array") {
    const rows = column.shape[0] ?? 0;
    if (column.shape.length <= 1) return Array.from(column.data as ArrayLike<unknown>);
    const width = rows === 0 ? 0 : column.data.length / rows;
    return Array.from({ length: rows }, (_, r) =>
      Array.from(
        (column.data as ArrayLike<unknown> & { slice(a: number, b: number): ArrayLike<unknown> }).slice(
          r * width,
          (r + 1) * width,
        ),
      ),
    );
  }
  if (column.kind === "vov") {
    const inner = plainValues(column.flattened);
    let start = 0;
    return Array.from(column.cumulativeLength, (end) => {
      const row = inner.slice(start, end);
      start = end;
      return row;
    });
  }
  throw new Error(`no plain values for a ${column.kind}`);
}

export function dtypeOf(column: Lgdo): string {
  return (column as LgdoArray).dtype;
}
