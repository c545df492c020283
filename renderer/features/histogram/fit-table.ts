// A fit's results as table rows (parameter, value, error), and as tab-separated text for the clipboard,
// CSV and JSON for a download. Text carries full precision; the table on screen rounds.
import type { FitResult } from "../../../shared/fit/fit.ts";
import { FIT_MODELS } from "../../../shared/fit/models.ts";

export interface FitTableRow {
  name: string;
  value: number;
  /** NaN where a row has no error (χ²/ndf, p). */
  error: number;
}

export function fitTableRows(result: FitResult): FitTableRow[] {
  return [
    ...result.parameters.map(({ name, value, error }) => ({ name, value, error })),
    { name: "fwhm", value: result.fwhm.value, error: result.fwhm.error },
    { name: "chi2/ndf", value: result.chi2 / result.ndf, error: NaN },
    { name: "p", value: result.pValue, error: NaN },
  ];
}

function field(x: number): string {
  return Number.isNaN(x) ? "" : String(x);
}

/** `parameter\tvalue\terror` lines, with a header: pastes into a spreadsheet as columns. */
export function fitTsv(result: FitResult): string {
  return `${["parameter\tvalue\terror", ...fitTableRows(result).map((r) => `${r.name}\t${field(r.value)}\t${field(r.error)}`)].join("\n")}\n`;
}

export function fitCsv(result: FitResult): string {
  return `${["parameter,value,error", ...fitTableRows(result).map((r) => `${r.name},${field(r.value)},${field(r.error)}`)].join("\n")}\n`;
}

/** Everything a fit found, with what was fitted (column, units, series), for a script to read. */
export function fitJson(
  result: FitResult,
  fitted: { column: string; units: string | null; series: string },
): string {
  return `${JSON.stringify(
    {
      ...fitted,
      model: result.model,
      modelLabel: FIT_MODELS[result.model].label,
      range: result.range,
      bins: result.bins,
      parameters: Object.fromEntries(
        result.parameters.map((p) => [p.name, { value: p.value, error: p.error, atLimit: p.atLimit }]),
      ),
      covariance: result.covariance,
      fwhm: result.fwhm,
      chi2: result.chi2,
      chi2Kind: "likelihood ratio (Baker-Cousins)",
      pearsonChi2: result.pearsonChi2,
      ndf: result.ndf,
      pValue: result.pValue,
      converged: result.converged,
      edm: result.edm,
    },
    null,
    1,
  )}\n`;
}

/** A value rounded to its error's second significant digit (`2614.532 ± 0.012`), plainly when it has none. */
export function formatWithError(value: number, error: number): { value: string; error: string } {
  if (!Number.isFinite(value)) return { value: "–", error: "" };
  if (!(error > 0) || !Number.isFinite(error)) return { value: value.toPrecision(5), error: "" };
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(error)));
  if (decimals > 12 || Math.abs(value) >= 1e7)
    return { value: value.toExponential(4), error: error.toPrecision(2) };
  return { value: value.toFixed(decimals), error: error.toFixed(decimals) };
}
