// The numeric columns a histogram can draw (scalars per entry, not waveforms or vectors).
import type { ColumnInfo } from "../../../shared/api/types.ts";

const NUMERIC_DTYPE = /^(u?int|float|bool)/;

export function isNumericColumn(column: ColumnInfo): boolean {
  if (column.lgdoType !== null)
    return column.lgdoType === "array<1>{real}" || column.lgdoType === "array<1>{bool}";
  return column.dtype !== null && NUMERIC_DTYPE.test(column.dtype);
}

/** Numeric columns, one per (tier, name), sorted by name. */
export function numericColumns(columns: readonly ColumnInfo[]): ColumnInfo[] {
  const seen = new Set<string>();
  const out: ColumnInfo[] = [];
  for (const column of columns) {
    const key = columnKey(column.tier, column.name);
    if (!isNumericColumn(column) || seen.has(key)) continue;
    seen.add(key);
    out.push(column);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.tier.localeCompare(b.tier));
}

export function columnKey(tier: string | null, name: string): string {
  return `${tier ?? ""}:${name}`;
}

export function parseColumnKey(key: string): { tier: string | null; name: string } {
  const at = key.indexOf(":");
  return { tier: at > 0 ? key.slice(0, at) : null, name: key.slice(at + 1) };
}
