// Errors of the expression language. Every one carries the 0-based character span of the
// token it is about, so editors can underline it.

/** A syntax or meaning error in an expression, with the offending span `[position, end)`. */
export class ExpressionError extends Error {
  override name = "ExpressionError";
  constructor(
    message: string,
    readonly position: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** A name that is not a column of the table being filtered. */
export class UnknownColumnError extends ExpressionError {
  override name = "UnknownColumnError";
  constructor(
    readonly column: string,
    readonly available: readonly string[],
    readonly suggestions: readonly string[],
    position: number,
    end: number,
  ) {
    super(unknownColumnMessage(column, available, suggestions, position, end), position, end);
  }
}

/** Operands of the wrong kind, e.g. a text column compared with a number. */
export class ExpressionTypeError extends ExpressionError {
  override name = "ExpressionTypeError";
}

const MAX_LISTED_COLUMNS = 40;

function unknownColumnMessage(
  column: string,
  available: readonly string[],
  suggestions: readonly string[],
  position: number,
  end: number,
): string {
  const hint =
    suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(" or ")}?` : ".";
  const shown = available.slice(0, MAX_LISTED_COLUMNS).join(", ");
  const more = available.length > MAX_LISTED_COLUMNS ? `, … (${available.length} in all)` : "";
  const list = available.length > 0 ? ` Columns: ${shown}${more}` : " The table has no columns.";
  return `Unknown column '${column}' at ${position}–${end}${hint}${list}`;
}
