// `lh5-browser load CONFIG …` and `lh5-browser entries CONFIG …`: the DataLoader from the command line.
import type { Lgdo, LgdoTable } from "../../../shared/lgdo/model.ts";
import { type CliCommand, type CliIO, parseCommandLine, UsageError } from "../command.ts";
import { DataLoader, flattenNested, type EntryList } from "../../services/flow/loader/index.ts";
import { entryColumns } from "../../services/flow/loader/load.ts";
import { inventoryStoreDir, userDataDir } from "../../services/app/data-dir.ts";
import { selectionScope } from "./load-scope.ts";

const selectionHelp = `CONFIG is a DataLoader config (its 'filedb' entry names the FileDB config or file; file.json[a/b] selects
a nested part) or a FileDB config alone (then the standard levels hit, tcm, evt apply).
  --filedb F          the FileDB config or saved FileDB (.lh5) when CONFIG has no 'filedb' entry
  --files Q           cycles: 'all' (default), a query such as "type == 'phy'", or timestamps T1,T2,…
  --channels A,B,…    table ids (1084803), table names (ch1084803) or channel-map words
  --cut LEVEL:EXPR    a cut of a level, e.g. "hit:trapEmax > 5000" (repeatable; without LEVEL: the level is
                      found from the columns)
  --tcm-level L       build entries per event through the TCM level L (e.g. tcm)
  --mode any|only     with a TCM: keep whole events (any) or passing hits only (default only)
  --json              print one JSON object of equal-length columns
  --overwrite         replace an existing -o file`;

const loadUsage = `Usage: lh5-browser load CONFIG [--files Q] [--channels A,B,…] [--cut LEVEL:EXPR]… --columns A,B,…
         [--tcm-level L --mode any|only] [--orientation hit|evt] [--merge|--no-merge] [-o OUT [--overwrite]] [--json]

Loads columns for the selected entries. -o OUT writes them (.lh5, .csv, .arrow/.feather, .parquet, by extension) in
chunks and prints one summary line. --json prints {"hit_table": [...], "hit_idx": [...], "file": [...],
"<column>": [...]} (file = FileDB row; evt orientation adds evt_idx and per-event lists).
${selectionHelp}
  --columns A,B,…     the columns to load (from any tier of the level, waveforms decoded)
  --orientation       hit (one row per hit, default) or evt (one row per event; needs a TCM)
  --entry-list FILE   load exactly the entries of an entry list file (saved by 'entries -o', the app's "Save
                      entry list" or its exported tags) instead of building one: --files, --channels and --cut
                      do not apply`;

const entriesUsage = `Usage: lh5-browser entries CONFIG [--files Q] [--channels A,B,…] [--cut LEVEL:EXPR]…
         [--tcm-level L --mode any|only] [-o OUT.lh5 [--overwrite]] [--json]

Prints the entry list of the selection (evt_idx, hit_table, hit_idx, file). -o writes it to an LH5 file.
${selectionHelp}`;

