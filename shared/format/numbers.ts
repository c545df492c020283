// The one number format of the UI: counts grouped by thin spaces (`1 080 920`), measured values to 6
// significant digits without float noise (`2565.71`, not `2565.714285714286`), and Unix times in seconds
// as UTC dates (not `1.680e+9 s`). Every view formats through here, so the same number reads the same.

const THIN_SPACE = "\u202f";

/** Integer counts with thin-space grouping, e.g. `1 080 920`; `–` when not finite. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "–";
  return Math.round(n).toLocaleString("en-US").replace(/,/g, THIN_SPACE);
}

/** Times after 1990 in seconds are Unix timestamps (LEGEND's `timestamp` columns). */
const UNIX_SECONDS_FROM = 631_152_000;

/**
 * A measured value: 6 significant digits, trailing zeros dropped; exponent notation only outside
 * [1e-3, 1e7), and no grouping (a value is copied and parsed back; counts are grouped). Seconds that are
 * Unix times become UTC dates.
 */
export function formatNumber(value: number, units: string | null = null, significant = 6): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "–" : value > 0 ? "∞" : "−∞";
  if (units === "s" && value >= UNIX_SECONDS_FROM)
    return `${new Date(value * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;
  const magnitude = Math.abs(value);
  let text: string;
  if (value === 0) text = "0";
  else if (magnitude >= 1e7 || magnitude < 1e-3)
    text = value.toExponential(significant - 1).replace(/\.?0+e/, "e");
  else {
    text = String(Number(value.toPrecision(significant)));
  }
  return units ? `${text} ${units}` : text;
}
