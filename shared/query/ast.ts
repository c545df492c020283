// The expression tree. Every node keeps the character span `[start, end)` of its source text
// so that evaluation errors point at the right token.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in";
export type ArithmeticOp = "+" | "-" | "*" | "/" | "//" | "%" | "**";
export type UnaryOp = "-" | "+" | "not" | "~";
export type LogicalOp = "and" | "or";
/** Methods on a column: `x.between(a, b)`, `s.str.startswith('p0')` … */
export type MethodName = "between" | "str.startswith" | "str.endswith" | "str.contains";

export interface NumberLiteral extends Span {
  readonly kind: "number";
  readonly value: number;
  /** The source spelling, kept so that printing gives back exactly what was typed. */
  readonly text: string;
}
export interface StringLiteral extends Span {
  readonly kind: "string";
  readonly value: string;
}
export interface BoolLiteral extends Span {
  readonly kind: "bool";
  readonly value: boolean;
}
export interface ColumnRef extends Span {
  readonly kind: "column";
  readonly name: string;
  /** Written in backticks (`` `my col` ``). */
  readonly quoted: boolean;
}
/** A list or tuple literal of constants; only allowed next to `in`, `not in`, `==` and `!=`. */
export interface ListLiteral extends Span {
  readonly kind: "list";
  readonly items: readonly (NumberLiteral | StringLiteral | BoolLiteral)[];
  readonly tuple: boolean;
}
export interface UnaryExpr extends Span {
  readonly kind: "unary";
  readonly op: UnaryOp;
  readonly operand: Expr;
}
export interface ArithmeticExpr extends Span {
  readonly kind: "arithmetic";
  readonly op: ArithmeticOp;
  readonly left: Expr;
  readonly right: Expr;
  /** Span of the operator token, for type errors. */
  readonly opStart: number;
}
/** `a < b <= c` is one node with operands [a, b, c] and ops ['<', '<=']. */
export interface CompareExpr extends Span {
  readonly kind: "compare";
  readonly ops: readonly CompareOp[];
  readonly operands: readonly Expr[];
  readonly opSpans: readonly Span[];
}
export interface LogicalExpr extends Span {
  readonly kind: "logical";
  readonly op: LogicalOp;
  readonly left: Expr;
  readonly right: Expr;
}
export interface CallExpr extends Span {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly Expr[];
}
export interface MethodExpr extends Span {
  readonly kind: "method";
  readonly method: MethodName;
  readonly target: Expr;
  readonly args: readonly Expr[];
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | BoolLiteral
  | ColumnRef
  | ListLiteral
  | UnaryExpr
  | ArithmeticExpr
  | CompareExpr
  | LogicalExpr
  | CallExpr
  | MethodExpr;

/** The pseudo-column that pandas resolves to the row number when no column has that name. */
export const ROW_INDEX_NAME = "index";
