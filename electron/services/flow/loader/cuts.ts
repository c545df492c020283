// Cuts per level in the shared expression language (flow-spec §4.3): parsed once, checked against the
// columns the level's tiers have (an unknown name lists them, with near matches), evaluated per table
// over typed arrays. Entry-list columns and array-valued columns are refused with a clear error (§6 item 9).
import type { Lgdo, LgdoArray } from "../../../../shared/lgdo/model.ts";
import {
  type ColumnRef,
  type Expr,
  ExpressionError,
  ExpressionTypeError,
  type QueryColumn,
  UnknownColumnError,
  evaluateMask,
  nearMatches,
  parseExpression,
  referencedColumns,
  tableFromColumns,
} from "../../../../shared/query/index.ts";

export interface PreparedCut {
  level: string;
  text: string;
  expr: Expr;
  /** Data columns the cut reads, in order of first use. */
  columns: string[];
}

/** Every column reference in the tree (with its span), in source order. */
function columnRefs(expr: Expr, out: ColumnRef[] = []): ColumnRef[] {
  switch (expr.kind) {
    case "column":
      out.push(expr);
      break;
    case "unary":
      columnRefs(expr.operand, out);
      break;
    case "arithmetic":
    case "logical":
      columnRefs(expr.left, out);
      columnRefs(expr.right, out);
      break;
    case "compare":
      for (const operand of expr.operands) columnRefs(operand, out);
      break;
    case "call":
      for (const arg of expr.args) columnRefs(arg, out);
      break;
    case "method":
      columnRefs(expr.target, out);
      for (const arg of expr.args) columnRefs(arg, out);
      break;
    default:
      break;
  }
  return out;
}

/** Names of the entry list's own columns (`file`, `{level}_table`, `{level}_idx`), which no cut can see. */
export function entryColumnNames(levels: readonly { name: string }[]): string[] {
  const names = ["file"];
  for (const level of levels) names.push(`${level.name}_table`, `${level.name}_idx`);
  return names;
}

/**
 * Parses and checks a level's cut. `known` = every column the level's tiers have; `entryColumns` = names
 * of the entry list (`hit_table`, `file`, …), which a cut cannot see.
 */
export function prepareCut(
  level: string,
  text: string,
  known: readonly string[],
  entryColumns: readonly string[],
): PreparedCut {
  let expr: Expr;
  try {
    expr = parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) {
      throw new ExpressionError(`${level} cut '${text}': ${error.message}`, error.position, error.end);
    }
    throw error;
  }
  const knownSet = new Set(known);
  const columns = referencedColumns(expr);
  for (const ref of columnRefs(expr)) {
    if (!columns.includes(ref.name) || knownSet.has(ref.name)) continue;
    if (entryColumns.includes(ref.name)) {
      throw new ExpressionError(
        `${level} cut '${text}': '${ref.name}' at ${ref.start}–${ref.end} is an entry-list column, not a data ` +
          `column; select channels with datastreams and cycles with the file query instead`,
        ref.start,
        ref.end,
      );
    }
    throw new UnknownColumnError(ref.name, known, nearMatches(ref.name, known), ref.start, ref.end);
  }
  return { level, text, expr, columns };
}

/** A read column as a query column; array-valued columns (AoESA, VoV) are refused. */
export function queryColumnOf(
  name: string,
  column: Lgdo | undefined,
  cut: PreparedCut,
  where: string,
): QueryColumn {
  if (!column || column.kind !== "array" || column.shape.length > 1) {
    const what = column
      ? column.kind === "array"
        ? `an array of shape [${column.shape.join(",")}]`
        : `a ${column.kind}`
      : "missing";
    const ref = columnRefs(cut.expr).find((r) => r.name === name);
    throw new ExpressionTypeError(
      `${cut.level} cut '${cut.text}': column '${name}' in ${where} is ${what}; cuts need one value per row`,
      ref?.start ?? 0,
      ref?.end ?? cut.text.length,
    );
  }
  const array: LgdoArray = column;
  return array.element.kind === "bool" ? { values: array.data, isBool: true } : { values: array.data };
}

/** Evaluates a cut over columns of `length` rows read from one table; 1 = passes. */
export function evaluateCut(
  cut: PreparedCut,
  length: number,
  columns: Record<string, QueryColumn>,
): Uint8Array {
  return evaluateMask(cut.expr, tableFromColumns(length, columns));
}
