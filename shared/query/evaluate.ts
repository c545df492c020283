// Evaluates an expression tree over a table, one whole column per node: each node yields a
// scalar, a typed array (the column's own, or a fresh Float64Array / Uint8Array) or a string
// list, and operators loop once over those. Fresh masks are reused in place along and/or chains.
import {
  ROW_INDEX_NAME,
  type ArithmeticExpr,
  type ColumnRef,
  type CompareOp,
  type Expr,
  type ListLiteral,
  type LogicalExpr,
  type NumberLiteral,
  type Span,
  type StringLiteral,
} from "./ast.ts";
import { ExpressionTypeError, UnknownColumnError } from "./errors.ts";
import { formatExpression } from "./format.ts";
import { BINARY_MATH, UNARY_MATH } from "./functions.ts";
import {
  andMasks,
  basicArithmetic,
  compareScalars,
  compareText,
  compareVectors,
  compareVectorScalar,
  flipCompare,
  floorMod,
  invertMask,
  mapBinary,
  orMasks,
  applyUnary,
  power,
  powerByScalar,
  roundToFloat32,
  type ArithmeticFn,
  type NumericCompareOp,
} from "./kernels.ts";
import { nearMatches } from "./near-matches.ts";
import { isStringColumn, type NumericColumnValues, type QueryTable } from "./table.ts";

/** One node's result. `f32`: the numbers are float32 values, so constants next to them are rounded to float32 (pandas does so). */
type Value =
  | { readonly kind: "number"; readonly scalar: number }
  | { readonly kind: "numbers"; readonly data: NumericColumnValues; readonly f32: boolean }
  | { readonly kind: "bool"; readonly scalar: boolean }
  | { readonly kind: "bools"; readonly data: Uint8Array }
  | { readonly kind: "string"; readonly scalar: string }
  | { readonly kind: "strings"; readonly data: readonly (string | null)[] };

type Numeric =
  | { scalar: number; data?: undefined; f32: false }
  | { data: NumericColumnValues; f32: boolean; scalar?: undefined };

/** Row mask: 1 where the expression is true. Throws UnknownColumnError / ExpressionTypeError with the token's span. */
export function evaluateMask(expr: Expr, table: QueryTable): Uint8Array {
  const evaluator = new Evaluator(table);
  const value = evaluator.evaluate(expr);
  switch (value.kind) {
    case "bool":
      return new Uint8Array(table.length).fill(value.scalar ? 1 : 0);
    case "bools":
      return evaluator.owned(value.data);
    default:
      throw typeError(
        expr,
        `The expression gives ${kindName(value)}, not true/false: compare it (e.g. ${formatExpression(expr)} > 0)`,
      );
  }
}

/** Value of an arithmetic expression per row, NaN where undefined. */
export function evaluateNumeric(expr: Expr, table: QueryTable): Float64Array {
  const evaluator = new Evaluator(table);
  const value = evaluator.evaluate(expr);
  switch (value.kind) {
    case "number":
      return new Float64Array(table.length).fill(value.scalar);
    case "bool":
      return new Float64Array(table.length).fill(value.scalar ? 1 : 0);
    case "numbers":
      return value.data instanceof Float64Array ? evaluator.owned(value.data) : new Float64Array(value.data);
    case "bools":
      return new Float64Array(value.data);
    default:
      throw typeError(expr, `The expression gives ${kindName(value)}, not numbers`);
  }
}

function kindName(value: Value): string {
  switch (value.kind) {
    case "number":
    case "numbers":
      return "numbers";
    case "bool":
    case "bools":
      return "true/false values";
    default:
      return "text";
  }
}

function typeError(node: Span, message: string): ExpressionTypeError {
  return new ExpressionTypeError(`${message} (at ${node.start}–${node.end})`, node.start, node.end);
}

/** How an operand is named in messages: "column 'x'", "the number 3", "'a + b'". */
function describe(node: Expr): string {
  if (node.kind === "column") return `column '${node.name}'`;
  if (node.kind === "number") return `the number ${node.text}`;
  const text = formatExpression(node);
  return node.kind === "string" ? text : `'${text.length > 40 ? `${text.slice(0, 37)}…` : text}'`;
}

