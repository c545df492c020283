// Which cycles of a selection give no entries because a tier file is missing, and why. Raw files are often
// archived: a cycle is skipped only when none of its level's tier files is there, or when the tier holding a
// column a cut needs has no file in that cycle (the UI names those cycles instead of counting 0 silently).
import type { LevelSpec } from "./config.ts";
import type { TableCatalog } from "./sources.ts";

export interface SkippedCycle {
  row: number;
  reason: string;
}

/** A level and the columns the selection needs from it (a cut's columns). */
export interface LevelNeeds {
  level: LevelSpec;
  columns: readonly string[];
}

/** The skipped cycles of `rows`, in row order, one reason each (the first that applies). */
export function skippedCycles(
  catalog: TableCatalog,
  rows: readonly number[],
  needs: readonly LevelNeeds[],
): SkippedCycle[] {
  // per needed column, the tiers of its level that hold it in some cycle
  const holders = needs.map(({ level, columns }) => {
    const known = new Map(level.tiers.map((tier) => [tier, new Set(catalog.allColumns([tier]))]));
    return {
      level,
      columns: columns.map((column) => ({
        column,
        tiers: level.tiers.filter((tier) => known.get(tier)!.has(column)),
      })),
    };
  });
  const out: SkippedCycle[] = [];
  for (const row of rows) {
    const reason = reasonFor(catalog, row, holders);
    if (reason !== null) out.push({ row, reason });
  }
  return out;
}

function reasonFor(
  catalog: TableCatalog,
  row: number,
  holders: readonly { level: LevelSpec; columns: { column: string; tiers: string[] }[] }[],
): string | null {
  const hasFile = (tier: string): boolean => catalog.tables(row, tier) !== null;
  for (const { level, columns } of holders) {
    if (catalog.listingTier(row, level.tiers) === null)
      return `no ${level.tiers.join("/")} file (level ${level.name})`;
    for (const { column, tiers } of columns) {
      if (tiers.length > 0 && !tiers.some(hasFile))
        return `no ${tiers.join("/")} file, which holds '${column}' of the cut`;
    }
  }
  return null;
}
