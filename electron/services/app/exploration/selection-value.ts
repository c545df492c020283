// The Selection: what a request (DataSelection) names, made once and never changed: its cycles, its
// channels, one parsed and checked cut per level and its cache key. Checked against the FileDB's catalog and
// the dataset's levels, so no DataLoader is opened to validate it; every engine operation takes it, and
// the cuts' syntax trees go to the workers (and to the loader path) as they are, never parsed again.
import type { DataSelection } from "../../../../shared/api/types.ts";
import type { LevelSpec } from "../../flow/loader/config.ts";
import { type PreparedCut, entryColumnNames, prepareCut } from "../../flow/loader/cuts.ts";
import type { TableId } from "../../flow/loader/entry-list.ts";
import { type ExplorationContext, ExplorationError } from "./context.ts";

/** A column a histogram or values request names, optionally in one tier. */
export interface ColumnRequest {
  column: string;
  tier?: string | undefined;
}

/**
 * Cache key of a selection (resolved rows, channels and cuts, and the versions of the rows' files: what
 * was built or read from a file that changed since is not served again).
 */
export function selectionKey(ctx: ExplorationContext, selection: DataSelection): string {
  const rows = ctx.rowsOf(selection);
  return JSON.stringify([
    ctx.datasetId,
    rows,
    ctx.filesStamp(rows),
    selection.channels.map(String),
    selection.cuts.hit?.trim() ?? "",
    selection.cuts.evt?.trim() ?? "",
    selection.entryList ?? "",
  ]);
}

/** The TCM level and the event level an evt cut goes through. */
export interface EventLevels {
  tcm: LevelSpec;
  evt: LevelSpec;
}

/** The TCM level and the event level an evt cut goes through, or an error naming the levels there are. */
function eventLevels(levels: readonly LevelSpec[]): EventLevels {
  const tcm = levels.find((l) => l.tcmCols !== undefined);
  const evt = levels.find((l) => l.name === "evt") ?? levels.find((l) => l.name === tcm?.child);
  if (!tcm || !evt)
    throw new ExplorationError(
      `an evt cut needs an event level and a TCM; this dataset's levels are ${levels.map((l) => l.name).join(", ")}`,
    );
  return { tcm, evt };
}

export class Selection {
  private constructor(
    /** The request as it came (the loader path resolves channel names from it). */
    readonly request: DataSelection,
    readonly key: string,
    readonly levels: readonly LevelSpec[],
    /** FileDB rows, ascending, without repeats. */
    readonly rows: readonly number[],
    readonly hitCut: PreparedCut | null,
    readonly evtCut: PreparedCut | null,
    /** The TCM and event levels an evt cut goes through; null without one. */
    readonly eventLevels: EventLevels | null,
  ) {}

  /**
   * The selection of a request, checked now: rows in range, cut syntax, and every cut column known to the
   * cut's level (errors carry the offending text's position, as the DataLoader's setCuts gives them).
   */
  static of(ctx: ExplorationContext, request: DataSelection): Selection {
    const levels = ctx.levels;
    const rows = ctx.rowsOf(request);
    const entryNames = entryColumnNames(levels);
    const prepare = (level: LevelSpec, text: string): PreparedCut =>
      prepareCut(level.name, text, ctx.columnsIn(level.tiers), entryNames);
    const hitText = request.cuts.hit?.trim() ?? "";
    const evtText = request.cuts.evt?.trim() ?? "";
    const hitCut = hitText === "" ? null : prepare(levels[0]!, hitText);
    let evtCut: PreparedCut | null = null;
    let through: EventLevels | null = null;
    if (evtText !== "") {
      through = eventLevels(levels);
      evtCut = prepare(through.evt, evtText);
    }
    return new Selection(request, selectionKey(ctx, request), levels, rows, hitCut, evtCut, through);
  }

  /** The TCM level an evt cut goes through; undefined without one. */
  get tcmLevel(): string | undefined {
    return this.eventLevels?.tcm.name;
  }

  /** The level whose entries the selection lists (the lowest one). */
  get lowest(): LevelSpec {
    return this.levels[0]!;
  }

  get entryList(): string | undefined {
    return this.request.entryList;
  }

  get channels(): readonly (string | number)[] {
    return this.request.channels;
  }

  /** Every cut the selection has (hit, evt), as the loader takes them. */
  get cuts(): PreparedCut[] {
    return [this.hitCut, this.evtCut].filter((c): c is PreparedCut => c !== null);
  }

  /**
   * The selected table ids when every channel is one (null: every table of each cycle); undefined when
   * some channel is a name or detector word, which only the loader's channel map resolves.
   */
  get tableIds(): TableId[] | null | undefined {
    const { channels } = this;
    if (channels.length === 0) return null;
    if (!channels.every((c) => typeof c === "number" && Number.isInteger(c))) return undefined;
    return [...new Set(channels as number[])];
  }
}

/** The tiers of the dataset's levels that some table of has `column`. */
export function tiersWithColumn(ctx: ExplorationContext, column: string): string[] {
  const out: string[] = [];
  for (const level of ctx.levels)
    for (const tier of level.tiers)
      if (!out.includes(tier) && ctx.columnsIn([tier]).includes(column)) out.push(tier);
  return out;
}

/** Checks that every column exists in some tier of the dataset's levels (and in `tier` when given). */
export function checkColumns(ctx: ExplorationContext, columns: readonly ColumnRequest[]): void {
  for (const { column, tier } of columns) {
    const tiers = tiersWithColumn(ctx, column);
    if (tiers.length === 0)
      throw new ExplorationError(`no column '${column}' in any tier of the selected cycles`);
    if (tier !== undefined && !tiers.includes(tier))
      throw new ExplorationError(
        `column '${column}' is not in tier '${tier}' (it is in ${tiers.join(", ")})`,
      );
  }
}