const ARITHMETIC: Readonly<Record<"//" | "%" | "**", ArithmeticFn>> = {
  "//": (x, y) => Math.floor(x / y),
  "%": floorMod,
  "**": power,
};

class Evaluator {
  private readonly columns = new Map<string, Value>();
  /** Buffers of the caller's table (and cached column values): never written, copied when returned. */
  private readonly borrowed = new Set<ArrayBufferView>();
  private readonly length: number;

  constructor(private readonly table: QueryTable) {
    this.length = table.length;
  }

  owned<T extends Float64Array | Uint8Array>(data: T): T {
    return this.borrowed.has(data) ? (data.slice() as T) : data;
  }

  private freshNumbers(data: NumericColumnValues | number): data is Float64Array {
    return data instanceof Float64Array && !this.borrowed.has(data);
  }

  /** A buffer this evaluation made and nobody else holds, so it may be overwritten. */
  private fresh(data: Uint8Array | boolean): data is Uint8Array {
    return typeof data !== "boolean" && !this.borrowed.has(data);
  }

  evaluate(node: Expr): Value {
    switch (node.kind) {
      case "number":
        return { kind: "number", scalar: node.value };
      case "string":
        return { kind: "string", scalar: node.value };
      case "bool":
        return { kind: "bool", scalar: node.value };
      case "column":
        return this.column(node.name, node.quoted, node);
      case "list":
        throw typeError(node, "A list can only follow 'in', 'not in', '==' or '!='");
      case "unary":
        return this.unary(node.op, node.operand);
      case "arithmetic":
        return this.arithmeticChain(node);
      case "logical":
        return this.logicalChain(node);
      case "compare":
        return this.compareChain(node.ops, node.operands);
      case "call":
        return this.call(node.name, node.args, node);
      case "method":
        return this.method(node.method, node.target, node.args, node);
    }
  }

  private column(name: string, quoted: boolean, node: Span): Value {
    const cached = this.columns.get(name);
    if (cached) return cached;
    const column = this.table.column(name);
    let value: Value;
    if (column === undefined) {
      if (name !== ROW_INDEX_NAME || quoted) {
        const available = this.table.columnNames();
        throw new UnknownColumnError(name, available, nearMatches(name, available), node.start, node.end);
      }
      const rows = new Float64Array(this.length);
      for (let i = 0; i < rows.length; i++) rows[i] = i;
      this.borrowed.add(rows);
      value = { kind: "numbers", data: rows, f32: false };
    } else {
      const values = column.values;
      if (values.length !== this.length) {
        throw new Error(
          `Column '${name}' has ${values.length} values, but the table has ${this.length} rows`,
        );
      }
      if (isStringColumn(values)) {
        value = { kind: "strings", data: values };
      } else if (column.isBool === true) {
        const data = boolBytes(values);
        this.borrowed.add(data);
        value = { kind: "bools", data };
      } else {
        this.borrowed.add(values);
        value = { kind: "numbers", data: values, f32: values instanceof Float32Array };
      }
    }
    this.columns.set(name, value);
    return value;
  }

  /** Numbers (booleans count as 0/1), or a type error naming the operand. */
  private numeric(value: Value, node: Expr, context: string): Numeric {
    switch (value.kind) {
      case "number":
        return { scalar: value.scalar, f32: false };
      case "bool":
        return { scalar: value.scalar ? 1 : 0, f32: false };
      case "numbers":
        return { data: value.data, f32: value.f32 };
      case "bools":
        return { data: value.data, f32: false };
      default:
        throw typeError(node, `${context} needs numbers, but ${describe(node)} is text`);
    }
  }

  private mask(value: Value, node: Expr, context: string): Uint8Array | boolean {
    if (value.kind === "bools") return value.data;
    if (value.kind === "bool") return value.scalar;
    throw typeError(
      node,
      `${context} needs true/false values, but ${describe(node)} gives ${kindName(value)}` +
        (value.kind === "numbers" || value.kind === "number"
          ? ` (compare it, e.g. ${formatExpression(node)} > 0)`
          : ""),
    );
  }

