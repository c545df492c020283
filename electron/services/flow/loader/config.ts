// DataLoader configuration: levels (tiers, parent/child, tcm_cols), channel_map and the filedb entry,
// read from a JSON/YAML file (optionally `file.json[a/b]` or a folder holding config.json) or an object.
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { readTextFile } from "../../fs/regular-file.ts";

/** Names of the TCM columns: `parent_tb` holds table ids, `parent_idx` row numbers (`child_idx` is unused, kept for old configs). */
export interface TcmColumns {
  childIdx?: string;
  parentTb: string;
  parentIdx: string;
}

/** One level of the data: its tiers in read order; a TCM level also links a parent (hit) level to a child (evt) level. */
export interface LevelSpec {
  name: string;
  tiers: string[];
  parent?: string;
  child?: string;
  tcmCols?: TcmColumns;
}

export interface LoaderConfig {
  /** Levels in config order: `levels[0]` is the lowest level (hit entry lists and hit loads use it). */
  levels: LevelSpec[];
  /** The `filedb` entry: a path with `$_` expanded, or an inline FileDB config; undefined when absent. */
  filedb?: string | Record<string, unknown>;
  /** LEGEND metadata folder for channel maps (`channel_map` entry, a path or `{metadata: path}`); undefined when absent. */
  metadataDir?: string;
  /** Folder that `$_` stands for (the config file's folder, or the working directory for an object). */
  configDir: string;
}

export class LoaderConfigError extends Error {
  override name = "LoaderConfigError";
}

/** The TCM columns of the current format (pygama ≥ 2.1) and the names pygama's configs use. */
export const DEFAULT_TCM_COLUMNS: TcmColumns = {
  childIdx: "coin_idx",
  parentTb: "table_key",
  parentIdx: "row_in_table",
};

/**
 * The standard levels for a FileDB with no DataLoader config: hit = the per-channel tiers raw, dsp, hit that
 * exist; tcm linking hit to evt (when a tcm tier exists); evt (when an evt tier exists).
 */
export function standardLevels(tiers: readonly string[]): LevelSpec[] {
  const hitTiers = ["raw", "dsp", "hit"].filter((t) => tiers.includes(t));
  if (hitTiers.length === 0) {
    // Not a LEGEND layout: every tier but tcm/evt is a per-channel tier.
    hitTiers.push(...tiers.filter((t) => t !== "tcm" && t !== "evt"));
  }
  const levels: LevelSpec[] = [{ name: "hit", tiers: hitTiers }];
  if (tiers.includes("tcm")) {
    levels.push({
      name: "tcm",
      tiers: ["tcm"],
      parent: "hit",
      child: "evt",
      tcmCols: { ...DEFAULT_TCM_COLUMNS },
    });
  }
  if (tiers.includes("evt")) levels.push({ name: "evt", tiers: ["evt"] });
  return levels;
}

/** Expands `$_`/`${_}`, `$VAR`/`${VAR}` (environment) and a leading `~`, as lgdo's expand_vars + expanduser. */
export function expandConfigPath(value: string, configDir: string): string {
  const substituted = value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? "";
    if (name === "_") return configDir;
    return process.env[name] ?? whole;
  });
  return substituted === "~" || substituted.startsWith("~/") ? homedir() + substituted.slice(1) : substituted;
}

/** Reads a JSON or YAML file; a folder means `<folder>/config.json`. */
function readConfigFile(path: string): { value: unknown; file: string } {
  let file = path;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "config.json");
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    throw new LoaderConfigError(`cannot read DataLoader config '${file}': ${(error as Error).message}`);
  }
  try {
    return {
      value: /\.ya?ml$/i.test(file) ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown),
      file,
    };
  } catch (error) {
    throw new LoaderConfigError(
      `DataLoader config '${file}' is not valid JSON/YAML: ${(error as Error).message}`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows `a/b/…` into a parsed config, naming the missing key on failure. */
function selectNested(value: unknown, keys: string[], file: string): unknown {
  let current = value;
  for (const key of keys) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) {
      throw new LoaderConfigError(
        `DataLoader config '${file}' has no key '${keys.join("/")}' (missing '${key}')`,
      );
    }
    current = current[key];
  }
  return current;
}

