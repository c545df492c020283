// Assembles one output column from the pieces read out of many (file, table) pairs: out[positions[i]] =
// source[sourceRows[i]]. Rows that no piece covers become NaN (numbers), "" (strings) or an empty vector,
// never uninitialised memory (pygama fills them with np.empty, flow-spec §6 item 1). Integer columns with
// uncovered rows are widened to float64 so NaN can mark them; mixed dtypes widen to float64 too.
import type {
  Attrs,
  ElementType,
  Lgdo,
  LgdoArray,
  LgdoTable,
  LgdoVectorOfVectors,
  NumericData,
  NumericDtype,
} from "../../../../shared/lgdo/model.ts";

export class ColumnShapeError extends Error {
  override name = "ColumnShapeError";
}

type NumericCtor = new (n: number) => NumericData;

const CTOR: Record<NumericDtype, NumericCtor> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: Float64Array,
  uint64: Float64Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** A typed array of `n` elements for an LGDO numeric dtype (64-bit integers as Float64Array, as the model says). */
export function allocNumeric(dtype: NumericDtype, n: number): NumericData {
  return new CTOR[dtype](n);
}

function isFloatDtype(dtype: string): boolean {
  return dtype === "float32" || dtype === "float64";
}

interface Piece {
  positions: Int32Array;
  source: Lgdo;
  sourceRows: Int32Array;
  where: string;
}

/** Row width of an N-d array (product of the non-row axes). */
function rowWidth(a: LgdoArray): number {
  let w = 1;
  for (let i = 1; i < a.shape.length; i++) w *= a.shape[i]!;
  return w;
}

/** A flat 1-d view of an N-d array: element k of row r is element r*width+k. */
function flatView(a: LgdoArray): LgdoArray {
  return { ...a, shape: [a.data.length] };
}

/** "units 'keV'", or "no units" for a column without the attribute (never "units 'undefined'"). */
function unitsPhrase(units: Attrs[string] | undefined): string {
  return units === undefined || units === "" ? "no units" : `units '${String(units)}'`;
}

function identityRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

export class ColumnAssembler {
  private readonly pieces: Piece[] = [];

  constructor(
    readonly name: string,
    readonly nRows: number,
  ) {}

  get empty(): boolean {
    return this.pieces.length === 0;
  }

  /** Adds out[positions[i]] = source[sourceRows[i]]; `where` names file/table for error messages. */
  add(positions: Int32Array, source: Lgdo, sourceRows: Int32Array, where: string): void {
    if (positions.length !== sourceRows.length) throw new Error("positions and source rows differ in length");
    if (source.kind === "encoded") {
      throw new ColumnShapeError(`column '${this.name}' in ${where} is still encoded (read it with decode)`);
    }
    if (source.kind !== "array" && source.kind !== "vov" && source.kind !== "table") {
      throw new ColumnShapeError(`column '${this.name}' in ${where} is a ${source.kind}, not a column`);
    }
    this.pieces.push({ positions, source, sourceRows, where });
  }

  /** The assembled column, or null when no piece was added (the column exists in no selected table). */
  build(): Lgdo | null {
    if (this.pieces.length === 0) return null;
    const kinds = new Set(
      this.pieces.map((p) => (p.source.kind === "array" ? arrayKind(p.source) : p.source.kind)),
    );
    if (kinds.has("table")) {
      if (kinds.size > 1) throw this.mixedError();
      return this.buildTable();
    }
    if (kinds.size === 1 && kinds.has("flat")) return this.buildFlat();
    if (kinds.size === 1 && kinds.has("nd")) {
      const widths = new Set(this.pieces.map((p) => rowWidth(p.source as LgdoArray)));
      if (widths.size === 1) return this.buildNd([...widths][0]!);
    }
    if (kinds.has("flat")) throw this.mixedError();
    return this.buildVov();
  }

  private mixedError(): ColumnShapeError {
    const desc = this.pieces.map((p) => `${p.where}: ${describe(p.source)}`);
    return new ColumnShapeError(
      `column '${this.name}' has different shapes across tables (${[...new Set(desc)].slice(0, 4).join("; ")})`,
    );
  }

  private covered(): { all: boolean } {
    const seen = new Uint8Array(this.nRows);
    let count = 0;
    for (const p of this.pieces) {
      for (const pos of p.positions) {
        if (!seen[pos]) {
          seen[pos] = 1;
          count++;
        }
      }
    }
    return { all: count === this.nRows };
  }

