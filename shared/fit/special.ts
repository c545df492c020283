// Special functions the fits need, to double precision: erf, erfc, the scaled erfcx (e^{x²} erfc x, so
// that a Gaussian's far tail and an exponentially modified Gaussian do not overflow or underflow), the
// normal CDF, ln Γ and the χ² survival function (the p-value of a fit).

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
const EPSILON = 1e-16;
/** Below it erf comes from its series (full relative precision near 0). */
const SERIES_LIMIT = 0.5;

/**
 * e^{-x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)) · 2/√π: every term positive, so no cancellation (for |x| up to ~2).
 */
function erfSeries(x: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > EPSILON * Math.abs(sum); n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
}

/** erfcx(x) for x ≥ 1.5 by Laplace's continued fraction 1/√π / (x + ½/(x + 1/(x + (3/2)/(x + …)))) (Lentz). */
function erfcxContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return ONE_OVER_SQRT_PI / f;
}

/** erfcx(x) for x ≥ 0 from the series and the continued fraction: exact but slow (~1 µs); fills the tables. */
function erfcxDirect(x: number): number {
  return x < 1.5 ? Math.exp(x * x) * (1 - erfSeries(x)) : erfcxContinuedFraction(x);
}

// A fit computes erfc a few hundred thousand times: erfcx on [0, 16) is a Chebyshev series per unit interval,
// its coefficients computed once from the direct form (degree 24: below 1e-16 on each interval).
const TABLE_END = 16;
const DEGREE = 24;
const ERFCX_TABLE: Float64Array[] = Array.from({ length: TABLE_END }, (_, interval) => {
  const nodes = DEGREE + 1;
  const values = Array.from({ length: nodes }, (_, k) =>
    erfcxDirect(interval + 0.5 + 0.5 * Math.cos((Math.PI * (k + 0.5)) / nodes)),
  );
  const coefficients = new Float64Array(nodes);
  for (let j = 0; j < nodes; j++) {
    let sum = 0;
    for (let k = 0; k < nodes; k++) sum += values[k]! * Math.cos((Math.PI * j * (k + 0.5)) / nodes);
    coefficients[j] = ((j === 0 ? 1 : 2) * sum) / nodes;
  }
  return coefficients;
});

/** erfcx(x) for x ≥ 0: Clenshaw's sum over the table, the continued fraction (fast out there) beyond it. */
function erfcxPositive(x: number): number {
  if (x >= TABLE_END) return erfcxContinuedFraction(x);
  const interval = Math.floor(x);
  const coefficients = ERFCX_TABLE[interval]!;
  const t = 2 * (x - interval) - 1;
  let b1 = 0;
  let b2 = 0;
  for (let j = DEGREE; j >= 1; j--) {
    const b0 = 2 * t * b1 - b2 + coefficients[j]!;
    b2 = b1;
    b1 = b0;
  }
  return t * b1 - b2 + coefficients[0]!;
}

/** e^{-x²} with x² split so that its rounding does not spoil the result for large x. */
function expMinusSquare(x: number): number {
  const head = Math.round(x * 16) / 16;
  return Math.exp(-head * head) * Math.exp(-(x - head) * (x + head));
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < SERIES_LIMIT) return erfSeries(x);
  const tail = erfc(Math.abs(x));
  return x > 0 ? 1 - tail : tail - 1;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= SERIES_LIMIT) return x > 27.3 ? 0 : expMinusSquare(x) * erfcxPositive(x);
  if (x <= -SERIES_LIMIT) return 2 - erfc(-x);
  return 1 - erfSeries(x);
}

/** The scaled complementary error function e^{x²} erfc(x); overflows (Infinity) below x ≈ -26.6. */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 0) return erfcxPositive(x);
  return 2 * Math.exp(x * x) - erfcxPositive(-x);
}

/** The standard normal CDF Φ(z), accurate in both tails (from erfc). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** The standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** ln Γ(a) for a > 0: shifted up to a ≥ 15, then Stirling's series (error below 1e-15 there). */
export function lnGamma(a: number): number {
  if (!(a > 0)) return NaN;
  let shift = 0;
  let z = a;
  while (z < 15) {
    shift += Math.log(z);
    z += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  const series =
    inv * (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188)))));
  return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** The regularised upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const prefactor = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    // the lower function P by its series, Q = 1 - P (P is not close to 1 here)
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > EPSILON * Math.abs(sum); n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - prefactor * sum;
  }
  // Q by its continued fraction (Lentz), converging fast for x ≥ a + 1
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let f = d;
  for (let n = 1; n < 10_000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return prefactor * f;
}

/** P(χ² ≥ chi2) for `ndf` degrees of freedom: the p-value of a fit. */
export function chi2Survival(chi2: number, ndf: number): number {
  if (!(ndf > 0)) return NaN;
  return gammaQ(ndf / 2, chi2 / 2);
}
