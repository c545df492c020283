// Names an expression reads, from the parsed tree (string contents and function names are not columns).
import { ROW_INDEX_NAME, type Expr } from "./ast.ts";

/**
 * Column names used by `expr`, in order of first use, backticked names unquoted. A bare `index`
 * is left out: it means the row number unless the table has a column of that name.
 */
export function referencedColumns(expr: Expr): string[] {
  const names = new Set<string>();
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case "column":
        if (node.quoted || node.name !== ROW_INDEX_NAME) names.add(node.name);
        return;
      case "unary":
        return visit(node.operand);
      case "arithmetic":
      case "logical":
        visit(node.left);
        return visit(node.right);
      case "compare":
        return node.operands.forEach(visit);
      case "call":
        return node.args.forEach(visit);
      case "method":
        visit(node.target);
        return node.args.forEach(visit);
      default:
        return;
    }
  };
  visit(expr);
  return [...names];
}
