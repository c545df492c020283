// What one `lh5-browser load|entries` process reads, known before any file is opened: the cycles of --files
// and the tiers of the levels the selection touches. Only those files' tables are listed (issue #19: a cold
// `load` of one cycle does not open 8000 files); the file names already say tier and cycle.
import type { FileDB, TableScope } from "../../services/flow/filedb/index.ts";
import type { LevelSpec } from "../../services/flow/loader/index.ts";

/** The part of the command line's selection the scope depends on. */
export interface ScopedSelection {
  files: string | readonly string[];
  cuts: readonly string[];
  tcmLevel?: string;
  orientation: "hit" | "evt";
}

/**
 * The cycles and tiers `selection` reads, or undefined (list every file) when that cannot be known without
 * the tables: a --files query the FileDB's key columns cannot answer, or timestamps it lacks (the loader's
 * setFiles then reports the error as it would after a full scan).
 */
export function selectionScope(
  selection: ScopedSelection,
  db: FileDB,
  levels: readonly LevelSpec[],
): TableScope | undefined {
  const rows = selectedRows(selection.files, db);
  if (rows === undefined) return undefined;
  const levelNames = new Set(levels.map((l) => l.name));
  const touched = new Set<LevelSpec>([levels[0]!]);
  // a cut without a known level prefix goes to the level whose columns it names: not known before listing
  let everyLevel = selection.tcmLevel !== undefined || selection.orientation === "evt";
  for (const cut of selection.cuts) {
    const level = /^\s*(\w+)\s*:/.exec(cut)?.[1];
    if (level === undefined || !levelNames.has(level)) everyLevel = true;
    else touched.add(levels.find((l) => l.name === level)!);
  }
  const wanted = new Set((everyLevel ? levels : [...touched]).flatMap((l) => l.tiers));
  const tiers = db.tiers.filter((tier) => wanted.has(tier));
  return { rows: withEveryTier(rows, tiers, db), tiers };
}

/**
 * The rows plus, for a tier none of them has a file of, the first cycle that has one: cuts and columns are
 * checked against the columns the listed files have, so an empty selection (or one whose cycles lack a tier)
 * still knows each tier's column names and fails or passes as after a full scan.
 */
function withEveryTier(rows: number[], tiers: readonly string[], db: FileDB): number[] {
  const status = db.column("file_status") as ArrayLike<number>;
  const has = (row: number, tier: string) =>
    Math.floor((status[row] ?? 0) / 2 ** (db.tiers.length - 1 - db.tiers.indexOf(tier))) % 2 === 1;
  const out = new Set(rows);
  for (const tier of tiers) {
    if (rows.some((row) => has(row, tier))) continue;
    const first = Array.from({ length: db.nRows }, (_, row) => row).find((row) => has(row, tier));
    if (first !== undefined) out.add(first);
  }
  return [...out].sort((a, b) => a - b);
}

/** FileDB rows of --files, as DataLoader.setFiles selects them; undefined when it would fail. */
function selectedRows(files: string | readonly string[], db: FileDB): number[] | undefined {
  if (typeof files !== "string") {
    if (!db.keyNames.includes("timestamp")) return undefined;
    const wanted = new Set(files);
    const keys = db.column("timestamp") as ArrayLike<unknown>;
    const rows: number[] = [];
    const found = new Set<string>();
    for (let row = 0; row < db.nRows; row++) {
      const key = String(keys[row]);
      if (!wanted.has(key)) continue;
      rows.push(row);
      found.add(key);
    }
    return found.size === wanted.size ? rows : undefined;
  }
  if (files.replace(/\s+/g, "") === "all") return Array.from({ length: db.nRows }, (_, i) => i);
  try {
    return db.query(files);
  } catch {
    return undefined; // e.g. a query naming {tier}_tables: list every file, setFiles answers it
  }
}
