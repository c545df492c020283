// FileDB configuration: read from JSON/YAML (optionally a `[a/b]` sub-selection) or taken as an object,
// checked key by key, with paths expanded (flow-spec.md §1.1, §1.3). Unlike pygama, a relative
// `data_dir` resolves against the config file's folder (§6 item 21) and the input is never mutated (§6 item 24).
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { TemplateError, parseTemplate, templateFields } from "../../../../shared/format/index.ts";
import { UnreadableFileError, readTextFile } from "../../fs/regular-file.ts";

export type TableId = string | number;

/** The config as written by the user (pygama's keys). */
export interface FileDbConfig {
  data_dir: string;
  tier_dirs: Record<string, string>;
  file_format: Record<string, string>;
  table_format: Record<string, string>;
  tables?: Record<string, TableId[]>;
  columns?: Record<string, string[]>;
  sortby?: string;
  [other: string]: unknown;
}

/** A checked config with paths resolved. `source` keeps the config as given, for to_disk. */
export interface ResolvedFileDbConfig {
  /** Absolute, expanded data root. */
  dataDir: string;
  /** Tier names in `tier_dirs` order: the first is the lowest tier and the most significant status bit. */
  tiers: string[];
  /** tier → expanded sub-directory, as in the config (may start with `/`). */
  tierDirs: Record<string, string>;
  fileFormat: Record<string, string>;
  tableFormat: Record<string, string>;
  tables: Record<string, TableId[]> | undefined;
  columns: Record<string, string[]> | undefined;
  sortby: string;
  /** Key columns: the lowest tier's template fields, de-duplicated and sorted (pygama's order). */
  keyNames: string[];
  /** The folder `$_` and relative paths refer to (the config file's folder, or the caller's base). */
  baseDir: string;
  /** The config file, when read from one. */
  configPath: string | undefined;
  /** The config exactly as given (unexpanded `data_dir`), what to_disk stores. */
  source: FileDbConfig;
}

/** A config that cannot be used; `key` names the offending entry, e.g. `file_format.dsp`. */
export class FileDbConfigError extends Error {
  override name = "FileDbConfigError";
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(key === "" ? message : `config key '${key}': ${message}`);
  }
}

const SELECTION_RE = /^(.*?)\[([^\]]*)\]$/su;

/**
 * Loads and checks a FileDB config. `source` is a path to a .json/.yaml/.yml file (or a folder holding
 * config.json), optionally followed by `[a/b]` to pick a nested object, or the config object itself.
 * `baseDir` is where relative paths and `$_` point for an object (default: the current directory).
 */
export function loadFileDbConfig(source: string | object, baseDir?: string): ResolvedFileDbConfig {
  if (typeof source === "string") {
    const { path, selection } = splitSelection(source, baseDir);
    const raw = selectNested(readConfigFile(path), selection, path);
    return resolveFileDbConfig(raw, dirname(path), path);
  }
  if (source === null || typeof source !== "object" || Array.isArray(source)) {
    throw new FileDbConfigError("", "Bad FileDB configuration value: expected a file path or an object");
  }
  return resolveFileDbConfig(source, resolve(baseDir ?? process.cwd()), undefined);
}

function splitSelection(source: string, baseDir: string | undefined): { path: string; selection: string[] } {
  const m = SELECTION_RE.exec(source);
  const file = m ? (m[1] ?? "") : source;
  const selection = m ? (m[2] ?? "").split("/").filter((s) => s !== "") : [];
  let path = resolve(baseDir ?? process.cwd(), expandHome(file));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "config.json");
  return { path, selection };
}

/** Reads a JSON or YAML file; errors name the file. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (error) {
    if (error instanceof UnreadableFileError)
      throw new FileDbConfigError("", `cannot read config file: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new FileDbConfigError("", `cannot read config file ${path}: ${code || String(error)}`);
  }
  try {
    return /\.ya?ml$/iu.test(path) ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    const what = error instanceof Error ? error.message : String(error);
    throw new FileDbConfigError(
      "",
      `config file ${path} is not valid ${/\.ya?ml$/iu.test(path) ? "YAML" : "JSON"}: ${what}`,
    );
  }
}

function selectNested(value: unknown, keys: string[], path: string): unknown {
  let current = value;
  for (const [i, key] of keys.entries()) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) {
      throw new FileDbConfigError(keys.slice(0, i + 1).join("/"), `not found in ${path}`);
    }
    current = current[key];
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringMap(
  config: Record<string, unknown>,
  key: string,
  required: boolean,
): Record<string, string> | undefined {
  const value = config[key];
  if (value === undefined && !required) return undefined;
  if (!isRecord(value)) throw new FileDbConfigError(key, "expected an object mapping tier names to strings");
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string")
      throw new FileDbConfigError(`${key}.${k}`, `expected a string, got ${describe(v)}`);
  }
  return ownRecord(value as Record<string, string>);
}

/**
 * The own entries of a user's map in an object without a prototype, so that looking up a tier or key
 * the user did not write (`toString`, `constructor`) finds nothing instead of an Object method.
 */
export function ownRecord<T>(value: Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of Object.entries(value)) out[k] = v;
  return out;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function checkTemplate(key: string, template: string): void {
  try {
    parseTemplate(template);
  } catch (error) {
    if (error instanceof TemplateError) throw new FileDbConfigError(key, error.message);
    throw error;
  }
}

