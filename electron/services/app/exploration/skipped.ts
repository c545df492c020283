// The cycles a selection's count leaves out for a missing tier file, by cycle key, for the UI to name
// (the loader's skipped-cycles.ts decides; this only maps the Selection onto it).
import type { SkippedCycle } from "../../../../shared/api/types.ts";
import { type LevelNeeds, skippedCycles } from "../../flow/loader/skipped-cycles.ts";
import { cycleKeyOf } from "../../flow/loader/provenance.ts";
import type { ExplorationContext } from "./context.ts";
import type { Selection } from "./selection-value.ts";

export function skippedCyclesOf(ctx: ExplorationContext, selection: Selection): SkippedCycle[] {
  if (selection.request.entryList !== undefined) return []; // a saved list names its entries itself
  const levels = selection.levels;
  const needs: LevelNeeds[] = [{ level: levels[0]!, columns: selection.hitCut?.columns ?? [] }];
  const evtLevel = selection.evtCut ? levels.find((l) => l.name === selection.evtCut!.level) : undefined;
  if (evtLevel) needs.push({ level: evtLevel, columns: selection.evtCut!.columns });
  return skippedCycles(ctx.catalog, selection.rows, needs).map(({ row, reason }) => ({
    cycle: cycleKeyOf(ctx.fileDb, row),
    reason,
  }));
}