/** Reads a config source into a plain object plus the folder `$_` stands for. `file.json[a/b]` selects a nested part. */
export function readConfigSource(
  source: string | object,
  cwd = process.cwd(),
): { raw: Record<string, unknown>; configDir: string; file?: string } {
  if (typeof source !== "string") {
    if (!isRecord(source)) throw new LoaderConfigError("DataLoader config must be a path or an object");
    return { raw: source, configDir: cwd };
  }
  const match = /^(.*)\[([^\]]*)\]$/.exec(source);
  const pathPart = resolve(cwd, match ? match[1]! : source);
  const keys = match ? match[2]!.split("/").filter((k) => k.length > 0) : [];
  const { value, file } = readConfigFile(pathPart);
  const selected = selectNested(value, keys, file);
  if (!isRecord(selected)) throw new LoaderConfigError(`DataLoader config '${source}' is not an object`);
  return { raw: selected, configDir: dirname(file), file };
}

function parseTcmColumns(level: string, value: unknown): TcmColumns {
  if (!isRecord(value)) throw new LoaderConfigError(`level '${level}': 'tcm_cols' must be an object`);
  const get = (key: string): string | undefined => {
    const v = value[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string")
      throw new LoaderConfigError(`level '${level}': tcm_cols.${key} must be a string`);
    return v;
  };
  const parentTb = get("parent_tb");
  const parentIdx = get("parent_idx");
  if (!parentTb || !parentIdx) {
    throw new LoaderConfigError(`level '${level}': tcm_cols needs 'parent_tb' and 'parent_idx'`);
  }
  const childIdx = get("child_idx");
  return childIdx === undefined ? { parentTb, parentIdx } : { childIdx, parentTb, parentIdx };
}

/** Parses the `levels` mapping, checking tiers and that a TCM's parent level comes before it. */
export function parseLevels(value: unknown): LevelSpec[] {
  if (!isRecord(value) || Object.keys(value).length === 0) {
    throw new LoaderConfigError(
      "DataLoader config: 'levels' must be a non-empty mapping of level → {tiers: [...]}",
    );
  }
  const levels: LevelSpec[] = [];
  for (const [name, spec] of Object.entries(value)) {
    if (!isRecord(spec)) throw new LoaderConfigError(`level '${name}' must be an object with 'tiers'`);
    const tiers = spec.tiers;
    if (!Array.isArray(tiers) || tiers.length === 0 || !tiers.every((t) => typeof t === "string")) {
      throw new LoaderConfigError(`level '${name}': 'tiers' must be a non-empty list of tier names`);
    }
    const level: LevelSpec = { name, tiers: [...tiers] };
    if (spec.parent !== undefined || spec.child !== undefined || spec.tcm_cols !== undefined) {
      if (typeof spec.parent !== "string" || typeof spec.child !== "string") {
        throw new LoaderConfigError(`TCM level '${name}' needs string 'parent' and 'child' levels`);
      }
      if (!levels.some((l) => l.name === spec.parent)) {
        throw new LoaderConfigError(`TCM level '${name}': parent level '${spec.parent}' must come before it`);
      }
      level.parent = spec.parent;
      level.child = spec.child;
      level.tcmCols =
        spec.tcm_cols === undefined ? { ...DEFAULT_TCM_COLUMNS } : parseTcmColumns(name, spec.tcm_cols);
    }
    levels.push(level);
  }
  return levels;
}

function parseChannelMap(value: unknown, configDir: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return resolve(configDir, expandConfigPath(value, configDir));
  if (isRecord(value)) {
    const dir = value.metadata ?? value.metadata_dir ?? value.path;
    if (dir === undefined) return undefined; // `{}` as in pygama's configs: no channel map
    if (typeof dir !== "string") throw new LoaderConfigError("channel_map.metadata must be a path");
    return resolve(configDir, expandConfigPath(dir, configDir));
  }
  throw new LoaderConfigError("channel_map must be a metadata folder path or an object {metadata: path}");
}

/**
 * Loads a DataLoader config. `source` is a path (`file.json`, `file.yaml`, a folder with config.json, any of them
 * with a `[a/b]` selection) or an object. Relative paths in it resolve against the config's folder.
 */
export function loadLoaderConfig(source: string | object, opts: { cwd?: string } = {}): LoaderConfig {
  const { raw, configDir } = readConfigSource(source, opts.cwd);
  const config: LoaderConfig = { levels: parseLevels(raw.levels), configDir };
  const filedb = raw.filedb;
  if (typeof filedb === "string") config.filedb = resolve(configDir, expandConfigPath(filedb, configDir));
  else if (isRecord(filedb)) config.filedb = filedb;
  else if (filedb !== undefined)
    throw new LoaderConfigError("'filedb' must be a path or a FileDB config object");
  const metadataDir = parseChannelMap(raw.channel_map, configDir);
  if (metadataDir !== undefined) config.metadataDir = metadataDir;
  return config;
}

/** True when an object looks like a DataLoader config (has `levels`) rather than a FileDB config. */
export function isLoaderConfig(raw: Record<string, unknown>): boolean {
  return Object.hasOwn(raw, "levels");
}
