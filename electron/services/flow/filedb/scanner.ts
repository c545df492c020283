// Finds cycle files in EVERY tier (pygama walks only the lowest; flow-spec.md §6), matches each name
// against its tier's template, and reports every file or folder it cannot use with the reason.
import { type Stats, lstatSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { type TemplateKeys, TemplateMatcher, formatTemplate } from "../../../../shared/format/index.ts";
import { type ResolvedFileDbConfig, tierRoot } from "./config.ts";

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

/** A tier file whose name matched its template. */
export interface FoundFile {
  tier: string;
  /** The name relative to the tier folder, as the template sees it (`/cal/p03/…lh5`). */
  name: string;
  path: string;
  keys: TemplateKeys;
  size: number;
  mtime: number;
}

export interface WalkPlan {
  tier: string;
  /** Absolute folders to walk for this tier. */
  dirs: string[];
  /** True when `dirs` is the whole tier folder: then a file not found does not exist. */
  complete: boolean;
}

export interface WalkResult {
  found: FoundFile[];
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

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * Walks the planned folders, matching each file against its tier's template. Names that match must also
 * round-trip (the template rebuilds the same name), so the FileDB never points at a file that is not there.
 * The hot loop per file is one readdir entry, one stat and one compiled-regex match.
 */
export function walkTiers(
  config: ResolvedFileDbConfig,
  plans: WalkPlan[],
  opts: { signal?: AbortSignal; onProgress?: (p: ScanProgress) => void } = {},
): WalkResult {
  const found: FoundFile[] = [];
  const problems: ScanProblem[] = [];
  const completeTiers = new Set<string>();
  let folders = 0;
  for (const plan of plans) {
    const root = tierRoot(config, plan.tier);
    const template = config.fileFormat[plan.tier] as string;
    const matcher = new TemplateMatcher(template);
    const nested = template.includes("/");
    if (plan.complete && !isDirectory(root)) {
      problems.push({ file: root, tier: plan.tier, reason: "tier folder does not exist" });
      completeTiers.add(plan.tier);
      continue;
    }
    let walkedAll = plan.complete;
    // Each folder carries its name relative to the tier folder (`/cal/p03/r001`), built while walking.
    const stack = [...plan.dirs].reverse().map((dir) => ({ dir, rel: relName(root, dir) }));
    while (stack.length > 0) {
      opts.signal?.throwIfAborted();
      const { dir, rel } = stack.pop() as { dir: string; rel: string };
      let names: string[];
      try {
        // Names only: the one stat per entry that size and mtime need also gives its type.
        names = readdirSync(dir);
      } catch (error) {
        walkedAll = false;
        problems.push({ file: dir, tier: plan.tier, reason: `cannot read folder: ${errnoText(error)}` });
        continue;
      }
      folders += 1;
      opts.onProgress?.({ phase: "files", done: folders, total: null, current: dir });
      names.sort(); // UTF-16 code-unit order, the same for every run
      const subdirs: Array<{ dir: string; rel: string }> = [];
      const atRoot = rel === "";
      for (const base of names) {
        const path = dir + sep + base;
        let stat: Stats | undefined;
        try {
          stat = statSync(path, { throwIfNoEntry: false });
        } catch (error) {
          problems.push({ file: path, tier: plan.tier, reason: `cannot stat: ${errnoText(error)}` });
          continue;
        }
        if (stat === undefined) {
          const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
          problems.push({
            file: path,
            tier: plan.tier,
            reason: link ? "broken symbolic link" : "vanished during the scan",
          });
          continue;
        }
        if (stat.isDirectory()) {
          subdirs.push({ dir: path, rel: `${rel}/${base}` });
          continue;
        }
        if (!stat.isFile()) continue;
        if (!nested && !atRoot) {
          problems.push({
            file: path,
            tier: plan.tier,
            reason: `in a sub-folder, but file_format.${plan.tier} '${template}' has no folders`,
          });
          continue;
        }
        const name = nested ? `${rel}/${base}` : base;
        const keys = matcher.parseExact(name);
        if (keys === null) {
          problems.push({ file: path, tier: plan.tier, reason: mismatchReason(matcher, name) });
          continue;
        }
        found.push({ tier: plan.tier, name, path, keys, size: stat.size, mtime: stat.mtimeMs });
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as { dir: string; rel: string });
    }
    if (walkedAll) completeTiers.add(plan.tier);
  }
  return { found, problems, completeTiers };
}

/**
 * Why a name was refused: it does not match (or repeats a field with other text), or it matches only
 * loosely, so its keys would rebuild another name and the FileDB would point at a file that is not there.
 */
function mismatchReason(matcher: TemplateMatcher, name: string): string {
  const result = matcher.explain(name);
  if (!result.ok) return result.reason;
  const rebuilt = safeFormat(matcher.template, result.keys);
  return `name matches template '${matcher.template}' only loosely: its keys rebuild '${rebuilt ?? "?"}'`;
}

/** `/a/b` for `root/a/b`, "" for the root itself. */
function relName(root: string, dir: string): string {
  const rel = relative(root, dir);
  return rel === "" ? "" : `/${rel.split(sep).join("/")}`;
}

function safeFormat(template: string, keys: TemplateKeys): string | null {
  try {
    return formatTemplate(template, keys);
  } catch {
    return null;
  }
}

export function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code !== undefined ? `${e.code} (${e.message.replace(/^\w+: /u, "")})` : String(error);
}