/** Checks a config object and resolves its paths against `baseDir`. */
export function resolveFileDbConfig(
  value: unknown,
  baseDir: string,
  configPath: string | undefined,
): ResolvedFileDbConfig {
  if (!isRecord(value)) throw new FileDbConfigError("", `expected an object, got ${describe(value)}`);
  const config = value;
  if (typeof config.data_dir !== "string" || config.data_dir.trim() === "") {
    throw new FileDbConfigError(
      "data_dir",
      `expected a non-empty string (the data root), got ${describe(config.data_dir)}`,
    );
  }
  const tierDirsRaw = stringMap(config, "tier_dirs", true) ?? {};
  const tiers = Object.keys(tierDirsRaw);
  if (tiers.length === 0) throw new FileDbConfigError("tier_dirs", "expected at least one tier");
  const fileFormat = stringMap(config, "file_format", true) ?? {};
  const tableFormat = stringMap(config, "table_format", true) ?? {};
  for (const tier of tiers) {
    if (fileFormat[tier] === undefined)
      throw new FileDbConfigError(`file_format.${tier}`, "missing: every tier needs a file name template");
    if (tableFormat[tier] === undefined)
      throw new FileDbConfigError(`table_format.${tier}`, "missing: every tier needs a table name template");
    checkTemplate(`file_format.${tier}`, fileFormat[tier]);
    checkTemplate(`table_format.${tier}`, tableFormat[tier]);
    if (templateFields(tableFormat[tier]).length > 1) {
      throw new FileDbConfigError(
        `table_format.${tier}`,
        `tables can only have one identifier: '${tableFormat[tier]}'`,
      );
    }
  }
  const lowTier = tiers[0] as string;
  const keyNames = [...new Set(templateFields(fileFormat[lowTier] as string))].sort();
  for (const tier of tiers.slice(1)) {
    const extra = templateFields(fileFormat[tier] as string).filter((f) => !keyNames.includes(f));
    if (extra.length > 0) {
      throw new FileDbConfigError(
        `file_format.${tier}`,
        `uses field(s) ${extra.map((f) => `'${f}'`).join(", ")} that file_format.${lowTier} lacks; every tier's name must be built from the lowest tier's keys`,
      );
    }
  }
  const sortby = config.sortby ?? "timestamp";
  if (typeof sortby !== "string")
    throw new FileDbConfigError("sortby", `expected a column name, got ${describe(sortby)}`);
  const knownColumns = [...keyNames, "file_status", ...tiers.flatMap((t) => [`${t}_file`, `${t}_size`])];
  if (!knownColumns.includes(sortby)) {
    throw new FileDbConfigError(
      "sortby",
      `no column '${sortby}'; the columns are ${knownColumns.join(", ")}`,
    );
  }
  const tables = optionalLists(
    config,
    "tables",
    (v) => typeof v === "string" || typeof v === "number",
    "table ids (strings or numbers)",
  );
  const columns = optionalLists(config, "columns", (v) => typeof v === "string", "column names");
  const substitute = { _: baseDir };
  const tierDirs = ownRecord<string>({});
  for (const tier of tiers) tierDirs[tier] = expandVars(tierDirsRaw[tier] as string, substitute);
  const dataDir = resolve(baseDir, expandHome(expandVars(config.data_dir, substitute)));
  return {
    dataDir,
    tiers,
    tierDirs,
    fileFormat,
    tableFormat,
    tables: tables as Record<string, TableId[]> | undefined,
    columns: columns as Record<string, string[]> | undefined,
    sortby,
    keyNames,
    baseDir,
    configPath,
    source: structuredClone(config) as FileDbConfig,
  };
}

function optionalLists(
  config: Record<string, unknown>,
  key: string,
  isItem: (v: unknown) => boolean,
  what: string,
): Record<string, unknown[]> | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (!isRecord(value))
    throw new FileDbConfigError(key, `expected an object mapping tier names to lists of ${what}`);
  for (const [tier, list] of Object.entries(value)) {
    if (!Array.isArray(list) || !list.every(isItem)) {
      throw new FileDbConfigError(`${key}.${tier}`, `expected a list of ${what}, got ${describe(list)}`);
    }
  }
  return ownRecord(value as Record<string, unknown[]>);
}

/**
 * `$name`/`${name}` from `substitute` first (lgdo's `string.Template.safe_substitute`), then from the
 * environment (`os.path.expandvars`); unknown names stay as written.
 */
export function expandVars(text: string, substitute: Record<string, string> = {}): string {
  const pass = (input: string, lookup: (name: string) => string | undefined): string =>
    input.replace(
      /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/gu,
      (whole, braced?: string, bare?: string) => {
        const found = lookup((braced ?? bare) as string);
        return found ?? whole;
      },
    );
  return pass(
    pass(text, (name) => substitute[name]),
    (name) => process.env[name],
  );
}

/** `~` and `~/…` → the home folder. */
export function expandHome(path: string): string {
  if (path === "~") return homedir();
  if (path.startsWith("~/")) return join(homedir(), path.slice(2));
  return path;
}

/** Absolute path of a tier file: data_dir / tier_dir / file (flow-spec.md §1.3), leading slashes dropped. */
export function tierFilePath(config: ResolvedFileDbConfig, tier: string, file: string): string {
  const dir = (config.tierDirs[tier] ?? "").replace(/^\/+/u, "");
  return join(config.dataDir, dir, file.replace(/^\/+/u, ""));
}

/** The folder a tier's files live under. */
export function tierRoot(config: ResolvedFileDbConfig, tier: string): string {
  return join(config.dataDir, (config.tierDirs[tier] ?? "").replace(/^\/+/u, ""));
}
