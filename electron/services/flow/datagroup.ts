// DataGroup (pygama's removed flow/datagroup.py, flow-spec.md §7): the DAQ files of an experiment as
// file keys, saved and loaded as CSV, with the LH5 output name and folder of each file per tier.
// Unlike pygama it never prompts: lh5DirSetup creates folders only when asked.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readTextFile } from "../fs/regular-file.ts";
import {
  type TemplateValue,
  TemplateMatcher,
  formatTemplate,
  templateFields,
} from "../../../shared/format/index.ts";
import { expandVars, readConfigFile } from "./filedb/config.ts";
import { walkDaqDir } from "./filedb/daq.ts";
import { losslessNumbers } from "./filedb/inventory.ts";
import type { ScanProblem } from "./filedb/scanner.ts";

export interface DataGroupConfig {
  experiment?: string;
  daq_dir: string;
  daq_template: string;
  unique_key: string;
  lh5_dir?: string;
  lh5_template?: string;
  lh5_user?: string;
  /** Default path for saveKeys/loadKeys. */
  fileDB?: string;
  daq_ignore?: string[];
  tier_dirs?: string[];
  subsystems?: string[];
  run_types?: string[];
  evt_dirs?: string[];
  [other: string]: unknown;
}

export class DataGroupError extends Error {
  override name = "DataGroupError";
}

/** Columns never turned into numbers (pygama keeps date and time parts as text). */
const TEXT_COLUMNS = new Set(["YYmmdd", "YYYYmmdd", "hhmmss", "daq_dir", "daq_file", "unique_key"]);

export class DataGroup {
  /** Column name → one value per DAQ file. */
  columns: Record<string, TemplateValue[]> = {};
  columnOrder: string[] = [];
  readonly problems: ScanProblem[] = [];

  private constructor(
    readonly config: DataGroupConfig,
    /** Folder that relative paths in the config refer to. */
    readonly baseDir: string,
    private readonly nfiles: number | undefined,
  ) {}