  private commonAttrs(): Attrs {
    const first = this.pieces[0]!.source.attrs;
    for (const p of this.pieces) {
      const units = p.source.attrs.units;
      if (units !== first.units) {
        throw new ColumnShapeError(
          `column '${this.name}' has ${unitsPhrase(first.units)} in ${this.pieces[0]!.where} ` +
            `but ${unitsPhrase(units)} in ${p.where}`,
        );
      }
    }
    return { ...first };
  }

  /** The output dtype/element for numeric pieces, widened when dtypes differ or rows stay uncovered. */
  private outputType(width: number): { dtype: NumericDtype | "string"; element: ElementType; fill: number } {
    const arrays = this.pieces.map((p) => p.source as LgdoArray);
    const dtypes = new Set(arrays.map((a) => a.dtype));
    if (dtypes.has("string")) {
      if (dtypes.size > 1) throw this.mixedError();
      return { dtype: "string", element: { kind: "string" }, fill: 0 };
    }
    const { all } = this.covered();
    const allCovered = all || this.nRows * width === 0;
    const elements = new Set(arrays.map((a) => a.element.kind));
    const sole = [...dtypes][0] as NumericDtype;
    if (dtypes.size === 1 && (allCovered || isFloatDtype(sole))) {
      const element = elements.size === 1 ? arrays[0]!.element : { kind: "real" as const };
      return { dtype: sole, element, fill: allCovered ? 0 : NaN };
    }
    return { dtype: "float64", element: { kind: "real" }, fill: NaN };
  }

  private buildFlat(): LgdoArray {
    const type = this.outputType(1);
    const attrs = this.commonAttrs();
    if (type.dtype === "string") {
      const out: string[] = new Array<string>(this.nRows).fill("");
      for (const p of this.pieces) {
        const src = (p.source as LgdoArray).data as string[];
        for (let i = 0; i < p.positions.length; i++) out[p.positions[i]!] = src[p.sourceRows[i]!] ?? "";
      }
      return {
        kind: "array",
        form: "array",
        element: type.element,
        dtype: "string",
        shape: [this.nRows],
        data: out,
        attrs,
      };
    }
    const out = allocNumeric(type.dtype, this.nRows);
    if (type.fill !== 0) out.fill(type.fill);
    for (const p of this.pieces) {
      const src = (p.source as LgdoArray).data as NumericData;
      for (let i = 0; i < p.positions.length; i++) out[p.positions[i]!] = src[p.sourceRows[i]!]!;
    }
    const form = (this.pieces[0]!.source as LgdoArray).form;
    return {
      kind: "array",
      form,
      element: type.element,
      dtype: type.dtype,
      shape: [this.nRows],
      data: out,
      attrs,
    };
  }

  private buildNd(width: number): LgdoArray {
    const type = this.outputType(width);
    const attrs = this.commonAttrs();
    const first = this.pieces[0]!.source as LgdoArray;
    const shape = [this.nRows, ...first.shape.slice(1)];
    if (type.dtype === "string") {
      const out: string[] = new Array<string>(this.nRows * width).fill("");
      for (const p of this.pieces) {
        const src = (p.source as LgdoArray).data as string[];
        for (let i = 0; i < p.positions.length; i++) {
          for (let k = 0; k < width; k++)
            out[p.positions[i]! * width + k] = src[p.sourceRows[i]! * width + k] ?? "";
        }
      }
      return {
        kind: "array",
        form: first.form,
        element: type.element,
        dtype: "string",
        shape,
        data: out,
        attrs,
      };
    }
    const out = allocNumeric(type.dtype, this.nRows * width);
    if (type.fill !== 0) out.fill(type.fill);
    for (const p of this.pieces) {
      const src = (p.source as LgdoArray).data as NumericData;
      const sameType = src.constructor === out.constructor;
      for (let i = 0; i < p.positions.length; i++) {
        const from = p.sourceRows[i]! * width;
        const to = p.positions[i]! * width;
        if (sameType) out.set(src.subarray(from, from + width), to);
        else for (let k = 0; k < width; k++) out[to + k] = src[from + k]!;
      }
    }
    return {
      kind: "array",
      form: first.form,
      element: type.element,
      dtype: type.dtype,
      shape,
      data: out,
      attrs,
    };
  }

