// Shared fixtures for the FileDB tests: pygama's reference outputs and the test config.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";

export const P03_DIRS = ["cal/p03/r001", "phy/p03/r001"];

/** pygama's df columns before and after scan_tables_columns. */
export const BASIC_COLUMNS = [
  "exp",
  "period",
  "run",
  "timestamp",
  "type",
  "raw_file",
  "dsp_file",
  "hit_file",
  "tcm_file",
  "evt_file",
  "raw_size",
  "dsp_size",
  "hit_size",
  "tcm_size",
  "evt_size",
  "file_status",
];

export interface PygamaFileDb {
  n_files: number;
  df_columns: string[];
  df: Record<string, unknown[]>;
  columns: string[][];
}

/** The `filedb` pygama computed for an acceptance query (q1…q6). */
export function acceptanceFileDb(name: string): PygamaFileDb {
  const json = JSON.parse(readFileSync(resolve(ACCEPTANCE_DIR, name), "utf8")) as { filedb: PygamaFileDb };
  return json.filedb;
}

/** pygama's df as row objects. */
export function pygamaRows(fdb: PygamaFileDb, columns = fdb.df_columns): Record<string, unknown>[] {
  return Array.from({ length: fdb.n_files }, (_, row) =>
    Object.fromEntries(columns.map((c) => [c, (fdb.df[c] as unknown[])[row]])),
  );
}

/** The test config with an absolute data_dir (as pygama's fixture sets it). */
export function testConfig(): Record<string, unknown> {
  const config = JSON.parse(readFileSync(FILEDB_CONFIG, "utf8")) as Record<string, unknown>;
  return { ...config, data_dir: PROD_REF_TIER_DIR };
}

export function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}