  /** Reads a JSON/YAML config (or takes an object); `nfiles` caps a scan, for quick looks. */
  static load(config: string | DataGroupConfig, opts: { nfiles?: number; baseDir?: string } = {}): DataGroup {
    const raw = typeof config === "string" ? readConfigFile(resolve(config)) : config;
    const baseDir =
      typeof config === "string" ? dirname(resolve(config)) : resolve(opts.baseDir ?? process.cwd());
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new DataGroupError("DataGroup config must be an object");
    }
    const cfg = raw as DataGroupConfig;
    for (const key of ["daq_dir", "daq_template", "unique_key"] as const) {
      if (typeof cfg[key] !== "string" || cfg[key] === "") {
        throw new DataGroupError(`DataGroup config key '${key}': expected a non-empty string`);
      }
    }
    for (const key of ["daq_ignore", "tier_dirs", "subsystems", "run_types", "evt_dirs"] as const) {
      const value = cfg[key];
      if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
        throw new DataGroupError(`DataGroup config key '${key}': expected a list of strings`);
      }
    }
    return new DataGroup(structuredClone(cfg), baseDir, opts.nfiles);
  }

  private path(value: string): string {
    return resolve(this.baseDir, expandVars(value, { _: this.baseDir }));
  }

  get nRows(): number {
    return this.columns[this.columnOrder[0] ?? ""]?.length ?? 0;
  }

  /**
   * Walks `daq_dir`, parses each path with `daq_template`, and builds the key table: `unique_key`, the
   * template fields in template order, `daq_dir` (relative folder) and `daq_file`. Non-matching files are problems.
   */
  scanDaqDir(): void {
    const root = this.path(this.config.daq_dir);
    const { files, problems } = walkDaqDir(root, this.config.daq_template, this.config.daq_ignore ?? []);
    this.problems.push(...problems);
    const kept = this.nfiles === undefined ? files : files.slice(0, this.nfiles);
    if (kept.length === 0)
      this.problems.push({ file: root, reason: `no DAQ file matched '${this.config.daq_template}'` });
    const fields = templateFields(this.config.daq_template);
    const rows = kept.map((f) => ({ ...f.keys, daq_dir: f.dir, daq_file: f.name }));
    this.setRows(rows, [...fields, "daq_dir", "daq_file"], true);
  }

  private setRows(rows: Array<Record<string, TemplateValue>>, order: string[], numeric: boolean): void {
    const columns: Record<string, TemplateValue[]> = { unique_key: [] };
    for (const name of order) columns[name] = [];
    for (const row of rows) {
      let key: string;
      try {
        key = formatTemplate(this.config.unique_key, row);
      } catch (error) {
        throw new DataGroupError(`unique_key '${this.config.unique_key}': ${(error as Error).message}`);
      }
      (columns.unique_key as TemplateValue[]).push(key);
      for (const name of order) (columns[name] as TemplateValue[]).push(row[name] ?? "");
    }
    if (numeric) {
      for (const name of order) {
        if (TEXT_COLUMNS.has(name)) continue;
        const numbers = losslessNumbers(columns[name] as TemplateValue[]);
        if (numbers) columns[name] = numbers;
      }
    }
    this.columns = columns;
    this.columnOrder = ["unique_key", ...order];
  }

  /** Writes the CSV `unique_key,rel_daq_path` (pygama's save_keys); default path: config `fileDB`. */
  saveKeys(path?: string): string {
    const target = this.target(path);
    const keys = this.columns.unique_key ?? [];
    const dirs = this.columns.daq_dir ?? [];
    const names = this.columns.daq_file ?? [];
    const lines = ["unique_key,rel_daq_path"];
    keys.forEach((key, i) => {
      const dir = String(dirs[i] ?? "");
      lines.push(`${csvField(String(key))},${csvField(`${dir}/${String(names[i] ?? "")}`)}`);
    });
    writeFileSync(target, `${lines.join("\n")}\n`);
    return target;
  }

  /** Reads a key CSV and re-parses each path with `daq_template` (no numeric conversion, as pygama). */
  loadKeys(path?: string): void {
    const source = this.target(path);
    const [header, ...records] = parseCsv(readTextFile(source));
    const pathColumn = header?.indexOf("rel_daq_path") ?? -1;
    if (pathColumn < 0) throw new DataGroupError(`${source}: no 'rel_daq_path' column`);
    const template = this.config.daq_template;
    const matcher = new TemplateMatcher(template);
    const nested = template.includes("/");
    const rows: Array<Record<string, TemplateValue>> = [];
    for (const record of records) {
      const rel = record[pathColumn] ?? "";
      const slash = rel.lastIndexOf("/");
      const dir = slash < 0 ? "" : rel.slice(0, slash);
      const name = rel.slice(slash + 1);
      const candidate = nested ? `/${rel.replace(/^\/+/u, "")}` : name;
      const keys = matcher.match(candidate);
      if (!keys) {
        this.problems.push({ file: rel, reason: `does not match template '${template}'` });
        continue;
      }
      rows.push({ ...keys, daq_dir: dir, daq_file: name });
    }
    this.setRows(rows, [...templateFields(template), "daq_dir", "daq_file"], false);
  }

  private target(path: string | undefined): string {
    const chosen = path ?? this.config.fileDB;
    if (chosen === undefined) throw new DataGroupError("no path given and no 'fileDB' in the config");
    return this.path(chosen);
  }

  /**
   * Adds `{tier}_file` (lh5_template filled from the row and the tier; `{sysn}` is left for later when
   * subsystems are used) and `{tier}_path` (`/<tier>[/{sysn}][/<runtype>]`) for each `tier_dirs` entry.
   */
  getLh5Cols(): void {
    const template = this.config.lh5_template;
    if (template === undefined) throw new DataGroupError("DataGroup config has no 'lh5_template'");
    const tiers = this.config.tier_dirs ?? [];
    const useSubsystems = (this.config.subsystems ?? []).length > 0;
    const runTypes = this.config.run_types ?? [];
    const runtype = this.columns.runtype;
    for (const tier of tiers) {
      const files: string[] = [];
      const paths: string[] = [];
      for (let row = 0; row < this.nRows; row++) {
        const values: Record<string, TemplateValue> = { tier, sysn: "{sysn}" };
        for (const name of this.columnOrder)
          values[name] = (this.columns[name] as TemplateValue[])[row] as TemplateValue;
        files.push(formatTemplate(template, values));
        const rt = runtype?.[row];
        paths.push(
          `/${tier}${useSubsystems ? "/{sysn}" : ""}${rt !== undefined && runTypes.includes(String(rt)) ? `/${String(rt)}` : ""}`,
        );
      }
      this.setColumn(`${tier}_file`, files);
      this.setColumn(`${tier}_path`, paths);
    }
  }

  /** Adds or replaces a column (e.g. `runtype` from a run database). */
  setColumn(name: string, values: TemplateValue[]): void {
    if (values.length !== this.nRows)
      throw new DataGroupError(`column '${name}' has ${values.length} values for ${this.nRows} rows`);
    if (!this.columnOrder.includes(name)) this.columnOrder.push(name);
    this.columns[name] = values;
  }

  /**
   * The LH5 folders `<lh5_dir>/<tier>/<subsystem>/<run_type>` (tier_dirs × subsystems × run_types) and
   * `<lh5_dir>/<evt_dir>`; creates them (mkdir -p) only with `create: true`.
   */
  lh5DirSetup(opts: { create?: boolean; userDir?: boolean } = {}): string[] {
    const base = opts.userDir ? this.config.lh5_user : this.config.lh5_dir;
    if (typeof base !== "string")
      throw new DataGroupError(`DataGroup config has no '${opts.userDir ? "lh5_user" : "lh5_dir"}'`);
    const root = this.path(base);
    const levels = (list: string[] | undefined) => (list && list.length > 0 ? list : [""]);
    const dirs: string[] = [];
    for (const tier of this.config.tier_dirs ?? []) {
      for (const sub of levels(this.config.subsystems)) {
        for (const rt of levels(this.config.run_types)) dirs.push(join(root, tier, sub, rt));
      }
    }
    for (const evt of this.config.evt_dirs ?? []) dirs.push(join(root, evt));
    if (opts.create) for (const dir of dirs) mkdirSync(dir, { recursive: true });
    return dirs;
  }

  /** Rows as objects in column order (for display and JSON). */
  rows(): Array<Record<string, TemplateValue>> {
    return Array.from({ length: this.nRows }, (_, row) =>
      Object.fromEntries(
        this.columnOrder.map((name) => [name, (this.columns[name] as TemplateValue[])[row] as TemplateValue]),
      ),
    );
  }
}

function csvField(text: string): string {
  return /[",\n\r]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
