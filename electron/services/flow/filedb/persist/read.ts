// FileDB.fromDisk: reads our pure-LH5 form and pygama's form (LH5 config/columns plus a PyTables
// `dataframe` whose object block is a pickle), and chains several files (flow-spec.md §1.11).
// Unlike pygama, `data_dir` resolves against the FileDB file's folder, so `$_` and relative paths work (§6 item 22).
import { dirname } from "node:path";
import { statSync } from "node:fs";
import { initH5 } from "../../../lh5/h5.ts";
import { LH5Error } from "../../../lh5/errors.ts";
import { Lh5File } from "../../../lh5/reader.ts";
import { resolveFileDbConfig } from "../config.ts";
import { FileDB } from "../filedb.ts";
import { sortRows } from "../inventory.ts";
import { FileRows } from "../rows.ts";
import { expandGlob } from "./glob.ts";
import { FileDbReadError, type StoredFileDb } from "./stored.ts";
import { readOurRows } from "./read-lh5.ts";
import { readPygamaRows } from "./read-pygama.ts";

export async function readFileDb(pathOrGlob: string | string[]): Promise<FileDB> {
  const patterns = Array.isArray(pathOrGlob) ? pathOrGlob : [pathOrGlob];
  const files = patterns.flatMap((p) => expandGlob(p));
  if (files.length === 0) throw new FileDbReadError(`no FileDB file matches ${patterns.join(", ")}`);
  await initH5();
  let db: FileDB | null = null;
  let firstConfig = "";
  for (const path of files) {
    const stored = readStored(path);
    const configText = JSON.stringify(stored.config);
    if (db === null) {
      firstConfig = configText;
      const config = resolveFileDbConfig(stored.config, dirname(path), undefined);
      const dataDir = pickDataDir(config.dataDir, stored.dataDir);
      db = FileDB.empty({ ...config, dataDir });
    } else if (!sameJson(configText, firstConfig)) {
      throw new FileDbReadError(
        `cannot merge FileDBs created with different configuration files: ${path} differs from ${files[0] ?? ""}`,
      );
    }
    appendStored(db, stored, path);
  }
  const result = db as FileDB;
  sortRows(result.rows, result.config.sortby, result.problems);
  return result;
}

function sameJson(a: string, b: string): boolean {
  return a === b || canonical(JSON.parse(a)) === canonical(JSON.parse(b));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The config's data_dir (resolved next to the FileDB file) if it exists, else the recorded absolute one. */
function pickDataDir(resolved: string, recorded: string | undefined): string {
  const exists = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  if (exists(resolved) || recorded === undefined) return resolved;
  return exists(recorded) ? recorded : resolved;
}

function readStored(path: string): StoredFileDb {
  const file = Lh5File.open(path);
  try {
    if (!file.has("config")) throw new FileDbReadError(`${path}: not a FileDB file (no 'config' object)`);
    if (file.has("rows")) return readOurRows(file, path);
    if (file.has("dataframe")) return readPygamaRows(path);
    throw new FileDbReadError(
      `${path}: FileDB file has neither 'rows' (LH5 form) nor 'dataframe' (pygama form)`,
    );
  } catch (error) {
    if (error instanceof LH5Error || error instanceof FileDbReadError) throw error;
    throw new FileDbReadError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    file.close();
  }
}

/** Adds a file's rows; its column lists are mapped onto the accumulated ones (pygama's merge). */
function appendStored(db: FileDB, stored: StoredFileDb, path: string): void {
  const map: number[] = [];
  if (stored.columns !== null) {
    const index = new Map(db.columns.map((c, i) => [c.join("\u0000"), i]));
    for (const list of stored.columns) {
      const key = list.join("\u0000");
      let idx = index.get(key);
      if (idx === undefined) {
        idx = db.columns.push([...list]) - 1;
        index.set(key, idx);
      }
      map.push(idx);
    }
    db.tablesScanned = true;
  }
  db.problems.push(...stored.problems);
  const rows: FileRows = db.rows;
  for (const row of stored.rows) {
    if (rows.find(row.keys) >= 0) {
      db.problems.push({
        file: path,
        reason: `cycle ${JSON.stringify(row.keys)} is in more than one FileDB file; kept the first`,
      });
      continue;
    }
    const r = rows.add(row.keys);
    rows.status[r] = row.status;
    for (const tier of db.tiers) {
      const cell = row.tiers[tier];
      if (!cell) continue;
      const cells = rows.cells(tier);
      cells.file[r] = cell.file;
      cells.size[r] = cell.size;
      cells.mtime[r] = cell.mtime;
      cells.tables[r] = cell.tables;
      cells.colIdx[r] = cell.colIdx === null ? null : cell.colIdx.map((i) => map[i] ?? i);
    }
  }
}
