// Live counts, 1D histograms, column values and entry lists of hit-level selections computed in the cycle
// workers (file by file in parallel, columns cached in the workers), merged here. Which selections go here is
// decided once, by the SelectionEngine (engine.ts).
import { ApiError } from "../../../../shared/api/errors.ts";
import type { EntryCount } from "../../../../shared/api/types.ts";
import { niceRange } from "../../analysis/binning.ts";
import { GroupedHistogram1D, type GroupedHistogram1DResult } from "../../analysis/histogram.ts";
import { EntryList, type TableId } from "../../flow/loader/index.ts";
import type { TableCatalog } from "../../flow/loader/sources.ts";
import type { LevelSpec } from "../../flow/loader/config.ts";
import type { PreparedCut } from "../../flow/loader/cuts.ts";
import {
  type CycleInfo,
  type CycleProblem,
  type CycleTaskArgs,
  type EvtCutArgs,
  type HistogramTaskArgs,
  type HistogramTaskResult,
  type ValuesTaskArgs,
  concatFloat64,
} from "./cycle-work.ts";
import type { AnalysisApi, CycleOutcome } from "../../../workers/tasks/analysis.ts";
import type { TaskArgs, TaskResult } from "../../../workers/pool.ts";
import { ExplorationError } from "./context.ts";
import { countByTable } from "./counts.ts";
import { cycleWorkers } from "./cycle-workers.ts";
import { type WorkSink, throwIfCancelled } from "./work-sink.ts";

/** A selection the cycle workers can compute: its cycles, level, tables, hit cut and evt cut (through the TCM). */
export interface CyclePlan {
  scope: string;
  catalog: TableCatalog;
  level: LevelSpec;
  rows: number[];
  tables: TableId[] | null;
  /** Tables per cycle when channels are channel-map words (see channel-tables.ts). */
  tablesByRow?: ReadonlyMap<number, TableId[]>;
  cut: PreparedCut | null;
  evt: EvtCutArgs | null;
}

function taskArgs(plan: CyclePlan, rows: number[]): CycleTaskArgs {
  return {
    scope: plan.scope,
    catalog: plan.catalog.toData(rows),
    level: plan.level,
    rows,
    tables: plan.tables,
    ...(plan.tablesByRow
      ? { tablesByRow: Object.fromEntries(rows.map((row) => [row, plan.tablesByRow!.get(row) ?? []])) }
      : {}),
    cut: plan.cut,
    evt: plan.evt,
  };
}

/** The per-cycle tasks of the analysis module: each takes a share's CycleTaskArgs (plus its own fields). */
type CycleTask = "exploreCount" | "exploreHistogram" | "exploreValues" | "exploreEntries";
type CycleValue<F extends CycleTask> = TaskResult<AnalysisApi[F]> extends CycleOutcome<infer T> ? T : never;

async function runShares<F extends CycleTask>(
  plan: CyclePlan,
  fn: F,
  extra: Omit<TaskArgs<AnalysisApi[F]>, keyof CycleTaskArgs>,
  sink: WorkSink,
  phase: string,
): Promise<CycleValue<F>[]> {
  const outcomes = (await cycleWorkers().run(
    fn,
    plan.rows,
    (rows) => ({ ...taskArgs(plan, rows), ...extra }) as TaskArgs<AnalysisApi[F]>,
    sink,
    phase,
  )) as CycleOutcome<CycleValue<F>>[];
  throwIfCancelled(sink.signal, phase);
  const values = outcomes.map((outcome) => {
    if ("problem" in outcome) throw problemError(outcome);
    return outcome.value;
  });
  sink.progress?.({ phase: "Done", done: plan.rows.length, total: plan.rows.length, unit: "files" });
  return values;
}

/** A problem a worker reported, as the error the general path would throw (cut errors keep their span). */
export function problemError(problem: CycleProblem): ApiError {
  if (problem.name === undefined) return new ExplorationError(problem.problem);
  return new ApiError({
    name: problem.name,
    code: "bad-argument",
    message: problem.problem,
    ...(problem.position !== undefined ? { position: problem.position } : {}),
    ...(problem.end !== undefined ? { end: problem.end } : {}),
  });
}

/** Cycles of every share in FileDB row order. */
function cyclesInOrder(results: readonly { cycles: CycleInfo[] }[]): CycleInfo[] {
  return results.flatMap((r) => r.cycles).sort((a, b) => a.row - b.row);
}

/** Cycles holding entries (the entry list's per-file lists have only those). */
function withEntries(cycles: readonly CycleInfo[]): CycleInfo[] {
  return cycles.filter((c) => c.counts.some((n) => n > 0));
}

export async function countInWorkers(plan: CyclePlan, sink: WorkSink): Promise<EntryCount> {
  const results = await runShares(plan, "exploreCount", {}, sink, "Applying cuts");
  return countByTable(
    withEntries(cyclesInOrder(results)).map((c) => ({ tableIds: c.listed, counts: c.counts })),
  );
}

/** The finite extent of a column's values over a selection's entries; null when there are none. */
export type Extent = { min: number; max: number } | null;

export interface WorkerHistogram {
  /** The extent found by an automatic range's first pass (undefined when none ran). */
  extent?: Extent;
  result: GroupedHistogram1DResult;
  /** Group keys by group id: the table id (split by channel), the FileDB row (by file) or "0". */
  keyOf: Map<number, string>;
  units: string | null;
}

