// Instant validation of a cut in the renderer: syntax with shared/query's parser, and column names
// against the columns of the level's tiers; errors carry the offending span.
import type { SerializedError } from "../../../shared/api/errors.ts";
import {
  columnReferences,
  ExpressionError,
  parseExpression,
  ROW_INDEX_NAME,
} from "../../../shared/query/index.ts";
import { nearMatches } from "../../../shared/query/near-matches.ts";

/** Null when the cut is empty or valid; `columns` null = names not known yet (syntax only). */
export function validateCut(text: string, columns: ReadonlySet<string> | null): SerializedError | null {
  if (text.trim() === "") return null;
  let expr;
  try {
    expr = parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError)
      return { name: error.name, message: error.message, position: error.position, end: error.end };
    return { name: "Error", message: String(error) };
  }
  if (!columns) return null;
  for (const ref of columnReferences(expr)) {
    if (ref.name === ROW_INDEX_NAME || columns.has(ref.name)) continue;
    const near = nearMatches(ref.name, columns);
    const hint = near.length > 0 ? `; did you mean ${near.map((s) => `'${s}'`).join(" or ")}?` : "";
    return {
      name: "UnknownColumnError",
      message: `Unknown column '${ref.name}' at ${ref.start}–${ref.end}${hint}`,
      position: ref.start,
      end: ref.end,
    };
  }
  return null;
}