  private unary(op: "-" | "+" | "not" | "~", operandNode: Expr): Value {
    const operand = this.evaluate(operandNode);
    if (op === "not" || op === "~") {
      const mask = this.mask(operand, operandNode, `'${op}'`);
      if (typeof mask === "boolean") return { kind: "bool", scalar: !mask };
      return { kind: "bools", data: invertMask(mask, this.fresh(mask) ? mask : undefined) };
    }
    const num = this.numeric(operand, operandNode, `Unary '${op}'`);
    if (op === "+")
      return num.data
        ? { kind: "numbers", data: num.data, f32: num.f32 }
        : { kind: "number", scalar: num.scalar };
    if (num.data === undefined) return { kind: "number", scalar: -num.scalar };
    return { kind: "numbers", data: basicArithmetic(-1, num.data, this.length, "*"), f32: num.f32 };
  }

  private arithmetic(
    op: "+" | "-" | "*" | "/" | "//" | "%" | "**",
    left: Value,
    right: Value,
    node: ArithmeticExpr,
  ): Value {
    const a = this.numeric(left, node.left, `'${op}'`);
    const b = this.numeric(right, node.right, `'${op}'`);
    const f: ArithmeticFn | undefined = op === "//" || op === "%" || op === "**" ? ARITHMETIC[op] : undefined;
    if (a.data === undefined && b.data === undefined) {
      return {
        kind: "number",
        scalar: f ? f(a.scalar, b.scalar) : basicScalar(op as "+" | "-" | "*" | "/", a.scalar, b.scalar),
      };
    }
    // pandas casts a constant next to a float32 column to float32, and the result stays float32.
    const f32 = (a.data === undefined || a.f32) && (b.data === undefined || b.f32);
    const x = a.data ?? (f32 ? Math.fround(a.scalar) : a.scalar);
    const y = b.data ?? (f32 ? Math.fround(b.scalar) : b.scalar);
    // Write into an operand this evaluation allocated, instead of a new array per operator.
    const out = this.freshNumbers(x) ? x : this.freshNumbers(y) ? y : undefined;
    const data =
      op === "**" && typeof y === "number" && typeof x !== "number"
        ? powerByScalar(x, y, out)
        : f
          ? mapBinary(f, x, y, this.length, out)
          : basicArithmetic(x, y, this.length, op as "+" | "-" | "*" | "/", out);
    return { kind: "numbers", data: f32 ? roundToFloat32(data) : data, f32 };
  }

  // Left-associative chains (`t == 'A' or t == 'B' or …`, thousands long for generated key lists)
  // are walked down their left spine in a loop, so their length never deepens the call stack.
  private logicalChain(node: LogicalExpr): Value {
    const spine: LogicalExpr[] = [];
    let leftmost: Expr = node;
    for (; leftmost.kind === "logical"; leftmost = leftmost.left) spine.push(leftmost);
    const keyList = equalityKeyList(leftmost, spine);
    if (keyList)
      return maskValue(this.membership(true, this.evaluate(keyList.column), keyList.column, keyList.list));
    let result = this.mask(this.evaluate(leftmost), leftmost, `'${spine[spine.length - 1]!.op}'`);
    for (let k = spine.length - 1; k >= 0; k--) {
      const step = spine[k]!;
      const right = this.mask(this.evaluate(step.right), step.right, `'${step.op}'`);
      result = this.combine(step.op, result, right);
    }
    return maskValue(result);
  }

  /** a and/or b, written into whichever operand is a fresh buffer when there is one. */
  private combine(op: "and" | "or", a: Uint8Array | boolean, b: Uint8Array | boolean): Uint8Array | boolean {
    if (typeof a === "boolean" && typeof b === "boolean") return op === "and" ? a && b : a || b;
    if (typeof a === "boolean" || typeof b === "boolean") {
      const [flag, mask] = typeof a === "boolean" ? [a, b as Uint8Array] : [b as boolean, a];
      // `x and True` and `x or False` are x; the other two are constant.
      if (op === "and") return flag ? mask : new Uint8Array(mask.length);
      return flag ? new Uint8Array(mask.length).fill(1) : mask;
    }
    const out = this.fresh(a) ? a : this.fresh(b) ? b : undefined;
    return op === "and" ? andMasks(a, b, out) : orMasks(a, b, out);
  }

  private arithmeticChain(node: ArithmeticExpr): Value {
    const spine: ArithmeticExpr[] = [];
    let leftmost: Expr = node;
    for (; leftmost.kind === "arithmetic"; leftmost = leftmost.left) spine.push(leftmost);
    let result = this.evaluate(leftmost);
    for (let k = spine.length - 1; k >= 0; k--) {
      const step = spine[k]!;
      result = this.arithmetic(step.op, result, this.evaluate(step.right), step);
    }
    return result;
  }

