// Column-at-a-time loops: one pass over a typed array per operation, no per-row interpretation.
// They read the columns' own typed arrays (no conversion copies: allocating and first touching
// 8 bytes per row cost more than the loops themselves); results are Uint8Array or Float64Array.
import type { NumericColumnValues } from "./table.ts";

type Numbers = NumericColumnValues;

export type NumericCompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** The operator that gives the same answer with its operands swapped. */
export function flipCompare(op: NumericCompareOp): NumericCompareOp {
  switch (op) {
    case "<":
      return ">";
    case "<=":
      return ">=";
    case ">":
      return "<";
    case ">=":
      return "<=";
    default:
      return op;
  }
}

/** a[i] op s; NaN compares false except with != (IEEE, as numpy). */
export function compareVectorScalar(op: NumericCompareOp, a: Numbers, s: number): Uint8Array {
  const n = a.length;
  const out = new Uint8Array(n);
  switch (op) {
    case "==":
      for (let i = 0; i < n; i++) out[i] = a[i] === s ? 1 : 0;
      break;
    case "!=":
      for (let i = 0; i < n; i++) out[i] = a[i] !== s ? 1 : 0;
      break;
    case "<":
      for (let i = 0; i < n; i++) out[i] = a[i]! < s ? 1 : 0;
      break;
    case "<=":
      for (let i = 0; i < n; i++) out[i] = a[i]! <= s ? 1 : 0;
      break;
    case ">":
      for (let i = 0; i < n; i++) out[i] = a[i]! > s ? 1 : 0;
      break;
    case ">=":
      for (let i = 0; i < n; i++) out[i] = a[i]! >= s ? 1 : 0;
      break;
  }
  return out;
}

export function compareVectors(op: NumericCompareOp, a: Numbers, b: Numbers): Uint8Array {
  const n = a.length;
  const out = new Uint8Array(n);
  switch (op) {
    case "==":
      for (let i = 0; i < n; i++) out[i] = a[i] === b[i] ? 1 : 0;
      break;
    case "!=":
      for (let i = 0; i < n; i++) out[i] = a[i] !== b[i] ? 1 : 0;
      break;
    case "<":
      for (let i = 0; i < n; i++) out[i] = a[i]! < b[i]! ? 1 : 0;
      break;
    case "<=":
      for (let i = 0; i < n; i++) out[i] = a[i]! <= b[i]! ? 1 : 0;
      break;
    case ">":
      for (let i = 0; i < n; i++) out[i] = a[i]! > b[i]! ? 1 : 0;
      break;
    case ">=":
      for (let i = 0; i < n; i++) out[i] = a[i]! >= b[i]! ? 1 : 0;
      break;
  }
  return out;
}

export function compareScalars(op: NumericCompareOp, a: number, b: number): boolean {
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/** Text comparison by code unit; a null (missing) string compares false except with !=. */
export function compareText(op: NumericCompareOp, a: string | null, b: string | null): boolean {
  if (a === null || b === null) return op === "!=";
  return compareScalars(op, a < b ? -1 : a > b ? 1 : 0, 0);
}

/** a AND b per row; `out` may be `a` or `b` itself (each row is read before it is written). */
export function andMasks(
  a: Uint8Array,
  b: Uint8Array,
  out: Uint8Array = new Uint8Array(a.length),
): Uint8Array {
  const n = a.length;
  for (let i = 0; i < n; i++) out[i] = a[i] !== 0 && b[i] !== 0 ? 1 : 0;
  return out;
}

export function orMasks(
  a: Uint8Array,
  b: Uint8Array,
  out: Uint8Array = new Uint8Array(a.length),
): Uint8Array {
  const n = a.length;
  for (let i = 0; i < n; i++) out[i] = a[i] !== 0 || b[i] !== 0 ? 1 : 0;
  return out;
}

export function invertMask(a: Uint8Array, out: Uint8Array = new Uint8Array(a.length)): Uint8Array {
  const n = a.length;
  for (let i = 0; i < n; i++) out[i] = a[i] === 0 ? 1 : 0;
  return out;
}

export type ArithmeticFn = (x: number, y: number) => number;

/** numpy's remainder: the result takes the sign of the divisor. */
export function floorMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

/** C pow: 1 ** anything is 1 (JS gives NaN for 1 ** NaN). */
export function power(x: number, y: number): number {
  return x === 1 ? 1 : x ** y;
}

/** Applies f elementwise (`out` may be one of the inputs); `a`/`b` are a vector or a scalar, at least one a vector of length n. */
export function mapBinary(
  f: ArithmeticFn,
  a: Numbers | number,
  b: Numbers | number,
  n: number,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  if (typeof a === "number") {
    const bv = b as Numbers;
    for (let i = 0; i < n; i++) out[i] = f(a, bv[i]!);
  } else if (typeof b === "number") {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b);
  } else {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
  }
  return out;
}

/** The four common operators get their own loops; they dominate derived-column work. */
export function basicArithmetic(
  a: Numbers | number,
  b: Numbers | number,
  n: number,
  op: "+" | "-" | "*" | "/",
  out: Float64Array = new Float64Array(n),
): Float64Array {
  if (typeof a === "number" && typeof b !== "number") {
    if (op === "+") for (let i = 0; i < n; i++) out[i] = a + b[i]!;
    else if (op === "-") for (let i = 0; i < n; i++) out[i] = a - b[i]!;
    else if (op === "*") for (let i = 0; i < n; i++) out[i] = a * b[i]!;
    else for (let i = 0; i < n; i++) out[i] = a / b[i]!;
  } else if (typeof a !== "number" && typeof b === "number") {
    if (op === "+") for (let i = 0; i < n; i++) out[i] = a[i]! + b;
    else if (op === "-") for (let i = 0; i < n; i++) out[i] = a[i]! - b;
    else if (op === "*") for (let i = 0; i < n; i++) out[i] = a[i]! * b;
    else for (let i = 0; i < n; i++) out[i] = a[i]! / b;
  } else if (typeof a !== "number" && typeof b !== "number") {
    if (op === "+") for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
    else if (op === "-") for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
    else if (op === "*") for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
    else for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
  } else {
    throw new Error("basicArithmetic needs at least one vector");
  }
  return out;
}

/** Rounds every value to float32 in place (float32 columns compute in float32, as numexpr does). */
export function roundToFloat32(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) values[i] = Math.fround(values[i]!);
  return values;
}

/** x ** s for a constant exponent; squares and square roots get their own loops (the common cases). */
export function powerByScalar(
  x: Numbers,
  s: number,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const n = x.length;
  if (s === 2) for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
  else if (s === 0.5) for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
  else for (let i = 0; i < n; i++) out[i] = x[i] === 1 ? 1 : x[i]! ** s;
  return out;
}

/** f applied to every value; the most used functions get a loop without a call per row. */
export function applyUnary(
  name: string,
  f: (x: number) => number,
  x: Numbers,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const n = x.length;
  switch (name) {
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
      break;
    case "abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
      break;
    case "log":
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
      break;
    case "log10":
      for (let i = 0; i < n; i++) out[i] = Math.log10(x[i]!);
      break;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = f(x[i]!);
  }
  return out;
}
