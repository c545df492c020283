// nearestEntry: the entry of a selection closest to a point clicked on a 2-D histogram, so a click there
// makes that entry the current one everywhere. The two columns come from the SelectionEngine (its worker
// path and column cache), so no point list ever crosses to the renderer.
import type { NearestEntry, NearestEntryRequest } from "../../../../shared/api/types.ts";
import { ExplorationError } from "./context.ts";
import type { SelectionEngine } from "./engine.ts";
import { indicesInRange } from "./waveforms.ts";

/**
 * Index of the point nearest to `at`, distances measured in units of `scale` per axis (x and y are in
 * different units, e.g. keV and a ratio); only `candidates` (ascending indices) when given. Returns the
 * rank among the candidates (the position in the filtered list) and the index into x/y; -1 when no
 * candidate has finite values. Ties go to the earlier entry.
 */
export function nearestPoint(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  at: readonly [number, number],
  scale: readonly [number, number],
  candidates?: ArrayLike<number>,
): { rank: number; index: number } {
  const [sx, sy] = scale.map((s) => (Number.isFinite(s) && s > 0 ? s : 1)) as [number, number];
  const n = candidates ? candidates.length : x.length;
  let best = { rank: -1, index: -1 };
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let r = 0; r < n; r++) {
    const i = candidates ? candidates[r]! : r;
    const dx = (x[i]! - at[0]) / sx;
    const dy = (y[i]! - at[1]) / sy;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = { rank: r, index: i };
    }
  }
  return best;
}

export async function nearestEntry(
  engine: SelectionEngine,
  req: NearestEntryRequest,
): Promise<NearestEntry | null> {
  if (!req.at.every(Number.isFinite))
    throw new ExplorationError(`nearestEntry: the point (${req.at.join(", ")}) is not finite`);
  const selection = engine.select(req.selection);
  const [x, y] = await engine.columns(selection, [
    { column: req.x.column, tier: req.x.tier },
    { column: req.y.column, tier: req.y.tier },
  ]);
  const candidates = req.valueRange ? await indicesInRange(engine, selection, req.valueRange) : undefined;
  const found = nearestPoint(x!, y!, req.at, req.scale, candidates);
  if (found.index < 0) return null;
  return {
    position: found.rank,
    totalEntries: candidates ? candidates.length : x!.length,
    x: x![found.index]!,
    y: y![found.index]!,
  };
}