  private compareChain(ops: readonly CompareOp[], operands: readonly Expr[]): Value {
    // Each operand is evaluated once; `a < b < c` is `(a < b) and (b < c)`.
    const values = operands.map((operand) => (operand.kind === "list" ? undefined : this.evaluate(operand)));
    let result: Uint8Array | boolean = true;
    ops.forEach((op, k) => {
      const pair = this.comparePair(op, operands[k]!, values[k], operands[k + 1]!, values[k + 1]);
      result = k === 0 ? pair : this.combine("and", result, pair);
    });
    return maskValue(result);
  }

  private comparePair(
    op: CompareOp,
    leftNode: Expr,
    left: Value | undefined,
    rightNode: Expr,
    right: Value | undefined,
  ): Uint8Array | boolean {
    if (rightNode.kind === "list" && left !== undefined) {
      return this.membership(op === "in" || op === "==", left, leftNode, rightNode);
    }
    if (leftNode.kind === "list" && right !== undefined) {
      return this.membership(op === "==", right, rightNode, leftNode);
    }
    if (left === undefined || right === undefined) {
      throw typeError(leftNode.kind === "list" ? leftNode : rightNode, "Two lists cannot be compared");
    }
    const numericOp = op as NumericCompareOp;
    const leftText = left.kind === "string" || left.kind === "strings";
    const rightText = right.kind === "string" || right.kind === "strings";
    if (leftText !== rightText) {
      const textNode = leftText ? leftNode : rightNode;
      const otherNode = leftText ? rightNode : leftNode;
      throw typeError(
        otherNode,
        `Cannot compare text (${describe(textNode)}) with ${kindName(leftText ? right : left)} (${describe(otherNode)})` +
          (otherNode.kind === "number" ? ` — quote it: '${otherNode.text}'` : ""),
      );
    }
    if (leftText) return this.compareStrings(numericOp, left, right);
    return this.compareNumbers(
      numericOp,
      this.numeric(left, leftNode, `'${op}'`),
      this.numeric(right, rightNode, `'${op}'`),
    );
  }

  private compareNumbers(op: NumericCompareOp, a: Numeric, b: Numeric): Uint8Array | boolean {
    if (a.data === undefined && b.data === undefined) return compareScalars(op, a.scalar, b.scalar);
    if (a.data !== undefined && b.data !== undefined) return compareVectors(op, a.data, b.data);
    if (a.data !== undefined)
      return compareVectorScalar(op, a.data, a.f32 ? Math.fround(b.scalar!) : b.scalar!);
    return compareVectorScalar(flipCompare(op), b.data!, b.f32 ? Math.fround(a.scalar) : a.scalar);
  }

  private compareStrings(op: NumericCompareOp, left: Value, right: Value): Uint8Array | boolean {
    const a = left.kind === "strings" ? left.data : left.kind === "string" ? left.scalar : null;
    const b = right.kind === "strings" ? right.data : right.kind === "string" ? right.scalar : null;
    if (typeof a !== "object" && typeof b !== "object") return compareText(op, a, b);
    const out = new Uint8Array(this.length);
    for (let i = 0; i < out.length; i++) {
      const x = typeof a === "string" ? a : a![i]!;
      const y = typeof b === "string" ? b : b![i]!;
      out[i] = compareText(op, x ?? null, y ?? null) ? 1 : 0;
    }
    return out;
  }

  private membership(
    inside: boolean,
    value: Value,
    valueNode: Expr,
    list: ListLiteral,
  ): Uint8Array | boolean {
    const found = this.memberOf(value, valueNode, list);
    if (typeof found === "boolean") return inside ? found : !found;
    return inside ? found : invertMask(found);
  }