  /** VectorOfVectors output; AoESA pieces join as rows of their width (tables of different widths). */
  private buildVov(): LgdoVectorOfVectors {
    const attrs = this.commonAttrs();
    const lengths = new Float64Array(this.nRows);
    const rowStart = (src: Lgdo, row: number): [number, number] => {
      if (src.kind === "vov") {
        const cl = src.cumulativeLength;
        const start = row === 0 ? 0 : cl[row - 1]!;
        return [start, cl[row]! - start];
      }
      const w = rowWidth(src as LgdoArray);
      return [row * w, w];
    };
    for (const p of this.pieces) {
      for (let i = 0; i < p.positions.length; i++)
        lengths[p.positions[i]!] = rowStart(p.source, p.sourceRows[i]!)[1];
    }
    const cl = new Float64Array(this.nRows);
    let total = 0;
    for (let r = 0; r < this.nRows; r++) {
      total += lengths[r]!;
      cl[r] = total;
    }
    const inner = new ColumnAssembler(`${this.name}/flattened_data`, total);
    let clDtype: NumericDtype = "int64";
    for (const p of this.pieces) {
      let count = 0;
      for (let i = 0; i < p.positions.length; i++) count += rowStart(p.source, p.sourceRows[i]!)[1];
      const positions = new Int32Array(count);
      const rows = new Int32Array(count);
      let k = 0;
      for (let i = 0; i < p.positions.length; i++) {
        const [start, len] = rowStart(p.source, p.sourceRows[i]!);
        const pos = p.positions[i]!;
        const outStart = pos === 0 ? 0 : cl[pos - 1]!;
        for (let j = 0; j < len; j++) {
          positions[k] = outStart + j;
          rows[k++] = start + j;
        }
      }
      const flattened = p.source.kind === "vov" ? p.source.flattened : flatView(p.source as LgdoArray);
      if (p.source.kind === "vov") clDtype = p.source.cumulativeLengthDtype;
      inner.add(positions, flattened, rows, p.where);
    }
    const built = inner.build() ?? emptyLike(this.pieces[0]!.source);
    if (built.kind !== "array" && built.kind !== "vov") throw this.mixedError();
    return { kind: "vov", cumulativeLength: cl, cumulativeLengthDtype: clDtype, flattened: built, attrs };
  }

  private buildTable(): LgdoTable {
    const names: string[] = [];
    const subs = new Map<string, ColumnAssembler>();
    for (const p of this.pieces) {
      const table = p.source as LgdoTable;
      for (const col of table.columnOrder) {
        let sub = subs.get(col);
        if (!sub) {
          subs.set(col, (sub = new ColumnAssembler(`${this.name}/${col}`, this.nRows)));
          names.push(col);
        }
        const column = table.columns[col];
        if (column) sub.add(p.positions, column, p.sourceRows, p.where);
      }
    }
    const columns: Record<string, Lgdo> = {};
    for (const col of names) {
      const built = subs.get(col)!.build();
      if (built) columns[col] = built;
    }
    return {
      kind: "table",
      nRows: this.nRows,
      columns,
      columnOrder: Object.keys(columns),
      attrs: this.commonAttrs(),
    };
  }
}

function arrayKind(a: LgdoArray): "flat" | "nd" {
  return a.shape.length <= 1 ? "flat" : "nd";
}

function describe(obj: Lgdo): string {
  if (obj.kind === "array") return `${obj.dtype} array of shape [${obj.shape.join(",")}]`;
  return obj.kind;
}

function emptyLike(src: Lgdo): LgdoArray {
  const element: ElementType = src.kind === "array" ? src.element : { kind: "real" };
  return {
    kind: "array",
    form: "array",
    element,
    dtype: "float64",
    shape: [0],
    data: new Float64Array(0),
    attrs: {},
  };
}

/** The rows `positions` of a column (any kind the assembler handles), in that order. */
export function takeRows(column: Lgdo, positions: Int32Array): Lgdo {
  const assembler = new ColumnAssembler("column", positions.length);
  assembler.add(identityRows(positions.length), column, positions, "entry list");
  return assembler.build() ?? column;
}

/** Number of rows of a column. */
export function columnLength(column: Lgdo): number {
  switch (column.kind) {
    case "array":
      return column.shape[0] ?? 0;
    case "vov":
      return column.cumulativeLength.length;
    case "table":
      return column.nRows;
    case "encoded":
      return column.encoded.cumulativeLength.length;
    default:
      return 1;
  }
}

/** A 1-d float64/int column as an LGDO array. */
export function numericColumn(data: NumericData, dtype: NumericDtype, attrs: Attrs = {}): LgdoArray {
  return {
    kind: "array",
    form: "array",
    element: { kind: "real" },
    dtype,
    shape: [data.length],
    data,
    attrs,
  };
}

export { identityRows };