interface CliSelection {
  config: string;
  filedb?: string;
  files: string | string[];
  channels?: (string | number)[];
  cuts: string[];
  columns: string[];
  tcmLevel?: string;
  mode?: "any" | "only";
  orientation: "hit" | "evt";
  merge: boolean;
  output?: string;
  overwrite: boolean;
  json: boolean;
  /** `load` only: an entry list file whose entries are loaded as they are. */
  entryList?: string;
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** Parses the shared selection options (throws UsageError). */
export function parseLoadArgs(args: string[]): CliSelection {
  const { values, positionals } = parseCommandLine(args, {
    filedb: { type: "string" },
    files: { type: "string" },
    channels: { type: "string" },
    cut: { type: "string", multiple: true },
    columns: { type: "string" },
    "tcm-level": { type: "string" },
    mode: { type: "string" },
    orientation: { type: "string" },
    merge: { type: "boolean" },
    "no-merge": { type: "boolean" },
    output: { type: "string", short: "o" },
    overwrite: { type: "boolean" },
    json: { type: "boolean" },
    "entry-list": { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError("expected exactly one CONFIG");
  const mode = values.mode;
  if (mode !== undefined && mode !== "any" && mode !== "only")
    throw new UsageError("--mode must be any or only");
  const orientation = values.orientation ?? "hit";
  if (orientation !== "hit" && orientation !== "evt")
    throw new UsageError("--orientation must be hit or evt");
  const files = values.files ?? "all";
  const keyList = /^\d{8}T\d{6}Z(,\d{8}T\d{6}Z)*$/.test(files.replace(/\s/g, ""));
  const selection: CliSelection = {
    config: positionals[0]!,
    files: keyList ? splitList(files) : files,
    cuts: values.cut ?? [],
    columns: values.columns === undefined ? [] : splitList(values.columns),
    orientation,
    merge: !values["no-merge"],
    overwrite: values.overwrite ?? false,
    json: values.json ?? false,
  };
  if (values.filedb !== undefined) selection.filedb = values.filedb;
  if (values.channels !== undefined) {
    selection.channels = splitList(values.channels).map((c) => (/^\d+$/.test(c) ? Number(c) : c));
  }
  if (values["tcm-level"] !== undefined) selection.tcmLevel = values["tcm-level"];
  if (mode !== undefined) selection.mode = mode;
  if (values.output !== undefined) selection.output = values.output;
  if (values["entry-list"] !== undefined) selection.entryList = values["entry-list"];
  return selection;
}

/** A loader with the command line's selection applied. */
export async function loaderFor(selection: CliSelection): Promise<DataLoader> {
  // a cold `load` of an unchanged tree opens no file to list its tables: the inventory store knows them;
  // without a store it lists only the files of the selected cycles and the levels it touches (load-scope.ts)
  const dl = await DataLoader.create(selection.config, selection.filedb, {
    inventoryStore: inventoryStoreDir(userDataDir()),
    tableScope: (db, levels) => selectionScope(selection, db, levels),
  });
  dl.setFiles(selection.files);
  if (selection.channels) dl.setDatastreams(selection.channels);
  const levels = new Set(dl.levels.map((l) => l.name));
  const byLevel: Record<string, string> = {};
  const unassigned: string[] = [];
  for (const cut of selection.cuts) {
    const m = /^\s*(\w+)\s*:(.*)$/s.exec(cut);
    if (m && levels.has(m[1]!)) {
      const level = m[1]!;
      byLevel[level] = byLevel[level] ? `(${byLevel[level]}) and (${m[2]!})` : m[2]!;
    } else unassigned.push(cut);
  }
  dl.setCuts(byLevel);
  if (unassigned.length > 0) dl.setCuts(unassigned, { append: true });
  if (selection.columns.length > 0) dl.setOutput({ columns: selection.columns, mergeFiles: selection.merge });
  return dl;
}

/** JSON-safe per-row values of a column (NaN → null, 2-d and VoV rows as arrays). */
function jsonValues(column: Lgdo): unknown[] {
  if (column.kind === "array") {
    const toJson = (v: unknown): unknown => (typeof v === "number" && !Number.isFinite(v) ? null : v);
    const rows = column.shape[0] ?? 0;
    const data = column.data as ArrayLike<unknown>;
    if (column.shape.length <= 1) return Array.from(data, toJson);
    const width = rows === 0 ? 0 : column.data.length / rows;
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: width }, (_, k) => toJson(data[r * width + k])),
    );
  }
  if (column.kind === "vov") {
    const inner = jsonValues(column.flattened);
    let start = 0;
    return Array.from(column.cumulativeLength, (end) => {
      const row = inner.slice(start, end);
      start = end;
      return row;
    });
  }
  throw new Error(`cannot print a ${column.kind} column as JSON`);
}

export function tableToJson(table: LgdoTable): string {
  const flat = flattenNested(table);
  const out: Record<string, unknown[]> = {};
  for (const name of flat.columnOrder) out[name] = jsonValues(flat.columns[name]!);
  return JSON.stringify(out);
}

/** A short aligned preview: the first rows of scalar columns. */
function preview(table: LgdoTable, maxRows = 20): string {
  const flat = flattenNested(table);
  const names = flat.columnOrder;
  const cells = names.map((name) =>
    jsonValues(flat.columns[name]!)
      .slice(0, maxRows)
      .map((v) => (Array.isArray(v) ? `[${v.length} values]` : String(v))),
  );
  const widths = names.map((name, i) => Math.max(name.length, ...cells[i]!.map((c) => c.length)));
  const lines = [names.map((n, i) => n.padStart(widths[i]!)).join("  ")];
  for (let r = 0; r < Math.min(maxRows, flat.nRows); r++) {
    lines.push(names.map((_, i) => cells[i]![r]!.padStart(widths[i]!)).join("  "));
  }
  if (flat.nRows > maxRows) lines.push(`… ${flat.nRows - maxRows} more rows`);
  lines.push(`${flat.nRows} rows × ${names.length} columns`);
  return lines.join("\n");
}

function entriesTable(entries: EntryList): LgdoTable {
  const { names, columns } = entryColumns(entries, true);
  return { kind: "table", nRows: entries.length, columns, columnOrder: names, attrs: {} };
}

function printWarnings(io: CliIO, warnings: readonly string[]): void {
  for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
}

export const loadCommand: CliCommand = {
  name: "load",
  usage: loadUsage,
  async run(args: string[], io: CliIO): Promise<number> {
    const selection = parseLoadArgs(args);
    if (selection.columns.length === 0) throw new UsageError("--columns is required");
    if (
      selection.entryList !== undefined &&
      (selection.cuts.length > 0 || selection.channels !== undefined || selection.files !== "all")
    )
      throw new UsageError("--entry-list names the entries itself: drop --files, --channels and --cut");
    const dl = await loaderFor(selection);
    try {
      const opts = {
        orientation: selection.orientation,
        ...(selection.tcmLevel !== undefined ? { tcmLevel: selection.tcmLevel } : {}),
        ...(selection.mode !== undefined ? { mode: selection.mode } : {}),
        ...(selection.entryList !== undefined
          ? { entryList: DataLoader.readEntryList(selection.entryList) }
          : {}),
      };
      if (selection.output !== undefined) {
        const result = await dl.exportTo(selection.output, { ...opts, overwrite: selection.overwrite });
        printWarnings(io, dl.warnings);
        io.stdout(
          `wrote ${result.rows} rows × ${result.columns.length} columns (${result.columns.join(", ")}) to ${result.path}\n`,
        );
        return 0;
      }
      dl.setOutput({ mergeFiles: true });
      const result = await dl.load(opts);
      printWarnings(io, result.warnings);
      io.stdout(`${selection.json ? tableToJson(result.table!) : preview(result.table!)}\n`);
      return 0;
    } finally {
      dl.close();
    }
  },
};

export const entriesCommand: CliCommand = {
  name: "entries",
  usage: entriesUsage,
  async run(args: string[], io: CliIO): Promise<number> {
    const selection = parseLoadArgs(args);
    if (selection.entryList !== undefined) throw new UsageError("--entry-list is an option of 'load'");
    const dl = await loaderFor(selection);
    try {
      const entries = await dl.buildEntryList({
        ...(selection.tcmLevel !== undefined ? { tcmLevel: selection.tcmLevel } : {}),
        ...(selection.mode !== undefined ? { mode: selection.mode } : {}),
        ...(selection.output !== undefined
          ? { outputFile: selection.output, overwrite: selection.overwrite }
          : {}),
      });
      printWarnings(io, dl.warnings);
      if (selection.output !== undefined) {
        io.stdout(
          `wrote ${entries.length} entries (${entries.columnNames().join(", ")}) to ${selection.output}\n`,
        );
        return 0;
      }
      const table = entriesTable(entries);
      io.stdout(`${selection.json ? tableToJson(table) : preview(table)}\n`);
      return 0;
    } finally {
      dl.close();
    }
  },
};
