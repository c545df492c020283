// A page of a table's rows as columns: numbers stay typed arrays (what the grid shows per cell), and
// whatever is not one number per row (strings, vectors, waveforms) becomes a short text per row.
// Nested tables (waveform tables) are flattened to `outer/inner` columns.
import type { Lh5ColumnPage, Lh5NodeType, Lh5TablePage } from "../../../../shared/api/file-browser.ts";
import type { Lgdo, LgdoArray, NumericData } from "../../../../shared/lgdo/model.ts";
import { type Lh5File, normalizePath } from "../../lh5/reader.ts";
import { FileBrowserError } from "./errors.ts";

/** Values shown of a vector cell before the ellipsis. */
const SHOWN_VALUES = 4;
/** Rows one page may hold. */
export const MAX_PAGE_ROWS = 1000;

function unitsOf(obj: Lgdo): string | null {
  return typeof obj.attrs.units === "string" ? obj.attrs.units : null;
}

function vectorText(values: ArrayLike<unknown>, from: number, to: number): string {
  const shown: string[] = [];
  for (let i = from; i < Math.min(to, from + SHOWN_VALUES); i++) shown.push(String(values[i]));
  return `[${to - from}] ${shown.join(", ")}${to - from > SHOWN_VALUES ? ", …" : ""}`;
}

/** One text per row of an N-d array (row = a slice of axis 0). */
function arrayRowsText(obj: LgdoArray): string[] {
  const rows = obj.shape[0] ?? 0;
  const width = obj.shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: rows }, (_, r) => vectorText(obj.data, r * width, (r + 1) * width));
}

function columnPages(obj: Lgdo, name: string, nRows: number): Lh5ColumnPage[] {
  const base = { name, units: unitsOf(obj) };
  switch (obj.kind) {
    case "table":
      return obj.columnOrder.flatMap((inner) => columnPages(obj.columns[inner]!, `${name}/${inner}`, nRows));
    case "array":
      if (obj.shape.length === 1 && obj.dtype !== "string")
        return [{ ...base, type: "array", dtype: obj.dtype, numbers: obj.data as NumericData }];
      if (obj.shape.length === 1)
        return [{ ...base, type: "array", dtype: obj.dtype, text: obj.data as string[] }];
      return [{ ...base, type: "array", dtype: obj.dtype, text: arrayRowsText(obj) }];
    case "vov": {
      const flat = obj.flattened;
      const text: string[] = [];
      let start = 0;
      for (const end of obj.cumulativeLength) {
        text.push(flat.kind === "array" ? vectorText(flat.data, start, end) : `[${end - start}] vectors`);
        start = end;
      }
      return [{ ...base, type: "vov", dtype: flat.kind === "array" ? flat.dtype : null, text }];
    }
    default: {
      // encoded arrays are decoded by the read; structs, scalars and histograms are not per-row values
      const type: Lh5NodeType = obj.kind;
      return [{ ...base, type, dtype: null, text: new Array<string>(nRows).fill(`(${obj.kind})`) }];
    }
  }
}

/** Rows [offset, offset + limit) of the table at `tablePath`, waveforms decoded. */
export function readTablePage(file: Lh5File, tablePath: string, offset: number, limit: number): Lh5TablePage {
  const table = normalizePath(tablePath);
  const type = file.typeOf(table);
  if (type.kind !== "table") throw new FileBrowserError(file.path, table, `not a table (${type.kind})`);
  const nRows = file.nRows(table);
  const from = Math.min(offset, nRows);
  const to = Math.min(nRows, from + Math.min(limit, MAX_PAGE_ROWS));
  const read = file.read(table, { rows: [from, to], decode: true });
  if (read.kind !== "table") throw new FileBrowserError(file.path, table, "did not read as a table");
  return {
    table,
    nRows,
    offset: from,
    count: to - from,
    columns: read.columnOrder.flatMap((name) => columnPages(read.columns[name]!, name, to - from)),
  };
}
