// Names an expression reads, from the parsed tree (string contents and function names are not columns).
import { ROW_INDEX_NAME, type ColumnRef, type Expr } from "./ast.ts";

/**
 * Column names used by `expr`, in order of first use, backticked names unquoted. A bare `index`
 * is left out: it means the row number unless the table has a column of that name.
 */
export function referencedColumns(expr: Expr): string[] {
  const names = new Set<string>();
  for (const ref of columnReferences(expr)) {
    if (ref.quoted || ref.name !== ROW_INDEX_NAME) names.add(ref.name);
  }
  return [...names];
}

/** Every column reference node (with its span), in source order, including repeats and a bare `index`. */
export function columnReferences(expr: Expr): ColumnRef[] {
  const found: ColumnRef[] = [];
  // An explicit stack (children pushed in reverse) keeps source order without deep recursion.
  const stack: Expr[] = [expr];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    switch (node.kind) {
      case "column":
        found.push(node);
        break;
      case "unary":
        stack.push(node.operand);
        break;
      case "arithmetic":
      case "logical":
        stack.push(node.right, node.left);
        break;
      case "compare":
        stack.push(...[...node.operands].reverse());
        break;
      case "call":
        stack.push(...[...node.args].reverse());
        break;
      case "method":
        stack.push(...[...node.args].reverse(), node.target);
        break;
      default:
        break;
    }
  }
  return found;
}
