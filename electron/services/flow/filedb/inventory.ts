// Turns the files found in all tiers into FileDB rows: merge by cycle keys, fill every tier's file name,
// status bits (first tier = most significant, pygama's order) and sizes, convert keys, sort.
import { statSync } from "node:fs";
import { type TemplateValue, formatTemplate, templateFields } from "../../../../shared/format/index.ts";
import { type ResolvedFileDbConfig, tierFilePath } from "./config.ts";
import { FileRows } from "./rows.ts";
import type { ScanProblem } from "./scanner.ts";
import { type FoundBatch, batchKeys } from "./tier-walker.ts";
import { keyToEpochMs } from "./time.ts";

/** Merges a batch of a tier whose names carry every key (its keyOrder is rows.keyNames) into the rows. */
export function mergeBatch(rows: FileRows, batch: FoundBatch): void {
  const cells = rows.cells(batch.tier);
  for (let i = 0; i < batch.names.length; i++) {
    const text = batch.keyTexts?.[i] ?? FileRows.keyText(batch.keyOrder, batchKeys(batch, i));
    let row = rows.findText(text);
    if (row < 0) row = rows.addText(text, batchKeys(batch, i));
    cells.file[row] = batch.names[i] as string;
    cells.size[row] = batch.sizes[i] as number;
    cells.mtime[row] = batch.mtimes[i] as number;
  }
}

/**
 * Merges the rows of a scan into the FileDB's rows: each scanned cycle is found or appended (in scan order)
 * and the tier files the scan found (mtime set) replace the old cells.
 */
export function mergeRows(into: FileRows, scanned: FileRows): void {
  const cells = scanned.tiers.map((tier) => [scanned.cells(tier), into.cells(tier)] as const);
  for (let row = 0; row < scanned.length; row++) {
    const target = into.findOrAdd(scanned.keyValues(row));
    for (const [from, to] of cells) {
      if (Number.isNaN(from.mtime[row])) continue;
      to.file[target] = from.file[row] as string;
      to.size[target] = from.size[row] as number;
      to.mtime[target] = from.mtime[row] as number;
    }
  }
}

/** Files of a tier whose names carry only some keys (e.g. no `type`) attach to every cycle that agrees on them. */
export function attachPartial(
  rows: FileRows,
  config: ResolvedFileDbConfig,
  partial: readonly FoundBatch[],
  problems: ScanProblem[],
): void {
  for (const batch of partial) {
    const cells = rows.cells(batch.tier);
    const fields = batch.keyOrder;
    for (let i = 0; i < batch.names.length; i++) {
      const keys = batchKeys(batch, i);
      let attached = 0;
      for (let row = 0; row < rows.length; row++) {
        if (fields.every((f) => String((rows.keys[f] as TemplateValue[])[row]) === String(keys[f]))) {
          cells.file[row] = batch.names[i] as string;
          cells.size[row] = batch.sizes[i] as number;
          cells.mtime[row] = batch.mtimes[i] as number;
          attached += 1;
        }
      }
      if (attached === 0) {
        // the keys in the template's order, as the name gives them
        const named = templateFields(config.fileFormat[batch.tier] as string).map((f) => [f, keys[f]]);
        problems.push({
          file: tierFilePath(config, batch.tier, batch.names[i] as string),
          tier: batch.tier,
          reason: `no cycle has keys ${JSON.stringify(Object.fromEntries(named))}, and file_format.${batch.tier} lacks the other keys to make one`,
        });
      }
    }
  }
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