  private memberOf(value: Value, valueNode: Expr, list: ListLiteral): Uint8Array | boolean {
    if (value.kind === "string" || value.kind === "strings") {
      const wanted = new Set<string>();
      for (const item of list.items) {
        if (item.kind !== "string") {
          throw typeError(
            item,
            `${describe(valueNode)} is text, but the list holds ${describe(item)} (quote it)`,
          );
        }
        wanted.add(item.value);
      }
      if (value.kind === "string") return wanted.has(value.scalar);
      const out = new Uint8Array(this.length);
      const data = value.data;
      for (let i = 0; i < out.length; i++) {
        const s = data[i];
        out[i] = s !== null && s !== undefined && wanted.has(s) ? 1 : 0;
      }
      return out;
    }
    const num = this.numeric(value, valueNode, "'in'");
    const wanted = new Set<number>();
    for (const item of list.items) {
      if (item.kind === "string") {
        throw typeError(
          item,
          `${describe(valueNode)} holds numbers, but the list holds text ${describe(item)}`,
        );
      }
      const x = item.kind === "bool" ? (item.value ? 1 : 0) : item.value;
      wanted.add(num.f32 ? Math.fround(x) : x);
    }
    if (num.data === undefined) return wanted.has(num.scalar);
    const out = new Uint8Array(this.length);
    const data = num.data;
    if (wanted.size === 1) {
      const only = wanted.values().next().value!;
      for (let i = 0; i < out.length; i++) out[i] = data[i] === only ? 1 : 0;
    } else {
      for (let i = 0; i < out.length; i++) out[i] = wanted.has(data[i]!) ? 1 : 0;
    }
    return out;
  }

  private call(name: string, argNodes: readonly Expr[], node: Expr): Value {
    const args = argNodes.map((arg) => this.evaluate(arg));
    if (name === "where") return this.where(args, argNodes);
    if (name === "isnan") {
      const x = this.numeric(args[0]!, argNodes[0]!, "isnan()");
      if (x.data === undefined) return { kind: "bool", scalar: Number.isNaN(x.scalar) };
      const out = new Uint8Array(this.length);
      for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(x.data[i]) ? 1 : 0;
      return { kind: "bools", data: out };
    }
    // Own names only: `constructor(x)` must be an unknown function, not Object's constructor.
    const unary = Object.hasOwn(UNARY_MATH, name) ? UNARY_MATH[name] : undefined;
    if (unary !== undefined) {
      const x = this.numeric(args[0]!, argNodes[0]!, `${name}()`);
      if (x.data === undefined) return { kind: "number", scalar: unary(x.scalar) };
      const out = applyUnary(name, unary, x.data, this.freshNumbers(x.data) ? x.data : undefined);
      return { kind: "numbers", data: x.f32 ? roundToFloat32(out) : out, f32: x.f32 };
    }
    const binary = Object.hasOwn(BINARY_MATH, name) ? BINARY_MATH[name] : undefined;
    if (binary === undefined) throw typeError(node, `Unknown function '${name}'`);
    const a = this.numeric(args[0]!, argNodes[0]!, `${name}()`);
    const b = this.numeric(args[1]!, argNodes[1]!, `${name}()`);
    if (a.data === undefined && b.data === undefined)
      return { kind: "number", scalar: binary(a.scalar, b.scalar) };
    return {
      kind: "numbers",
      data: mapBinary(binary, a.data ?? a.scalar, b.data ?? b.scalar, this.length),
      f32: false,
    };
  }

  /** where(condition, a, b): a where the condition holds, else b (numbers, or true/false values). */
  private where(args: readonly Value[], argNodes: readonly Expr[]): Value {
    const condition = this.mask(args[0]!, argNodes[0]!, "where()'s condition");
    const [a, b] = [args[1]!, args[2]!];
    const bothMasks = (a.kind === "bool" || a.kind === "bools") && (b.kind === "bool" || b.kind === "bools");
    if (bothMasks) {
      const x = this.mask(a, argNodes[1]!, "where()");
      const y = this.mask(b, argNodes[2]!, "where()");
      const pick = (i: number, m: Uint8Array | boolean): number =>
        typeof m === "boolean" ? (m ? 1 : 0) : m[i]!;
      if (typeof condition === "boolean") return condition ? maskValue(x) : maskValue(y);
      const out = new Uint8Array(this.length);
      for (let i = 0; i < out.length; i++) out[i] = condition[i] !== 0 ? pick(i, x) : pick(i, y);
      return { kind: "bools", data: out };
    }
    const x = this.numeric(a, argNodes[1]!, "where()");
    const y = this.numeric(b, argNodes[2]!, "where()");
    if (typeof condition === "boolean") {
      const chosen = condition ? x : y;
      return chosen.data
        ? { kind: "numbers", data: chosen.data, f32: chosen.f32 }
        : { kind: "number", scalar: chosen.scalar };
    }
    const out = new Float64Array(this.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = condition[i] !== 0 ? (x.data ? x.data[i]! : x.scalar) : y.data ? y.data[i]! : y.scalar;
    }
    return { kind: "numbers", data: out, f32: x.f32 && y.f32 };
  }

