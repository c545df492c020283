// The functions an expression may call: pandas.query's math functions (numexpr's list) plus
// `tan`, `isnan` and `where`, which numexpr cuts also offer.

export const UNARY_MATH: Readonly<Record<string, (x: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  log: Math.log,
  expm1: Math.expm1,
  log1p: Math.log1p,
  log10: Math.log10,
  sqrt: Math.sqrt,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  arcsinh: Math.asinh,
  arccosh: Math.acosh,
  arctanh: Math.atanh,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
};

export const BINARY_MATH: Readonly<Record<string, (y: number, x: number) => number>> = {
  arctan2: Math.atan2,
};

/** Number of arguments of every callable function, by name. */
export const FUNCTION_ARITY: ReadonlyMap<string, number> = new Map<string, number>([
  ...Object.keys(UNARY_MATH).map((name): [string, number] => [name, 1]),
  ...Object.keys(BINARY_MATH).map((name): [string, number] => [name, 2]),
  ["isnan", 1],
  ["where", 3],
]);
