// pygama's FileDB file: `config` (JSON string), `columns` (VoV of byte strings) and `dataframe`, a pandas
// "fixed" store: axis0 = column names, blockK_items/blockK_values per dtype block; numeric blocks are
// (rows × items) arrays, the object block one VLARRAY row holding a pickled numpy object array.
import type { Dataset } from "h5wasm";
import type { TemplateValue } from "../../../../../shared/format/index.ts";
import { getH5 } from "../../../lh5/h5.ts";
import type { TableId } from "../config.ts";
import { type NumpyArray, type PyValue, arrayAt, readPickle } from "./pickle.ts";
import { FileDbReadError, type StoredFileDb, type StoredRow } from "./stored.ts";

type Cell = PyValue | bigint;

export function readPygamaRows(path: string): StoredFileDb {
  const { h5 } = getH5();
  const file = new h5.File(path, "r");
  try {
    const dataset = (name: string): Dataset => {
      const obj = file.get(name);
      if (!(obj instanceof h5.Dataset))
        throw new FileDbReadError(`${path}: no dataset '${name}' in the pygama FileDB`);
      return obj;
    };
    const configText = dataset("config").value;
    if (typeof configText !== "string") throw new FileDbReadError(`${path}: 'config' is not a string`);
    const config = JSON.parse(configText) as Record<string, unknown>;
    const columns = file.get("columns")
      ? readColumnLists(dataset("columns/flattened_data"), dataset("columns/cumulative_length"))
      : null;
    const names = strings(dataset("dataframe/axis0"), path);
    const nRows = Number((dataset("dataframe/axis1").shape ?? [0])[0]);
    const frame = file.get("dataframe");
    const nblocks = frame instanceof h5.Group ? Number(frame.get_attribute("nblocks", true) ?? 0) : 0;
    const table = new Map<string, Cell[]>();
    for (let k = 0; k < nblocks; k++) {
      const items = strings(dataset(`dataframe/block${k}_items`), path);
      const values = dataset(`dataframe/block${k}_values`);
      readBlock(values, items, nRows, path).forEach((column, i) => table.set(items[i] as string, column));
    }
    return {
      config,
      dataDir: undefined,
      columns,
      rows: toRows(config, names, table, nRows, path),
      problems: [],
    };
  } finally {
    file.close();
  }
}

function strings(ds: Dataset, path: string): string[] {
  const value = ds.value;
  if (!Array.isArray(value)) throw new FileDbReadError(`${path}: '${ds.path}' is not a string list`);
  return value.map(String);
}

function readColumnLists(flat: Dataset, cumulative: Dataset): string[][] {
  const names = (flat.value as unknown[]).map(String);
  const ends = Array.from(cumulative.value as ArrayLike<number | bigint>, Number);
  let start = 0;
  return ends.map((end) => {
    const list = names.slice(start, end);
    start = end;
    return list;
  });
}

/** One block as columns (one array of cells per item). */
function readBlock(values: Dataset, items: string[], nRows: number, path: string): Cell[][] {
  const data = values.value;
  if (values.metadata.vlen || values.metadata.type === 9) {
    // object block: a VLARRAY with one row of pickle bytes
    const bytes = Array.isArray(data) ? (data[0] as unknown) : null;
    if (!(bytes instanceof Uint8Array))
      throw new FileDbReadError(`${path}: '${values.path}' holds no pickle`);
    const array = readPickle(bytes);
    if (
      typeof array !== "object" ||
      array === null ||
      Array.isArray(array) ||
      !("kind" in array) ||
      array.kind !== "ndarray"
    ) {
      throw new FileDbReadError(`${path}: '${values.path}' does not pickle a numpy array`);
    }
    return cellsOf(array, items.length, nRows, values.path, path);
  }
  const flat = Array.from(data as ArrayLike<number | bigint>);
  const [rows = 0, cols = 0] = values.shape ?? [];
  if (rows !== nRows || cols !== items.length) {
    throw new FileDbReadError(
      `${path}: '${values.path}' has shape (${rows}, ${cols}), expected (${nRows}, ${items.length})`,
    );
  }
  return items.map((_, c) => Array.from({ length: nRows }, (__, r) => flat[r * cols + c] as Cell));
}

function cellsOf(array: NumpyArray, nItems: number, nRows: number, where: string, path: string): Cell[][] {
  const [a = 0, b = 0] = array.shape;
  // PyTables stores the block transposed: (rows × items); accept (items × rows) too.
  if (a === nRows && b === nItems)
    return Array.from({ length: nItems }, (_, c) =>
      Array.from({ length: nRows }, (__, r) => arrayAt(array, r, c)),
    );
  if (a === nItems && b === nRows)
    return Array.from({ length: nItems }, (_, c) =>
      Array.from({ length: nRows }, (__, r) => arrayAt(array, c, r)),
    );
  throw new FileDbReadError(
    `${path}: '${where}' pickles shape (${array.shape.join(", ")}), expected (${nRows}, ${nItems})`,
  );
}

function toRows(
  config: Record<string, unknown>,
  names: string[],
  table: Map<string, Cell[]>,
  nRows: number,
  path: string,
): StoredRow[] {
  const tiers = Object.keys(config.tier_dirs ?? {});
  const tierColumns = new Set(
    tiers.flatMap((t) => [`${t}_file`, `${t}_size`, `${t}_tables`, `${t}_col_idx`]),
  );
  const keyNames = names.filter((n) => !tierColumns.has(n) && n !== "file_status");
  const cell = (name: string, row: number): Cell | undefined => table.get(name)?.[row];
  const rows: StoredRow[] = [];
  for (let row = 0; row < nRows; row++) {
    const keys = Object.create(null) as Record<string, TemplateValue>;
    for (const name of keyNames) keys[name] = scalar(cell(name, row), `${name}[${row}]`, path);
    const stored: StoredRow = { keys, tiers: {}, status: Number(cell("file_status", row) ?? 0) };
    for (const tier of tiers) {
      const file = cell(`${tier}_file`, row);
      stored.tiers[tier] = {
        file: typeof file === "string" ? file : null,
        size: Number(cell(`${tier}_size`, row) ?? 0),
        mtime: NaN,
        tables: list(cell(`${tier}_tables`, row), `${tier}_tables[${row}]`, path),
        colIdx: list(cell(`${tier}_col_idx`, row), `${tier}_col_idx[${row}]`, path) as number[] | null,
      };
    }
    rows.push(stored);
  }
  return rows;
}

function scalar(value: Cell | undefined, where: string, path: string): TemplateValue {
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  throw new FileDbReadError(`${path}: key cell ${where} is not a string or number`);
}

function list(value: Cell | undefined, where: string, path: string): TableId[] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number"))
    return value;
  throw new FileDbReadError(`${path}: ${where} is not a list of ids`);
}
