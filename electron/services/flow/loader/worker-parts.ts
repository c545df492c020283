// Partitioning a build or a load over the worker pool: contiguous runs of cycles, one part per worker, each
// with the catalog rows and resolved tables it needs; progress summed into one report; results joined.
import type { LgdoTable } from "../../../../shared/lgdo/model.ts";
import { getDefaultPool } from "../../../workers/pool.ts";
import { ProgressSum, contiguousParts, shardOverPool } from "../../../workers/shards.ts";
import { type BuildPlan, type BuildProgress, buildHitEntries } from "./build.ts";
import { type TableSource, tablesByRow } from "./datastreams.ts";
import type { EntryList } from "./entry-list.ts";
import { type LoadPlan, type LoadProgress, loadHits } from "./load.ts";
import {
  type BuildPartArgs,
  type LoadPartArgs,
  entriesToData,
  joinEntries,
  joinTables,
  mergeWarnings,
} from "./parallel.ts";
import type { SelectionState } from "./selection-state.ts";

export type Progress = BuildProgress | LoadProgress;

/** Whether a job over `cycles` cycles goes to worker threads (`asked` = the caller's choice, if any). */
export function useWorkers(cycles: number, asked: boolean | undefined): boolean {
  return shardOverPool(getDefaultPool(), "loaderCycle", cycles, asked);
}

interface PartOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
}

/** Progress of parts run in workers, summed into one report. */
function partProgress(
  phase: "entries" | "load",
  total: number,
  parts: number,
  onProgress?: (p: Progress) => void,
): (part: number) => (info: unknown) => void {
  const sum = new ProgressSum(parts, (done) => onProgress?.({ phase, done, total }));
  return (part) => {
    const report = sum.part(part);
    return (info) => report(((info as { done?: number }).done ?? 0) + (phase === "entries" ? 1 : 0));
  };
}

export async function buildInWorkers(
  src: TableSource,
  state: SelectionState,
  plan: BuildPlan,
  tcm: BuildPartArgs["tcm"],
  opts: PartOptions,
): Promise<EntryList> {
  const pool = getDefaultPool();
  const rows = [...plan.fileList];
  // one contiguous part per worker: with the workers idle, part i runs on worker i, so a repeated job
  // meets its files in the same thread, whose metadata cache knows them (lh5/meta-cache.ts)
  const parts = contiguousParts(rows, pool.size);
  const progress = partProgress("entries", rows.length, parts.length, opts.onProgress);
  const cuts = Object.fromEntries([...plan.cuts].map(([level, cut]) => [level, cut.text]));
  const results = await Promise.all(
    parts.map((partRows, i) => {
      const args: BuildPartArgs = {
        catalog: src.catalog.toData(partRows),
        levels: [...src.levels],
        tables: tablesByRow(src, state.datastreams, partRows),
        rows: partRows,
        cuts,
        savedColumns: [...plan.savedColumns],
        merged: plan.merged,
        ...(tcm ? { tcm } : {}),
      };
      return pool.run("load", "buildEntries", args, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: progress(i),
      });
    }),
  );
  mergeWarnings(plan.warnings, results);
  const template = results[0]?.value ?? entriesToData(buildHitEntries({ ...plan, fileList: [] }));
  return joinEntries(
    results.map((r) => r.value),
    template,
  );
}

export async function loadInWorkers(
  src: TableSource,
  state: SelectionState,
  plan: LoadPlan,
  entries: EntryList,
  columns: string[],
  opts: PartOptions,
): Promise<LgdoTable> {
  const pool = getDefaultPool();
  const fileRows = entries.files();
  const size = Math.max(1, Math.ceil(fileRows.length / pool.size)); // one part per worker, as for builds
  // Contiguous slices of the entry list, cut where the cycle changes.
  const slices: [number, number][] = [];
  let start = 0;
  let cyclesInSlice = 0;
  for (let i = 1; i <= entries.length; i++) {
    if (i === entries.length || entries.file[i] !== entries.file[i - 1]) {
      cyclesInSlice++;
      if (cyclesInSlice >= size || i === entries.length) {
        slices.push([start, i]);
        start = i;
        cyclesInSlice = 0;
      }
    }
  }
  if (slices.length === 0) return loadHits(plan, entries, columns, true);
  const parent = src.levels.find((l) => l.name === entries.parentLevel)!;
  const child = src.levels.find((l) => l.name === entries.childLevel);
  const knownColumns = {
    parent: src.catalog.allColumns(parent.tiers),
    child: child ? src.catalog.allColumns(child.tiers) : [],
  };
  const progress = partProgress("load", entries.length, slices.length, opts.onProgress);
  const results = await Promise.all(
    slices.map(([a, b], i) => {
      const part = entries.slice(a, b);
      const rows = part.files();
      const args: LoadPartArgs = {
        catalog: src.catalog.toData(rows),
        levels: [...src.levels],
        tables: tablesByRow(src, state.datastreams, rows),
        entries: entriesToData(part),
        columns,
        knownColumns,
      };
      return pool.run("load", "loadColumns", args, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: progress(i),
      });
    }),
  );
  mergeWarnings(plan.warnings, results);
  return joinTables(results.map((r) => r.value));
}
