// Test helpers: row selection on in-memory LGDOs (the expected result of a partial read) and a
// plain-JSON form for deep comparison of typed arrays with their element type kept.
import type { Lgdo, NumericData } from "../../../../shared/lgdo/model.ts";

function take<T extends NumericData | string[]>(data: T, perRow: number, rows: number[]): T {
  const parts: number[][] | string[][] = [];
  for (const r of rows)
    parts.push(Array.from(data.slice(r * perRow, (r + 1) * perRow) as unknown as ArrayLike<never>));
  const flat = (parts as unknown[][]).flat();
  if (Array.isArray(data)) return flat as T;
  const Ctor = data.constructor as new (values: number[]) => T;
  return new Ctor(flat as number[]);
}

/** The rows `rows` of an LGDO, as a partial read must return them. */
export function takeRows(obj: Lgdo, rows: number[]): Lgdo {
  switch (obj.kind) {
    case "array": {
      const perRow = obj.shape.slice(1).reduce((a, b) => a * b, 1);
      return { ...obj, shape: [rows.length, ...obj.shape.slice(1)], data: take(obj.data, perRow, rows) };
    }
    case "vov": {
      const flatRows: number[] = [];
      const cl = new Float64Array(rows.length);
      let total = 0;
      rows.forEach((r, k) => {
        const start = r === 0 ? 0 : (obj.cumulativeLength[r - 1] ?? 0);
        const stop = obj.cumulativeLength[r] ?? 0;
        for (let i = start; i < stop; i++) flatRows.push(i);
        total += stop - start;
        cl[k] = total;
      });
      return {
        ...obj,
        cumulativeLength: cl,
        flattened: takeRows(obj.flattened, flatRows) as typeof obj.flattened,
      };
    }
    case "encoded": {
      const encoded = takeRows(obj.encoded, rows) as typeof obj.encoded;
      const decodedSize =
        typeof obj.decodedSize === "number"
          ? obj.decodedSize
          : Float64Array.from(rows, (r) => (obj.decodedSize as Float64Array)[r] ?? 0);
      return { ...obj, encoded, decodedSize };
    }
    case "table": {
      const columns: Record<string, Lgdo> = {};
      for (const [name, col] of Object.entries(obj.columns)) columns[name] = takeRows(col, rows);
      return { ...obj, nRows: rows.length, columns };
    }
    default:
      return obj;
  }
}

/** JSON-comparable form: typed arrays become {type, values}. */
export function toPlain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      ArrayBuffer.isView(v) && !(v instanceof DataView)
        ? { type: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number>) }
        : v,
    ),
  );
}

export const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);
