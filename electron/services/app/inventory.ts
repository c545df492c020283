// The inventory grid's data: one row per cycle built from a FileDB, filtered by the shared query
// language (through the FileDB) and by column filters, sorted, and served in windows of columns.
import type {
  ColumnFilter,
  InventoryPage,
  InventoryQuery,
  SortKey,
  TierColumns,
} from "../../../shared/api/types.ts";

/** What the inventory needs from a FileDB (electron/services/flow/filedb). */
export interface InventorySource {
  readonly tiers: readonly string[];
  readonly keyNames: readonly string[];
  readonly nRows: number;
  /** Key columns, `{tier}_size`, `file_status`, `{tier}_tables`. */
  column(name: string): unknown;
  /** Row indices matching a query in the shared query language. */
  query(q: string): number[];
}

export class InventoryColumnError extends Error {
  override name = "InventoryColumnError";
  readonly code = "bad-argument";
}

/** Parses a FileDB timestamp key `YYYYMMDDTHHMMSSZ` to Unix ms (NaN if it is not one). */
export function timestampToMs(key: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(key);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

type ColumnData = { kind: "text"; values: string[] } | { kind: "number"; values: ArrayLike<number> };

const textCollator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function asArray(value: unknown, name: string, length: number): ArrayLike<unknown> {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const array = value as ArrayLike<unknown>;
    if (array.length !== length)
      throw new InventoryColumnError(`FileDB column '${name}' has ${array.length} rows, expected ${length}`);
    return array;
  }
  throw new InventoryColumnError(`FileDB column '${name}' is missing`);
}

export class Inventory {
  readonly nRows: number;
  readonly keys: Record<string, string[]>;
  readonly timestamps: Float64Array;
  readonly tiers: Record<string, TierColumns>;
  readonly totalSize: Float64Array;
  private readonly ranks = new Map<string, Uint32Array>();
  private lastOrder: { key: string; order: Uint32Array } | null = null;

  constructor(
    private readonly source: InventorySource,
    readonly datasetId: string,
  ) {
    const n = source.nRows;
    this.nRows = n;
    this.keys = {};
    for (const name of source.keyNames) {
      const values = asArray(source.column(name), name, n);
      const text = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        text[i] = typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
      }
      this.keys[name] = text;
    }
    this.timestamps = new Float64Array(n).fill(Number.NaN);
    const stamps = this.keys.timestamp;
    if (stamps) for (let i = 0; i < n; i++) this.timestamps[i] = timestampToMs(stamps[i]!);