  private method(method: string, targetNode: Expr, argNodes: readonly Expr[], node: Expr): Value {
    if (method === "between") {
      // pandas' default inclusive="both": lo <= x <= hi.
      const chain: Expr = {
        kind: "compare",
        ops: ["<=", "<="],
        operands: [argNodes[0]!, targetNode, argNodes[1]!],
        opSpans: [node, node],
        start: node.start,
        end: node.end,
      };
      return this.evaluate(chain);
    }
    const target = this.evaluate(targetNode);
    const arg = this.evaluate(argNodes[0]!);
    if (arg.kind !== "string") throw typeError(argNodes[0]!, `.${method}() needs a quoted text argument`);
    if (target.kind !== "strings" && target.kind !== "string") {
      throw typeError(
        targetNode,
        `.${method}() needs a text column, but ${describe(targetNode)} gives ${kindName(target)}`,
      );
    }
    const pattern = arg.scalar;
    if (method === "str.contains" && /[.^$*+?()[\]{}|\\]/.test(pattern)) {
      throw typeError(
        argNodes[0]!,
        ".str.contains() with regular-expression characters is not supported; use plain text or .str.startswith()",
      );
    }
    const test =
      method === "str.startswith"
        ? (s: string): boolean => s.startsWith(pattern)
        : method === "str.endswith"
          ? (s: string): boolean => s.endsWith(pattern)
          : (s: string): boolean => s.includes(pattern);
    if (target.kind === "string") return { kind: "bool", scalar: test(target.scalar) };
    const out = new Uint8Array(this.length);
    for (let i = 0; i < out.length; i++) {
      const s = target.data[i];
      out[i] = typeof s === "string" && test(s) ? 1 : 0;
    }
    return { kind: "bools", data: out };
  }
}

/** 0/1 bytes of a bool column: the column itself when it already is 0/1 bytes, else a normalised copy. */
function boolBytes(values: NumericColumnValues): Uint8Array {
  if (values instanceof Uint8Array) {
    let allBits = true;
    for (let i = 0; i < values.length && allBits; i++) allBits = values[i]! <= 1;
    if (allBits) return values;
  }
  return Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
}

function basicScalar(op: "+" | "-" | "*" | "/", x: number, y: number): number {
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return x / y;
  }
}

function maskValue(mask: Uint8Array | boolean): Value {
  return typeof mask === "boolean" ? { kind: "bool", scalar: mask } : { kind: "bools", data: mask };
}

/**
 * `c == k1 or c == k2 or …` (what a list of FileDB keys becomes) as one `c in [k1, k2, …]`: one
 * pass with a set lookup instead of one pass per key. Same answer, since `in` is `==` per item.
 */
function equalityKeyList(
  leftmost: Expr,
  spine: readonly LogicalExpr[],
): { column: ColumnRef; list: ListLiteral } | undefined {
  if (spine.length < 2 || spine.some((step) => step.op !== "or")) return undefined;
  const terms = [leftmost, ...spine.map((step) => step.right).reverse()];
  let column: ColumnRef | undefined;
  const items: (StringLiteral | NumberLiteral)[] = [];
  for (const term of terms) {
    if (term.kind !== "compare" || term.ops.length !== 1 || term.ops[0] !== "==") return undefined;
    const [left, right] = term.operands as [Expr, Expr];
    const [ref, key] = left.kind === "column" ? [left, right] : [right, left];
    if (ref.kind !== "column" || (key.kind !== "string" && key.kind !== "number")) return undefined;
    if (column !== undefined && (ref.name !== column.name || ref.quoted !== column.quoted)) return undefined;
    column ??= ref;
    items.push(key);
  }
  if (column === undefined) return undefined;
  const list: ListLiteral = { kind: "list", items, tuple: false, start: leftmost.start, end: spine[0]!.end };
  return { column, list };
}
