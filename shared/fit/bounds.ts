// Parameter bounds by transformation (as MINUIT does): the search runs over unbounded internal values,
// each mapped into its parameter's [lower, upper] (either side may be infinite).

export interface Bounds {
  lower: number;
  upper: number;
}

export const UNBOUNDED: Bounds = { lower: -Infinity, upper: Infinity };

/** The parameter value of internal value `u`. */
export function toExternal(u: number, { lower, upper }: Bounds): number {
  const hasLower = Number.isFinite(lower);
  const hasUpper = Number.isFinite(upper);
  if (hasLower && hasUpper) return lower + ((upper - lower) * (Math.sin(u) + 1)) / 2;
  if (hasLower) return lower - 1 + Math.sqrt(u * u + 1);
  if (hasUpper) return upper + 1 - Math.sqrt(u * u + 1);
  return u;
}

/** The internal value of parameter value `x` (moved just inside its bounds first). */
export function toInternal(x: number, bounds: Bounds): number {
  const { lower, upper } = bounds;
  const hasLower = Number.isFinite(lower);
  const hasUpper = Number.isFinite(upper);
  const margin = hasLower && hasUpper ? 1e-9 * (upper - lower) : 1e-12 * Math.max(1, Math.abs(x));
  const inside = Math.min(Math.max(x, lower + margin), upper - margin);
  if (hasLower && hasUpper) return Math.asin((2 * (inside - lower)) / (upper - lower) - 1);
  if (hasLower) return Math.sqrt((inside - lower + 1) ** 2 - 1);
  if (hasUpper) return Math.sqrt((upper - inside + 1) ** 2 - 1);
  return inside;
}

/** d(external)/d(internal) at internal value `u`: turns parameter steps into internal steps. */
export function externalSlope(u: number, bounds: Bounds): number {
  const hasLower = Number.isFinite(bounds.lower);
  const hasUpper = Number.isFinite(bounds.upper);
  if (hasLower && hasUpper) return ((bounds.upper - bounds.lower) * Math.cos(u)) / 2;
  if (hasLower) return u / Math.sqrt(u * u + 1);
  if (hasUpper) return -u / Math.sqrt(u * u + 1);
  return 1;
}

export function isInside(x: number, { lower, upper }: Bounds): boolean {
  return x >= lower && x <= upper;
}
