// Recognises what a path holds before opening it: a FileDB config (JSON/YAML), a DataLoader
// config, a LEGEND production folder (its dataflow config.json, or the generated/tier layout),
// a saved FileDB file, or a single LH5 data file; and proposes a FileDB config for production folders.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { FileDbConfigJson, LevelInfo, SourceInfo, SourceKind } from "../../../shared/api/types.ts";
import { readTextFile } from "../fs/regular-file.ts";
import { holdsFileDb, isHdf5File } from "../flow/filedb/persist/detect.ts";

export class SourceError extends Error {
  override name = "SourceError";
  readonly code = "bad-source";
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

/**
 * Tiers of a production tree in FileDB order (pygama's test config order first), with their table layout.
 * Event tiers hold one `evt` table at the file root (its geds/spms/trigger parts are columns, lh5-format.md §1.3),
 * not pygama's test-config `{grp}/evt`, which matches no table of a real evt file.
 */
const PRODUCTION_TIERS: { tier: string; table: string }[] = [
  { tier: "raw", table: "ch{ch:07d}/raw" },
  { tier: "dsp", table: "ch{ch:07d}/dsp" },
  { tier: "hit", table: "ch{ch:07d}/hit" },
  { tier: "tcm", table: "hardware_tcm_1" },
  { tier: "evt", table: "evt" },
  { tier: "psp", table: "ch{ch:07d}/dsp" },
  { tier: "pht", table: "ch{ch:07d}/hit" },
  { tier: "pet", table: "evt" },
];

const LH5_EXTENSIONS = new Set([".lh5", ".h5", ".hdf5"]);

/** Reads a JSON or YAML file into a plain object. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (error) {
    throw new SourceError(`Cannot read '${path}': ${(error as Error).message}`, path);
  }
  let value: unknown;
  try {
    value = [".yaml", ".yml"].includes(extname(path).toLowerCase()) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new SourceError(
      `'${path}' is not valid ${extname(path).slice(1).toUpperCase()}: ${(error as Error).message}`,
      path,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new SourceError(`'${path}' must hold an object at the top level`, path);
  return value as Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `setups.<name>.paths` block of a production dataflow config, if the object is one. */
function productionPaths(config: Record<string, unknown>): Record<string, string> | null {
  if (!isRecord(config.setups)) return null;
  for (const setup of Object.values(config.setups)) {
    if (isRecord(setup) && isRecord(setup.paths)) {
      const paths = setup.paths;
      if (typeof paths.tier === "string" || typeof paths.tier_raw === "string")
        return Object.fromEntries(
          Object.entries(paths).filter((e): e is [string, string] => typeof e[1] === "string"),
        );
    }
  }
  return null;
}

/** Proposes a FileDB config for a production tree whose tier folder is `tierDir`. */
export function proposeFileDbConfig(
  tierDir: string,
  tierPaths: Record<string, string> = {},
): FileDbConfigJson {
  const tierDirs: Record<string, string> = {};
  const fileFormat: Record<string, string> = {};
  const tableFormat: Record<string, string> = {};
  for (const { tier, table } of PRODUCTION_TIERS) {
    const folder = tierPaths[tier] ?? join(tierDir, tier);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) continue;
    tierDirs[tier] = `/${relative(tierDir, folder).split("\\").join("/")}`;
    fileFormat[tier] = `/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_${tier}.lh5`;
    tableFormat[tier] = table;
  }
  if (Object.keys(tierDirs).length === 0)
    throw new SourceError(`No tier folders (raw, dsp, hit, …) found under '${tierDir}'`, tierDir);
  return { data_dir: tierDir, tier_dirs: tierDirs, file_format: fileFormat, table_format: tableFormat };
}

function productionFromConfig(configPath: string, config: Record<string, unknown>): SourceInfo | null {
  const paths = productionPaths(config);
  if (!paths) return null;
  const base = dirname(configPath);
  const expand = (value: string): string => resolve(base, value.replace(/^\$(\{_\}|_)/, base));
  const tierDir = expand(paths.tier ?? dirname(paths.tier_raw!));
  const tierPaths: Record<string, string> = {};
  for (const { tier } of PRODUCTION_TIERS) {
    const value = paths[`tier_${tier}`];
    if (value !== undefined) tierPaths[tier] = expand(value);
  }
  return {
    path: base,
    kind: "production-folder",
    description: `LEGEND production folder (${basename(configPath)} with setups.*.paths)`,
    proposedConfig: proposeFileDbConfig(tierDir, tierPaths),
  };
}

/**
 * Classifies a path. Throws SourceError naming the path when it is none of the known kinds. An HDF5 file is
 * a saved FileDB only by its content: any other (a tier file of raw, dsp, hit …) is a single `lh5-file`.
 */
