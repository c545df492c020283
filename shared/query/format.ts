// Canonical text of an expression: pandas.query syntax with the fewest brackets that keep the
// meaning (used for "Copy as Python" and to describe operands in error messages).
import type { ArithmeticExpr, Expr, LogicalExpr } from "./ast.ts";

const RESERVED = new Set([
  "and",
  "or",
  "not",
  "in",
  "is",
  "True",
  "False",
  "None",
  "lambda",
  "if",
  "else",
  "for",
]);

// Binding strength of each node; a child weaker than its slot needs brackets.
const Prec = { Or: 1, And: 2, Not: 3, Compare: 4, Sum: 5, Term: 6, Unary: 7, Power: 8, Atom: 9 } as const;
type Prec = number;

function precedence(expr: Expr): Prec {
  switch (expr.kind) {
    case "logical":
      return expr.op === "or" ? Prec.Or : Prec.And;
    case "unary":
      return expr.op === "not" ? Prec.Not : Prec.Unary;
    case "compare":
      return Prec.Compare;
    case "arithmetic":
      if (expr.op === "+" || expr.op === "-") return Prec.Sum;
      return expr.op === "**" ? Prec.Power : Prec.Term;
    default:
      return Prec.Atom;
  }
}

export function formatString(value: string): string {
  const escaped = value
    .replaceAll("\\", "\\\\")
    .replaceAll("'", "\\'")
    .replaceAll("\n", "\\n")
    .replaceAll("\r", "\\r")
    .replaceAll("\t", "\\t")
    .replaceAll("\0", "\\0");
  return `'${escaped}'`;
}

export function formatColumnName(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !RESERVED.has(name) ? name : `\`${name}\``;
}

/** The canonical pandas.query text of `expr`. */
export function formatExpression(expr: Expr): string {
  return format(expr, Prec.Or);
}

function format(expr: Expr, slot: Prec): string {
  const text = formatBare(expr);
  return precedence(expr) < slot ? `(${text})` : text;
}

function formatBare(expr: Expr): string {
  switch (expr.kind) {
    case "number":
      return expr.text;
    case "string":
      return formatString(expr.value);
    case "bool":
      return expr.value ? "True" : "False";
    case "column":
      return formatColumnName(expr.name);
    case "list": {
      const items = expr.items.map((item) => format(item, Prec.Or));
      if (!expr.tuple) return `[${items.join(", ")}]`;
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    }
    case "unary":
      return expr.op === "not"
        ? `not ${format(expr.operand, Prec.Not)}`
        : `${expr.op}${format(expr.operand, Prec.Unary)}`;
    case "logical":
      return formatChain(expr);
    case "compare":
      return expr.operands
        .map((operand, k) => (k === 0 ? "" : ` ${expr.ops[k - 1]} `) + format(operand, Prec.Sum))
        .join("");
    case "arithmetic": {
      if (expr.op === "**") return `${format(expr.left, Prec.Atom)} ** ${format(expr.right, Prec.Unary)}`;
      return formatChain(expr);
    }
    case "call":
      return `${expr.name}(${expr.args.map((arg) => format(arg, Prec.Or)).join(", ")})`;
    case "method":
      return `${format(expr.target, Prec.Atom)}.${expr.method}(${expr.args.map((arg) => format(arg, Prec.Or)).join(", ")})`;
  }
}

/**
 * `a op b op c …` of one precedence level, printed by walking the left spine in a loop so a chain
 * of thousands of terms (generated key lists) does not deepen the call stack.
 */
function formatChain(expr: LogicalExpr | ArithmeticExpr): string {
  const own = precedence(expr);
  const spine: (LogicalExpr | ArithmeticExpr)[] = [];
  let leftmost: Expr = expr;
  while ((leftmost.kind === "logical" || leftmost.kind === "arithmetic") && precedence(leftmost) === own) {
    spine.push(leftmost);
    leftmost = leftmost.left;
  }
  let text = format(leftmost, own);
  for (let k = spine.length - 1; k >= 0; k--) {
    const step = spine[k]!;
    text += ` ${step.op} ${format(step.right, own + 1)}`;
  }
  return text;
}