/** The 1D histogram of a column (split as asked) over the plan's entries, auto range when none is given. */
export async function histogramInWorkers(
  plan: CyclePlan,
  req: {
    column: string;
    bins: number;
    range?: readonly [number, number] | undefined;
    splitBy: HistogramTaskArgs["splitBy"];
    /** The values' extent when known from an earlier pass (an automatic range then needs one pass). */
    extent?: Extent | undefined;
  },
  sink: WorkSink,
): Promise<WorkerHistogram> {
  const extra = (range: [number, number] | null): Omit<HistogramTaskArgs, keyof CycleTaskArgs> => ({
    column: req.column,
    splitBy: req.splitBy,
    bins: req.bins,
    range,
  });
  let range: [number, number];
  let found: Extent | undefined;
  if (req.range) range = [req.range[0], req.range[1]];
  else {
    found = req.extent;
    if (found === undefined) {
      // First pass: the extent (the workers keep the columns, so the binning pass reads nothing again).
      const first = await runShares(plan, "exploreHistogram", extra(null), sink, "Finding the range");
      let min = Infinity;
      let max = -Infinity;
      for (const { extent } of first) {
        if (extent && extent.min < min) min = extent.min;
        if (extent && extent.max > max) max = extent.max;
      }
      found = min <= max ? { min, max } : null;
    }
    range = found ? niceRange(found.min, found.max, req.bins, false) : [0, 1];
  }
  const results = await runShares(plan, "exploreHistogram", extra(range), sink, "Filling");
  const cycles = cyclesInOrder(results);
  const idOf = new Map<string, number>();
  if (req.splitBy === "channel") {
    // Group ids in order of first appearance in the entry list, as the general path numbers them.
    for (const cycle of withEntries(cycles))
      for (const tb of cycle.listed) if (!idOf.has(String(tb))) idOf.set(String(tb), idOf.size);
  }
  const groupId = (key: string): number => (req.splitBy === "channel" ? idOf.get(key)! : Number(key));
  const hist = new GroupedHistogram1D({ bins: req.bins, range });
  const keyOf = new Map<number, string>();
  for (const { groups } of results)
    for (const { key, state } of groups) {
      hist.mergeState(groupId(key), state);
      keyOf.set(groupId(key), key);
    }
  const firstRow = (r: HistogramTaskResult): number => r.cycles[0]?.row ?? Infinity;
  const units =
    [...results].sort((a, b) => firstRow(a) - firstRow(b)).find((r) => r.units !== null)?.units ?? null;
  return { result: hist.result(), keyOf, units, ...(found !== undefined ? { extent: found } : {}) };
}

/** Values of columns for every entry of the plan, in entry-list order, with their units. */
export async function valuesInWorkers(
  plan: CyclePlan,
  columns: readonly string[],
  sink: WorkSink,
): Promise<{ values: Float64Array[]; units: (string | null)[] }> {
  const results = await runShares(
    plan,
    "exploreValues",
    { columns: [...columns] } satisfies Omit<ValuesTaskArgs, keyof CycleTaskArgs>,
    sink,
    "Reading values",
  );
  const perCycle = results.flatMap((r) => r.cycles.map((cycle, k) => ({ row: cycle.row, result: r, k })));
  perCycle.sort((a, b) => a.row - b.row);
  const values = columns.map((_, c) => concatFloat64(perCycle.map(({ result, k }) => result.values[c]![k]!)));
  const units = columns.map((_, c) => results.find((r) => r.units[c] !== null)?.units[c] ?? null);
  return { values, units };
}

/**
 * Entry lists of the plan's cycles (those with entries), as the loader builds them cycle by cycle: tables in
 * datastream order with their codes, passing rows ascending; through a TCM (an evt cut) in event order with
 * each entry's event, as buildTcmEntries lists them. No saved columns (the app never asks for them).
 */
export async function entryListsInWorkers(plan: CyclePlan, sink: WorkSink): Promise<Map<number, EntryList>> {
  const results = await runShares(plan, "exploreEntries", {}, sink, "Applying cuts");
  const perCycle = results.flatMap((r) =>
    r.cycles.map((cycle, k) => ({
      cycle,
      idx: r.idx[k]!,
      tcm: r.tcm ? { tableCode: r.tcm.tableCode[k]!, evtIdx: r.tcm.evtIdx[k]! } : undefined,
    })),
  );
  perCycle.sort((a, b) => a.cycle.row - b.cycle.row);
  const out = new Map<number, EntryList>();
  for (const { cycle, idx, tcm } of perCycle) {
    if (idx.length === 0) continue;
    out.set(
      cycle.row,
      new EntryList({
        ...tcmLevels(plan),
        parentLevel: plan.level.name,
        file: new Int32Array(idx.length).fill(cycle.row),
        tableCode: tcm?.tableCode ?? tableAfterTable(cycle.counts, idx.length),
        tableIds: [...cycle.listed],
        idx,
        ...(tcm ? { evtIdx: tcm.evtIdx } : {}),
      }),
    );
  }
  return out;
}

/** Table codes of entries listed table after table (`counts` per listed table). */
function tableAfterTable(counts: readonly number[], n: number): Int32Array {
  const tableCode = new Int32Array(n);
  let offset = 0;
  counts.forEach((count, code) => {
    tableCode.fill(code, offset, offset + count);
    offset += count;
  });
  return tableCode;
}

/** The TCM and child levels an entry list through the plan's TCM names (none without an evt cut). */
function tcmLevels(plan: CyclePlan): { tcmLevel?: string; childLevel?: string } {
  return plan.evt ? { tcmLevel: plan.evt.tcm.name, childLevel: plan.evt.tcm.child! } : {};
}

/** An empty entry list of the plan's level (through its TCM when it has an evt cut). */
export function emptyEntries(plan: CyclePlan): EntryList {
  return new EntryList({
    ...tcmLevels(plan),
    parentLevel: plan.level.name,
    file: new Int32Array(0),
    tableCode: new Int32Array(0),
    tableIds: [],
    idx: new Int32Array(0),
    ...(plan.evt ? { evtIdx: new Int32Array(0) } : {}),
  });
}
