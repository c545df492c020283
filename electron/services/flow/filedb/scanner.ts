// Finds cycle files in EVERY tier (pygama walks only the lowest; flow-spec.md §6), matches each name
// against its tier's template, and reports every file or folder it cannot use with the reason.
import { statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { type TemplateKeys, templateFields } from "../../../../shared/format/index.ts";
import { type ResolvedFileDbConfig, tierRoot } from "./config.ts";
import { FileRows, type TierCells } from "./rows.ts";
import {
  type FoundBatch,
  type FoundSink,
  type TierSpec,
  type WalkHooks,
  BatchSink,
  TierWalker,
  errnoText,
} from "./tier-walker.ts";

/** A file or folder the scan could not use, and why. */
export interface ScanProblem {
  file: string;
  tier?: string;
  reason: string;
}

/** Progress of a long step: `total` is null while still unknown (during a folder walk). */
export interface ScanProgress {
  phase: "files" | "tables";
  done: number;
  total: number | null;
  current?: string;
}

export interface WalkPlan {
  tier: string;
  /** Absolute folders to walk for this tier. */
  dirs: string[];
  /** True when `dirs` is the whole tier folder: then a file not found does not exist. */
  complete: boolean;
}

export interface WalkResult {
  /** Cycles found in the tiers whose names carry every key, merged file by file in walk order. */
  rows: FileRows;
  /** Files of tiers whose names carry only some keys: they attach to cycles once all are known. */
  partial: FoundBatch[];
  /** Files that matched their template, in all tiers. */
  files: number;
  problems: ScanProblem[];
  /** Tiers whose whole folder was walked. */
  completeTiers: Set<string>;
}

/**
 * Which folders to walk. `dirs` undefined = every tier folder. A relative entry is tried under each tier
 * folder (`cal/p03/r001` → `raw/cal/p03/r001`, `dsp/cal/p03/r001`, …), then under data_dir, then the CWD,
 * as pygama resolves it; an absolute entry is walked for the tier folder that contains it.
 */
export function planWalk(
  config: ResolvedFileDbConfig,
  dirs: string[] | undefined,
  problems: ScanProblem[],
): WalkPlan[] {
  const plans = config.tiers.map((tier) => ({ tier, dirs: [] as string[], complete: dirs === undefined }));
  if (dirs === undefined) {
    for (const plan of plans) plan.dirs.push(tierRoot(config, plan.tier));
    return plans;
  }
  for (const entry of dirs) {
    let placed = false;
    if (!isAbsolute(entry)) {
      for (const plan of plans) {
        const candidate = join(tierRoot(config, plan.tier), entry);
        if (isDirectory(candidate)) {
          plan.dirs.push(candidate);
          placed = true;
        }
      }
    }
    if (placed) continue;
    const absolute = isAbsolute(entry)
      ? entry
      : ([join(config.dataDir, entry), resolve(entry)].find((p) => isDirectory(p)) ??
        join(config.dataDir, entry));
    const plan = plans.find((p) => isInside(absolute, tierRoot(config, p.tier)));
    if (!isDirectory(absolute))
      problems.push({ file: entry, reason: "folder not found (tried under every tier folder and data_dir)" });
    else if (!plan) problems.push({ file: absolute, reason: "folder is not inside any tier folder" });
    else plan.dirs.push(absolute);
  }
  return plans;
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

export function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The tier's walk parameters (sent to workers as is). */
export function tierSpec(config: ResolvedFileDbConfig, tier: string): TierSpec {
  const template = config.fileFormat[tier] as string;
  const fields = new Set(templateFields(template));
  return { tier, template, keyOrder: config.keyNames.filter((k) => fields.has(k)) };
}

/** True when the tier's names carry only some of the keys (its files attach to cycles found elsewhere). */
export function isPartialTier(config: ResolvedFileDbConfig, spec: TierSpec): boolean {
  return spec.keyOrder.length < config.keyNames.length;
}

/** A walk's result before any folder is walked. */
export function emptyWalkResult(config: ResolvedFileDbConfig): WalkResult {
  return {
    rows: new FileRows(config.keyNames, config.tiers),
    partial: [],
    files: 0,
    problems: [],
    completeTiers: new Set(),
  };
}

/**
 * Walks the planned folders in this thread, matching each file against its tier's template. Names that
 * match must also round-trip (the template rebuilds the same name), so the FileDB never points at a file
 * that is not there. The hot loop per file is one readdir entry, one stat, one compiled-regex match and
 * one key lookup (files go straight into the rows, so their keys die young).
 */
export function walkTiers(
  config: ResolvedFileDbConfig,
  plans: WalkPlan[],
  opts: { signal?: AbortSignal; onProgress?: (p: ScanProgress) => void } = {},
): WalkResult {
  const result = emptyWalkResult(config);
  let folders = 0;
  const hooks: WalkHooks = {
    before: () => opts.signal?.throwIfAborted(),
    listed: (folder) => {
      folders += 1;
      opts.onProgress?.({ phase: "files", done: folders, total: null, current: folder.dir });
    },
  };
  for (const plan of plans) {
    const root = tierRoot(config, plan.tier);
    if (plan.complete && !isDirectory(root)) {
      result.problems.push({ file: root, tier: plan.tier, reason: "tier folder does not exist" });
      result.completeTiers.add(plan.tier);
      continue;
    }
    const spec = tierSpec(config, plan.tier);
    const batchSink = isPartialTier(config, spec) ? new BatchSink(spec) : null;
    const walker = new TierWalker(spec, batchSink ?? new RowsSink(result.rows, plan.tier));
    walker.walk(
      plan.dirs.map((dir) => ({ dir, rel: relName(root, dir) })),
      hooks,
    );
    if (batchSink) result.partial.push(batchSink.batch);
    result.files += walker.part.files;
    result.problems.push(...walker.part.problems);
    if (plan.complete && walker.part.unreadable === 0) result.completeTiers.add(plan.tier);
  }
  return result;
}

/** A sink that merges each file into the rows: a file of a known cycle fills its tier, a new cycle gets a row. */
export class RowsSink implements FoundSink {
  private readonly cells: TierCells;

  constructor(
    private readonly rows: FileRows,
    tier: string,
  ) {
    this.cells = rows.cells(tier);
  }

  add(name: string, size: number, mtime: number, keys: TemplateKeys): void {
    const row = this.rows.findOrAdd(keys);
    this.cells.file[row] = name;
    this.cells.size[row] = size;
    this.cells.mtime[row] = mtime;
  }
}

/** `/a/b` for `root/a/b`, "" for the root itself. */
export function relName(root: string, dir: string): string {
  const rel = relative(root, dir);
  return rel === "" ? "" : `/${rel.split(sep).join("/")}`;
}

export { errnoText };
