// Number and date formatting for the UI.

const UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

/** Bytes in human units with SI prefixes (1 kB = 1000 B), e.g. `1.23 MB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toPrecision(3)} ${UNITS[unit]}`;
}

/** Unix ms as `2023-03-18 01:21:44 UTC`; empty for NaN. */
export function formatUtc(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

// counts and values share one format with the rest of the app (shared/format/numbers.ts)
export { formatCount, formatNumber } from "../../shared/format/numbers.ts";

export function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}
