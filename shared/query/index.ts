// The expression language shared by FileDB file queries, DataLoader cuts and the UI cut editors:
// pandas.query / numexpr syntax, evaluated column-at-a-time over typed arrays. Never eval'd.
export type * from "./ast.ts";
export { ROW_INDEX_NAME } from "./ast.ts";
export { ExpressionError, ExpressionTypeError, UnknownColumnError } from "./errors.ts";
export { parseExpression } from "./parser.ts";
export { columnReferences, referencedColumns } from "./columns.ts";
export { evaluateMask, evaluateNumeric } from "./evaluate.ts";
export { formatExpression, formatColumnName, formatString } from "./format.ts";
export { tableFromColumns, isStringColumn } from "./table.ts";
export type { ColumnValues, NumericColumnValues, QueryColumn, QueryTable } from "./table.ts";
export { nearMatches, editDistance } from "./near-matches.ts";
export { FUNCTION_ARITY } from "./functions.ts";
