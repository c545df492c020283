// The FileDB's rows, held column by column: key columns, and per tier the file name, size, mtime,
// table ids and column-list indices. One row per cycle, found by its keys.
import type { TemplateValue } from "../../../../shared/format/index.ts";
import type { TableId } from "./config.ts";

export interface TierCells {
  file: (string | null)[];
  /** Bytes; 0 when the file is missing (pygama). */
  size: number[];
  /** Modification time in ms since the epoch; NaN when missing or unknown (a pygama-written FileDB). */
  mtime: number[];
  tables: (TableId[] | null)[];
  colIdx: (number[] | null)[];
}

export class FileRows {
  // Without a prototype: key and tier names come from the user's config, and `constructor` or `__proto__`
  // must be nothing but names here.
  readonly keys: Record<string, TemplateValue[]> = Object.create(null) as Record<string, TemplateValue[]>;
  readonly tier: Record<string, TierCells> = Object.create(null) as Record<string, TierCells>;
  status: number[] = [];
  private index: Map<string, number> | null = null;

  constructor(
    readonly keyNames: string[],
    readonly tiers: string[],
  ) {
    for (const name of keyNames) this.keys[name] = [];
    for (const t of tiers) this.tier[t] = { file: [], size: [], mtime: [], tables: [], colIdx: [] };
  }

  get length(): number {
    return this.status.length;
  }

  cells(tier: string): TierCells {
    const cells = this.tier[tier];
    if (!cells) throw new RangeError(`no tier '${tier}'; the tiers are ${this.tiers.join(", ")}`);
    return cells;
  }

  keyValues(row: number): Record<string, TemplateValue> {
    const out = Object.create(null) as Record<string, TemplateValue>;
    for (const name of this.keyNames) out[name] = (this.keys[name] as TemplateValue[])[row] as TemplateValue;
    return out;
  }

  /** Identity of a cycle: its key values as text, so `12` and `"12"` are the same cycle. */
  static keyText(keyNames: string[], keys: Readonly<Record<string, TemplateValue>>): string {
    let text = "";
    for (let i = 0; i < keyNames.length; i++) {
      text += i === 0 ? String(keys[keyNames[i] as string]) : `\u0000${String(keys[keyNames[i] as string])}`;
    }
    return text;
  }

  /** The row holding these keys, or -1. */
  find(keys: Readonly<Record<string, TemplateValue>>): number {
    return this.rowIndex().get(FileRows.keyText(this.keyNames, keys)) ?? -1;
  }

  /** The row holding these keys, appending an empty one when there is none (one key lookup). */
  findOrAdd(keys: Readonly<Record<string, TemplateValue>>): number {
    const index = this.rowIndex();
    const text = FileRows.keyText(this.keyNames, keys);
    const row = index.get(text);
    if (row !== undefined) return row;
    index.set(text, this.length);
    return this.append(keys);
  }

  /** The row of the cycle whose keyText is `text`, or -1. */
  findText(text: string): number {
    return this.rowIndex().get(text) ?? -1;
  }

  /** Appends a row for `keys`, whose keyText `text` no row has yet (the caller looked it up). */
  addText(text: string, keys: Readonly<Record<string, TemplateValue>>): number {
    this.rowIndex().set(text, this.length);
    return this.append(keys);
  }

  private rowIndex(): Map<string, number> {
    if (this.index === null) {
      this.index = new Map();
      for (let row = 0; row < this.length; row++) {
        this.index.set(FileRows.keyText(this.keyNames, this.keyValues(row)), row);
      }
    }
    return this.index;
  }

  /** Appends an empty row for `keys` (no file in any tier) and returns its index. */
  add(keys: Readonly<Record<string, TemplateValue>>): number {
    this.index?.set(FileRows.keyText(this.keyNames, keys), this.length);
    return this.append(keys);
  }

  private append(keys: Readonly<Record<string, TemplateValue>>): number {
    const row = this.length;
    for (const name of this.keyNames) (this.keys[name] as TemplateValue[]).push(keys[name] as TemplateValue);
    for (const t of this.tiers) {
      const c = this.cells(t);
      c.file.push(null);
      c.size.push(0);
      c.mtime.push(NaN);
      c.tables.push(null);
      c.colIdx.push(null);
    }
    this.status.push(0);
    return row;
  }

  /** Reorders (or subsets) every column: new row i = old row order[i]. */
  permute(order: readonly number[]): void {
    const take = <T>(list: T[]): T[] => order.map((i) => list[i] as T);
    for (const name of this.keyNames) this.keys[name] = take(this.keys[name] as TemplateValue[]);
    for (const t of this.tiers) {
      const c = this.cells(t);
      this.tier[t] = {
        file: take(c.file),
        size: take(c.size),
        mtime: take(c.mtime),
        tables: take(c.tables),
        colIdx: take(c.colIdx),
      };
    }
    this.status = take(this.status);
    this.index = null;
  }

  /** Replaces a key column's values (after type conversion); identity is unchanged as the text is. */
  setKeyColumn(name: string, values: TemplateValue[]): void {
    this.keys[name] = values;
  }
}