    const status = asArray(source.column("file_status"), "file_status", n);
    const nTiers = source.tiers.length;
    this.tiers = {};
    this.totalSize = new Float64Array(n);
    source.tiers.forEach((tier, t) => {
      const bit = 2 ** (nTiers - 1 - t); // pygama: the first tier is the most significant bit
      const sizes = asArray(source.column(`${tier}_size`), `${tier}_size`, n);
      const tablesColumn = source.column(`${tier}_tables`);
      const tables =
        tablesColumn === undefined || tablesColumn === null
          ? null
          : asArray(tablesColumn, `${tier}_tables`, n);
      const columns: TierColumns = {
        present: new Uint8Array(n),
        size: new Float64Array(n),
        channels: new Int32Array(n).fill(-1),
      };
      for (let i = 0; i < n; i++) {
        columns.present[i] = Math.floor(Number(status[i]) / bit) % 2;
        columns.size[i] = Number(sizes[i]) || 0;
        const list = tables?.[i];
        if (Array.isArray(list)) columns.channels[i] = list.length;
        this.totalSize[i]! += columns.size[i]!;
      }
      this.tiers[tier] = columns;
    });
  }

  /** Column ids the grid may sort and filter on. */
  columnIds(): string[] {
    return [
      ...Object.keys(this.keys),
      ...Object.keys(this.tiers).flatMap((t) => [`${t}_status`, `${t}_size`, `${t}_channels`]),
      "total_size",
    ];
  }

  private columnData(id: string): ColumnData {
    const key = this.keys[id];
    if (key) return { kind: "text", values: key };
    if (id === "total_size") return { kind: "number", values: this.totalSize };
    const m = /^(.*)_(status|size|channels)$/.exec(id);
    const tier = m ? this.tiers[m[1]!] : undefined;
    if (!m || !tier)
      throw new InventoryColumnError(
        `Unknown inventory column '${id}'; columns: ${this.columnIds().join(", ")}`,
      );
    if (m[2] === "status") return { kind: "number", values: tier.present };
    return { kind: "number", values: m[2] === "size" ? tier.size : tier.channels };
  }

  /** Rank of each row's text value in natural order (numbers inside text compare as numbers). */
  private rank(id: string, values: string[]): Uint32Array {
    let ranks = this.ranks.get(id);
    if (!ranks) {
      const unique = [...new Set(values)].sort(textCollator.compare);
      const position = new Map(unique.map((value, i) => [value, i]));
      ranks = Uint32Array.from(values, (value) => position.get(value)!);
      this.ranks.set(id, ranks);
    }
    return ranks;
  }

  /** Rows passing query and filters, in sort order (cached for the last request's criteria). */
  order(request: Pick<InventoryQuery, "query" | "filters" | "sort">): Uint32Array {
    const key = JSON.stringify([request.query ?? "", request.filters ?? [], request.sort ?? []]);
    if (this.lastOrder?.key === key) return this.lastOrder.order;
    const query = (request.query ?? "").trim();
    let rows: Uint32Array = query
      ? Uint32Array.from(this.source.query(query))
      : Uint32Array.from({ length: this.nRows }, (_, i) => i);
    for (const filter of request.filters ?? []) rows = this.applyFilter(rows, filter);
    if (request.sort && request.sort.length > 0) rows = this.sortRows(rows, request.sort);
    this.lastOrder = { key, order: rows };
    return rows;
  }

  private applyFilter(rows: Uint32Array, filter: ColumnFilter): Uint32Array {
    const data = this.columnData(filter.column);
    const test = makePredicate(filter, data.kind, filter.column.endsWith("_status"));
    return rows.filter((row) => test(data.values[row]!));
  }

  private sortRows(rows: Uint32Array, sort: SortKey[]): Uint32Array {
    const keys = sort.map((s) => {
      const data = this.columnData(s.column);
      const values: ArrayLike<number> = data.kind === "text" ? this.rank(s.column, data.values) : data.values;
      return { values, sign: s.direction === "desc" ? -1 : 1 };
    });
    const sorted = Uint32Array.from(rows);
    sorted.sort((a, b) => {
      for (const { values, sign } of keys) {
        const d = values[a]! - values[b]!;
        if (d !== 0 && !Number.isNaN(d)) return d * sign;
      }
      return a - b; // stable on FileDB order
    });
    return sorted;
  }

  /** One window of rows as columns. */
  page(request: InventoryQuery): InventoryPage {
    const order = this.order(request);
    const rows = order.slice(request.offset, request.offset + request.limit);
    const keys: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(this.keys))
      keys[name] = Array.from(rows, (row) => values[row]!);
    const tiers: Record<string, TierColumns> = {};
    for (const [tier, columns] of Object.entries(this.tiers)) {
      tiers[tier] = {
        present: Uint8Array.from(rows, (row) => columns.present[row]!),
        size: Float64Array.from(rows, (row) => columns.size[row]!),
        channels: Int32Array.from(rows, (row) => columns.channels[row]!),
      };
    }
    return {
      datasetId: this.datasetId,
      total: this.nRows,
      matched: order.length,
      offset: request.offset,
      rows,
      keys,
      timestamps: Float64Array.from(rows, (row) => this.timestamps[row]!),
      tiers,
    };
  }
}

/** A predicate over one cell for a grid filter. Text filters ignore case, as ag-grid's do. */
function makePredicate(
  filter: ColumnFilter,
  kind: ColumnData["kind"],
  isStatus: boolean,
): (cell: string | number) => boolean {
  const { op } = filter;
  if (op === "blank")
    return (cell) => cell === "" || (typeof cell === "number" && (Number.isNaN(cell) || cell < 0));
  if (op === "notBlank")
    return (cell) => !(cell === "" || (typeof cell === "number" && (Number.isNaN(cell) || cell < 0)));
  const textOps = ["contains", "notContains", "equals", "notEqual", "startsWith", "endsWith"];
  if (textOps.includes(op) && (kind === "text" || isStatus || typeof filter.value === "string")) {
    const needle = String(filter.value ?? "").toLowerCase();
    const asText = (cell: string | number): string =>
      isStatus ? (cell ? "present" : "missing") : String(cell).toLowerCase();
    switch (op) {
      case "contains":
        return (cell) => asText(cell).includes(needle);
      case "notContains":
        return (cell) => !asText(cell).includes(needle);
      case "equals":
        return (cell) => asText(cell) === needle;
      case "notEqual":
        return (cell) => asText(cell) !== needle;
      case "startsWith":
        return (cell) => asText(cell).startsWith(needle);
      default:
        return (cell) => asText(cell).endsWith(needle);
    }
  }
  const value = Number(filter.value);
  const upper = Number(filter.valueTo);
  if (Number.isNaN(value))
    throw new InventoryColumnError(`Filter on '${filter.column}' needs a number, got '${filter.value}'`);
  const num = (cell: string | number): number => (typeof cell === "number" ? cell : Number(cell));
  switch (op) {
    case "equals":
      return (cell) => num(cell) === value;
    case "notEqual":
      return (cell) => num(cell) !== value;
    case "lessThan":
      return (cell) => num(cell) < value;
    case "lessThanOrEqual":
      return (cell) => num(cell) <= value;
    case "greaterThan":
      return (cell) => num(cell) > value;
    case "greaterThanOrEqual":
      return (cell) => num(cell) >= value;
    case "inRange":
      return (cell) => num(cell) >= value && num(cell) <= upper;
    default:
      throw new InventoryColumnError(`Filter '${op}' does not apply to number column '${filter.column}'`);
  }
}
