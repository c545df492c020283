// Turns the files found in all tiers into FileDB rows: merge by cycle keys, fill every tier's file name,
// status bits (first tier = most significant, pygama's order) and sizes, convert keys, sort.
import { statSync } from "node:fs";
import { type TemplateValue, formatTemplate, templateFields } from "../../../../shared/format/index.ts";
import { type ResolvedFileDbConfig, tierFilePath } from "./config.ts";
import { FileRows } from "./rows.ts";
import type { FoundFile, ScanProblem } from "./scanner.ts";
import { keyToEpochMs } from "./time.ts";

/** Adds the found files to `rows`: a file of a known cycle fills its tier, a new cycle gets a row. */
export function mergeFound(
  rows: FileRows,
  config: ResolvedFileDbConfig,
  found: FoundFile[],
  problems: ScanProblem[],
): void {
  const partial: FoundFile[] = [];
  const fieldCount = new Map(
    config.tiers.map((t) => [t, templateFields(config.fileFormat[t] as string).length]),
  );
  for (const file of found) {
    if ((fieldCount.get(file.tier) ?? 0) < rows.keyNames.length) {
      partial.push(file);
      continue;
    }
    setFound(rows, rows.findOrAdd(file.keys), file);
  }
  // A tier whose names carry only some keys (e.g. no `type`) attaches to every cycle that agrees on them.
  for (const file of partial) {
    const fields = templateFields(config.fileFormat[file.tier] as string);
    let attached = 0;
    for (let row = 0; row < rows.length; row++) {
      if (fields.every((f) => String((rows.keys[f] as TemplateValue[])[row]) === String(file.keys[f]))) {
        setFound(rows, row, file);
        attached += 1;
      }
    }
    if (attached === 0) {
      problems.push({
        file: file.path,
        tier: file.tier,
        reason: `no cycle has keys ${JSON.stringify(file.keys)}, and file_format.${file.tier} lacks the other keys to make one`,
      });
    }
  }
}

function setFound(rows: FileRows, row: number, file: FoundFile): void {
  const cells = rows.cells(file.tier);
  cells.file[row] = file.name;
  cells.size[row] = file.size;
  cells.mtime[row] = file.mtime;
}

/**
 * Builds every tier's file name from the row keys (also for files that do not exist, as pygama does),
 * stats the files that the walk could not have seen, and sets sizes and status bits.
 */
export function completeRows(
  rows: FileRows,
  config: ResolvedFileDbConfig,
  completeTiers: ReadonlySet<string>,
): void {
  for (const tier of config.tiers) {
    const cells = rows.cells(tier);
    const template = config.fileFormat[tier] as string;
    for (let row = 0; row < rows.length; row++) {
      if (!Number.isNaN(cells.mtime[row])) continue;
      const name = formatTemplate(template, rows.keyValues(row));
      cells.file[row] = name;
      if (completeTiers.has(tier)) continue;
      statInto(cells, row, tierFilePath(config, tier, name));
    }
  }
  recomputeStatus(rows);
}

function statInto(cells: FileRows["tier"][string], row: number, path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  cells.size[row] = stat?.isFile() ? stat.size : 0;
  cells.mtime[row] = stat?.isFile() ? stat.mtimeMs : NaN;
}

/** Re-stats every tier file of every row (pygama's set_file_status + set_file_sizes). */
export function restatRows(rows: FileRows, config: ResolvedFileDbConfig): void {
  for (const tier of config.tiers) {
    const cells = rows.cells(tier);
    for (let row = 0; row < rows.length; row++) {
      const name = cells.file[row];
      if (name === null || name === undefined) {
        cells.size[row] = 0;
        cells.mtime[row] = NaN;
      } else statInto(cells, row, tierFilePath(config, tier, name));
    }
  }
  recomputeStatus(rows);
}

/** file_status: bit (n_tiers − 1 − i) is set when tier i's file exists. */
export function recomputeStatus(rows: FileRows): void {
  const n = rows.tiers.length;
  const mtimes = rows.tiers.map((tier) => rows.cells(tier).mtime);
  for (let row = 0; row < rows.length; row++) {
    let status = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isNaN((mtimes[i] as number[])[row])) status |= 1 << (n - 1 - i);
    }
    rows.status[row] = status;
  }
}

/**
 * pygama passes every column through `pd.to_numeric`. We convert a key column only when every value
 * survives the round trip (`12` yes, `0012` no), so no key text is lost (flow-spec.md §6 item 31).
 */
export function convertKeyColumns(rows: FileRows): void {
  for (const name of rows.keyNames) {
    const numbers = losslessNumbers(rows.keys[name] as TemplateValue[]);
    if (numbers) rows.setKeyColumn(name, numbers);
  }
}

/** The values as numbers when every one converts without losing text, else null. */
export function losslessNumbers(values: readonly TemplateValue[]): number[] | null {
  if (values.length === 0 || values.every((v) => typeof v === "number")) return null;
  const numbers = values.map((v) => (typeof v === "number" ? v : Number(v)));
  const lossless = values.every(
    (v, i) => typeof v === "number" || (v.trim() !== "" && String(numbers[i]) === v),
  );
  return lossless ? numbers : null;
}

/**
 * Sorts rows by `sortby`, stably (pygama's quicksort is not; §6 item 30). `timestamp` sorts as a time;
 * a timestamp of another form is reported and its row sorted last instead of failing the scan.
 */
export function sortRows(rows: FileRows, sortby: string, problems: ScanProblem[]): void {
  const order = Array.from({ length: rows.length }, (_, i) => i);
  const values: (string | number)[] = columnForSort(rows, sortby);
  if (sortby === "timestamp") {
    const times = values.map((v) => (typeof v === "string" ? keyToEpochMs(v) : NaN));
    times.forEach((t, row) => {
      if (Number.isNaN(t)) {
        problems.push({
          file: String(values[row]),
          reason: `timestamp '${String(values[row])}' is not YYYYMMDDTHHMMSSZ; row sorted last`,
        });
      }
    });
    order.sort(
      (a, b) =>
        compareNumbers(times[a] as number, times[b] as number) ||
        compareValues(values[a], values[b]) ||
        a - b,
    );
  } else {
    order.sort((a, b) => compareValues(values[a], values[b]) || a - b);
  }
  if (order.some((v, i) => v !== i)) rows.permute(order);
}

function columnForSort(rows: FileRows, sortby: string): (string | number)[] {
  if (rows.keys[sortby]) return rows.keys[sortby];
  if (sortby === "file_status") return rows.status;
  const m = /^(.*)_(file|size)$/u.exec(sortby);
  const cells = m ? rows.tier[m[1] as string] : undefined;
  if (cells && m) return m[2] === "size" ? cells.size : cells.file.map((f) => f ?? "");
  return rows.status.map(() => 0);
}

function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === "number" && typeof b === "number") return compareNumbers(a, b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
