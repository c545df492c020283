// The standard normal quantile function Φ⁻¹, for drawing extremes of many noise samples without drawing them all.

/** Rational approximation coefficients (P. J. Acklam, relative error below 1.2e-9 over (0, 1)). */
const CENTRAL_NUM = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const CENTRAL_DEN = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const TAIL_NUM = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const TAIL_DEN = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
/** Below this probability (and above 1 − it) the tail form applies. */
const TAIL_P = 0.02425;

function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const c of coefficients) value = value * x + c;
  return value;
}

/** Φ⁻¹(p) for p in (0, 1): the z with P(Z < z) = p. Pass small upper-tail probabilities as `normalQuantile(q)` negated, not 1 − q. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return Number.NaN;
  }
  if (p < TAIL_P) {
    const q = Math.sqrt(-2 * Math.log(p));
    return polynomial(TAIL_NUM, q) / (polynomial(TAIL_DEN, q) * q + 1);
  }
  if (p > 1 - TAIL_P) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (polynomial(CENTRAL_NUM, r) * q) / (polynomial(CENTRAL_DEN, r) * r + 1);
}