export async function inspectSource(path: string): Promise<SourceInfo> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new SourceError(`'${absolute}' does not exist`, absolute);
  if (statSync(absolute).isDirectory()) {
    const configJson = join(absolute, "config.json");
    if (existsSync(configJson)) {
      const found = productionFromConfig(configJson, readConfigFile(configJson));
      if (found) return found;
    }
    for (const tierDir of [join(absolute, "generated", "tier"), absolute]) {
      if (
        existsSync(join(tierDir, "raw")) ||
        existsSync(join(tierDir, "dsp")) ||
        existsSync(join(tierDir, "hit"))
      ) {
        return {
          path: absolute,
          kind: "production-folder",
          description: `Data folder in LEGEND production layout (${relative(absolute, tierDir) || "."} holds the tiers)`,
          proposedConfig: proposeFileDbConfig(tierDir),
        };
      }
    }
    throw new SourceError(
      `'${absolute}' is not a dataset folder: it has no production config.json, no generated/tier and no raw/dsp/hit folders`,
      absolute,
    );
  }
  const extension = extname(absolute).toLowerCase();
  if (LH5_EXTENSIONS.has(extension) || isHdf5File(absolute)) return inspectHdf5(absolute);
  if ([".json", ".yaml", ".yml"].includes(extension)) {
    const config = readConfigFile(absolute);
    const kind = configKind(config);
    if (kind === "production-folder") return productionFromConfig(absolute, config)!;
    if (kind)
      return {
        path: absolute,
        kind,
        description: kind === "filedb-config" ? "FileDB config" : "DataLoader config",
      };
    throw new SourceError(
      `'${absolute}' is neither a FileDB config (needs data_dir, tier_dirs, file_format, table_format), a DataLoader config (needs levels) nor a production config (needs setups.*.paths)`,
      absolute,
    );
  }
  throw new SourceError(
    `'${absolute}' is not a config (.json/.yaml), a FileDB file (.lh5) or a folder`,
    absolute,
  );
}

/** A saved FileDB (known by its content, not its name), else a single LH5 data file; a SourceError when not HDF5. */
async function inspectHdf5(absolute: string): Promise<SourceInfo> {
  if (!isHdf5File(absolute))
    throw new SourceError(`'${absolute}' is not an HDF5 file, so not a saved FileDB`, absolute);
  let fileDb: boolean;
  try {
    fileDb = await holdsFileDb(absolute);
  } catch (error) {
    throw new SourceError(`'${absolute}' cannot be read: ${(error as Error).message}`, absolute);
  }
  // any other HDF5 file (a tier file of raw, dsp, hit …) is browsed on its own, as h5web would show it
  if (!fileDb) return { path: absolute, kind: "lh5-file", description: "LH5 data file" };
  return { path: absolute, kind: "filedb-file", description: "Saved FileDB (LH5)" };
}

function configKind(config: Record<string, unknown>): SourceKind | null {
  if (isRecord(config.tier_dirs) && isRecord(config.file_format)) return "filedb-config";
  if (isRecord(config.levels)) return "dataloader-config";
  if (productionPaths(config)) return "production-folder";
  return null;
}

/** pygama's levels when no DataLoader config is given: hit = raw/dsp/hit present, tcm linking hit → evt, evt. */
export function standardLevels(tiers: readonly string[]): LevelInfo[] {
  const levels: LevelInfo[] = [];
  const hitTiers = ["raw", "dsp", "hit"].filter((tier) => tiers.includes(tier));
  if (hitTiers.length > 0) levels.push({ name: "hit", tiers: hitTiers });
  if (tiers.includes("tcm")) levels.push({ name: "tcm", tiers: ["tcm"], parent: "hit", child: "evt" });
  if (tiers.includes("evt")) levels.push({ name: "evt", tiers: ["evt"] });
  return levels;
}

/** Levels from a DataLoader config's `levels` block. */
export function levelsFromLoaderConfig(config: Record<string, unknown>, file: string): LevelInfo[] {
  if (!isRecord(config.levels)) throw new SourceError(`'${file}' has no 'levels' object`, file);
  return Object.entries(config.levels).map(([name, spec]) => {
    if (!isRecord(spec) || !Array.isArray(spec.tiers) || !spec.tiers.every((t) => typeof t === "string"))
      throw new SourceError(`'${file}': levels.${name}.tiers must be a list of tier names`, file);
    const level: LevelInfo = { name, tiers: spec.tiers };
    if (typeof spec.parent === "string") level.parent = spec.parent;
    if (typeof spec.child === "string") level.child = spec.child;
    return level;
  });
}

/** The FileDB a DataLoader config names (`filedb`, `$_` = the config's folder), or null. */
export function loaderFileDbPath(config: Record<string, unknown>, file: string): string | null {
  if (typeof config.filedb !== "string") return null;
  const base = dirname(file);
  return resolve(base, config.filedb.replace(/\$(\{_\}|_)/g, base));
}
